"""The checkpoint signing key: Ed25519, generated on first use, kept in a file outside the database.

C2SP signed-note: key ID = SHA-256(name ‖ 0x0A ‖ 0x01 ‖ public key)[:4]; verifier key string
`<name>+<hex key id>+<base64(0x01 ‖ public key)>`. Rotation: docs/howto/rotate-ledger-key.md.
"""

from __future__ import annotations

import base64
import hashlib
import os
from dataclasses import dataclass
from pathlib import Path

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from django.conf import settings

ALG_ED25519 = b"\x01"


@dataclass(frozen=True)
class SigningKey:
    name: str
    private: Ed25519PrivateKey

    @property
    def public_bytes(self) -> bytes:
        return self.private.public_key().public_bytes(
            serialization.Encoding.Raw, serialization.PublicFormat.Raw
        )

    @property
    def key_id(self) -> bytes:
        return key_id_for(self.name, self.public_bytes)

    def verifier(self) -> str:
        return verifier_string(self.name, self.public_bytes)

    def sign(self, message: bytes) -> bytes:
        return self.private.sign(message)


def key_id_for(name: str, public: bytes) -> bytes:
    return hashlib.sha256(name.encode() + b"\n" + ALG_ED25519 + public).digest()[:4]


def verifier_string(name: str, public: bytes) -> str:
    encoded = base64.b64encode(ALG_ED25519 + public).decode()
    return f"{name}+{key_id_for(name, public).hex()}+{encoded}"


def parse_verifier(verifier: str) -> tuple[str, bytes, Ed25519PublicKey]:
    """Raises ValueError on a malformed verifier key string."""
    name, key_hex, encoded = verifier.split("+", 2)  # a key name never contains "+"; base64 may
    raw = base64.b64decode(encoded, validate=True)
    if raw[:1] != ALG_ED25519 or len(raw) != 33:
        raise ValueError("not an Ed25519 verifier key")
    if key_id_for(name, raw[1:]).hex() != key_hex:
        raise ValueError("key id does not match the key")
    return name, bytes.fromhex(key_hex), Ed25519PublicKey.from_public_bytes(raw[1:])


def key_path() -> Path:
    return Path(
        getattr(
            settings, "SANXIANG_LEDGER_KEY_FILE", settings.VAR_DIR / "keys" / "ledger-ed25519.pem"
        )
    )


def load_signing_key() -> SigningKey:
    """Load the key, creating it (mode 0600) on first start."""
    path = key_path()
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        pem = Ed25519PrivateKey.generate().private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
        tmp = path.with_suffix(f".tmp{os.getpid()}")
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "wb") as fh:
            fh.write(pem)
            fh.flush()
            os.fsync(fh.fileno())
        try:
            os.link(tmp, path)  # atomic; another process that won the race keeps its key
        except FileExistsError:
            pass
        finally:
            tmp.unlink()
    private = serialization.load_pem_private_key(path.read_bytes(), password=None)
    if not isinstance(private, Ed25519PrivateKey):
        raise ValueError(f"{path} does not hold an Ed25519 key")
    return SigningKey(name=settings.SANXIANG_LEDGER_ORIGIN, private=private)

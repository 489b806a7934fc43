"""Ed25519 keys that sign pushed bodies, kept in files outside the database (INTEGRITY.md).

One key per `PushTarget.key_name`, generated on first use as `<key dir>/<name>.pem` (0600, the
same atomic create-or-keep as the ledger key), so a database administrator can neither read nor
replace it. The public half is published (`outbound:public_key`) for receivers to verify
`X-Sanxiang-Signature: ed25519 keyid=<hex> sig=<base64>` over the exact body bytes.
"""

from __future__ import annotations

import base64
import hashlib
import os
import re
from dataclasses import dataclass
from pathlib import Path

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from django.conf import settings

from sanxiang.ledger.keys import write_new_key

KEY_NAME = re.compile(r"^[a-z0-9][a-z0-9_-]{0,49}$")
SIGNATURE_HEADER = "X-Sanxiang-Signature"


@dataclass(frozen=True)
class PushKey:
    name: str
    private: Ed25519PrivateKey

    @property
    def public(self) -> Ed25519PublicKey:
        return self.private.public_key()

    @property
    def key_id(self) -> str:
        """First 8 bytes of SHA-256 of the raw public key, in hex."""
        raw = self.public.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
        return hashlib.sha256(raw).hexdigest()[:16]

    def public_pem(self) -> bytes:
        return self.public.public_bytes(
            serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
        )

    def sign(self, body: bytes) -> str:
        return base64.b64encode(self.private.sign(body)).decode()


def key_dir() -> Path:
    configured = getattr(settings, "SANXIANG_OUTBOUND_KEY_DIR", None)
    return Path(configured) if configured else settings.VAR_DIR / "keys" / "outbound"


def _path(name: str) -> Path:
    if not KEY_NAME.match(name):  # never a path: the name comes from a database row
        raise ValueError(f"invalid push key name {name!r}")
    return key_dir() / f"{name}.pem"


def load_push_key(name: str) -> PushKey:
    """The key `name`, created (mode 0600) on first use. Raises ValueError on a bad name/file."""
    path = _path(name)
    if not path.exists():
        tmp = write_new_key(path)
        try:
            os.link(tmp, path)  # atomic; a process that won the race keeps its key
        except FileExistsError:
            pass
        finally:
            tmp.unlink()
    private = serialization.load_pem_private_key(path.read_bytes(), password=None)
    if not isinstance(private, Ed25519PrivateKey):
        raise ValueError(f"{path} does not hold an Ed25519 key")
    return PushKey(name=name, private=private)


def existing_push_key(name: str) -> PushKey | None:
    """The key if its file exists (a public download never creates one)."""
    try:
        path = _path(name)
    except ValueError:
        return None
    return load_push_key(name) if path.exists() else None


def signature_header(key: PushKey, body: bytes) -> str:
    return f"ed25519 keyid={key.key_id} sig={key.sign(body)}"

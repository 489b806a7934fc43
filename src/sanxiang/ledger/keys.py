"""The checkpoint signing key: Ed25519, generated on first use, kept in a file outside the database.

C2SP signed-note: key ID = SHA-256(name ‖ 0x0A ‖ 0x01 ‖ public key)[:4]; verifier key string
`<name>+<hex key id>+<base64(0x01 ‖ public key)>`. Rotation: docs/howto/rotate-ledger-key.md.

After a rotation the old checkpoints stay signed by the retired key, so the verifier key strings
of retired keys are kept in a text file next to the key (one per line, `#` comments): public
data, but it decides which signatures `sanxiang verify` accepts, so it lives outside the database
for the same reason as the key.
"""

from __future__ import annotations

import base64
import datetime as dt
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


def retired_keys_path() -> Path:
    """`<key file stem>-retired.txt` next to the key unless SANXIANG_LEDGER_RETIRED_KEYS_FILE says."""
    configured = getattr(settings, "SANXIANG_LEDGER_RETIRED_KEYS_FILE", None)
    if configured:
        return Path(configured)
    path = key_path()
    return path.with_name(f"{path.stem}-retired.txt")


def write_new_key(path: Path) -> Path:
    """A fresh Ed25519 key in a temporary file (mode 0600, fsynced) beside `path`; the caller
    moves or links it into place (also used for the outbound push keys)."""
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
    return tmp


def _read_key(path: Path) -> SigningKey:
    private = serialization.load_pem_private_key(path.read_bytes(), password=None)
    if not isinstance(private, Ed25519PrivateKey):
        raise ValueError(f"{path} does not hold an Ed25519 key")
    return SigningKey(name=settings.SANXIANG_LEDGER_ORIGIN, private=private)


def load_signing_key() -> SigningKey:
    """Load the key, creating it (mode 0600) on first start."""
    path = key_path()
    if not path.exists():
        tmp = write_new_key(path)
        try:
            os.link(tmp, path)  # atomic; another process that won the race keeps its key
        except FileExistsError:
            pass
        finally:
            tmp.unlink()
    return _read_key(path)


@dataclass(frozen=True)
class VerifierKey:
    name: str
    key_id: bytes
    public: Ed25519PublicKey
    verifier: str
    retired: bool


@dataclass(frozen=True)
class KnownKeys:
    """The keys `sanxiang verify` accepts, and the retired-file lines it could not parse."""

    keys: list[VerifierKey]
    malformed: list[tuple[int, str]]  # (line number, text)

    def by_id(self, key_id: bytes) -> list[VerifierKey]:
        return [k for k in self.keys if k.key_id == key_id]


def _fsync_dir(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def known_verifier_keys() -> KnownKeys:
    """The current key (if its file exists; never creates one) and every retired key."""
    keys: list[VerifierKey] = []
    malformed: list[tuple[int, str]] = []
    path = key_path()
    if path.exists():
        current = _read_key(path)
        keys.append(
            VerifierKey(
                name=current.name,
                key_id=current.key_id,
                public=current.private.public_key(),
                verifier=current.verifier(),
                retired=False,
            )
        )
    retired = retired_keys_path()
    lines = retired.read_text(encoding="utf-8").splitlines() if retired.exists() else []
    for number, line in enumerate(lines, start=1):
        text = line.strip()
        if not text or text.startswith("#"):
            continue
        try:
            name, key_id, public = parse_verifier(text)
        except ValueError:
            malformed.append((number, text))
            continue
        if any(k.verifier == text for k in keys):
            continue  # listed twice, or a rotation stopped after recording the current key
        keys.append(VerifierKey(name, key_id, public, text, retired=True))
    return KnownKeys(keys=keys, malformed=malformed)


@dataclass(frozen=True)
class Rotation:
    retired: str  # the old verifier key string, now in the retired file
    current: str  # the new verifier key string
    archived: Path  # where the old private key was moved


def rotate_signing_key() -> Rotation:
    """Retire the current key and put a new one in its place.

    Order matters for a crash at any step: the old verifier string is recorded (fsynced) before
    anything else, the old private key is hard-linked into `retired/`, and the new key replaces
    the old with one atomic rename, so the key file never goes missing and a process signing
    meanwhile uses a key that verify already knows.

    Raises: FileNotFoundError when there is no key yet (nothing has been signed).
    """
    path = key_path()
    old = _read_key(path)
    retired_file = retired_keys_path()
    retired_file.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    stamp = dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
    with open(retired_file, "a", encoding="utf-8") as fh:
        fh.write(f"# retired {stamp}\n{old.verifier()}\n")
        fh.flush()
        os.fsync(fh.fileno())
    archive_dir = path.parent / "retired"
    archive_dir.mkdir(exist_ok=True, mode=0o700)
    archived = archive_dir / f"{path.stem}-{old.key_id.hex()}{path.suffix}"
    if not archived.exists():
        os.link(path, archived)
    os.chmod(archived, 0o400)
    os.replace(write_new_key(path), path)
    _fsync_dir(path.parent)
    return Rotation(retired=old.verifier(), current=_read_key(path).verifier(), archived=archived)

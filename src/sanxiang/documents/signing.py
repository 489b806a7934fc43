"""PAdES signatures on generated PDFs with the agency's key (pyHanko).

Each deployment has its own document CA (generated on first use, like the ledger key, in files
outside the database); each agency gets a signing key and a certificate issued by that CA, named
after the agency. Anyone validates a document against the CA certificate the portal publishes.
Rotation: move the files away and the next signature issues new ones (docs/howto).
"""

from __future__ import annotations

import asyncio
import datetime as dt
import hashlib
import io
import os
import tempfile
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from asn1crypto import x509 as asn1_x509
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID
from django.conf import settings
from pyhanko.keys import load_private_key_from_pemder_data
from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign import fields, signers
from pyhanko.sign.validation import validate_pdf_signature
from pyhanko.sign.validation.status import SignatureCoverageLevel
from pyhanko_certvalidator import ValidationContext
from pyhanko_certvalidator.registry import SimpleCertificateStore

from sanxiang.core.errors import ApplicationError

CA_YEARS = 20
AGENCY_YEARS = 10
SIGNATURE_FIELD = "AgencySeal"
NOT_SIGNED = "该PDF没有电子签章"


class SignatureInvalid(ApplicationError):
    code = "signature_invalid"
    status = 422


def key_dir() -> Path:
    default = settings.VAR_DIR / "keys" / "documents"
    return Path(getattr(settings, "SANXIANG_DOCUMENT_KEY_DIR", default))


def _now() -> dt.datetime:
    return dt.datetime.now(tz=dt.UTC)


def _write_once(path: Path, data: bytes, mode: int) -> None:
    """Create `path` with `data` unless it exists; a concurrent creator wins cleanly."""
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-")
    try:
        os.write(fd, data)
        os.fchmod(fd, mode)
        os.fsync(fd)
        os.close(fd)
        try:
            os.link(tmp, path)  # atomic, fails if another process created it first
        except FileExistsError:
            pass
    finally:
        Path(tmp).unlink(missing_ok=True)


def _key_pem(key: ec.EllipticCurvePrivateKey) -> bytes:
    return key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )


def _name(common: str, org: str) -> x509.Name:
    return x509.Name(
        [
            x509.NameAttribute(NameOID.COUNTRY_NAME, "CN"),
            x509.NameAttribute(NameOID.ORGANIZATION_NAME, org),
            x509.NameAttribute(NameOID.COMMON_NAME, common),
        ]
    )


def _issue(
    *,
    subject: x509.Name,
    key: ec.EllipticCurvePrivateKey,
    issuer: x509.Name,
    issuer_key: ec.EllipticCurvePrivateKey,
    years: int,
    ca: bool,
) -> x509.Certificate:
    now = _now()
    builder = (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(issuer)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(days=1))
        .not_valid_after(now + dt.timedelta(days=365 * years))
        .add_extension(x509.BasicConstraints(ca=ca, path_length=0 if ca else None), True)
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), False)
    )
    if ca:
        usage = x509.KeyUsage(False, False, False, False, False, True, True, False, False)
    else:
        usage = x509.KeyUsage(True, True, False, False, False, False, False, False, False)
        builder = builder.add_extension(
            x509.ExtendedKeyUsage([ExtendedKeyUsageOID.EMAIL_PROTECTION]), False
        )
    builder = builder.add_extension(usage, True)
    return builder.sign(issuer_key, hashes.SHA256())


def _load_key(path: Path) -> ec.EllipticCurvePrivateKey:
    key = serialization.load_pem_private_key(path.read_bytes(), None)
    if not isinstance(key, ec.EllipticCurvePrivateKey):
        raise TypeError(f"{path} is not an EC key")
    return key


def _load_or_create(
    stem: str, make: Callable[[ec.EllipticCurvePrivateKey], x509.Certificate]
) -> tuple[ec.EllipticCurvePrivateKey, x509.Certificate]:
    """The key and certificate `stem`, created on first use (the first writer wins a race)."""
    key_path, cert_path = key_dir() / f"{stem}-key.pem", key_dir() / f"{stem}-cert.pem"
    if not cert_path.exists():
        _write_once(key_path, _key_pem(ec.generate_private_key(ec.SECP256R1())), 0o600)
        cert = make(_load_key(key_path))
        _write_once(cert_path, cert.public_bytes(serialization.Encoding.PEM), 0o644)
    return _load_key(key_path), x509.load_pem_x509_certificate(cert_path.read_bytes())


def ca_certificate() -> tuple[ec.EllipticCurvePrivateKey, x509.Certificate]:
    """The deployment's document CA (created on first use)."""
    name = _name(f"{settings.SANXIANG_LEDGER_ORIGIN} 执法文书签章根证书", "sanxiang")

    def make(key: ec.EllipticCurvePrivateKey) -> x509.Certificate:
        return _issue(subject=name, key=key, issuer=name, issuer_key=key, years=CA_YEARS, ca=True)

    return _load_or_create("ca", make)


def ca_certificate_pem() -> bytes:
    return ca_certificate()[1].public_bytes(serialization.Encoding.PEM)


@dataclass(frozen=True)
class AgencySigner:
    signer: signers.SimpleSigner
    certificate_sha256: str
    agency_name: str


def agency_signer(*, agency_id: object, agency_name: str) -> AgencySigner:
    """The agency's signing key and certificate, issued by the deployment CA on first use."""
    ca_key, ca_cert = ca_certificate()

    def make(key: ec.EllipticCurvePrivateKey) -> x509.Certificate:
        return _issue(
            subject=_name(agency_name, agency_name),
            key=key,
            issuer=ca_cert.subject,
            issuer_key=ca_key,
            years=AGENCY_YEARS,
            ca=False,
        )

    key, cert = _load_or_create(f"agency-{agency_id}", make)
    der = cert.public_bytes(serialization.Encoding.DER)
    ca_der = ca_cert.public_bytes(serialization.Encoding.DER)
    signer = signers.SimpleSigner(
        signing_cert=asn1_x509.Certificate.load(der),
        signing_key=load_private_key_from_pemder_data(_key_pem(key), passphrase=None),
        cert_registry=SimpleCertificateStore.from_certs(  # type: ignore[no-untyped-call]
            [asn1_x509.Certificate.load(ca_der)]
        ),
    )
    return AgencySigner(signer, hashlib.sha256(der).hexdigest(), agency_name)


def _outside_event_loop[T](fn: Callable[[], T]) -> T:
    """Run `fn` here, or in a worker thread when this thread runs an asyncio loop: pyHanko's
    synchronous API calls asyncio.run(), which refuses to start inside a running loop (an
    async view, Playwright's sync API in tests)."""
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return fn()
    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(fn).result()


def sign_pdf(pdf: bytes, *, signer: AgencySigner, reason: str, location: str = "") -> bytes:
    """Add a PAdES baseline signature covering the whole file."""
    meta = signers.PdfSignatureMetadata(
        field_name=SIGNATURE_FIELD,
        subfilter=fields.SigSeedSubFilter.PADES,
        reason=reason,
        location=location or None,
        name=signer.agency_name,
    )
    writer = IncrementalPdfFileWriter(io.BytesIO(pdf), strict=False)
    out = _outside_event_loop(lambda: signers.sign_pdf(writer, meta, signer=signer.signer))
    return bytes(out.getvalue())


@dataclass(frozen=True)
class SignatureCheck:
    intact: bool
    valid: bool
    trusted: bool
    whole_file: bool
    signer: str

    @property
    def ok(self) -> bool:
        return self.intact and self.valid and self.trusted and self.whole_file


def validate_signed_pdf(pdf: bytes, *, ca_pem: bytes | None = None) -> SignatureCheck:
    """Validate the agency signature against the deployment CA (or `ca_pem`).

    Raises: SignatureInvalid when the file is not a PDF or carries no signature.
    """
    root = x509.load_pem_x509_certificate(ca_pem or ca_certificate_pem())
    trust = asn1_x509.Certificate.load(root.public_bytes(serialization.Encoding.DER))
    try:
        reader = PdfFileReader(io.BytesIO(pdf), strict=False)
        embedded = reader.embedded_signatures
    except Exception as exc:  # pyHanko raises several types for a mangled file
        raise SignatureInvalid(NOT_SIGNED) from exc
    if not embedded:
        raise SignatureInvalid(NOT_SIGNED)
    sig = embedded[0]
    try:
        context = ValidationContext(trust_roots=[trust])
        status = _outside_event_loop(lambda: validate_pdf_signature(sig, context))
    except Exception as exc:  # a damaged signature dictionary or CMS blob
        raise SignatureInvalid(f"电子签章校验失败：{exc}") from exc
    return SignatureCheck(
        intact=bool(status.intact),
        valid=bool(status.valid),
        trusted=bool(status.trusted),
        whole_file=status.coverage == SignatureCoverageLevel.ENTIRE_FILE,
        signer=status.signing_cert.subject.human_friendly,
    )

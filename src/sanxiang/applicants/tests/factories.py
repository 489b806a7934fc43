"""Applicants for tests: registered through the service, with valid identifiers, and files whose
bytes are what they claim (or deliberately not)."""

from __future__ import annotations

import io
import itertools
from typing import Any

from django.test import Client

from sanxiang.accounts.services import api_token_create
from sanxiang.applicants.middleware import SESSION_FLAG
from sanxiang.applicants.services.accounts import applicant_register, consent_sign
from sanxiang.disclosure.redaction.checks import id_check_digit
from sanxiang.organisations.codes import uscc_check_character

PASSWORD = "Lingchuan-2026-secret"
_serial = itertools.count(1)


def id_number(serial: int = 1) -> str:
    """A valid 公民身份号码 (GB 11643 check digit) born 1 January 1990."""
    first17 = f"14052419900101{serial % 1000:03d}"
    return first17 + id_check_digit(first17)


def uscc(serial: int = 1) -> str:
    first17 = f"91140524MA{serial:07d}"
    return first17 + uscc_check_character(first17)


def person_profile(**overrides: Any) -> dict[str, str]:
    n = next(_serial)
    data = {
        "kind": "person",
        "name": f"申请人{n}",
        "identifier": id_number(n),
        "phone": "13900000000",
        "address": "陵川县崇文街3号",
        "email": "",
        "representative": "",
    }
    data.update(overrides)
    return data


def make_applicant(username: str = "", *, consent: bool = False, **profile: Any) -> Any:
    user = applicant_register(
        username=username or f"applicant{next(_serial)}",
        password=PASSWORD,
        profile=person_profile(**profile),
    )
    if consent:
        consent_sign(user=user)
    return user


def applicant_client(user: Any) -> Client:
    """A client logged in as the applicant the way the applicant login does it."""
    client = Client()
    client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    session = client.session
    session[SESSION_FLAG] = True
    session.save()
    return client


def bearer(user: Any) -> dict[str, str]:
    """The Authorization header of a fresh personal API token of `user`, for Client().get(...)."""
    _, secret = api_token_create(user=user, name="手机")
    return {"HTTP_AUTHORIZATION": f"Bearer {secret}"}


PDF_BYTES = b"%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"


def jpeg_bytes() -> bytes:
    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", (8, 8), (200, 30, 30)).save(out, format="JPEG")
    return out.getvalue()


def zip_bytes() -> bytes:
    """What a .docx really is: a ZIP archive."""
    import zipfile

    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        z.writestr("word/document.xml", "<w:document/>")
    return out.getvalue()

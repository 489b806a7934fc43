"""On site, from a phone: the 笔录 is recorded, shown to the party, signed on the screen (or the
refusal noted with a 见证人), and its signed PDF made — one transaction, all or nothing.

Why the signature rules: 处罚法 §42 (at least two officers), §55 and 行政强制法 §18 ⑧⑨ (the
party signs the 笔录; a refusal is noted; without the party a 见证人 signs).
"""

from __future__ import annotations

import base64
import binascii
import datetime as dt
import io
from collections.abc import Mapping
from typing import Any

from django.db import transaction
from PIL import Image, UnidentifiedImageError
from pydantic import BaseModel, ConfigDict, Field

from sanxiang.cases.models import CaseStep, RecordKind
from sanxiang.cases.services.records import case_record_add
from sanxiang.cases.services.validation import parse
from sanxiang.core.errors import RuleViolation, ValidationFailed
from sanxiang.documents.kinds import DocumentKind, SignerRole
from sanxiang.documents.models import Document, HandSignature
from sanxiang.documents.services import document_generate
from sanxiang.evidence.services import blob_store
from sanxiang.ledger.audit import audit_record

EVENT_SIGNED = "documents.signature.captured"
MAX_SIGNATURE_BYTES = 512 * 1024
MAX_SIGNATURE_SIDE = 4000
BAD_IMAGE = "签名图像无效（应为PNG图片）"
TOO_BIG = "签名图像过大（不超过512KB）"
TWO_OFFICERS = "笔录应当由两名以上执法人员签名（《行政处罚法》第四十二条）"
PARTY_OR_REFUSAL = (
    "当事人应当在笔录上签名；拒绝签名的，应当注明情况并由见证人签名"
    "（《行政强制法》第十八条、《行政处罚法》第五十五条）"
)
SIGN_CITATION = "《行政强制法》第十八条、《行政处罚法》第五十五条"
RECORD_DOCUMENT = {
    RecordKind.INTERVIEW: DocumentKind.INTERVIEW_RECORD,
    RecordKind.SITE: DocumentKind.SITE_RECORD,
    RecordKind.INSPECTION: DocumentKind.SITE_RECORD,
    RecordKind.SAMPLING: DocumentKind.SITE_RECORD,
}


class SignatureIn(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    role: SignerRole = Field(title="签名人身份")
    name: str = Field(title="签名人", min_length=1, max_length=100)
    png_base64: str = Field(title="签名图像（PNG，base64）", min_length=1, max_length=700_000)


class OnsiteSignatures(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    signatures: list[SignatureIn] = Field(title="现场签名", max_length=8)
    party_refused: bool = Field(False, title="当事人拒绝签名")
    refusal_note: str = Field("", title="拒签情况", max_length=2000)


def png_from_base64(text: str) -> bytes:
    """Decode a PNG (bare base64 or a data: URL) and check it is a sane picture.

    Raises: ValidationFailed (signature_invalid, signature_too_large).
    """
    if text.startswith("data:"):
        text = text.partition(",")[2]
    try:
        data = base64.b64decode(text, validate=True)
    except (binascii.Error, ValueError) as exc:
        raise ValidationFailed(BAD_IMAGE, code="signature_invalid") from exc
    if len(data) > MAX_SIGNATURE_BYTES:
        raise ValidationFailed(TOO_BIG, code="signature_too_large")
    try:
        with Image.open(io.BytesIO(data)) as img:
            if img.format != "PNG" or max(img.size) > MAX_SIGNATURE_SIDE:
                raise ValidationFailed(BAD_IMAGE, code="signature_invalid")
            img.verify()
    except (UnidentifiedImageError, OSError, SyntaxError) as exc:
        raise ValidationFailed(BAD_IMAGE, code="signature_invalid") from exc
    return data


def _check_signers(data: OnsiteSignatures) -> None:
    roles = [s.role for s in data.signatures]
    if roles.count(SignerRole.OFFICER) < 2:
        raise RuleViolation(
            TWO_OFFICERS, code="officer_signatures_missing", citation="《行政处罚法》第四十二条"
        )
    party_signed = SignerRole.PARTY in roles
    refused_properly = (
        data.party_refused and bool(data.refusal_note) and SignerRole.WITNESS in roles
    )
    if not party_signed and not refused_properly:
        raise RuleViolation(PARTY_OR_REFUSAL, code="record_unsigned", citation=SIGN_CITATION)


@transaction.atomic
def onsite_record_submit(
    *, user: Any, case_id: Any, payload: Mapping[str, Any], today: dt.date | None = None
) -> tuple[CaseStep, Document]:
    """Record a 笔录 made on site with its on-screen signatures, and make its signed PDF.

    Raises: everything `case_record_add` and `document_generate` raise; ValidationFailed (a
        signature image); RuleViolation (fewer than two officers signed; the party neither
        signed nor was a refusal noted with a witness's signature).
    """
    raw = dict(payload)
    signing = parse(
        OnsiteSignatures,
        {k: raw.pop(k) for k in ("signatures", "party_refused", "refusal_note") if k in raw},
    )
    images = [png_from_base64(s.png_base64) for s in signing.signatures]
    _check_signers(signing)
    party_signed = any(s.role == SignerRole.PARTY for s in signing.signatures)
    raw["signed_by_party"] = party_signed
    raw["refusal_note"] = "" if party_signed else signing.refusal_note
    step = case_record_add(user=user, case_id=case_id, payload=raw, today=today)
    rows = []
    for sig, png in zip(signing.signatures, images, strict=True):
        blob = blob_store(data=png, media_type="image/png")
        rows.append(
            HandSignature.objects.create(
                case_id=step.case_id,
                step=step,
                role=sig.role,
                name=sig.name,
                blob=blob,
                created_by=user,
                updated_by=user,
            )
        )
    if signing.party_refused and not party_signed:
        rows.append(
            HandSignature.objects.create(
                case_id=step.case_id,
                step=step,
                role=SignerRole.PARTY,
                name=step.case.party_name,
                refused=True,
                refusal_note=signing.refusal_note,
                created_by=user,
                updated_by=user,
            )
        )
    audit_record(
        actor=user,
        event=EVENT_SIGNED,
        target=step,
        agency_id=step.case.agency_id,
        new={
            "case": str(step.case_id),
            "step": step.sequence,
            "signatures": [
                {
                    "role": r.role,
                    "refused": r.refused,
                    "sha256": r.blob.sha256 if r.blob else None,
                }
                for r in rows
            ],
        },
    )
    kind = RECORD_DOCUMENT[RecordKind(step.content["kind"])]
    document = document_generate(
        user=user, case_id=step.case_id, kind=kind, step_id=step.pk, today=today
    )
    return step, document

"""The redaction preview for the disclosure officer's side-by-side view (and any staff client).

A pure computation: nothing is read from or written to the database, so nothing is audited.
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from sanxiang.cases.services.validation import parse
from sanxiang.core.api_bodies import PayloadTooLarge
from sanxiang.core.errors import Forbidden
from sanxiang.disclosure.permissions import can_preview_redaction
from sanxiang.disclosure.redaction.engine import redact
from sanxiang.disclosure.redaction.spans import Result

MAX_TEXT_CHARS = 200_000
MAX_ENTITIES = 500
TEXT_TOO_LARGE = "文本过长：脱敏预览最多处理 {limit} 个字符"
NOT_STAFF = "只有执法机关的工作人员可以使用脱敏预览"

EntityKind = Literal[
    "person_name", "id_number", "phone", "email", "bank_account", "plate", "address", "other"
]


class PartyIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    type: Literal["person", "organisation"] = Field(title="当事人类别")
    name: str = Field(title="当事人名称", min_length=1, max_length=200)


class KnownEntityIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    kind: EntityKind = Field(title="信息类别")
    value: str = Field(title="信息内容", min_length=2, max_length=500)


class RedactionPreviewIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    text: str = Field(title="待脱敏文本", max_length=MAX_TEXT_CHARS)
    party: PartyIn = Field(title="当事人")
    known_entities: list[KnownEntityIn] = Field(
        default_factory=list, title="案件已知的个人信息", max_length=MAX_ENTITIES
    )


def redaction_preview(*, user: Any, data: dict[str, Any]) -> Result:
    """The redacted text and spans for `data` (a RedactionPreviewIn as JSON).

    Raises: Forbidden (no staff role), PayloadTooLarge (text over MAX_TEXT_CHARS),
    ValidationFailed (malformed body).
    """
    if not can_preview_redaction(user):
        raise Forbidden(NOT_STAFF)
    text = data.get("text")
    if isinstance(text, str) and len(text) > MAX_TEXT_CHARS:
        raise PayloadTooLarge(
            TEXT_TOO_LARGE.format(limit=MAX_TEXT_CHARS), code="redaction_text_too_large"
        )
    body = parse(RedactionPreviewIn, data)
    return redact(
        body.text,
        body.party.model_dump(),
        [e.model_dump() for e in body.known_entities],
    )

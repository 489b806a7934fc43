"""What a target receives: the 双公示 record renamed to the target's fields, in a signed envelope.

The national 统一数据标准 was not found (LEGAL_RULES.md §8), so each target maps its own field
names to the 信用中国 双公示 names of §5.4 (as `disclosure.projection` spells them); with no
mapping the target receives the 双公示 names unchanged.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from typing import Any

from sanxiang.disclosure.models import Disclosure, DisclosureVersion
from sanxiang.ledger.canonical import canonical_json

# The 双公示 行政处罚 fields (LEGAL_RULES.md §5.4) a mapping may draw on. 公示截止期 comes from
# the disclosure (its display period), the others from the published version's record.
SOURCE_FIELDS: tuple[str, ...] = (
    "行政相对人名称",
    "行政相对人类别",
    "统一社会信用代码",
    "法定代表人",
    "行政处罚决定书文号",
    "违法行为类型",
    "违法事实",
    "处罚依据",
    "处罚类别",
    "处罚内容",
    "罚款金额（万元）",
    "没收违法所得、没收非法财物的金额（万元）",
    "暂扣或吊销证照名称及编号",
    "处罚决定日期",
    "处罚有效期",
    "公示截止期",
    "处罚机关",
    "处罚机关统一社会信用代码",
    "数据来源单位",
    "数据来源单位统一社会信用代码",
    "备注",
)
DEFAULT_MAPPING: dict[str, str] = {name: name for name in SOURCE_FIELDS}
ENVELOPE_FORMAT = "sanxiang.disclosure-push/1"


def mapping_of(field_mapping: Mapping[str, str] | None) -> dict[str, str]:
    return dict(field_mapping) if field_mapping else dict(DEFAULT_MAPPING)


def source_record(disclosure: Disclosure, version: DisclosureVersion) -> dict[str, str]:
    record = {k: str(v) for k, v in version.record.items()}
    if disclosure.display_until is not None:
        record["公示截止期"] = disclosure.display_until.isoformat()
    return record


def mapped_record(mapping: Mapping[str, str], source: Mapping[str, str]) -> dict[str, str]:
    """The target's fields; a source field the record lacks is "" (the body sorts keys)."""
    return {target: source.get(origin, "") for target, origin in mapping.items()}


def idempotency_key(target_id: Any, disclosure_id: Any, version: int, event: str) -> str:
    """Stable per (target, disclosure, version, event): every attempt and every re-run of the
    listener for the same change yields the same key."""
    material = f"{target_id}|{disclosure_id}|{version}|{event}".encode()
    return hashlib.sha256(material).hexdigest()


def envelope(
    *,
    key: str,
    event: str,
    sequence: int,
    disclosure: Disclosure,
    version: DisclosureVersion,
    record: dict[str, str],
    origin: str,
) -> dict[str, Any]:
    """The JSON object POSTed to the target (signed as its exact RFC 8785 bytes)."""
    body: dict[str, Any] = {
        "format": ENVELOPE_FORMAT,
        "idempotency_key": key,
        "event": event,
        "sequence": sequence,
        "origin": origin,
        "disclosure": {
            "id": str(disclosure.pk),
            "category": disclosure.category,
            "version": version.version,
            "content_sha256": version.content_sha256,
            "published_on": _iso(version.published_on),
        },
        "agency": {"name": disclosure.agency.name, "uscc": disclosure.agency.uscc},
        "record": record,
    }
    if event == "correct":
        body["correction_reason"] = version.correction_reason
    if event == "withdraw":
        body["withdrawal"] = {
            "ground": disclosure.withdraw_ground,
            "reason": disclosure.withdraw_reason,
            "changed_on": _iso(disclosure.changed_on),
            "withdrawn_on": _iso(disclosure.withdrawn_on),
        }
    if event == "expire":
        body["expired_on"] = _iso(disclosure.expired_on)
    return body


def body_bytes(payload: Mapping[str, Any]) -> bytes:
    """RFC 8785 JSON: the same payload always gives the same bytes."""
    return canonical_json(dict(payload))


def _iso(day: Any) -> str | None:
    return day.isoformat() if day is not None else None

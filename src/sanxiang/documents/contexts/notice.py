"""告知 and 听证: 行政处罚事先告知书 (处罚法 §44, §63–§64) and 听证通知书 (§64 ②)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from sanxiang.cases.models import Case
from sanxiang.documents.contexts import ContextInput, FieldSpec, KindSpec, register
from sanxiang.documents.contexts.formatting import cn_date, penalty_text, text
from sanxiang.documents.contexts.sources import (
    case_basics,
    latest_content,
    party,
    party_specs,
    proposed_penalty,
)
from sanxiang.documents.kinds import DocumentKind

F = FieldSpec
K = DocumentKind
# 处罚法 §44–§45, §63–§64; the 5 工作日 of the sector rule (市场监管) and §64 ① for the hearing.
RIGHTS = (
    "根据《中华人民共和国行政处罚法》第四十四条、第四十五条的规定，你（单位）享有陈述、申辩的权利。"
    "请在收到本告知书之日起五个工作日内{until}向本机关提出陈述、申辩意见；逾期未提出的，视为放弃上述权利。"
    "本机关不因你（单位）的陈述、申辩而给予更重的处罚。"
)
HEARING_RIGHT = (
    "根据《中华人民共和国行政处罚法》第六十三条、第六十四条的规定，你（单位）有权要求举行听证。"
    "如要求听证，请在收到本告知书之日起五个工作日内{until}向本机关提出；逾期未提出的，视为放弃听证权利。"
)
UNTIL = "（即{day}前）"
CASE_SPECS = (F("case_title", "案由", required=False), F("case_ref", "案号", required=False))


def _until(day: Any) -> str:
    return UNTIL.format(day=cn_date(day)) if day else ""


def _money(value: Any) -> Decimal | None:
    return Decimal(str(value)) if value not in (None, "") else None


def _notice(inp: ContextInput) -> dict[str, Any]:
    case: Case = inp.case
    content = latest_content(case, "issue_notice")
    if content.get("penalties"):
        proposed = penalty_text(
            content["penalties"], _money(content.get("fine")), _money(content.get("confiscation"))
        )
    else:
        proposed = proposed_penalty(case)
    hearing = bool(content.get("hearing_offered", case.hearing_offered))
    agency = case.agency
    return {
        **party(case),
        **case_basics(case),
        "notice_date": cn_date(content.get("served_on") or case.notice_issued_on),
        "facts": text(content.get("facts")) or case.facts,
        "reasons": text(content.get("reasons")),
        "basis": text(content.get("basis")),
        "proposed_penalty": proposed,
        "rights_text": RIGHTS.format(until=_until(content.get("statement_due"))),
        "hearing_text": HEARING_RIGHT.format(until=_until(content.get("hearing_request_due")))
        if hearing
        else "",
        "contact_address": agency.address,
        "contact_phone": agency.phone,
    }


register(
    KindSpec(
        kind=K.PENALTY_NOTICE,
        fields=(
            *party_specs(),
            *CASE_SPECS,
            F("notice_date", "告知日期"),
            F("facts", "违法事实"),
            F("reasons", "处罚理由"),
            F("basis", "处罚依据"),
            F("proposed_penalty", "拟作出的行政处罚"),
            F("rights_text", "陈述申辩权利告知"),
            F("hearing_text", "听证权利告知", required=False),
            F("contact_address", "联系地址", required=False),
            F("contact_phone", "联系电话", required=False),
        ),
        build=_notice,
    )
)


# --- 听证通知书 ---------------------------------------------------------------------------------


def _hearing_notice(inp: ContextInput) -> dict[str, Any]:
    case: Case = inp.case
    schedule = latest_content(case, "hearing_schedule")
    hearing = getattr(case, "hearing", None)
    chair = hearing.chair.name if hearing is not None and hearing.chair_id else ""
    public = schedule.get("public", True)
    return {
        **party(case),
        **case_basics(case),
        "requested_on": cn_date(hearing.requested_on) if hearing is not None else "",
        "hearing_date": cn_date(schedule.get("scheduled_on"))
        or (cn_date(hearing.scheduled_on) if hearing is not None else ""),
        "hearing_place": text(schedule.get("place")),
        "chair_name": text(schedule.get("chair_name")) or chair,
        "public_label": "公开举行" if public else "不公开举行",
        "not_public_reason": "" if public else text(schedule.get("not_public_reason")),
        "proposed_penalty": proposed_penalty(case),
        "contact_address": case.agency.address,
        "contact_phone": case.agency.phone,
    }


register(
    KindSpec(
        kind=K.HEARING_NOTICE,
        fields=(
            *party_specs(),
            *CASE_SPECS,
            F("requested_on", "听证申请日期", required=False),
            F("hearing_date", "听证日期"),
            F("hearing_place", "听证地点"),
            F("chair_name", "听证主持人"),
            F("public_label", "是否公开举行", required=False),
            F("not_public_reason", "不公开举行的理由", required=False),
            F("proposed_penalty", "拟作出的行政处罚", required=False),
            F("contact_address", "联系地址", required=False),
            F("contact_phone", "联系电话", required=False),
        ),
        build=_hearing_notice,
    )
)

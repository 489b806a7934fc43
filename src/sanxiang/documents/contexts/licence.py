"""行政许可 文书: 受理通知书 and 补正告知书 (许可法 §32), 不予受理决定书, 期限告知书 (§42, §45),
听证告知书 (§47), 准予 / 不予行政许可决定书 (§38, §39), and the 行政许可证件 itself.

They read the licence case's own rows through the case's reverse relations (`licence_application`,
`licences`) and the steps the licensing handlers record, so documents never imports the licensing
app: a document only needs the rows to exist. All 许可 periods are working days (§82).
"""

from __future__ import annotations

from typing import Any

from sanxiang.cases.models import Case
from sanxiang.documents.contexts import ContextInput, FieldSpec, KindSpec, register
from sanxiang.documents.contexts.formatting import cn_date, remedy_text, text
from sanxiang.documents.contexts.sources import (
    case_basics,
    extra_text,
    item_basis,
    latest_content,
    party,
    party_specs,
    step_of,
)
from sanxiang.documents.kinds import DocumentKind

F = FieldSpec
K = DocumentKind
LAW = "《中华人民共和国行政许可法》"
CN_DIGITS = "零一二三四五六七八九"
DEEMED = "本机关未在法定期限内一次告知需要补正的内容，自收到申请材料之日起即为受理。"
LONG_TERM = "长期有效"
# 许可法 §32 ④: told once, all items; the applicant's material is then examined again.
CORRECTION_RULE = (
    f"根据{LAW}第三十二条第一款第（四）项的规定，现一次性告知你（单位）需要补正的全部内容如下。"
)
CORRECTION_AFTER = (
    "请你（单位）按照上述要求补正全部材料后重新提交。本机关自收到全部补正材料之日起"
    "五个工作日内决定是否受理。"
)
REFUSAL_RULE = f"根据{LAW}第三十二条第一款的规定，本机关决定不予受理。"
HEARING_RIGHT = (
    f"根据{LAW}第四十七条的规定，该许可事项直接涉及你（单位）与他人之间的重大利益关系，"
    "你（单位）享有要求听证的权利。如要求听证，请在被告知听证权利之日起五日内"
    "{until}向本机关提出；本机关将在二十日内组织听证，并于举行听证的七日前将举行听证的时间、地点"
    "通知你（单位），必要时予以公告。逾期未提出的，视为放弃听证权利。"
)
HEARING_SCHEDULED = "本机关定于{day}在{place}举行听证，听证主持人：{chair}。"
# §38–§39: the decision, the licence it issues, and (§44) delivery within ten working days.
GRANT_DELIVERY = (
    f"本机关将依照{LAW}第四十四条的规定，自作出本决定之日起十个工作日内颁发、送达行政许可证件。"
)
DENIAL_REMEDY_RULE = f"根据{LAW}第三十八条第二款的规定，"


def cn_number(n: int) -> str:
    """一 … 九十九 as Chinese numerals (the periods on 许可 documents are short)."""
    if n < 10:
        return CN_DIGITS[n]
    tens, ones = divmod(n, 10)
    head = "" if tens == 1 else CN_DIGITS[tens]
    return f"{head}十{CN_DIGITS[ones] if ones else ''}" if n < 100 else str(n)


def application(case: Case) -> Any:
    """The case's LicenceApplication, or None (not a licence case, or not yet submitted)."""
    return getattr(case, "licence_application", None)


def _deadline(case: Case, kind: str) -> Any:
    return case.deadlines.filter(kind=kind).order_by("-created_at").first()


def _materials(rows: Any) -> list[dict[str, str]]:
    return [
        {
            "name": text(m.get("name")),
            "note": text(m.get("note") or m.get("filename")),
        }
        for m in rows or []
        if isinstance(m, dict)
    ]


def _applicant(case: Case) -> dict[str, Any]:
    """The applicant (the case's party), the matter applied for and when."""
    found = application(case)
    item = case.item
    return {
        **party(case),
        **case_basics(case),
        "item_name": item.name if item is not None else case.title,
        "request": found.request if found is not None else "",
        "submitted_on": cn_date(found.submitted_on) if found is not None else "",
        "application_type_label": text(found.get_application_type_display()) if found else "",
        "channel_label": text(found.get_channel_display()) if found else "",
    }


APPLICANT_SPECS = (
    *party_specs(),
    F("case_title", "许可事项名称（案由）", required=False),
    F("case_ref", "受理编号", required=False),
    F("item_name", "许可事项"),
    F("request", "申请事项及内容"),
    F("submitted_on", "申请日期"),
    F("application_type_label", "申请类型", required=False),
    F("channel_label", "申请方式", required=False),
)


# --- 受理行政许可申请通知书 (§32 ⑤) ---------------------------------------------------------------


def _acceptance(inp: ContextInput) -> dict[str, Any]:
    case: Case = inp.case
    found = application(case)
    accepted = latest_content(case, "licence_accept")
    clock = _deadline(case, "licence_decision")
    days = clock.days if clock is not None else 0
    return {
        **_applicant(case),
        "accepted_on": cn_date(found.accepted_on if found is not None else None),
        "acceptance_number": text(accepted.get("number")) or case.number,
        "deemed_text": DEEMED if found is not None and found.acceptance_deemed else "",
        "decision_period": f"{cn_number(days)}个工作日" if days else "",
        "decision_due": cn_date(
            clock.due_on if clock is not None else accepted.get("decision_due")
        ),
        "materials": _materials(found.materials if found is not None else []),
    }


register(
    KindSpec(
        kind=K.LICENCE_ACCEPTANCE,
        fields=(
            *APPLICANT_SPECS,
            F("accepted_on", "受理日期"),
            F("acceptance_number", "受理编号", required=False),
            F("deemed_text", "视为受理说明", required=False),
            F("decision_period", "法定办理期限"),
            F("decision_due", "办理期限届满日"),
            F("materials", "收到的申请材料", required=False),
        ),
        build=_acceptance,
    )
)


# --- 行政许可申请材料补正告知书 (§32 ④: all items at once) ---------------------------------------


def _correction(inp: ContextInput) -> dict[str, Any]:
    case: Case = inp.case
    found = application(case)
    rows = found.corrections.order_by("round") if found is not None else None
    step = step_of(inp, "licence_request_correction")
    wanted = inp.extra.get("round") or (step.content.get("round") if step is not None else None)
    chosen = None
    if rows is not None:
        chosen = rows.filter(round=int(wanted)).first() if wanted else rows.last()
    items = [
        {"no": str(i), "name": text(row.get("name")), "reason": text(row.get("reason"))}
        for i, row in enumerate(chosen.items if chosen is not None else [], start=1)
        if isinstance(row, dict)
    ]
    return {
        **_applicant(case),
        "round_label": f"第{cn_number(chosen.round)}次" if chosen is not None else "",
        "issued_on": cn_date(chosen.issued_on if chosen is not None else None),
        "correction_rule": CORRECTION_RULE,
        "items": items,
        "correction_after": CORRECTION_AFTER,
        "note": text(step.content.get("note")) if step is not None else "",
    }


register(
    KindSpec(
        kind=K.LICENCE_CORRECTION_NOTICE,
        fields=(
            *APPLICANT_SPECS,
            F("round_label", "补正轮次", required=False),
            F("issued_on", "告知日期"),
            F("correction_rule", "一次性告知依据"),
            F("items", "需要补正的全部内容"),
            F("correction_after", "补正后的办理", required=False),
            F("note", "说明", required=False),
        ),
        build=_correction,
    )
)


# --- 不予受理行政许可申请决定书 (§32 ①–② and 第二款) -----------------------------------------------


def _refusal(inp: ContextInput) -> dict[str, Any]:
    case: Case = inp.case
    step = step_of(inp, "licence_refuse")
    content = dict(step.content) if step is not None else {}
    other = text(content.get("other_authority"))
    return {
        **_applicant(case),
        "refused_on": cn_date(step.occurred_on if step is not None else None),
        "reasons": text(content.get("reason")),
        "refusal_rule": REFUSAL_RULE,
        "other_authority_text": f"请你（单位）向{other}申请。" if other else "",
        "remedy_text": remedy_text(
            extra_text(inp.extra, "review_body"), extra_text(inp.extra, "court")
        ),
    }


register(
    KindSpec(
        kind=K.LICENCE_REFUSAL,
        fields=(
            *APPLICANT_SPECS,
            F("refused_on", "决定日期"),
            F("reasons", "不予受理理由"),
            F("refusal_rule", "不予受理依据"),
            F("other_authority_text", "告知向有关行政机关申请", required=False),
            F("remedy_text", "申请行政复议或者提起行政诉讼的途径和期限"),
        ),
        build=_refusal,
    )
)


# --- 行政许可期限告知书 (§42 extension; §45 excluded periods) -------------------------------------


def _excluded_rows(found: Any, chosen: str) -> list[dict[str, str]]:
    if found is None:
        return []
    rows = found.excluded_periods.order_by("started_on")
    if chosen:
        rows = rows.filter(pk=chosen)
    return [
        {
            "kind_label": text(p.get_kind_display()),
            "reason": p.reason,
            "started_on": cn_date(p.started_on),
            "ended_on": cn_date(p.ended_on) if p.ended_on else "尚未结束",
            "working_days": f"{p.working_days}个工作日" if p.working_days is not None else "",
        }
        for p in rows
    ]


def _period(inp: ContextInput) -> dict[str, Any]:
    case: Case = inp.case
    found = application(case)
    clock = _deadline(case, "licence_decision")
    extended = found is not None and found.extension_days > 0
    excluded = _excluded_rows(found, extra_text(inp.extra, "excluded_period_id"))
    matters = []
    if extended:
        matters.append(
            f"经本机关负责人批准，办理期限延长{cn_number(found.extension_days)}个工作日"
            f"（{LAW}第四十二条），理由：{found.extension_reason}"
        )
    if excluded:
        matters.append(
            f"下列所需时间不计算在办理期限内（{LAW}第四十五条）："
            + "；".join(f"{e['kind_label']}（{e['reason']}）" for e in excluded)
        )
    return {
        **_applicant(case),
        "accepted_on": cn_date(found.accepted_on if found is not None else None),
        "period_matter": "。".join(matters) + ("。" if matters else ""),
        "extension_reason": found.extension_reason if extended else "",
        "extension_days": f"{cn_number(found.extension_days)}个工作日" if extended else "",
        "approved_by": found.extension_approved_by.name
        if extended and found.extension_approved_by_id
        else "",
        "excluded": excluded,
        "decision_due": cn_date(clock.due_on if clock is not None else None),
    }


register(
    KindSpec(
        kind=K.LICENCE_PERIOD_NOTICE,
        fields=(
            *APPLICANT_SPECS,
            F("accepted_on", "受理日期", required=False),
            F("period_matter", "延长期限的理由或不计入期限的事项"),
            F("extension_reason", "延长理由", required=False),
            F("extension_days", "延长期限", required=False),
            F("approved_by", "批准延长的负责人", required=False),
            F("excluded", "不计入期限的事项", required=False),
            F("decision_due", "办理期限届满日"),
        ),
        build=_period,
    )
)


# --- 行政许可听证告知书 (§47) -------------------------------------------------------------------


def _hearing(inp: ContextInput) -> dict[str, Any]:
    case: Case = inp.case
    found = application(case)
    told = latest_content(case, "licence_hearing_rights")
    clock = _deadline(case, "licence_hearing_request")
    until = f"（即{cn_date(clock.due_on)}前）" if clock is not None else ""
    scheduled = latest_content(case, "licence_hold_hearing")
    return {
        **_applicant(case),
        "interested_parties": text(told.get("told"))
        or (found.interested_parties if found is not None else ""),
        "told_on": cn_date(told.get("told_on") or (clock.starts_on if clock else None)),
        "hearing_right": HEARING_RIGHT.format(until=until),
        "hearing_text": HEARING_SCHEDULED.format(
            day=cn_date(scheduled.get("hearing_on")),
            place=text(scheduled.get("place")),
            chair=text(scheduled.get("chair")),
        )
        if scheduled.get("hearing_on")
        else "",
        "contact_address": case.agency.address,
        "contact_phone": case.agency.phone,
    }


register(
    KindSpec(
        kind=K.LICENCE_HEARING_NOTICE,
        fields=(
            *APPLICANT_SPECS,
            F("interested_parties", "告知的申请人、利害关系人", required=False),
            F("told_on", "告知日期", required=False),
            F("hearing_right", "要求听证的权利和期限"),
            F("hearing_text", "听证时间、地点和主持人", required=False),
            F("contact_address", "本机关地址", required=False),
            F("contact_phone", "联系电话", required=False),
        ),
        build=_hearing,
    )
)


# --- 准予 / 不予行政许可决定书 (§38, §39) ---------------------------------------------------------


def validity_text(valid_from: Any, valid_to: Any) -> str:
    if not valid_from:
        return ""
    return (
        f"自{cn_date(valid_from)}至{cn_date(valid_to)}"
        if valid_to
        else f"自{cn_date(valid_from)}起{LONG_TERM}"
    )


def licence_of(inp: ContextInput) -> Any:
    """The licence a document is about: `extra["licence_id"]`, the grant step's, else the case's
    newest."""
    case: Case = inp.case
    chosen = extra_text(inp.extra, "licence_id") or text(
        latest_content(case, "licence_grant").get("licence")
    )
    rows = case.licences.order_by("-issued_on", "-created_at")
    return (rows.filter(pk=chosen).first() if chosen else None) or rows.first()


def _decision_basics(case: Case, content: dict[str, Any]) -> dict[str, Any]:
    return {
        **_applicant(case),
        "decision_number": text(content.get("decision_number")) or case.decision_number,
        "decided_on": cn_date(case.decided_on),
        "basis": text(content.get("basis")) or item_basis(case),
        "reasons": text(content.get("reasons")),
    }


def _grant(inp: ContextInput) -> dict[str, Any]:
    case: Case = inp.case
    content = latest_content(case, "licence_grant")
    licence = licence_of(inp)
    valid_from = licence.valid_from if licence is not None else content.get("valid_from")
    valid_to = licence.valid_to if licence is not None else content.get("valid_to")
    return {
        **_decision_basics(case, content),
        "content": licence.content if licence is not None else text(content.get("content")),
        "licence_name": licence.name if licence is not None else text(content.get("licence_name")),
        "licence_number": licence.number if licence is not None else "",
        "validity_text": validity_text(valid_from, valid_to),
        "delivery_text": GRANT_DELIVERY,
    }


DECISION_SPECS = (
    *APPLICANT_SPECS,
    F("decision_number", "决定书文号"),
    F("decided_on", "决定日期"),
    F("basis", "法律依据", required=False),
)

register(
    KindSpec(
        kind=K.LICENCE_GRANT,
        fields=(
            *DECISION_SPECS,
            F("reasons", "决定理由", required=False),
            F("content", "准予许可的内容"),
            F("licence_name", "许可证件名称"),
            F("licence_number", "许可证件编号", required=False),
            F("validity_text", "许可有效期限"),
            F("delivery_text", "颁发、送达证件的期限", required=False),
        ),
        build=_grant,
    )
)


def _denial(inp: ContextInput) -> dict[str, Any]:
    case: Case = inp.case
    content = latest_content(case, "licence_deny")
    stated = text(content.get("remedies"))
    named = remedy_text(extra_text(inp.extra, "review_body"), extra_text(inp.extra, "court"))
    return {
        **_decision_basics(case, content),
        "remedy_text": DENIAL_REMEDY_RULE + (stated or named),
    }


register(
    KindSpec(
        kind=K.LICENCE_DENIAL,
        fields=(
            *DECISION_SPECS,
            F("reasons", "不予许可的理由"),
            F("remedy_text", "申请行政复议或者提起行政诉讼的权利"),
        ),
        build=_denial,
    )
)


# --- 行政许可证件 (§39) ---------------------------------------------------------------------------


def _certificate(inp: ContextInput) -> dict[str, Any]:
    case: Case = inp.case
    licence = licence_of(inp)
    values: dict[str, Any] = {
        "decision_number": case.decision_number,
        "holder_address": case.party_address,
        "holder_representative": case.party_representative,
        "holder_identifier_label": party(case)["party_identifier_label"],
    }
    if licence is None:
        return values
    return {
        **values,
        "licence_number": licence.number,
        "licence_name": licence.name,
        "holder_name": licence.holder_name,
        "holder_identifier": licence.holder_identifier,
        "content": licence.content,
        "validity_text": validity_text(licence.valid_from, licence.valid_to),
        "issued_on": cn_date(licence.issued_on),
        "previous_number": licence.previous.number if licence.previous_id else "",
    }


register(
    KindSpec(
        kind=K.LICENCE_CERTIFICATE,
        fields=(
            F("licence_number", "证件编号"),
            F("licence_name", "证件名称"),
            F("holder_name", "持证人"),
            F("holder_identifier_label", "证件类型", required=False),
            F("holder_identifier", "统一社会信用代码/身份证号码", required=False),
            F("holder_representative", "法定代表人/负责人", required=False),
            F("holder_address", "住所（地址）", required=False),
            F("content", "许可内容"),
            F("validity_text", "有效期限"),
            F("issued_on", "发证日期"),
            F("decision_number", "许可决定书文号", required=False),
            F("previous_number", "原证件编号", required=False),
        ),
        build=_certificate,
    )
)

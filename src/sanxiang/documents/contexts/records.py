"""笔录 made from one recorded step (kinds.STEP_KINDS): 现场笔录, 询问笔录, 听证笔录, 陈述申辩笔录,
重大案件集体讨论笔录. The step's content is the 笔录's text; the case adds the party and the team.
"""

from __future__ import annotations

from typing import Any

from sanxiang.cases.models import Case, CaseStep
from sanxiang.documents.contexts import ContextInput, FieldSpec, KindSpec, register
from sanxiang.documents.contexts.formatting import cn_date, text, yes_no
from sanxiang.documents.contexts.sources import (
    case_basics,
    case_officers,
    decided_penalty,
    extra_text,
    latest_content,
    latest_step,
    officer_entry,
    officers_line,
    step_evidence,
    step_of,
)
from sanxiang.documents.kinds import DocumentKind
from sanxiang.organisations.models import Officer

F = FieldSpec
K = DocumentKind
CERTIFICATE_SHOWN = "执法人员已向当事人（被询问人）出示执法证件，表明身份"
CERTIFICATE_NOT_RECORDED = "未记录出示执法证件情况"

CASE_FIELDS = (
    F("case_title", "案由", required=False),
    F("case_ref", "案号", required=False),
    F("party_name", "当事人"),
    F("party_address", "当事人住所/地址", required=False),
)


def _record_officers(case: Case, step: CaseStep, content: dict[str, Any]) -> list[dict[str, str]]:
    """The officers present: those named on a measure's record, else the case team."""
    named = [
        str(o["id"]) for o in content.get("officers", []) if isinstance(o, dict) and o.get("id")
    ]
    if named:
        found = {str(o.pk): o for o in Officer.objects.filter(pk__in=named)}
        return [
            officer_entry(found[i], case, "执法人员", step.occurred_on) for i in named if i in found
        ]
    return case_officers(case, step.occurred_on)


def _record(inp: ContextInput, actions: tuple[str, ...]) -> dict[str, Any]:
    case: Case = inp.case
    step = step_of(inp, *actions)
    values: dict[str, Any] = {
        **case_basics(case),
        "party_name": case.party_name,
        "party_address": case.party_address,
    }
    if step is None:
        return values
    content = dict(step.content)
    officers = _record_officers(case, step, content)
    is_measure = step.action == "measure_apply"
    shown = content.get("certificate_shown")
    values.update(
        {
            "record_kind_label": text(step.label),
            "occurred_on": cn_date(content.get("occurred_on") or step.occurred_on),
            "place": text(content.get("place")),
            "persons": text(content.get("attestor") if is_measure else content.get("persons"))
            or case.party_name,
            "officers": officers,
            "officers_line": officers_line(officers),
            "recorder": step.actor_label,
            "certificate_statement": CERTIFICATE_SHOWN if shown else CERTIFICATE_NOT_RECORDED,
            "record_text": text(content.get("site_record") if is_measure else content.get("text")),
            "party_statement": text(content.get("statement")),
            "evidence": step_evidence(step),
            "signed_by_party": yes_no(content.get("signed_by_party")),
            "refusal_note": text(content.get("refusal_note")),
        }
    )
    return values


RECORD_FIELDS = (
    *CASE_FIELDS,
    F("record_kind_label", "笔录类型", required=False),
    F("occurred_on", "时间"),
    F("place", "地点"),
    F("officers", "执法人员"),
    F("officers_line", "执法人员及执法证号"),
    F("recorder", "记录人", required=False),
    F("certificate_statement", "出示执法证件情况"),
    F("record_text", "笔录内容"),
    F("party_statement", "当事人陈述申辩", required=False),
    F("evidence", "现场取证（音像记录）", required=False),
    F("signed_by_party", "当事人已核对签名", required=False),
    F("refusal_note", "拒绝签名情况", required=False),
)

register(
    KindSpec(
        kind=K.SITE_RECORD,
        fields=(*RECORD_FIELDS, F("persons", "当事人/在场人员")),
        build=lambda inp: _record(inp, ("record", "measure_apply")),
    )
)
register(
    KindSpec(
        kind=K.INTERVIEW_RECORD,
        fields=(*RECORD_FIELDS, F("persons", "被询问人")),
        build=lambda inp: _record(inp, ("record",)),
    )
)


# --- 听证笔录 (处罚法 §64 ⑦–⑧) ---------------------------------------------------------------


def _hearing_record(inp: ContextInput) -> dict[str, Any]:
    case: Case = inp.case
    step = step_of(inp, "hearing_record")
    schedule = latest_content(case, "hearing_schedule")
    hearing = getattr(case, "hearing", None)
    values: dict[str, Any] = {
        **case_basics(case),
        "party_name": case.party_name,
        "party_address": case.party_address,
        "hearing_place": text(schedule.get("place")),
        "chair_name": text(schedule.get("chair_name"))
        or (hearing.chair.name if hearing is not None and hearing.chair_id else ""),
        "public_label": "公开" if schedule.get("public", True) else "不公开",
        "investigators": officers_line(case_officers(case)),
    }
    if step is None:
        return values
    content = dict(step.content)
    values.update(
        {
            "held_on": cn_date(content.get("held_on") or step.occurred_on),
            "attendees": text(content.get("attendees")),
            "party_absent": "当事人及其代理人无正当理由拒不出席或者未经许可中途退出，视为放弃听证"
            if content.get("party_absent")
            else "",
            "record_text": text(content.get("record")),
            "recorder": step.actor_label,
            "evidence": step_evidence(step),
            "refusal_note": text(content.get("refusal_note")),
        }
    )
    return values


register(
    KindSpec(
        kind=K.HEARING_RECORD,
        fields=(
            *CASE_FIELDS,
            F("held_on", "听证时间"),
            F("hearing_place", "听证地点", required=False),
            F("chair_name", "听证主持人"),
            F("public_label", "公开举行", required=False),
            F("investigators", "案件调查人员"),
            F("attendees", "参加人员", required=False),
            F("party_absent", "当事人缺席情况", required=False),
            F("record_text", "听证笔录内容"),
            F("recorder", "记录人", required=False),
            F("evidence", "音像记录", required=False),
            F("refusal_note", "拒绝签字情况", required=False),
        ),
        build=_hearing_record,
    )
)


# --- 陈述申辩笔录 (处罚法 §45) -----------------------------------------------------------------

WAIVED = "当事人明确表示放弃陈述、申辩的权利"
ADOPTED = {True: "采纳", False: "不予采纳"}


def _statement_record(inp: ContextInput) -> dict[str, Any]:
    case: Case = inp.case
    step = step_of(inp, "receive_statement")
    values: dict[str, Any] = {
        **case_basics(case),
        "party_name": case.party_name,
        "party_address": case.party_address,
        "notice_issued_on": cn_date(case.notice_issued_on),
        "officers": case_officers(case),
    }
    values["officers_line"] = officers_line(values["officers"])
    if step is None:
        return values
    content = dict(step.content)
    waived = bool(content.get("waived"))
    values.update(
        {
            "occurred_on": cn_date(step.occurred_on),
            "statement": WAIVED if waived else text(content.get("statement")),
            "reconsideration": text(content.get("reconsideration")),
            "adopted_label": "" if waived else ADOPTED[bool(content.get("adopted"))],
            "recorder": step.actor_label,
        }
    )
    return values


register(
    KindSpec(
        kind=K.STATEMENT_RECORD,
        fields=(
            *CASE_FIELDS,
            F("notice_issued_on", "告知日期", required=False),
            F("occurred_on", "时间"),
            F("officers", "执法人员"),
            F("officers_line", "执法人员及执法证号"),
            F("statement", "陈述申辩内容"),
            F("reconsideration", "复核意见", required=False),
            F("adopted_label", "是否采纳", required=False),
            F("recorder", "记录人", required=False),
        ),
        build=_statement_record,
    )
)


# --- 重大案件集体讨论笔录 (处罚法 §57 ②) -------------------------------------------------------

DELIBERATION_ACTIONS = ("decide", "decide_no_penalty", "transfer", "case_extend")


def _deliberation(inp: ContextInput) -> dict[str, Any]:
    case: Case = inp.case
    step = step_of(inp, *DELIBERATION_ACTIONS)
    submitted = latest_step(case, "submit_deliberation")
    values: dict[str, Any] = {
        **case_basics(case),
        "party_name": case.party_name,
        "party_address": case.party_address,
        "facts": case.facts,
        "deliberation_reason": text(submitted.content.get("reason")) if submitted else "",
        "participants": extra_text(inp.extra, "participants"),
        "host": extra_text(inp.extra, "host"),
    }
    if step is None:
        return values
    content = dict(step.content)
    minutes = content.get("deliberation_minutes") or content.get("minutes")
    values.update(
        {
            "held_on": cn_date(step.occurred_on),
            "minutes": text(minutes),
            "conclusion": _conclusion(case, step),
            "recorder": step.actor_label,
        }
    )
    return values


def _conclusion(case: Case, step: CaseStep) -> str:
    if step.action == "decide":
        return f"给予行政处罚：{decided_penalty(case)}"
    if step.action == "decide_no_penalty":
        return f"不予行政处罚。{text(step.content.get('reasons'))}"
    if step.action == "transfer":
        return f"移送{text(step.content.get('receiving_authority'))}。"
    return f"办案期限延长{text(step.content.get('days'))}日：{text(step.content.get('reason'))}"


register(
    KindSpec(
        kind=K.DELIBERATION_RECORD,
        fields=(
            *CASE_FIELDS,
            F("facts", "案件事实", required=False),
            F("deliberation_reason", "提交集体讨论理由", required=False),
            F("held_on", "讨论时间"),
            F("host", "主持人", required=False),
            F("participants", "出席人员", required=False),
            F("minutes", "讨论记录"),
            F("conclusion", "讨论决定"),
            F("recorder", "记录人", required=False),
        ),
        build=_deliberation,
    )
)

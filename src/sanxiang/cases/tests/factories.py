"""A small agency to run cases in: officers with certificates, the heads, a reviewer, and helpers
that walk a case through the workflow with realistic default payloads."""

from __future__ import annotations

import datetime as dt
import itertools
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from sanxiang.cases.models import Case
from sanxiang.cases.services import case_transition, lead_register
from sanxiang.cases.states import CaseAction
from sanxiang.organisations.models import Agency, EnforcementField, Role
from sanxiang.organisations.tests.factories import (
    AgencyFactory,
    CertificateFactory,
    FieldFactory,
    UnitFactory,
    user_with_role,
)

A = CaseAction
_form_serial = itertools.count(1)
# A Wednesday with working days on both sides and no holiday within 90 days before.
TODAY = dt.date(2026, 3, 11)


@dataclass
class World:
    agency: Agency
    field: EnforcementField
    officer: Any
    assistant: Any
    uncertified: Any
    unit_head: Any
    agency_head: Any
    reviewer: Any
    others: dict[str, Any] = field(default_factory=dict)


def certify(user: Any, fld: EnforcementField, **kwargs: Any) -> None:
    CertificateFactory(officer=user.officer, fields=[fld], **kwargs)


def make_world(short_name: str = "测试局") -> World:
    fld = FieldFactory(code="market", name="市场监管")
    agency = AgencyFactory(short_name=short_name)
    agency.fields.add(fld)
    unit = UnitFactory(agency=agency, name="执法稽查科")
    users = {}
    for key, role in [
        ("officer", Role.OFFICER),
        ("assistant", Role.OFFICER),
        ("uncertified", Role.OFFICER),
        ("unit_head", Role.UNIT_HEAD),
        ("agency_head", Role.AGENCY_HEAD),
        ("reviewer", Role.REVIEWER),
    ]:
        user = user_with_role(role, agency)
        user.officer.unit = unit
        user.officer.save()
        if key != "uncertified":
            certify(user, fld)
        users[key] = user
    return World(agency=agency, field=fld, **users)


def lead_data(world: World, **overrides: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "title": "销售过期食品案",
        "field_code": world.field.code,
        "source": "inspection",
        "source_detail": "日常监督检查发现货架上有过期食品",
        "discovered_on": TODAY - dt.timedelta(days=2),
        "act_date": TODAY - dt.timedelta(days=10),
        "party_kind": "organisation",
        "party_name": "某某商贸有限公司",
        "party_identifier": "91140524MA0000001X",
        "party_address": "陵川县崇文街1号",
        "assistant_ids": [world.assistant.officer.pk],
    }
    data.update(overrides)
    return data


def register(world: World, today: dt.date = TODAY, **overrides: Any) -> Case:
    return lead_register(user=world.officer, data=lead_data(world, **overrides), today=today)


def payload_for(action: str, today: dt.date = TODAY, **overrides: Any) -> dict[str, Any]:
    """A realistic submission for `action`."""
    explicit_fine = overrides.pop("fine", None)
    fine = explicit_fine if explicit_fine is not None else Decimal("3000")
    base: dict[str, dict[str, Any]] = {
        A.SUBMIT_FILING: {"opinion": "符合立案条件，建议立案"},
        A.APPROVE_FILING: {"opinion": "同意立案"},
        A.DECLINE_FILING: {"reason": "不属于本机关管辖"},
        A.CONCLUDE_INVESTIGATION: {
            "facts": "当事人销售超过保质期的食品12件",
            "evidence_summary": "现场笔录、询问笔录、照片",
            "proposal": "建议给予警告并处罚款",
        },
        A.SUBMIT_CHECK: {"opinion": ""},
        A.RETURN_FOR_INVESTIGATION: {"reason": "证据不足"},
        A.ISSUE_NOTICE: {
            "penalties": ["warning", "fine"],
            "fine": fine,
            "facts": "当事人销售超过保质期的食品12件",
            "reasons": "违反食品安全法第三十四条",
            "basis": "《中华人民共和国食品安全法》第一百二十四条",
            "check_opinion": "事实清楚，证据确凿，程序合法",
            "served_on": today,
        },
        A.RECEIVE_STATEMENT: {
            "statement": "初次违法，已下架",
            "reconsideration": "理由不成立，维持",
        },
        A.REQUEST_HEARING: {"requested_on": today},
        A.SUBMIT_LEGAL_REVIEW: {"opinion": ""},
        A.PASS_LEGAL_REVIEW: {"opinion": "同意"},
        A.SUBMIT_FOR_DECISION: {"opinion": ""},
        A.SUBMIT_DELIBERATION: {"reason": "情节复杂"},
        A.DECIDE: {
            "penalties": ["warning", "fine"],
            "fine": fine,
            "reasons": "适用一般裁量阶次",
            "correction_order": "立即停止销售过期食品",
        },
        A.DECIDE_NO_PENALTY: {
            "outcome": "no_penalty_first",
            "reasons": "初次违法且危害后果轻微并及时改正",
            "education": "已对当事人进行食品安全法律法规教育",
        },
        A.TRANSFER: {"receiving_authority": "陵川县公安局", "reason": "涉嫌生产销售伪劣产品罪"},
        A.APPLY_SUMMARY: {
            "penalties": ["fine"],
            "fine": Decimal("100"),
            "facts": "占道经营",
            "basis": "《某某条例》第十条",
            "certificate_shown": True,
            "statement": "无异议",
            "place": "崇文街",
        },
        A.DECIDE_ON_SITE: {
            "form_number": f"No.{next(_form_serial):07d}",
            "correction_order": "立即停止占道经营",
            "handed_over": True,
        },
        A.SWITCH_TO_GENERAL: {"reason": "案情复杂，需要调查"},
        A.SERVE: {"method": "direct", "served_on": today, "recipient": "某某商贸有限公司"},
        A.EXECUTE: {"opinion": "进入执行"},
        A.CLOSE: {"summary": "当事人已缴纳罚款，结案"},
        A.ARCHIVE: {"archive_number": "2026-永久-001"},
    }
    data = dict(base[action])
    if explicit_fine is not None and "fine" in data:
        data["fine"] = explicit_fine
    data.update(overrides)
    return data


# Who takes each action in the default walk.
ACTOR = {
    A.APPROVE_FILING: "unit_head",
    A.DECLINE_FILING: "unit_head",
    A.RETURN_FOR_INVESTIGATION: "unit_head",
    A.ISSUE_NOTICE: "unit_head",
    A.PASS_LEGAL_REVIEW: "reviewer",
    A.DECIDE: "agency_head",
    A.DECIDE_NO_PENALTY: "agency_head",
    A.TRANSFER: "agency_head",
}


def act(
    world: World, case: Case, action: str, today: dt.date = TODAY, user: Any = None, **kw: Any
) -> Case:
    actor = user or getattr(world, ACTOR.get(action, "officer"))
    return case_transition(
        user=actor,
        case_id=case.pk,
        action=action,
        payload=payload_for(action, today, **kw),
        today=today,
    )


def add_record(world: World, case: Case, today: dt.date = TODAY) -> None:
    from sanxiang.cases.services import case_record_add

    case_record_add(
        user=world.officer,
        case_id=case.pk,
        payload={
            "kind": "interview",
            "occurred_on": today,
            "place": "当事人经营场所",
            "persons": "张某（店长）",
            "certificate_shown": True,
            "text": "问：你店是否销售过期食品？答：是的。",
            "signed_by_party": True,
        },
        today=today,
    )


GENERAL_TO_NOTICE = [A.SUBMIT_FILING, A.APPROVE_FILING]


def to_notified(world: World, today: dt.date = TODAY, **lead: Any) -> Case:
    case = register(world, today, **lead)
    for action in GENERAL_TO_NOTICE:
        case = act(world, case, action, today)
    add_record(world, case, today)
    for action in (A.CONCLUDE_INVESTIGATION, A.SUBMIT_CHECK, A.ISSUE_NOTICE):
        case = act(world, case, action, today)
    return case

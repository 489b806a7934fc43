"""Demo 行政许可 applications and 行政检查 of 长治市园林局, walked through the services.

Like data_cases.py: each matter is a script of dated steps taken by the demo account whose role the
step needs (窗口 赵磊, 局长 王建国 …), all in September–October 2026, so a load is the same whenever
it runs. A matter is recognised by agency, kind, 事由 and party; loading again skips it.
Applicants are fictional companies (no natural person's identity number in demo data).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib.auth import get_user_model

from sanxiang.cases.models import Case
from sanxiang.cases.services import av_absence_approve, case_transition
from sanxiang.cases.states import CaseAction
from sanxiang.demo.data_agencies import AGENCIES
from sanxiang.demo.data_cases import FIELD, company_uscc
from sanxiang.documents.services import document_generate
from sanxiang.inspections.services import inspection_open
from sanxiang.licensing.services import licence_apply, licence_examination_record
from sanxiang.organisations.models import Agency

A = CaseAction
AGENCY_KEY = "cz_yl"
OFFICER, ASSISTANT = "yl_officer", "yl_officer2"
UNIT_HEAD, AGENCY_HEAD = "yl_unithead", "yl_head"
ADDRESS = "（演示地址）"
EXAMINE, DOCUMENT, AV_ABSENCE = "examine", "document", "av_absence"


def _d(month: int, day: int) -> dt.date:
    return dt.date(2026, month, day)


def _applicant(name: str, body: str, address: str) -> dict[str, Any]:
    return {
        "applicant_kind": "organisation",
        "applicant_name": name,
        "applicant_identifier": company_uscc(body),
        "applicant_address": address + ADDRESS,
        "applicant_phone": "0356-2000000",
        "applicant_representative": "（演示）",
    }


# 临时占用城市绿地: one 补正 round, accepted, examined, granted, licence delivered, closed.
GRANTED: dict[str, Any] = {
    "application": {
        "item_code": "YL-XK-01",
        "request": "因燃气管线改造，临时占用英雄中路南侧绿地80平方米，期限30日",
        "submitted_on": _d(9, 7),
        "materials": [{"name": "申请书"}, {"name": "占用绿地平面图"}],
        **_applicant("长治市城建市政工程有限公司", "52738164", "潞州区府后西街9号"),
    },
    "today": _d(9, 7),
    "steps": [
        (
            _d(9, 8),
            A.LICENCE_REQUEST_CORRECTION,
            OFFICER,
            {
                "items": [
                    {"name": "绿地恢复方案", "reason": "未提交，须写明恢复期限和苗木规格"},
                    {"name": "施工组织方案", "reason": "未标明占用范围的围挡位置"},
                ]
            },
        ),
        (_d(9, 8), DOCUMENT, OFFICER, {"kind": "licence_correction_notice"}),
        (
            _d(9, 11),
            A.LICENCE_SUBMIT_CORRECTION,
            OFFICER,
            {
                "materials": [{"name": "绿地恢复方案"}, {"name": "施工组织方案"}],
                "received_on": _d(9, 11),
            },
        ),
        (
            _d(9, 14),
            A.LICENCE_ACCEPT,
            OFFICER,
            {"opinion": "补正后材料齐全，符合法定形式，予以受理"},
        ),
        (_d(9, 14), DOCUMENT, OFFICER, {"kind": "licence_acceptance"}),
        (
            _d(9, 17),
            EXAMINE,
            OFFICER,
            {
                "outcome": "grant",
                "content": "准予临时占用英雄中路南侧绿地80平方米，期满恢复原状",
                "licence_name": "临时占用城市绿地许可证",
                "valid_from": _d(9, 21),
                "valid_to": _d(10, 20),
                "reasons": "申请符合《城市绿化条例》第十九条、第二十条规定的条件",
                "site_check": "9月16日现场核查：占用范围与平面图一致，无古树名木",
            },
        ),
        (_d(9, 17), A.LICENCE_SUBMIT_DECISION, OFFICER, {"opinion": "建议准予许可"}),
        (
            _d(9, 18),
            A.LICENCE_GRANT,
            AGENCY_HEAD,
            {
                "content": "准予临时占用英雄中路南侧绿地80平方米，期满恢复原状",
                "licence_name": "临时占用城市绿地许可证",
                "valid_from": _d(9, 21),
                "valid_to": _d(10, 20),
                "reasons": "申请符合《城市绿化条例》第十九条、第二十条规定的条件",
                "basis": "《城市绿化条例》第十九条、第二十条",
            },
        ),
        (_d(9, 18), DOCUMENT, OFFICER, {"kind": "licence_grant"}),
        (_d(9, 18), DOCUMENT, OFFICER, {"kind": "licence_certificate"}),
        (
            _d(9, 21),
            A.LICENCE_DELIVER,
            OFFICER,
            {
                "method": "direct",
                "delivered_on": _d(9, 21),
                "recipient": "长治市城建市政工程有限公司",
            },
        ),
        (_d(9, 22), A.CLOSE, OFFICER, {"summary": "已发证并送达，结案"}),
    ],
}

# 迁移古树名木: accepted, under examination (its decision clock running).
EXAMINING: dict[str, Any] = {
    "application": {
        "item_code": "YL-XK-03",
        "request": "因道路拓宽，申请迁移太行东街国槐一株（古树编号CZ-0123）至人民公园",
        "submitted_on": _d(10, 12),
        "materials": [{"name": "申请书"}, {"name": "迁移方案"}, {"name": "养护责任承诺书"}],
        **_applicant("长治市太行绿化养护有限公司", "63849275", "潞州区太行东街18号"),
    },
    "today": _d(10, 12),
    "steps": [
        (
            _d(10, 13),
            A.LICENCE_ACCEPT,
            OFFICER,
            {"opinion": "材料齐全，予以受理，报市政府审批前组织专家论证"},
        ),
    ],
}

# 改变绿地使用性质: not for this agency to decide alone — not accepted.
REFUSED: dict[str, Any] = {
    "application": {
        "item_code": "YL-XK-02",
        "request": "申请将紫金西街街头绿地改为临时停车场",
        "submitted_on": _d(10, 14),
        "materials": [{"name": "申请书"}],
        **_applicant("长治市八一广场物业管理有限公司", "74950386", "潞州区八一广场东侧"),
    },
    "today": _d(10, 14),
    "steps": [
        (
            _d(10, 15),
            A.LICENCE_REFUSE,
            OFFICER,
            {"reason": "申请事项不属于改变绿化规划、绿化用地使用性质的法定情形，依法不予受理"},
        ),
    ],
}

LICENCES = [GRANTED, EXAMINING, REFUSED]


def _inspection(
    title: str, party: str, body: str, address: str, planned_on: dt.date, steps: list[Any]
) -> dict[str, Any]:
    return {
        "opening": {
            "title": title,
            "field_code": FIELD,
            "source": "plan",
            "source_detail": "2026年临时占用绿地许可事项监督检查",
            "party_kind": "organisation",
            "party_name": party,
            "party_identifier": company_uscc(body),
            "party_address": address + ADDRESS,
            "party_representative": "（演示）",
            "planned_on": planned_on,
        },
        "today": planned_on - dt.timedelta(days=1),
        "steps": steps,
    }


def _site(day: dt.date, place: str, findings: str) -> dict[str, Any]:
    return {
        "inspected_on": day,
        "place": place + ADDRESS,
        "checked_items": ["临时占用城市绿地许可证", "占用范围和期限", "围挡和绿地保护措施"],
        "findings": findings,
        "certificate_shown": True,
        "party_present": "现场负责人（演示）",
        "signed_by_party": True,
    }


_NO_AV = {
    "activity": "现场检查",
    "reason": "执法记录仪电池故障，以现场检查笔录和照片记录，已报修（演示）",
}

INSPECTIONS = [
    _inspection(
        "临时占用城市绿地许可事项监督检查",
        "长治市城建市政工程有限公司",
        "52738164",
        "潞州区英雄中路",
        _d(10, 9),
        [
            (_d(10, 9), AV_ABSENCE, UNIT_HEAD, _NO_AV),
            (
                _d(10, 9),
                A.INSPECTION_RECORD,
                OFFICER,
                _site(
                    _d(10, 9), "潞州区英雄中路南侧绿地", "占用范围超出许可约12平方米，围挡未封闭"
                ),
            ),
            (
                _d(10, 9),
                A.INSPECTION_ORDER_CORRECTION,
                OFFICER,
                {
                    "items": "拆除超出许可范围的围挡，恢复被占用的12平方米绿地；封闭施工围挡",
                    "basis": "《城市绿化条例》第二十条",
                    "days": 10,
                },
            ),
        ],
    ),
    _inspection(
        "古树名木养护管理情况检查",
        "长治市漳泽苗木种植专业合作社",
        "85061497",
        "潞州区漳泽路66号",
        _d(10, 16),
        [
            (_d(10, 16), AV_ABSENCE, UNIT_HEAD, _NO_AV),
            (
                _d(10, 16),
                A.INSPECTION_RECORD,
                OFFICER,
                _site(_d(10, 16), "潞州区漳泽路66号苗圃", "养护档案齐全，古树生长状况良好"),
            ),
            (_d(10, 16), A.INSPECTION_PASS, OFFICER, {"conclusion": "未发现违法违规问题"}),
        ],
    ),
]


def _users() -> dict[str, Any]:
    names = (OFFICER, ASSISTANT, UNIT_HEAD, AGENCY_HEAD)
    found = get_user_model().objects.filter(username__in=names).select_related("officer")
    return {u.username: u for u in found}


def _agency() -> Agency:
    spec = next(a for a in AGENCIES if a["key"] == AGENCY_KEY)
    return Agency.objects.get(uscc=spec["data"]["uscc"])


def _take(
    case: Case, step: tuple[dt.date, str, str, dict[str, Any]], users: dict[str, Any]
) -> None:
    day, op, actor, payload = step
    user = users[actor]
    if op == EXAMINE:
        licence_examination_record(user=user, case_id=case.pk, data=payload, today=day)
    elif op == DOCUMENT:
        document_generate(user=user, case_id=case.pk, kind=payload["kind"], today=day)
    elif op == AV_ABSENCE:
        av_absence_approve(user=user, case_id=case.pk, payload=payload, today=day)
    else:
        case_transition(user=user, case_id=case.pk, action=op, payload=payload, today=day)


def demo_licences_load() -> list[Case]:
    """Walk every licence and inspection script whose case does not exist yet."""
    agency, users = _agency(), _users()
    created = []
    for script in LICENCES:
        data = script["application"]
        if Case.objects.filter(
            agency=agency, kind="licence", title=data["request"], party_name=data["applicant_name"]
        ).exists():
            continue
        case = licence_apply(user=users[OFFICER], data=data, today=script["today"])
        for step in script["steps"]:
            _take(case, step, users)
        created.append(case)
    for script in INSPECTIONS:
        data = script["opening"]
        if Case.objects.filter(
            agency=agency, kind="inspection", title=data["title"], party_name=data["party_name"]
        ).exists():
            continue
        inspectors = [users[OFFICER].officer.pk, users[ASSISTANT].officer.pk]
        case = inspection_open(
            user=users[UNIT_HEAD],
            data={**data, "inspector_ids": inspectors},
            today=script["today"],
        )
        for step in script["steps"]:
            _take(case, step, users)
        created.append(case)
    return created

"""Demo 行政处罚 cases of 长治市园林局 at several stages, walked through the case services.

Each case is a script: the lead (案源登记) and the steps after it, each taken on its own date by
the demo account whose role the step needs (承办人 赵磊 with 协办人 刘芳, 大队长 张伟 as 承办机构负责人,
局长 王建国 as 机关负责人). Every date lies in September–October 2026 (the loaded 2026 节假日安排)
and is passed to the services as `today=`, so a load is the same whenever it runs.

A case is recognised by its agency, 案由 and 当事人: loading again skips the cases that exist,
so it creates no case, step or document twice. Parties, codes and addresses are fictional;
natural persons carry no identity number (personal data has no place in demo fixtures).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from decimal import Decimal
from typing import Any

from django.contrib.auth import get_user_model

from sanxiang.cases.models import Case, CaseStep
from sanxiang.cases.services import (
    av_absence_approve,
    case_discretion_apply,
    case_record_add,
    case_transition,
    lead_register,
    payment_record,
)
from sanxiang.cases.states import CaseAction
from sanxiang.demo.data_agencies import AGENCIES, gov_uscc
from sanxiang.documents.services import document_generate
from sanxiang.organisations.codes import uscc_check_character
from sanxiang.organisations.models import Agency

A = CaseAction
AGENCY_KEY = "cz_yl"
FIELD = "landscaping"
# The last day any script acts on; the cases read as "as of" this day.
REFERENCE = dt.date(2026, 10, 19)

# Demo accounts (data_people.ACCOUNTS) acting in the scripts.
OFFICER, ASSISTANT = "yl_officer", "yl_officer2"  # 赵磊, 刘芳 (一中队)
UNIT_HEAD, AGENCY_HEAD = "yl_unithead", "yl_head"  # 张伟 (大队长), 王建国 (局长)

# Step operations besides the CaseAction values (which go to case_transition).
RECORD, AV_ABSENCE, DISCRETION, PAYMENT, DOCUMENT = (
    "record",
    "av_absence",
    "discretion",
    "payment",
    "document",
)
LAST_RECORD = "last_record"  # a document's step: the 笔录 recorded last in this script

GREEN = "《城市绿化条例》"
REMEDY = {"review_body": "长治市人民政府", "court": "长治市潞州区人民法院"}
ADDRESS = "（演示地址）"


def _d(month: int, day: int) -> dt.date:
    return dt.date(2026, month, day)


def company_uscc(org_body: str, region: str = "140403") -> str:
    """A fictional enterprise USCC (登记管理部门 9, 企业 1) registered in `region` (潞州区), with
    the organisation code's GB 11714 and the code's GB 32100 check characters correct."""
    first17 = "91" + gov_uscc(region, org_body)[2:17]
    return first17 + uscc_check_character(first17)


Step = tuple[dt.date, str, str, dict[str, Any]]


def _av_absence(activity: str, reason: str) -> dict[str, Any]:
    return {"activity": activity, "reason": reason}


# --- (a) 案源登记: a complaint not yet checked ---------------------------------------------------

LEAD_ONLY: dict[str, Any] = {
    "key": "lead",
    "officer": ASSISTANT,
    "assistants": [OFFICER],
    "today": _d(10, 19),
    "lead": {
        "title": "擅自圈占小区公共绿地种植蔬菜案",
        "item_code": "YL-CF-01",
        "source": "complaint",
        "source_detail": (
            "2026年10月19日，12345政务服务便民热线转来群众投诉：某小区3号楼一层住户将楼前公共绿地"
            "用铁丝网圈占，铲除草坪后种植蔬菜，面积约20平方米。"
        ),
        "discovered_on": _d(10, 19),
        "act_date": _d(8, 10),
        "act_continuing": True,
        "party_kind": "person",
        "party_name": "冯桂芝",
        "party_address": f"山西省长治市潞州区某小区3号楼一层{ADDRESS}",
    },
    "steps": [],
}


# --- (b) 调查取证: filed, one 询问笔录 taken --------------------------------------------------

_B_INTERVIEW = (
    "问：我们是长治市园林局园林绿化监察大队执法人员赵磊、刘芳，这是我们的执法证件，请你过目。"
    "你是否看清楚？答：看清楚了。\n"
    "问：今天依法就你公司施工车辆损坏城市绿化带一事进行调查，你应当如实回答，你有申请回避的权利，"
    "是否申请回避？答：不申请。\n"
    "问：2026年10月10日，是你公司的施工车辆驶入该路段中央隔离绿化带吗？"
    "答：是的，当天夜间我公司一辆运送管材的重型货车为掉头驶上隔离带，碾压了绿篱和草坪。\n"
    "问：损坏了多大面积？答：大约三十多平方米，还压坏了两处路缘石。\n"
    "问：事前是否经园林部门同意？答：没有，是司机临时掉头造成的。\n"
    "问：你还有什么补充？答：我公司愿意配合调查，尽快修复。"
)

INVESTIGATING: dict[str, Any] = {
    "key": "investigating",
    "officer": OFFICER,
    "assistants": [ASSISTANT],
    "today": _d(10, 12),
    "lead": {
        "title": "施工车辆碾压损坏城市绿化带案",
        "item_code": "YL-CF-02",
        "source": "inspection",
        "source_detail": (
            "园林绿化监察大队一中队日常巡查发现，城区东片某路段中央隔离绿化带被车辆碾压，绿篱及草坪"
            "损坏约35平方米，路缘石两处破损；经调取道路监控，肇事车辆属某市政工程公司。"
        ),
        "discovered_on": _d(10, 12),
        "act_date": _d(10, 10),
        "party_kind": "organisation",
        "party_name": "长治市振远市政工程有限公司",
        "party_identifier": company_uscc("31756204"),
        "party_address": f"山西省长治市潞州区某路88号{ADDRESS}",
        "party_representative": "陈国栋",
    },
    "steps": [
        (
            _d(10, 12),
            A.SUBMIT_FILING,
            OFFICER,
            {
                "opinion": "当事人施工车辆碾压损坏中央隔离绿化带，涉嫌违反《城市绿化条例》第二十条，"
                "建议立案调查。",
            },
        ),
        (_d(10, 13), A.APPROVE_FILING, UNIT_HEAD, {"opinion": "同意立案，由赵磊、刘芳承办。"}),
        (
            _d(10, 14),
            AV_ABSENCE,
            UNIT_HEAD,
            _av_absence(
                "调查取证",
                "当事人项目负责人到本局询问室接受询问，询问室同步录音录像设备报修中；"
                "以书面笔录记录，由被询问人逐页核对签名。",
            ),
        ),
        (
            _d(10, 14),
            RECORD,
            OFFICER,
            {
                "kind": "interview",
                "occurred_on": _d(10, 14),
                "place": "长治市园林局园林绿化监察大队询问室",
                "persons": "陈国栋（当事人法定代表人）",
                "certificate_shown": True,
                "text": _B_INTERVIEW,
                "signed_by_party": True,
            },
        ),
        (_d(10, 14), DOCUMENT, OFFICER, {"kind": "interview_record", "step": LAST_RECORD}),
    ],
}


# --- (c) 决定: 告知 → 陈述申辩 → 决定, fine within the 一般 tier ---------------------------------

_C_FACTS = (
    "2026年9月5日，当事人未经园林绿化行政主管部门批准，组织人员砍伐其管理的小区中心绿地内"
    "胸径15至20厘米的国槐5株。"
)
_C_INTERVIEW = (
    "问：我们是长治市园林局执法人员赵磊、刘芳，这是我们的执法证件。你是否看清楚？答：看清楚了。\n"
    "问：小区中心绿地内的国槐是谁砍伐的？答：是我公司安排绿化工砍的，一共5棵。\n"
    "问：为什么砍伐？答：低层业主反映树木遮挡采光，多次投诉，我们就砍了。\n"
    "问：砍伐前是否办理了城市树木砍伐许可？答：没有办理，我们不知道小区里的树也要审批。\n"
    "问：砍下的树木如何处理？答：已经运走当柴火处理了，树桩还在。"
)

DECIDED: dict[str, Any] = {
    "key": "decided",
    "officer": OFFICER,
    "assistants": [ASSISTANT],
    "today": _d(9, 7),
    "lead": {
        "title": "擅自砍伐小区绿地内城市树木案",
        "item_code": "YL-CF-03",
        "source": "complaint",
        "source_detail": (
            "2026年9月7日，12345政务服务便民热线转来业主投诉：某小区物业公司组织人员砍伐小区中心绿地内"
            "国槐数株。执法人员当日现场核查，发现新鲜树桩5个。"
        ),
        "discovered_on": _d(9, 7),
        "act_date": _d(9, 5),
        "party_kind": "organisation",
        "party_name": "长治市锦禾物业服务有限公司",
        "party_identifier": company_uscc("42610835"),
        "party_address": f"山西省长治市潞州区某小区物业服务中心{ADDRESS}",
        "party_representative": "郑立华",
    },
    "steps": [
        (
            _d(9, 7),
            A.SUBMIT_FILING,
            OFFICER,
            {
                "opinion": "现场核查发现小区中心绿地内新鲜树桩5个，当事人涉嫌未经批准擅自砍伐城市树木，"
                "违反《城市绿化条例》第二十条，建议立案调查。",
            },
        ),
        (_d(9, 8), A.APPROVE_FILING, UNIT_HEAD, {"opinion": "同意立案，由赵磊、刘芳承办。"}),
        (_d(9, 8), DOCUMENT, OFFICER, {"kind": "filing_approval"}),
        (
            _d(9, 9),
            AV_ABSENCE,
            UNIT_HEAD,
            _av_absence(
                "调查取证",
                "当事人法定代表人到本局接受询问时执法记录仪送检未归还；以书面笔录记录并由被询问人核对签名。",
            ),
        ),
        (
            _d(9, 9),
            RECORD,
            OFFICER,
            {
                "kind": "interview",
                "occurred_on": _d(9, 9),
                "place": "长治市园林局园林绿化监察大队询问室",
                "persons": "郑立华（当事人法定代表人）",
                "certificate_shown": True,
                "text": _C_INTERVIEW,
                "signed_by_party": True,
            },
        ),
        (
            _d(9, 14),
            DISCRETION,
            OFFICER,
            {
                "benchmark_code": "YL-CF-03-J1",
                "tier": "standard",
                "circumstances": "擅自砍伐胸径15至20厘米国槐5株，树木已灭失；当事人如实陈述，配合调查",
                "reason": "涉及树木3株以上10株以下，适用一般阶次（2000元至10000元）；"
                "当事人配合调查，在阶次内从低确定",
            },
        ),
        (
            _d(9, 14),
            A.CONCLUDE_INVESTIGATION,
            OFFICER,
            {
                "facts": _C_FACTS,
                "evidence_summary": "询问笔录1份、现场照片6张、树桩测量记录1份、业主投诉记录1份。",
                "proposal": "建议依据《城市绿化条例》第二十六条第（二）项，对当事人处罚款4000元，"
                "并责令补植。",
            },
        ),
        (_d(9, 14), A.SUBMIT_CHECK, OFFICER, {"opinion": "调查终结，提请案件审核。"}),
        (
            _d(9, 15),
            A.ISSUE_NOTICE,
            UNIT_HEAD,
            {
                "penalties": ["fine"],
                "fine": Decimal("4000"),
                "facts": _C_FACTS,
                "reasons": "当事人未经批准擅自砍伐城市树木，违反了《城市绿化条例》第二十条第一款的规定。",
                "basis": f"{GREEN}第二十六条第（二）项",
                "check_opinion": "事实清楚，证据确凿，程序合法，适用依据正确，裁量适当。",
                "served_on": _d(9, 15),
            },
        ),
        (_d(9, 15), DOCUMENT, OFFICER, {"kind": "penalty_notice"}),
        (
            _d(9, 17),
            A.RECEIVE_STATEMENT,
            OFFICER,
            {
                "statement": "砍伐是因树木遮挡低层住户采光，业主多次投诉，公司并非故意违法，请求从轻处罚",
                "reconsideration": "当事人所述理由不属于依法可以不予处罚或者减轻处罚的情形；"
                "拟处罚款已在一般阶次内从低确定，维持拟处罚意见。",
            },
        ),
        (_d(9, 18), A.SUBMIT_FOR_DECISION, OFFICER, {"opinion": "拟按告知内容作出处罚决定。"}),
        (
            _d(9, 22),
            A.DECIDE,
            AGENCY_HEAD,
            {
                "penalties": ["fine"],
                "fine": Decimal("4000"),
                "reasons": "当事人擅自砍伐国槐5株，属一般阶次情形；当事人配合调查，在阶次内从低处罚。",
                "correction_order": "于2026年11月30日前在原处补植胸径不小于8厘米的国槐5株，"
                "并报本局验收。",
            },
        ),
        (_d(9, 22), DOCUMENT, OFFICER, {"kind": "penalty_decision", "extra": REMEDY}),
    ],
}


# --- (d) 结案: 决定 → 送达 → 执行 (paid) → 结案 --------------------------------------------------

_D_FACTS = (
    "2026年8月27日起，当事人未经同意，在城区东片某路段街头绿地内堆放砂石、红砖等建筑材料，"
    "占用城市绿地约30平方米。"
)
_D_SITE = (
    "现场检查情况：绿地内堆放砂石约8立方米、红砖约2000块，占用绿地长约6米、宽约5米，面积约30平方米，"
    "草坪被覆盖。当事人现场负责人未能出示临时占用城市绿地许可。执法人员当场责令其停止占用、"
    "限期清除。现场拍摄照片8张。"
)

CLOSED: dict[str, Any] = {
    "key": "closed",
    "officer": OFFICER,
    "assistants": [ASSISTANT],
    "today": _d(9, 1),
    "lead": {
        "title": "擅自占用城市绿地堆放建筑材料案",
        "item_code": "YL-CF-01",
        "source": "inspection",
        "source_detail": (
            "园林绿化监察大队一中队日常巡查发现，城区东片某路段街头绿地内堆放大量砂石、红砖，"
            "系附近商铺装修施工单位所为。"
        ),
        "discovered_on": _d(9, 1),
        "act_date": _d(8, 27),
        "party_kind": "organisation",
        "party_name": "长治市恒嘉装饰工程有限公司",
        "party_identifier": company_uscc("57302918"),
        "party_address": f"山西省长治市潞州区某街126号{ADDRESS}",
        "party_representative": "孙志斌",
    },
    "steps": [
        (
            _d(9, 1),
            A.SUBMIT_FILING,
            OFFICER,
            {
                "opinion": "当事人涉嫌未经同意擅自占用城市绿地，违反《城市绿化条例》第十八条，建议立案调查。",
            },
        ),
        (_d(9, 2), A.APPROVE_FILING, UNIT_HEAD, {"opinion": "同意立案，由赵磊、刘芳承办。"}),
        (
            _d(9, 2),
            AV_ABSENCE,
            UNIT_HEAD,
            _av_absence(
                "现场检查",
                "复查时执法记录仪故障，已拍摄现场照片并由当事人现场负责人在现场笔录上签名确认。",
            ),
        ),
        (
            _d(9, 2),
            RECORD,
            OFFICER,
            {
                "kind": "site",
                "occurred_on": _d(9, 2),
                "place": f"城区东片某路段街头绿地{ADDRESS}",
                "persons": "孙志斌（当事人法定代表人）",
                "certificate_shown": True,
                "text": _D_SITE,
                "signed_by_party": True,
            },
        ),
        (
            _d(9, 8),
            DISCRETION,
            OFFICER,
            {
                "benchmark_code": "YL-CF-01-J1",
                "tier": "standard",
                "circumstances": "占用城市绿地约30平方米，经责令已于9月4日清除建筑材料",
                "reason": "占用面积10平方米以上50平方米以下，适用一般阶次（2000元至10000元）；"
                "当事人及时清除，在阶次内从低确定",
            },
        ),
        (
            _d(9, 8),
            A.CONCLUDE_INVESTIGATION,
            OFFICER,
            {
                "facts": _D_FACTS,
                "evidence_summary": "现场笔录1份、现场照片8张、绿地占用面积测量记录1份。",
                "proposal": "建议依据《城市绿化条例》第二十七条，对当事人处罚款3000元，并责令恢复原状。",
            },
        ),
        (_d(9, 8), A.SUBMIT_CHECK, OFFICER, {"opinion": "调查终结，提请案件审核。"}),
        (
            _d(9, 9),
            A.ISSUE_NOTICE,
            UNIT_HEAD,
            {
                "penalties": ["fine"],
                "fine": Decimal("3000"),
                "facts": _D_FACTS,
                "reasons": "当事人未经同意擅自占用城市绿地，违反了《城市绿化条例》第十八条的规定。",
                "basis": f"{GREEN}第二十七条",
                "check_opinion": "事实清楚，证据确凿，程序合法，适用依据正确，裁量适当。",
                "served_on": _d(9, 9),
            },
        ),
        (_d(9, 10), A.RECEIVE_STATEMENT, OFFICER, {"waived": True}),
        (
            _d(9, 10),
            A.SUBMIT_FOR_DECISION,
            OFFICER,
            {"opinion": "当事人放弃陈述申辩，拟按告知内容决定。"},
        ),
        (
            _d(9, 14),
            A.DECIDE,
            AGENCY_HEAD,
            {
                "penalties": ["fine"],
                "fine": Decimal("3000"),
                "reasons": "当事人占用绿地约30平方米，属一般阶次情形；已及时清除，在阶次内从低处罚。",
                "correction_order": "于2026年9月30日前恢复被占用绿地原状。",
            },
        ),
        (_d(9, 14), DOCUMENT, OFFICER, {"kind": "penalty_decision", "extra": REMEDY}),
        (
            _d(9, 15),
            A.SERVE,
            OFFICER,
            {
                "method": "direct",
                "served_on": _d(9, 15),
                "recipient": "长治市恒嘉装饰工程有限公司（法定代表人孙志斌签收）",
            },
        ),
        (_d(9, 15), A.EXECUTE, OFFICER, {"opinion": "决定书已直接送达，进入执行。"}),
        (
            _d(9, 22),
            PAYMENT,
            OFFICER,
            {
                "amount": Decimal("3000"),
                "paid_on": _d(9, 22),
                "receipt_number": "YLFS-2026-0922-0031",
                "note": "通过代收银行缴纳",
            },
        ),
        (
            _d(9, 24),
            A.CLOSE,
            OFFICER,
            {
                "summary": "当事人已于2026年9月22日缴清罚款3000元；经9月24日复查，被占用绿地已恢复原状。"
                "处罚决定执行完毕，结案。",
            },
        ),
    ],
}


# --- (e) 简易程序: 当场处罚 (处罚法 §51: a person, ¥200) ------------------------------------------

ON_SITE: dict[str, Any] = {
    "key": "on_site",
    "officer": OFFICER,
    "assistants": [ASSISTANT],
    "today": _d(10, 16),
    "lead": {
        "title": "公园绿地内设摊经营不服从管理案",
        "item_code": "YL-CF-05",
        "source": "inspection",
        "source_detail": "巡查中公园管理处反映，一流动摊点多次在公园东侧草坪上摆摊经营，经劝导仍不撤离。",
        "discovered_on": _d(10, 16),
        "act_date": _d(10, 16),
        "party_kind": "person",
        "party_name": "侯建军",
        "party_address": f"山西省长治市潞州区{ADDRESS}",
    },
    "steps": [
        (
            _d(10, 16),
            DISCRETION,
            OFFICER,
            {
                "benchmark_code": "YL-CF-05-J1",
                "tier": "standard",
                "circumstances": "本月内第三次在公园草坪设摊，公园管理处两次劝导未改正",
                "reason": "多次不服从公共绿地管理单位管理，适用一般阶次（200元至1000元），当场处罚按下限",
            },
        ),
        (
            _d(10, 16),
            A.APPLY_SUMMARY,
            OFFICER,
            {
                "penalties": ["warning", "fine"],
                "fine": Decimal("200"),
                "facts": "当事人在公园东侧草坪上设摊经营，不服从公园管理处管理，经劝导仍不撤离。",
                "basis": f"{GREEN}第二十一条、第二十八条",
                "certificate_shown": True,
                "statement": "承认在草坪上摆摊，表示马上撤离，无其他意见。",
                "place": f"长治市城区某公园东侧草坪{ADDRESS}",
            },
        ),
        (
            _d(10, 16),
            A.DECIDE_ON_SITE,
            OFFICER,
            {
                "form_number": "No.YLDC2026000016",
                "correction_order": "立即撤离公共绿地，不得在公园绿地内设摊经营。",
                "handed_over": True,
            },
        ),
        (_d(10, 16), DOCUMENT, OFFICER, {"kind": "on_site_decision", "extra": REMEDY}),
    ],
}

CASES: tuple[dict[str, Any], ...] = (CLOSED, DECIDED, INVESTIGATING, ON_SITE, LEAD_ONLY)


# --- the loader -----------------------------------------------------------------------------


def demo_case_exists(agency: Agency, script: dict[str, Any]) -> bool:
    lead = script["lead"]
    return Case.objects.filter(
        agency=agency, title=lead["title"], party_name=lead["party_name"]
    ).exists()


def demo_cases_load() -> list[Case]:
    """Walk every script whose case does not exist yet; return the cases created.

    Call inside the demo load's transaction. Raises: whatever a service refuses (then the
    caller's transaction writes nothing).
    """
    spec = next(a for a in AGENCIES if a["key"] == AGENCY_KEY)
    agency = Agency.objects.get(uscc=spec["data"]["uscc"])
    users = _users()
    return [
        _walk(agency, script, users) for script in CASES if not demo_case_exists(agency, script)
    ]


def _users() -> dict[str, Any]:
    names = (OFFICER, ASSISTANT, UNIT_HEAD, AGENCY_HEAD)
    found = get_user_model().objects.filter(username__in=names).select_related("officer")
    return {u.username: u for u in found}


def _walk(agency: Agency, script: dict[str, Any], users: dict[str, Any]) -> Case:
    data = {
        **script["lead"],
        "field_code": FIELD,
        "assistant_ids": [users[k].officer.pk for k in script["assistants"]],
    }
    case = lead_register(user=users[script["officer"]], data=data, today=script["today"])
    last_record: CaseStep | None = None
    for day, op, actor, payload in script["steps"]:
        user = users[actor]
        if op == RECORD:
            last_record = case_record_add(user=user, case_id=case.pk, payload=payload, today=day)
        elif op == DOCUMENT:
            step = last_record if payload.get("step") == LAST_RECORD else None
            document_generate(
                user=user,
                case_id=case.pk,
                kind=payload["kind"],
                step_id=step.pk if step else None,
                extra=payload.get("extra"),
                today=day,
            )
        else:
            OPERATIONS.get(op, _transition(op))(user, case, payload, day)
    case.refresh_from_db()
    return case


Operation = Callable[[Any, Case, dict[str, Any], dt.date], Any]


def _transition(action: str) -> Operation:
    def take(user: Any, case: Case, payload: dict[str, Any], day: dt.date) -> Any:
        return case_transition(
            user=user, case_id=case.pk, action=action, payload=payload, today=day
        )

    return take


OPERATIONS: dict[str, Operation] = {
    AV_ABSENCE: lambda u, c, p, d: av_absence_approve(user=u, case_id=c.pk, payload=p, today=d),
    DISCRETION: lambda u, c, p, d: case_discretion_apply(user=u, case_id=c.pk, payload=p, today=d),
    PAYMENT: lambda u, c, p, d: payment_record(user=u, case_id=c.pk, payload=p, today=d),
}

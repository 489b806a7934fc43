"""The case page's panels for the services that are not status transitions: 裁量基准, 回避 and the
case team, 听证, 办案期限延长, 行政强制措施, and 执行 (缴款, 延期/分期, 复议/诉讼, 催告, 申请强制执行).

Registered on import (views_panels imports this module). `visible` is only about keeping the page
short for who can act now; each service checks the role, the status and its rules again.
"""

from __future__ import annotations

from typing import Any

from django.utils import timezone

from sanxiang.cases.forms import Choices
from sanxiang.cases.models import Case, MeasureStatus, RecusalStatus
from sanxiang.cases.payloads_execution import (
    CourtApplication,
    DemandService,
    PaymentEntry,
    PaymentPlanApproval,
    RemedyEnd,
    RemedyStart,
)
from sanxiang.cases.permissions import can_take_action, is_head, roles_in_agency
from sanxiang.cases.rules.coercion import awaiting_approval
from sanxiang.cases.rules.execution import EXECUTION_STATUSES
from sanxiang.cases.services import (
    case_discretion_apply,
    case_extend,
    case_officer_assign,
    court_application_record,
    demand_serve,
    hearing_record,
    hearing_schedule,
    measure_apply,
    measure_approve,
    measure_decide,
    measure_extend,
    measure_release,
    payment_plan_approve,
    payment_record,
    recusal_decide,
    recusal_request,
    remedy_pause_end,
    remedy_pause_start,
)
from sanxiang.cases.services.coercion import (
    MeasureApplication,
    MeasureApproval,
    MeasureDecision,
    MeasureExtension,
    MeasureRelease,
)
from sanxiang.cases.services.discretion import (
    APPLY_DISCRETION,
    DISCRETION_STATUSES,
    DiscretionApplication,
)
from sanxiang.cases.services.enforcement import PAUSE_STATUSES
from sanxiang.cases.services.extension import Extension
from sanxiang.cases.services.hearing import HearingRecord, HearingSchedule
from sanxiang.cases.services.recusal import (
    ENDED_STATUSES,
    OfficerAssignment,
    RecusalDecision,
    RecusalRequest,
)
from sanxiang.cases.services.routing import (
    FLAG_STATUSES,
    MajorFlag,
    case_flag_major,
    flag_rule_choices,
)
from sanxiang.cases.services.routing import STEP_ACTION as FLAG_STEP
from sanxiang.cases.states import CaseAction, CaseStatus
from sanxiang.cases.views_panels import Panel, PanelTarget, register_panel
from sanxiang.catalog.selectors import catalog_rows_in_force
from sanxiang.organisations.models import Role

S = CaseStatus


def _head(user: Any, case: Case) -> bool:
    return is_head(user, case.agency_id)


def _on_case(user: Any, case: Case) -> bool:
    return can_take_action(user, case, CaseAction.CONCLUDE_INVESTIGATION)


def _on_case_or_head(user: Any, case: Case) -> bool:
    return _on_case(user, case) or _head(user, case)


def _open(case: Case) -> bool:
    return case.status not in ENDED_STATUSES


def _hearing_open(case: Case) -> bool:
    hearing = getattr(case, "hearing", None)
    return (
        case.status == S.HEARING
        and hearing is not None
        and hearing.held_on is None
        and not hearing.party_absent
    )


def _benchmarks(case: Case) -> dict[str, Choices]:
    rows = catalog_rows_in_force(case.agency, "benchmark", timezone.localdate())
    if case.item is not None:
        rows = rows.filter(item_code=case.item.code)
    return {"benchmark_code": [(b.code, f"{b.code} {b.violation}") for b in rows]}


def _pending_recusals(case: Case) -> Choices:
    pending = case.recusals.filter(status=RecusalStatus.PENDING).select_related("officer")
    return [(str(r.pk), f"{r.officer.name}：{r.reason[:40]}") for r in pending]


def _measure_label(measure: Any) -> str:
    return f"{measure.get_kind_display()} · {measure.place}（{measure.started_on:%Y-%m-%d}起）"


def _active_measures(case: Case) -> Choices:
    active = case.measures.filter(status=MeasureStatus.ACTIVE)
    return [(str(m.pk), _measure_label(m)) for m in active]


def _measures_awaiting_approval(case: Case) -> Choices:
    return [(str(m.pk), _measure_label(m)) for m in case.measures.all() if awaiting_approval(m)]


def _pause_open(case: Case) -> bool:
    return case.remedy_pauses.filter(ended_on__isnull=True).exists()


def _review_rules(case: Case) -> dict[str, Choices]:
    # Left blank: outside the list, on the handler's own judgement.
    return {"rule_code": flag_rule_choices(case, timezone.localdate())}


PANELS_OF_SERVICES = [
    Panel(
        key="flag-major",
        title="提请法制审核（重大执法决定）",
        model=MajorFlag,
        submit=case_flag_major,
        visible=lambda user, case: case.status in FLAG_STATUSES and _on_case_or_head(user, case),
        done="已提请法制审核：本案作出决定前须经法制审核通过",
        step_action=FLAG_STEP,
        description="目录清单中“疑难复杂”“涉及重大公共利益”等须由承办人员判断的情形，在此提请；"
        "罚款数额、处罚种类、听证等情形在告知或报请决定时按目录清单自动判断（《行政处罚法》第五十八条）。",
        choices=_review_rules,
    ),
    Panel(
        key="discretion",
        title="适用裁量基准",
        model=DiscretionApplication,
        submit=case_discretion_apply,
        visible=lambda user, case: case.status in DISCRETION_STATUSES and _on_case(user, case),
        done="裁量基准已适用",
        step_action=APPLY_DISCRETION,
        description="选择违法行为对应的裁量基准和阶次，说明情节和理由；超出阶次的须说明理由，"
        "并经法制审核和集体讨论（国办发〔2022〕27号）。",
        choices=_benchmarks,
    ),
    Panel(
        key="recusal",
        title="登记回避申请",
        model=RecusalRequest,
        submit=recusal_request,
        visible=lambda user, case: _open(case) and _on_case_or_head(user, case),
        done="回避申请已登记",
        step_action="recusal_request",
        description="当事人申请或执法人员自行回避（《行政处罚法》第四十三条）。决定前不得告知或作出决定。",
    ),
    Panel(
        key="recusal-decide",
        title="决定回避申请",
        model=RecusalDecision,
        submit=recusal_decide,
        visible=lambda user, case: _open(case) and _head(user, case),
        done="回避申请已决定",
        step_action="recusal_decide",
        target=PanelTarget(kwarg="recusal_id", label="回避申请", options=_pending_recusals),
    ),
    Panel(
        key="assign",
        title="指派办案人员",
        model=OfficerAssignment,
        submit=case_officer_assign,
        visible=lambda user, case: _open(case) and _head(user, case),
        done="已指派办案人员",
        step_action="case_officer_assign",
    ),
    Panel(
        key="extension",
        title="延长办案期限",
        model=Extension,
        submit=case_extend,
        visible=lambda user, case: (
            case.filed_on is not None
            and case.decided_on is None
            and _open(case)
            and _head(user, case)
        ),
        done="办案期限已延长",
        step_action="case_extend",
        description="负责人批准延长一次（三十日以内）；再次延长或延长超过三十日须经负责人集体讨论"
        "（《行政处罚法》第六十条）。",
    ),
    Panel(
        key="hearing-schedule",
        title="安排听证",
        model=HearingSchedule,
        submit=hearing_schedule,
        visible=lambda user, case: _hearing_open(case) and _head(user, case),
        done="听证已安排",
        step_action="hearing_schedule",
        description="指定非本案调查人员为主持人，听证七日前通知当事人（《行政处罚法》第六十四条）。",
    ),
    Panel(
        key="hearing-record",
        title="记录听证",
        model=HearingRecord,
        submit=hearing_record,
        visible=lambda user, case: (
            _hearing_open(case)
            and getattr(case, "hearing", None) is not None
            and case.hearing.chair_id is not None
        ),
        done="听证已记录",
        step_action="hearing_record",
    ),
    Panel(
        key="measure",
        title="采取行政强制措施",
        model=MeasureApplication,
        submit=measure_apply,
        visible=lambda user, case: case.status == S.INVESTIGATING and _on_case_or_head(user, case),
        done="行政强制措施已登记",
        step_action="measure_apply",
        description="先行登记保存、查封、扣押：附清单和现场笔录；列入音像记录事项清单的须附音像记录"
        "（《行政强制法》第十八条、第二十四条）。",
    ),
    Panel(
        key="measure-approve",
        title="补办强制措施批准",
        model=MeasureApproval,
        submit=measure_approve,
        visible=lambda user, case: _head(user, case),
        done="已办理强制措施批准",
        step_action="measure_approve",
        target=PanelTarget(
            kwarg="measure_id", label="紧急实施的措施", options=_measures_awaiting_approval
        ),
    ),
    Panel(
        key="measure-decide",
        title="强制措施处理决定",
        model=MeasureDecision,
        submit=measure_decide,
        visible=_on_case_or_head,
        done="已作出处理决定",
        step_action="measure_decide",
        target=PanelTarget(kwarg="measure_id", label="措施", options=_active_measures),
    ),
    Panel(
        key="measure-extend",
        title="延长查封、扣押期限",
        model=MeasureExtension,
        submit=measure_extend,
        visible=_head,
        done="查封、扣押期限已延长",
        step_action="measure_extend",
        target=PanelTarget(kwarg="measure_id", label="措施", options=_active_measures),
    ),
    Panel(
        key="measure-release",
        title="解除强制措施",
        model=MeasureRelease,
        submit=measure_release,
        visible=_on_case_or_head,
        done="强制措施已解除",
        step_action="measure_release",
        target=PanelTarget(kwarg="measure_id", label="措施", options=_active_measures),
    ),
    Panel(
        key="payment",
        title="登记缴款",
        model=PaymentEntry,
        submit=payment_record,
        visible=lambda user, case: (
            case.status in EXECUTION_STATUSES
            and (can_take_action(user, case, CaseAction.EXECUTE) or _head(user, case))
        ),
        done="缴款已登记",
        step_action="payment",
        description="当事人自收到处罚决定书之日起十五日内缴纳罚款；逾期每日加处罚款数额的3%"
        "（《行政处罚法》第六十七条、第七十二条）。",
    ),
    Panel(
        key="payment-plan",
        title="批准延期或分期缴纳",
        model=PaymentPlanApproval,
        submit=payment_plan_approve,
        visible=lambda user, case: case.status in EXECUTION_STATUSES and _head(user, case),
        done="已批准延期或分期缴纳",
        step_action="payment_plan",
    ),
    Panel(
        key="remedy-start",
        title="登记行政复议或行政诉讼",
        model=RemedyStart,
        submit=remedy_pause_start,
        visible=lambda user, case: (
            case.status in PAUSE_STATUSES and not _pause_open(case) and _on_case_or_head(user, case)
        ),
        done="已登记，复议、诉讼期间不加处罚款",
        step_action="remedy_started",
    ),
    Panel(
        key="remedy-end",
        title="登记复议或诉讼结果",
        model=RemedyEnd,
        submit=remedy_pause_end,
        visible=lambda user, case: _pause_open(case) and _on_case_or_head(user, case),
        done="复议或诉讼结果已登记",
        step_action="remedy_ended",
    ),
    Panel(
        key="demand",
        title="送达催告书",
        model=DemandService,
        submit=demand_serve,
        visible=lambda user, case: (
            case.status in EXECUTION_STATUSES and _on_case_or_head(user, case)
        ),
        done="催告书已送达",
        step_action="demand",
        description="当事人逾期不履行的，申请人民法院强制执行前应当书面催告（《行政强制法》第五十四条）。",
    ),
    Panel(
        key="court",
        title="申请人民法院强制执行",
        model=CourtApplication,
        submit=court_application_record,
        visible=lambda user, case: (
            case.status in EXECUTION_STATUSES
            and Role.AGENCY_HEAD in roles_in_agency(user, case.agency_id)
        ),
        done="已登记强制执行申请",
        step_action="court_application",
    ),
]

for _panel in PANELS_OF_SERVICES:
    register_panel(_panel)

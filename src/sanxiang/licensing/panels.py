"""The licensing services as workbench panels on the case page of licence cases.

Registered with `cases.views_panels.register_panel` from AppConfig.ready: the page generates each
form from the payload model, the cases panel view posts it to the service and shows a refusal on
the form with the input kept.
"""

from __future__ import annotations

from typing import Any

from sanxiang.cases.deadlines import running_deadline
from sanxiang.cases.models import Case, DeadlineKind, OfficerRole
from sanxiang.cases.states import CaseStatus
from sanxiang.cases.views_context import officer_choices
from sanxiang.cases.views_panels import Panel, PanelTarget, register_panel
from sanxiang.licensing import payloads as p
from sanxiang.licensing.models import ExcludedPeriod
from sanxiang.licensing.permissions import can_handle_licence, is_agency_head
from sanxiang.licensing.services import (
    licence_application_assign,
    licence_decision_extend,
    licence_examination_record,
    licence_excluded_period_end,
    licence_excluded_period_start,
    licence_hearing_rights_notify,
)
from sanxiang.organisations.models import Role
from sanxiang.organisations.permissions import agency_ids_with_role

S = CaseStatus
EXAMINING = {S.LICENCE_EXAMINING, S.LICENCE_HEARING, S.LEGAL_REVIEW, S.PENDING_DECISION}


def _licence(case: Case) -> bool:
    return str(case.kind) == "licence"


def _handler_in(statuses: set[CaseStatus]) -> Any:
    def visible(user: Any, case: Case) -> bool:
        return _licence(case) and case.status in statuses and can_handle_licence(user, case)

    return visible


def _examine(*, user: Any, case_id: Any, payload: Any) -> Any:
    return licence_examination_record(user=user, case_id=case_id, data=payload)


def _extend(*, user: Any, case_id: Any, payload: Any) -> Any:
    return licence_decision_extend(user=user, case_id=case_id, data=payload)


def _excluded_start(*, user: Any, case_id: Any, payload: Any) -> Any:
    return licence_excluded_period_start(user=user, case_id=case_id, data=payload)


def _excluded_end(*, user: Any, case_id: Any, payload: Any, period_id: Any) -> Any:
    return licence_excluded_period_end(
        user=user, case_id=case_id, period_id=period_id, data=payload
    )


def _hearing_rights(*, user: Any, case_id: Any, payload: Any) -> Any:
    return licence_hearing_rights_notify(user=user, case_id=case_id, data=payload)


def _assign(*, user: Any, case_id: Any, payload: Any) -> Any:
    return licence_application_assign(user=user, case_id=case_id, data=payload)


def _can_extend(user: Any, case: Case) -> bool:
    return (
        _licence(case)
        and is_agency_head(user, case.agency_id)
        and running_deadline(case, DeadlineKind.LICENCE_DECISION) is not None
        and not case.licence_application.extension_days
    )


def _open_periods(case: Case) -> list[tuple[str, str]]:
    periods = ExcludedPeriod.objects.filter(application__case=case, ended_on=None)
    return [(str(x.pk), f"{x.get_kind_display()}（{x.started_on}起）") for x in periods]


def _unassigned(user: Any, case: Case) -> bool:
    heads = agency_ids_with_role(user, Role.UNIT_HEAD, Role.AGENCY_HEAD)
    return (
        _licence(case)
        and case.agency_id in heads
        and not case.assignments.filter(active=True, role=OfficerRole.LEAD).exists()
    )


def _assign_choices(case: Case) -> dict[str, list[tuple[str, str]]]:
    officers = officer_choices(case)
    return {"lead_officer_id": officers, "assistant_ids": officers}


PANELS = [
    Panel(
        key="licence-assign",
        title="分配承办人员（网上申请）",
        model=p.AssignPayload,
        submit=_assign,
        visible=_unassigned,
        done="已分配承办人员",
        step_action="licence_assign",
        choices=_assign_choices,
    ),
    Panel(
        key="licence-examination",
        title="记录审查意见（含现场核查）",
        model=p.ExaminationPayload,
        submit=_examine,
        visible=_handler_in({S.LICENCE_EXAMINING}),
        done="审查意见已记录",
        step_action="licence_examination",
        description="拟作出准予或不予许可的决定及理由；法制审核和负责人决定以最新的审查意见为准"
        "（《行政许可法》第三十四条、第三十八条）。",
    ),
    Panel(
        key="licence-hearing-rights",
        title="告知听证权利",
        model=p.HearingRightsPayload,
        submit=_hearing_rights,
        visible=_handler_in({S.LICENCE_EXAMINING}),
        done="已记录听证权利告知",
        step_action="licence_hearing_rights",
        description="许可事项直接关系他人重大利益的，告知申请人、利害关系人享有要求听证的权利；"
        "其应在被告知之日起五个工作日内提出（《行政许可法》第四十七条）。",
    ),
    Panel(
        key="licence-excluded-start",
        title="不计入许可期限的期间（开始）",
        model=p.ExcludedStartPayload,
        submit=_excluded_start,
        visible=_handler_in(EXAMINING),
        done="已记录，并应书面告知申请人",
        step_action="licence_excluded_start",
        description="听证、招标、拍卖、检验、检测、检疫、鉴定和专家评审所需时间不计算在许可期限内，"
        "应当书面告知申请人（《行政许可法》第四十五条）。",
    ),
    Panel(
        key="licence-excluded-end",
        title="不计入许可期限的期间（结束）",
        model=p.ExcludedEndPayload,
        submit=_excluded_end,
        visible=_handler_in(EXAMINING),
        done="期间已结束，许可决定期限已顺延",
        step_action="licence_excluded_end",
        target=PanelTarget(kwarg="period_id", label="期间", options=_open_periods),
    ),
    Panel(
        key="licence-extend",
        title="延长许可决定期限",
        model=p.ExtendPayload,
        submit=_extend,
        visible=_can_extend,
        done="许可决定期限已延长，并应将延长理由告知申请人",
        step_action="licence_extend",
        description="经本机关负责人批准可延长十个工作日（统一、联合、集中办理的延长十五个工作日），"
        "只能延长一次（《行政许可法》第四十二条）。",
    ),
]


def register() -> None:
    for panel in PANELS:
        register_panel(panel)

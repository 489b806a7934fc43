"""Panels of the case page: services that record something on a case without changing its status.

A panel is a form generated from a pydantic model plus the service that takes it. The case page
shows every panel whose `visible(user, case)` is true, posts it to `/cases/<id>/panels/<key>/`,
and renders a refusal (ValidationFailed / RuleViolation / Forbidden) on the form with the input
kept. To add one (e.g. 听证, 回避, 延长办案期限, 查封扣押, 缴款), append a `Panel` to `PANELS`:

    Panel(
        key="hearing",                      # URL segment, unique
        title="安排听证",                    # heading on the case page
        model=HearingSchedule,              # pydantic model: titles are the field labels
        submit=lambda *, user, case_id, payload: hearing_schedule(
            user=user, case_id=case_id, payload=payload
        ),
        visible=lambda user, case: case.status == CaseStatus.HEARING and is_assigned_user(...),
        done="已安排听证",
        step_action="schedule_hearing",     # the CaseStep.action the service records
    )

A service that acts on one object of the case (a 回避 application, a 查封 measure) takes its id as
a keyword: give the panel a `PanelTarget(kwarg="recusal_id", label="回避申请", options=...)` and
the form starts with a select of the objects `options(case)` returns (the panel hides itself when
there are none); the chosen id is passed as `recusal_id=`.

The service does every check again; `visible` only keeps the page short.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from pydantic import BaseModel

from sanxiang.cases.forms import Choices
from sanxiang.cases.models import Case
from sanxiang.cases.payloads import RecordEntry
from sanxiang.cases.permissions import can_take_action, is_head
from sanxiang.cases.rules.recording import AV_ABSENCE_APPROVED
from sanxiang.cases.selectors_content import register_step_model
from sanxiang.cases.services import av_absence_approve, case_record_add
from sanxiang.cases.services.records import RECORD_STATUSES, AvAbsence
from sanxiang.cases.states import CaseAction

Submit = Callable[..., Any]
Visible = Callable[[Any, Case], bool]


@dataclass(frozen=True)
class PanelTarget:
    """The object of the case a panel's service acts on, chosen first on its form."""

    kwarg: str  # the service's keyword, e.g. "recusal_id"
    label: str  # the select's label, e.g. "回避申请"
    options: Callable[[Case], Choices]  # (id, label) of the objects that can be acted on now


@dataclass(frozen=True)
class Panel:
    key: str
    title: str
    model: type[BaseModel]
    submit: Submit  # called as submit(user=, case_id=, payload=)
    visible: Visible
    done: str  # the success message
    step_action: str = ""
    description: str = ""
    # Extra options for id/code fields beyond the evidence the page always offers.
    choices: Callable[[Case], Mapping[str, Choices]] | None = field(default=None)
    target: PanelTarget | None = None


def _takes_notes(user: Any, case: Case) -> bool:
    return case.status in RECORD_STATUSES and can_take_action(
        user, case, CaseAction.CONCLUDE_INVESTIGATION
    )


def _not_finished(case: Case) -> bool:
    return case.status not in {"archived", "declined", "closed"}


PANELS: list[Panel] = [
    Panel(
        key="record",
        title="制作笔录",
        model=RecordEntry,
        submit=case_record_add,
        visible=_takes_notes,
        done="笔录已记录",
        step_action="record",
        description="询问、现场检查、勘验、抽样取证的文字记录（《行政处罚法》第五十五条）。"
        "列入音像记录事项清单的环节须附已封存的音视频记录，或先由负责人批准未进行音像记录的原因。",
    ),
    Panel(
        key="av-absence",
        title="批准未进行音像记录",
        model=AvAbsence,
        submit=av_absence_approve,
        visible=lambda user, case: is_head(user, case.agency_id) and _not_finished(case),
        done="已批准未进行音像记录的原因",
        step_action=AV_ABSENCE_APPROVED,
        description="负责人批准某一执法环节因故未进行音像记录，并记录原因（《行政处罚法》第四十七条）。"
        "执法环节应与音像记录事项清单中的名称一致，例如“调查取证”“现场检查”。",
    ),
]


def register_panel(panel: Panel) -> Panel:
    """Add a panel (its key must be new) and label its steps on the timeline."""
    if any(p.key == panel.key for p in PANELS):
        raise ValueError(f"panel {panel.key} registered twice")
    PANELS.append(panel)
    if panel.step_action:
        register_step_model(panel.step_action, panel.model)
    return panel


def panel_get(key: str) -> Panel | None:
    return next((p for p in PANELS if p.key == key), None)


def panels_for(user: Any, case: Case) -> list[Panel]:
    return [
        p
        for p in PANELS
        if p.visible(user, case) and (p.target is None or list(p.target.options(case)))
    ]


# The panels of the other case services register themselves on import (after the machinery above).
from sanxiang.cases import views_panels_services  # noqa: E402, F401

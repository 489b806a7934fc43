"""Case services: every state change of a case goes through one of these."""

from sanxiang.cases.services.enforcement import (
    court_application_record,
    demand_serve,
    remedy_pause_end,
    remedy_pause_start,
)
from sanxiang.cases.services.execution import payment_plan_approve, payment_record
from sanxiang.cases.services.intake import lead_register
from sanxiang.cases.services.records import av_absence_approve, case_record_add
from sanxiang.cases.services.workflow import case_action_options, case_transition

__all__ = [
    "av_absence_approve",
    "case_action_options",
    "case_record_add",
    "case_transition",
    "court_application_record",
    "demand_serve",
    "lead_register",
    "payment_plan_approve",
    "payment_record",
    "remedy_pause_end",
    "remedy_pause_start",
]

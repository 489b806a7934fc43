"""Case services: every state change of a case goes through one of these."""

from sanxiang.cases.services.coercion import (
    measure_apply,
    measure_approve,
    measure_decide,
    measure_extend,
    measure_release,
)
from sanxiang.cases.services.discretion import case_discretion_apply
from sanxiang.cases.services.enforcement import (
    court_application_record,
    demand_serve,
    remedy_pause_end,
    remedy_pause_start,
)
from sanxiang.cases.services.execution import payment_plan_approve, payment_record
from sanxiang.cases.services.extension import case_extend
from sanxiang.cases.services.hearing import hearing_record, hearing_schedule
from sanxiang.cases.services.intake import lead_register
from sanxiang.cases.services.party import case_party_transition
from sanxiang.cases.services.records import av_absence_approve, case_record_add
from sanxiang.cases.services.recusal import case_officer_assign, recusal_decide, recusal_request
from sanxiang.cases.services.routing import case_flag_major
from sanxiang.cases.services.workflow import case_action_options, case_transition

__all__ = [
    "av_absence_approve",
    "case_action_options",
    "case_discretion_apply",
    "case_extend",
    "case_flag_major",
    "case_officer_assign",
    "case_party_transition",
    "case_record_add",
    "case_transition",
    "court_application_record",
    "demand_serve",
    "hearing_record",
    "hearing_schedule",
    "lead_register",
    "measure_apply",
    "measure_approve",
    "measure_decide",
    "measure_extend",
    "measure_release",
    "payment_plan_approve",
    "payment_record",
    "recusal_decide",
    "recusal_request",
    "remedy_pause_end",
    "remedy_pause_start",
]

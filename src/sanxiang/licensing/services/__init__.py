"""行政许可 services: every licensing change goes through one of these (or `case_transition`)."""

from sanxiang.licensing.services.examination import (
    licence_decision_extend,
    licence_examination_record,
    licence_excluded_period_end,
    licence_excluded_period_start,
    licence_hearing_rights_notify,
)
from sanxiang.licensing.services.intake import (
    Applicant,
    licence_application_assign,
    licence_apply,
    licence_apply_online,
)
from sanxiang.licensing.services.lifecycle import (
    licence_cancel,
    licence_change_apply,
    licence_renewal_apply,
    licence_revoke,
    licences_expire,
)

__all__ = [
    "Applicant",
    "licence_application_assign",
    "licence_apply",
    "licence_apply_online",
    "licence_cancel",
    "licence_change_apply",
    "licence_decision_extend",
    "licence_examination_record",
    "licence_excluded_period_end",
    "licence_excluded_period_start",
    "licence_hearing_rights_notify",
    "licence_renewal_apply",
    "licence_revoke",
    "licences_expire",
]

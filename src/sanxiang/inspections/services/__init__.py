"""The one write path of the inspections app: every change is one of these functions
(the 行政检查 actions themselves go through `cases.services.case_transition`)."""

from sanxiang.inspections.services.opening import inspection_open, inspection_open_many
from sanxiang.inspections.services.plans import (
    inspection_plan_approve,
    inspection_plan_create,
    inspection_plan_publish,
    inspection_plan_update,
)

__all__ = [
    "inspection_open",
    "inspection_open_many",
    "inspection_plan_approve",
    "inspection_plan_create",
    "inspection_plan_publish",
    "inspection_plan_update",
]

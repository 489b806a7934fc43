"""The 行政检查 actions on the shared case engine: payload, who may take each, and its handler.

Called once from `InspectionsConfig.ready`; 结案 and 归档 keep the engine's shared definitions.
"""

from __future__ import annotations

from sanxiang.cases.extensions import action_register
from sanxiang.cases.permissions import ASSIGNED
from sanxiang.cases.states import CaseAction
from sanxiang.inspections import payloads as p
from sanxiang.inspections.services import actions as h

A = CaseAction
# The inspectors record what they do on site and its result; a 转立案 is their proposal, which
# the penalty case's 立案审批 puts before the 负责人.
INSPECTORS = (ASSIGNED,)


def register() -> None:
    action_register(
        A.INSPECTION_RECORD,
        payload=p.SiteInspection,
        actors=INSPECTORS,
        handler=h.record_site_inspection,
    )
    action_register(
        A.INSPECTION_NOT_FOUND,
        payload=p.NotFoundResult,
        actors=INSPECTORS,
        handler=h.record_not_found,
    )
    action_register(
        A.INSPECTION_PASS, payload=p.InspectionPass, actors=INSPECTORS, handler=h.record_pass
    )
    action_register(
        A.INSPECTION_ORDER_CORRECTION,
        payload=p.CorrectionOrder,
        actors=INSPECTORS,
        handler=h.order_correction,
    )
    action_register(
        A.INSPECTION_RECHECK, payload=p.Recheck, actors=INSPECTORS, handler=h.record_recheck
    )
    action_register(
        A.INSPECTION_TRANSFER,
        payload=p.TransferToCase,
        actors=INSPECTORS,
        handler=h.record_transfer,
    )

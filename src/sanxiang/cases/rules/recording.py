"""音像记录: a step listed in the agency's 音像记录事项清单 needs sealed audio/video evidence, or an
absence reason approved beforehand by the 负责人 (处罚法 §47; 国办发〔2018〕118号)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from sanxiang.cases.models import Case, ServiceMethod
from sanxiang.cases.rules.base import RuleContext, rule
from sanxiang.cases.states import CaseAction
from sanxiang.catalog.models import RecordingLevel
from sanxiang.catalog.selectors import catalog_rows_in_force
from sanxiang.evidence.models import EvidenceItem

CITATION = "《行政处罚法》第四十七条"
AV_ABSENCE_APPROVED = "approve_av_absence"
SERVICE_ACTIVITIES: dict[str, str] = {
    ServiceMethod.LEFT: "留置送达",
    ServiceMethod.PUBLIC_NOTICE: "公告送达",
}
AV_MEDIA_PREFIXES = ("video/", "audio/")


def recording_required(case: Case, activity: str, on: dt.date) -> bool:
    """Does the agency's 音像记录事项清单 in force list `activity` for this case's item?"""
    item_code = case.item.code if case.item else ""
    rows = catalog_rows_in_force(case.agency, "recording", on).filter(activity=activity)
    return any(
        r.level != RecordingLevel.NONE and (not r.item_code or r.item_code == item_code)
        for r in rows
    )


def absence_approved(case: Case, activity: str) -> bool:
    return case.steps.filter(action=AV_ABSENCE_APPROVED, content__activity=activity).exists()


def av_refusal(
    *, case: Case, activity: str, evidence_ids: Iterable[Any], on: dt.date
) -> str | None:
    """None when `activity` needs no recording, has sealed audio/video among `evidence_ids`, or
    has an approved absence reason; otherwise the refusal text."""
    if not activity or not recording_required(case, activity, on):
        return None
    ids = [str(i) for i in evidence_ids]
    av = EvidenceItem.objects.filter(agency=case.agency, pk__in=ids).filter(
        blob__media_type__regex=r"^(video|audio)/"
    )
    if av.exists() or absence_approved(case, activity):
        return None
    return (
        f"“{activity}”列入音像记录事项清单，须附已封存的音视频记录，"
        "或先由负责人批准未进行音像记录的原因"
    )


@rule(
    "av_recording_service",
    citation=CITATION,
    title="列入音像记录事项清单的送达须有音像记录",
    actions={CaseAction.SERVE},
    needs_payload=True,
)
def av_recording_service(ctx: RuleContext) -> str | None:
    activity = SERVICE_ACTIVITIES.get(str(ctx.payload.get("method")), "")
    return av_refusal(
        case=ctx.case,
        activity=activity,
        evidence_ids=ctx.payload.get("evidence_ids") or [],
        on=ctx.today,
    )

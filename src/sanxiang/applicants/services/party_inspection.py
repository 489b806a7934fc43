"""The party of a 行政检查 online: while the case is in 责令改正, it reports the correction done
(整改完成报告) with a short text and optional files (PDF/JPEG/PNG, sealed in the vault).

The report changes no status — the inspectors still do the 复查 — so it is not a transition but a
CaseStep recorded by the party (party_user), audited and ledgered in the same transaction. The
复查 rule (inspections.rules) accepts it in place of the officer's "当事人已报告" flag.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from typing import Any

from django.db import transaction
from django.utils import timezone

from sanxiang.applicants.services.party import linked_case_locked
from sanxiang.applicants.services.uploads import MaterialFile, attachments_of
from sanxiang.cases.models import CaseKind, CaseStep
from sanxiang.cases.services.common import case_audit, step_record
from sanxiang.cases.states import CaseStatus
from sanxiang.core.errors import RuleViolation, ValidationFailed
from sanxiang.inspections.party_report import (
    MAX_REPORT_CHARS,
    PARTY_REPORT_ACTION,
    PARTY_REPORT_LABEL,
)

EVENT_REPORTED = "applicants.correction_report.submitted"
REPORT_CITATION = "责令改正通知书确定的期限"
REPORT_ATTACHMENT = "整改材料"
REPORT_CLOSED = "检查当前不在责令改正阶段（{status}），不能在网上报告整改完成"
REPORT_EMPTY = "请填写整改完成情况"
REPORT_TOO_LONG = f"整改完成情况不得超过{MAX_REPORT_CHARS}字"


@transaction.atomic
def party_correction_report(
    *,
    user: Any,
    case_id: Any,
    text: str,
    attachment_ids: list[str] | None = None,
    files: list[MaterialFile] | None = None,
    today: dt.date | None = None,
) -> CaseStep:
    """Report online, on one's own inspection case in 责令改正, that the correction is done.

    Raises: NotFound (not linked to the case); RuleViolation `correction_report_not_open` (not an
        inspection in 责令改正); ValidationFailed (empty or too long text, attachments not one's
        own uploads to this agency, a file type refused).
    """
    _, case = linked_case_locked(user=user, case_id=case_id)
    if case.kind != CaseKind.INSPECTION or case.status != CaseStatus.INSPECTION_RECTIFYING:
        raise RuleViolation(
            REPORT_CLOSED.format(status=CaseStatus(case.status).label),
            code="correction_report_not_open",
            citation=REPORT_CITATION,
        )
    text = text.strip()
    if not text:
        raise ValidationFailed(REPORT_EMPTY, code="correction_report_empty")
    if len(text) > MAX_REPORT_CHARS:
        raise ValidationFailed(REPORT_TOO_LONG, code="correction_report_too_long")
    named = [
        MaterialFile(name=REPORT_ATTACHMENT, filename=f.filename, data=f.data) for f in files or []
    ]
    uploads = attachments_of(
        user=user, agency_id=case.agency_id, item_ids=attachment_ids, files=named
    )
    day = today or timezone.localdate()
    step = step_record(
        case=case,
        actor=None,
        party_user=user,
        action=PARTY_REPORT_ACTION,
        label=PARTY_REPORT_LABEL,
        on=day,
        content={
            "report": text,
            "reported_on": day.isoformat(),
            "attachments": [u.item.filename for u in uploads],
        },
        status_before=case.status,
        evidence=[u.item for u in uploads],
    )
    case_audit(
        user=user,
        event=EVENT_REPORTED,
        case=case,
        target=step,
        new={
            "step": step.sequence,
            "reported_on": day.isoformat(),
            "by_party": True,
            "text_sha256": hashlib.sha256(text.encode()).hexdigest(),
            "attachments": [u.item.blob_id for u in uploads],
        },
    )
    return step

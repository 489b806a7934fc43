"""The files an applicant uploaded for one of their matters: the materials of an online licence
application, the answers to a 补正, the attachments of an online 陈述申辩 and of an online
整改完成报告 (the party's CaseStep of an inspection).

Only the account's own uploads are listed or returned; a file of another applicant — or one that
belongs to no matter of this account — is the same NotFound as a missing one.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sanxiang.applicants.models import ApplicantUpload, PartyStatement
from sanxiang.applicants.selectors import matter_get
from sanxiang.cases.models import Case
from sanxiang.core.errors import NotFound
from sanxiang.core.ids import uuid_or_not_found
from sanxiang.evidence.models import EvidenceItem
from sanxiang.inspections.party_report import PARTY_REPORT_ACTION

STATEMENT_ATTACHMENT = "陈述申辩附件"
REPORT_ATTACHMENT = "整改材料"


def _named(materials: Any) -> dict[str, str]:
    return {
        str(m["evidence_id"]): str(m.get("name", ""))
        for m in materials or []
        if m.get("evidence_id")
    }


def matter_evidence_names(case: Case) -> dict[str, str]:
    """Evidence ids a matter refers to as submitted by the applicant or the party, each with the
    name it was submitted under (the 服务指南's material, 补正 item, or 陈述申辩附件)."""
    names: dict[str, str] = {}
    application = getattr(case, "licence_application", None)
    if application is not None:
        names.update(_named(application.materials))
        for correction in application.corrections.order_by("round"):
            names.update(_named(correction.answer_materials))
    attached = PartyStatement.objects.filter(case=case).values_list("attachments", flat=True)
    names.update({str(i): STATEMENT_ATTACHMENT for i in attached if i is not None})
    reported = case.steps.filter(action=PARTY_REPORT_ACTION).values_list("evidence", flat=True)
    names.update({str(i): REPORT_ATTACHMENT for i in reported if i is not None})
    return names


@dataclass(frozen=True)
class OwnFile:
    upload: ApplicantUpload
    name: str  # what it was submitted as

    @property
    def item(self) -> EvidenceItem:
        return self.upload.item


def matter_uploads(*, user: Any, case: Case) -> list[OwnFile]:
    """The account's own files on this matter, oldest first."""
    names = matter_evidence_names(case)
    rows = (
        ApplicantUpload.objects.filter(account=user, item_id__in=list(names))
        .select_related("item", "item__blob")
        .order_by("created_at")
    )
    return [OwnFile(upload=u, name=names[str(u.item_id)] or u.purpose) for u in rows]


def matter_upload_get(*, user: Any, case_id: Any, item_id: Any) -> ApplicantUpload:
    """Raises: NotFound unless the matter is the applicant's and the file their own on it."""
    case = matter_get(user=user, case_id=case_id)
    pk = uuid_or_not_found(item_id)
    if str(pk) not in matter_evidence_names(case):
        raise NotFound()
    upload = (
        ApplicantUpload.objects.filter(account=user, item_id=pk)
        .select_related("item", "item__blob")
        .first()
    )
    if upload is None:
        raise NotFound()
    return upload

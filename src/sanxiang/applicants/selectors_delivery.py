"""Which 执法文书 reached the applicant through the portal, and when.

Arrival in the party's own system *is* electronic service (民事诉讼法 §90 ②: 到达受送达人特定系统
的日期为送达日期), so what the portal shows is what the case file says was served there:

- 行政许可 (and 行政检查) matters: the online application made the portal the agreed channel; a
  party document reaches it when it is made while the account's 电子送达确认书 is in force.
- 行政处罚 cases (claimed with a 网上办理码): a party document reaches the portal only through a
  送达记录 the officer made with method 电子送达 on a day the account's 确认书 was in force
  (处罚法 §61 ②). Its 送达日期 is that record's. A document served in person, by post or on the
  spot never also "arrives" electronically on some unrecorded day.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.utils import timezone

from sanxiang.applicants.consent_provider import in_force_on_q
from sanxiang.applicants.models import ElectronicServiceConsent
from sanxiang.applicants.selectors import consents_of, matters_visible_to
from sanxiang.cases.models import (
    Case,
    CaseKind,
    ServedDocument,
    ServiceMethod,
    ServiceRecord,
)
from sanxiang.core.errors import NotFound
from sanxiang.core.ids import uuid_or_not_found
from sanxiang.documents.kinds import LICENCE_KINDS, DocumentKind
from sanxiang.documents.models import Document

K = DocumentKind
# What is served on the applicant or the party; internal forms (审批表, 审核意见, 报告) never are.
PARTY_DOCUMENT_KINDS = frozenset(
    {
        *LICENCE_KINDS,  # every licence 文书 goes to the applicant
        K.PENALTY_NOTICE,
        K.HEARING_NOTICE,
        K.PENALTY_DECISION,
        K.NO_PENALTY_DECISION,
        K.ON_SITE_DECISION,
        K.PAYMENT_REMINDER,
        K.SEIZURE_DECISION,
        K.SEIZURE_LIST,
        K.EVIDENCE_PRESERVATION_NOTICE,
        K.CORRECTION_ORDER,
        K.INSPECTION_RESULT,
    }
)

# 送达记录 (ServiceRecord.document) -> the 文书 of a penalty case it serves on the party.
#   NOTICE    ISSUE_NOTICE's record: the 行政处罚事先告知书.
#   DECISION  SERVE's record, from 待送达 (给予处罚) or 不予处罚 alike, and DECIDE_ON_SITE's own
#             (always 直接送达: 当场交付, §52). A case can only generate the decision it made
#             (the other kinds lack required fields: 文号, 不予处罚情形), so one kind per case.
#   DEMAND    demand_serve's record: the 履行催告书 (强制法 §35, §54).
#   COERCION  查封（扣押）决定书 with its 财物清单 (强制法 §24); no step records it yet.
#   OTHER     names no 文书, so it serves nothing into the portal.
# Kinds no record serves — 听证通知书 (Hearing.notice_served_on), 先行登记保存证据通知书 — never
# reach the portal of a penalty case.
SERVED_KINDS: dict[str, frozenset[DocumentKind]] = {
    ServedDocument.NOTICE: frozenset({K.PENALTY_NOTICE}),
    ServedDocument.DECISION: frozenset(
        {K.PENALTY_DECISION, K.NO_PENALTY_DECISION, K.ON_SITE_DECISION}
    ),
    ServedDocument.DEMAND: frozenset({K.PAYMENT_REMINDER}),
    ServedDocument.COERCION: frozenset({K.SEIZURE_DECISION, K.SEIZURE_LIST}),
    ServedDocument.OTHER: frozenset(),
}


@dataclass(frozen=True)
class DeliveredDocument:
    document: Document
    delivered_on: dt.date
    # The moment it reached the portal when the platform knows it (licence matters); None when
    # a 送达记录 is the service, which records the day only.
    delivered_at: dt.datetime | None


def delivered_at(
    document: Document, consents: list[ElectronicServiceConsent]
) -> dt.datetime | None:
    """When a licence document reached the account: made while a consent was in force (or before
    one that is in force now, on signing); never once the consent was withdrawn before it was made."""
    times = []
    for consent in consents:
        reached = max(document.created_at, consent.signed_at)
        if consent.withdrawn_at is None or reached < consent.withdrawn_at:
            times.append(reached)
    return min(times) if times else None


def _by_consent(user: Any, case: Case) -> list[DeliveredDocument]:
    consents = consents_of(user)
    if not consents:
        return []
    rows = (
        Document.objects.filter(case=case, kind__in=PARTY_DOCUMENT_KINDS)
        .select_related("pdf")
        .order_by("created_at")
    )
    newest: dict[tuple[str, Any], DeliveredDocument] = {}
    for doc in rows:
        when = delivered_at(doc, consents)
        if when is not None:  # a later version made after a withdrawal does not replace it
            newest[(doc.kind, doc.step_id)] = DeliveredDocument(
                document=doc, delivered_on=timezone.localdate(when), delivered_at=when
            )
    return sorted(newest.values(), key=lambda d: d.document.created_at)


def _consent_covers(user: Any, day: dt.date) -> bool:
    """The account's own 确认书 was in force on the service day (what made e-service lawful)."""
    return ElectronicServiceConsent.objects.filter(in_force_on_q(day), account=user).exists()


def _service_deliveries(user: Any, case: Case) -> list[DeliveredDocument]:
    """What each electronic 送达记录 the account's consent covered served, oldest first: the
    newest version of its 文书 made before the next record of the same 文书 (a 告知书 or 催告书
    is often generated right after its service is recorded, from what the step recorded; a
    second 催告 serves its own 催告书, not the first's)."""
    records = list(ServiceRecord.objects.filter(case=case).order_by("created_at"))
    if not any(r.method == ServiceMethod.ELECTRONIC for r in records):
        return []
    docs = list(
        Document.objects.filter(case=case, kind__in=PARTY_DOCUMENT_KINDS)
        .select_related("pdf")
        .order_by("created_at")
    )
    out = []
    for i, record in enumerate(records):
        if record.method != ServiceMethod.ELECTRONIC or not _consent_covers(user, record.served_on):
            continue
        later = [r.created_at for r in records[i + 1 :] if r.document == record.document]
        until = later[0] if later else None
        for kind in sorted(SERVED_KINDS.get(record.document, frozenset())):
            versions = [
                d for d in docs if d.kind == kind and (until is None or d.created_at < until)
            ]
            if versions:
                out.append(
                    DeliveredDocument(
                        document=versions[-1], delivered_on=record.served_on, delivered_at=None
                    )
                )
    return out


def _by_service_record(user: Any, case: Case) -> list[DeliveredDocument]:
    newest = {d.document.kind: d for d in _service_deliveries(user, case)}
    return sorted(newest.values(), key=lambda d: (d.delivered_on, d.document.created_at))


def documents_delivered(*, user: Any, case: Case) -> list[DeliveredDocument]:
    """The case's documents served on the applicant through the portal: the newest served
    version of each, in the order they were served."""
    if case.kind == CaseKind.PENALTY:
        return _by_service_record(user, case)
    return _by_consent(user, case)


def delivered_document_get(*, user: Any, document_id: Any) -> Document:
    """Raises: NotFound unless the document was served on the applicant, through the portal, on
    their own matter (an earlier served version stays readable; one never served is the 404)."""
    pk = uuid_or_not_found(document_id)
    doc = (
        Document.objects.filter(pk=pk, case__in=matters_visible_to(user))
        .select_related("case", "pdf")
        .first()
    )
    if doc is None or doc.kind not in PARTY_DOCUMENT_KINDS:
        raise NotFound()
    if doc.case.kind == CaseKind.PENALTY:
        served = any(d.document.pk == doc.pk for d in _service_deliveries(user, doc.case))
    else:
        served = delivered_at(doc, consents_of(user)) is not None
    if not served:
        raise NotFound()
    return doc

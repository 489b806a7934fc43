"""Penalty documents reach the portal only when the officer records their electronic service.

Arrival in the party's own system is service (民事诉讼法 §90 ②: 到达受送达人特定系统的日期为送达日期),
so a penalty document in 我的办件 before the officer served it — or one the officer served in
person — would be "served" on a day the case file does not record (处罚法 §61). Licence matters
keep the portal as the agreed channel: their documents reach it when made.
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client
from django.utils import timezone

from sanxiang.applicants.selectors_delivery import (
    PARTY_DOCUMENT_KINDS,
    SERVED_KINDS,
    documents_delivered,
)
from sanxiang.applicants.services.accounts import consent_sign, consent_withdraw
from sanxiang.applicants.services.party import party_code_issue, party_link_claim
from sanxiang.applicants.tests.factories import applicant_client, bearer, make_applicant
from sanxiang.applicants.tests.licence_walk import apply_online, assign, request_correction
from sanxiang.cases.models import ServedDocument
from sanxiang.cases.services import demand_serve
from sanxiang.cases.states import CaseAction, CaseStatus
from sanxiang.cases.tests.factories import TODAY, act, make_world, to_notified
from sanxiang.cases.tests.walks import checked, decided
from sanxiang.core.models import AuditEvent
from sanxiang.documents.kinds import DocumentKind
from sanxiang.documents.services import document_generate
from sanxiang.evidence.models import EvidenceItem
from sanxiang.evidence.tests.factories import upload_bytes
from sanxiang.licensing.tests.factories import licence_world

pytestmark = pytest.mark.django_db
A = CaseAction
K = DocumentKind
SIGNED_ON = TODAY - dt.timedelta(days=20)
SERVED = TODAY + dt.timedelta(days=2)  # 2026-03-13, a Friday: not the day the decision was made
READ = "applicants.document.read"


@pytest.fixture
def world():
    return make_world()


def linked_party(world, case, *, consent_on: dt.date | None = SIGNED_ON):
    """An applicant account that claimed `case` with the officer's 网上办理码 (and, unless
    `consent_on` is None, signed the 电子送达确认书 that day)."""
    _, code = party_code_issue(user=world.officer, case_id=case.pk)
    user = make_applicant()
    party_link_claim(user=user, case_number=case.number, code=code)
    if consent_on is not None:
        consent_sign(user=user, today=consent_on)
    return user


def generate(world, case, kind):
    return document_generate(user=world.officer, case_id=case.pk, kind=kind)


def serve(world, case, method, on=SERVED, **extra):
    return act(world, case, A.SERVE, on, method=method, served_on=on, **extra)


def paper_consent(world) -> EvidenceItem:
    """A scanned 送达地址确认书 sealed into the agency's vault (the paper route of §61 ②)."""
    client = Client()
    client.force_login(world.officer)
    upload_bytes(
        client, b"%PDF-1.4\n% consent\n", filename="送达地址确认书.pdf", agency=str(world.agency.pk)
    )
    return EvidenceItem.objects.filter(agency=world.agency).latest("created_at")


def at(day: dt.date, hour: int) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour)))


def portal_pdf(case, doc) -> str:
    return f"/applicant/matters/{case.pk}/documents/{doc.pk}.pdf"


def api_pdf(doc) -> str:
    return f"/api/v1/applicant/documents/{doc.pk}/pdf"


def assert_not_in_portal(user, case, doc):
    """Not listed on the page nor in the API, and its download is the 404 on both."""
    assert doc.pk not in {d.document.pk for d in documents_delivered(user=user, case=case)}
    page = applicant_client(user)
    response = page.get(f"/applicant/matters/{case.pk}/")
    assert response.status_code == 200
    assert str(doc.pk) not in response.content.decode()
    assert page.get(portal_pdf(case, doc)).status_code == 404
    auth = bearer(user)
    detail = Client().get(f"/api/v1/applicant/matters/{case.pk}", **auth).json()
    assert str(doc.pk) not in {row["id"] for row in detail["documents"]}
    response = Client().get(api_pdf(doc), **auth)
    assert response.status_code == 404
    assert response.json()["code"] == "not_found"
    assert not AuditEvent.objects.filter(event=READ, target_id=str(doc.pk)).exists()


def test_art61_generated_but_unserved_penalty_decision_is_not_in_the_portal(world):
    case = decided(world)
    decision = generate(world, case, K.PENALTY_DECISION)
    user = linked_party(world, case)  # consent in force: still not served until recorded

    assert case.status == CaseStatus.DECIDED
    assert documents_delivered(user=user, case=case) == []
    assert_not_in_portal(user, case, decision)


def test_civil_procedure_art90_electronic_service_delivers_on_the_recorded_service_date(world):
    case = decided(world)
    decision = generate(world, case, K.PENALTY_DECISION)
    user = linked_party(world, case)

    served = serve(world, case, "electronic")

    assert served.status == CaseStatus.SERVED
    [row] = documents_delivered(user=user, case=served)
    assert row.document.pk == decision.pk
    assert row.delivered_on == SERVED
    assert row.delivered_at is None  # the 送达记录 records the day, not a moment
    page = applicant_client(user)
    html = page.get(f"/applicant/matters/{case.pk}/").content.decode()
    assert portal_pdf(case, decision) in html
    assert f"送达于 {SERVED:%Y-%m-%d}" in html
    assert page.get(portal_pdf(case, decision)).status_code == 200
    auth = bearer(user)
    detail = Client().get(f"/api/v1/applicant/matters/{case.pk}", **auth).json()
    [api_row] = detail["documents"]
    assert api_row["id"] == str(decision.pk)
    assert api_row["delivered_on"] == SERVED.isoformat()
    assert api_row["delivered_at"] is None
    response = Client().get(api_pdf(decision), **auth)
    assert response.status_code == 200
    assert response.content.startswith(b"%PDF")
    assert AuditEvent.objects.filter(event=READ, target_id=str(decision.pk)).count() == 2


def test_art61_decision_served_in_person_is_not_also_served_electronically(world):
    case = decided(world)
    decision = generate(world, case, K.PENALTY_DECISION)
    user = linked_party(world, case)

    served = serve(world, case, "direct")

    assert served.status == CaseStatus.SERVED
    assert_not_in_portal(user, served, decision)


def test_art61_notice_served_electronically_reaches_the_portal_when_generated_after(world):
    """The 告知书 is made from what ISSUE_NOTICE recorded, so it is generated after its 送达记录."""
    pending = checked(world)
    user = linked_party(world, pending)
    notified = act(world, pending, A.ISSUE_NOTICE, service_method="electronic")
    notice = generate(world, notified, K.PENALTY_NOTICE)

    [row] = documents_delivered(user=user, case=notified)

    assert row.document.pk == notice.pk
    assert row.delivered_on == TODAY
    assert applicant_client(user).get(portal_pdf(notified, notice)).status_code == 200


def test_art61_notice_served_in_person_stays_off_the_portal(world):
    pending = checked(world)
    user = linked_party(world, pending)
    notified = act(world, pending, A.ISSUE_NOTICE)  # 直接送达 (the default)
    notice = generate(world, notified, K.PENALTY_NOTICE)
    assert_not_in_portal(user, notified, notice)


def test_art61_service_before_the_applicant_signed_does_not_deliver_into_the_portal(world):
    """Served electronically on a paper 送达地址确认书; the online one was signed the day after."""
    case = decided(world)
    decision = generate(world, case, K.PENALTY_DECISION)
    user = linked_party(world, case, consent_on=SERVED + dt.timedelta(days=1))

    serve(world, case, "electronic", consent_evidence_id=paper_consent(world).pk)

    assert_not_in_portal(user, case, decision)


def test_art61_service_after_the_consent_was_withdrawn_does_not_deliver_into_the_portal(world):
    case = decided(world)
    decision = generate(world, case, K.PENALTY_DECISION)
    user = linked_party(world, case)
    withdrawn = at(SERVED, 8)
    consent_withdraw(user=user, reason="改用纸质送达", now=withdrawn)  # takes effect that day

    serve(world, case, "electronic", consent_evidence_id=paper_consent(world).pk)

    assert_not_in_portal(user, case, decision)


def test_art61_served_before_a_withdrawal_stays_in_the_portal(world):
    case = decided(world)
    decision = generate(world, case, K.PENALTY_DECISION)
    user = linked_party(world, case)
    serve(world, case, "electronic")
    consent_withdraw(user=user, now=at(dt.date(2026, 3, 20), 9))

    [row] = documents_delivered(user=user, case=case)

    assert (row.document.pk, row.delivered_on) == (decision.pk, SERVED)


def test_art61_no_penalty_decision_served_electronically_reaches_the_portal(world):
    """SERVE from 不予处罚 records a DECISION service too: it serves the 不予行政处罚决定书."""
    case = act(world, checked(world), A.DECIDE_NO_PENALTY)
    no_penalty = generate(world, case, K.NO_PENALTY_DECISION)
    user = linked_party(world, case)

    serve(world, case, "electronic")

    delivered = documents_delivered(user=user, case=case)
    assert [(d.document.pk, d.delivered_on) for d in delivered] == [(no_penalty.pk, SERVED)]


def test_art61_each_electronic_demand_serves_its_own_reminder(world):
    """催告书 (强制法 §35, §38): the 履行催告书 generated after the recorded service."""
    decided_on = dt.date(2026, 3, 19)
    case = act(world, to_notified(world), A.SUBMIT_FOR_DECISION, decided_on)
    case = act(world, case, A.DECIDE, decided_on)
    user = linked_party(world, case)
    served = serve(world, case, "direct", on=dt.date(2026, 3, 20))
    demanded_on = dt.date(2026, 4, 10)  # 3,000 元 unpaid: 9 days of 加处罚款 at 3% a day
    payload = {
        "method": "electronic",
        "served_on": demanded_on,
        "recipient": served.party_name,
        "performance_deadline": demanded_on + dt.timedelta(days=10),
        "payment_method": "到指定银行或通过电子支付系统缴纳",
        "content": "请于期限内缴纳罚款及加处罚款，逾期将依法申请人民法院强制执行",
        "statement_rights_stated": True,
        "amount": "3270.00",
    }
    demand_serve(user=world.officer, case_id=served.pk, payload=payload, today=demanded_on)
    reminder = generate(world, served, K.PAYMENT_REMINDER)
    decision = generate(world, served, K.PENALTY_DECISION)  # served in person: not in the portal

    delivered = documents_delivered(user=user, case=served)

    assert [(d.document.pk, d.delivered_on) for d in delivered] == [(reminder.pk, demanded_on)]
    assert_not_in_portal(user, served, decision)


def test_served_kinds_table_names_only_party_documents():
    assert set(SERVED_KINDS) == set(ServedDocument)
    for kinds in SERVED_KINDS.values():
        assert kinds <= PARTY_DOCUMENT_KINDS


def test_art61_licence_document_still_reaches_the_portal_when_generated():
    world = licence_world()
    user = make_applicant(consent=True)
    case = request_correction(world, assign(world, apply_online(world, user)))
    notice = generate(world, case, K.LICENCE_CORRECTION_NOTICE)

    [row] = documents_delivered(user=user, case=case)

    assert row.document.pk == notice.pk
    assert row.delivered_at == notice.created_at
    assert row.delivered_on == timezone.localdate(notice.created_at)
    detail = Client().get(f"/api/v1/applicant/matters/{case.pk}", **bearer(user)).json()
    [api_row] = detail["documents"]
    assert api_row["delivered_at"] is not None
    assert applicant_client(user).get(portal_pdf(case, notice)).status_code == 200

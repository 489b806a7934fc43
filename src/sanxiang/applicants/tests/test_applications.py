"""Online 行政许可 from the applicant's side, through the licensing services."""

from __future__ import annotations

import pytest

from sanxiang.applicants.selectors import applicant_matters
from sanxiang.applicants.selectors_delivery import documents_delivered
from sanxiang.applicants.services.accounts import consent_sign, consent_withdraw
from sanxiang.applicants.services.applications import (
    applicant_apply,
    applicant_correction_answer,
    applicant_withdraw,
)
from sanxiang.applicants.services.documents import delivered_document_read
from sanxiang.applicants.services.uploads import MaterialFile
from sanxiang.applicants.tests.factories import PDF_BYTES, jpeg_bytes, make_applicant
from sanxiang.applicants.tests.licence_walk import (
    CORRECTION_ITEMS,
    apply_online,
    assign,
    request_correction,
    upload_pdf,
)
from sanxiang.cases.models import CaseKind, CaseStep
from sanxiang.cases.states import CaseAction, CaseStatus, InvalidTransition
from sanxiang.cases.tests.factories import TODAY
from sanxiang.core.errors import NotFound, ValidationFailed
from sanxiang.core.models import AuditEvent
from sanxiang.documents.kinds import DocumentKind
from sanxiang.documents.services import document_generate
from sanxiang.licensing.models import ApplicationChannel
from sanxiang.licensing.tests.factories import ITEM, licence_world

pytestmark = pytest.mark.django_db
A = CaseAction


@pytest.fixture
def world():
    return licence_world()


def test_apply_online_with_upload_opens_a_licence_case_of_the_applicant(world):
    user = make_applicant(name="张三")
    case = apply_online(world, user)
    assert case.kind == CaseKind.LICENCE
    assert case.status == CaseStatus.LICENCE_APPLIED
    application = case.licence_application
    assert application.channel == ApplicationChannel.ONLINE
    assert application.applicant_account == user
    assert case.party_name == "张三"
    assert [m["name"] for m in application.materials] == ["申请书"]
    assert len(application.materials[0]["sha256"]) == 64
    assert [m.case_id for m in applicant_matters(user=user)] == [case.pk]
    assert applicant_matters(user=make_applicant()) == []


def test_apply_refused_with_a_file_someone_else_uploaded(world):
    alice, bob = make_applicant(), make_applicant()
    evidence_id = upload_pdf(alice, world)
    with pytest.raises(ValidationFailed) as exc:
        applicant_apply(
            user=bob,
            agency_id=world.agency.pk,
            item_code=ITEM,
            request="申请",
            materials=[{"name": "申请书", "evidence_id": evidence_id}],
        )
    assert exc.value.code == "upload_not_own"


def test_apply_refused_for_an_item_that_is_not_a_licence_of_the_agency(world):
    with pytest.raises(ValidationFailed) as exc:
        applicant_apply(
            user=make_applicant(),
            agency_id=world.agency.pk,
            item_code="NOPE",
            request="申请",
            materials=[],
        )
    assert exc.value.code == "item_unknown"


def test_art32_correction_answered_online_with_the_new_materials(world):
    user = make_applicant()
    case = apply_online(world, user)
    assign(world, case)
    case = request_correction(world, case)
    assert case.status == CaseStatus.LICENCE_CORRECTION
    correction = case.licence_application.corrections.get()
    assert correction.items == CORRECTION_ITEMS
    case = applicant_correction_answer(
        user=user,
        case_id=case.pk,
        materials=[],
        files=[
            MaterialFile(name="营业执照复印件", filename="执照.jpg", data=jpeg_bytes()),
            MaterialFile(name="绿地恢复方案", filename="方案.pdf", data=PDF_BYTES),
        ],
        note="已按要求补正",
        today=TODAY,
    )
    assert case.status == CaseStatus.LICENCE_APPLIED
    correction.refresh_from_db()
    assert correction.answered_on == TODAY
    assert [m["name"] for m in correction.answer_materials] == ["营业执照复印件", "绿地恢复方案"]
    step = CaseStep.objects.filter(case=case).order_by("-sequence").first()
    assert step.action == A.LICENCE_SUBMIT_CORRECTION
    assert step.party_user == user
    assert step.actor is None


def test_correction_by_another_applicant_is_not_found(world):
    user = make_applicant()
    case = apply_online(world, user)
    assign(world, case)
    request_correction(world, case)
    with pytest.raises(NotFound):
        applicant_correction_answer(user=make_applicant(), case_id=case.pk, materials=[])


def test_correction_refused_when_none_is_pending(world):
    user = make_applicant()
    case = apply_online(world, user)
    with pytest.raises(InvalidTransition):
        applicant_correction_answer(user=user, case_id=case.pk, materials=[])


def test_applicant_withdraws_the_application(world):
    user = make_applicant()
    case = apply_online(world, user)
    case = applicant_withdraw(user=user, case_id=case.pk, reason="工程取消")
    assert case.status == CaseStatus.LICENCE_WITHDRAWN


def test_art61_documents_reach_the_applicant_only_under_a_consent(world):
    user = make_applicant()
    case = apply_online(world, user)
    assign(world, case)
    case = request_correction(world, case)
    notice = document_generate(
        user=world.officer, case_id=case.pk, kind=DocumentKind.LICENCE_CORRECTION_NOTICE
    )
    assert documents_delivered(user=user, case=case) == []  # no consent: not served electronically
    with pytest.raises(NotFound):
        delivered_document_read(user=user, document_id=notice.pk)
    consent_sign(user=user)
    delivered = documents_delivered(user=user, case=case)
    assert [d.document.pk for d in delivered] == [notice.pk]
    doc, data = delivered_document_read(user=user, document_id=notice.pk)
    assert data.startswith(b"%PDF")
    event = AuditEvent.objects.get(event="applicants.document.read")
    assert event.actor == user
    assert event.new["sha256"] == doc.pdf_id
    with pytest.raises(NotFound):  # another applicant never gets it, consent or not
        delivered_document_read(user=make_applicant(consent=True), document_id=notice.pk)
    consent_withdraw(user=user)
    # Served before the withdrawal: stays readable; a document made afterwards is not served.
    again = document_generate(
        user=world.officer, case_id=case.pk, kind=DocumentKind.LICENCE_CORRECTION_NOTICE
    )
    assert [d.document.pk for d in documents_delivered(user=user, case=case)] == [notice.pk]
    with pytest.raises(NotFound):
        delivered_document_read(user=user, document_id=again.pk)

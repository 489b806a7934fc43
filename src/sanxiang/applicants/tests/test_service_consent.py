"""电子送达 of penalty documents under the party's 电子送达确认书 signed online (处罚法 §61 ②).

The party claimed the case with a 网上办理码; its account's consent, when in force on the service
day, counts like an uploaded 送达地址确认书, and the 送达回证 and the step say which consent it was.
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from sanxiang.applicants.selectors_delivery import documents_delivered
from sanxiang.applicants.services.accounts import consent_sign, consent_withdraw
from sanxiang.applicants.services.documents import delivered_document_read
from sanxiang.applicants.services.party import party_code_issue, party_link_claim
from sanxiang.applicants.tests.factories import make_applicant
from sanxiang.cases.models import ServedDocument, ServiceRecord
from sanxiang.cases.selectors_content import readable_content
from sanxiang.cases.services import demand_serve
from sanxiang.cases.states import CaseAction, CaseStatus
from sanxiang.cases.tests.factories import TODAY, act, make_world, to_notified
from sanxiang.cases.tests.walks import checked, decided
from sanxiang.core.errors import RuleViolation
from sanxiang.core.models import AuditEvent
from sanxiang.documents.kinds import DocumentKind
from sanxiang.documents.services import document_generate

pytestmark = pytest.mark.django_db
A = CaseAction
SIGNED_ON = TODAY - dt.timedelta(days=20)
DECIDED = dt.date(2026, 3, 19)
SERVED = dt.date(2026, 3, 20)
DEMANDED = dt.date(2026, 4, 10)


@pytest.fixture
def world():
    return make_world()


def linked_party(world, case):
    """An applicant account that claimed `case` with the officer's 网上办理码."""
    _, code = party_code_issue(user=world.officer, case_id=case.pk)
    user = make_applicant()
    party_link_claim(user=user, case_number=case.number, code=code)
    return user


def decided_on(world, day: dt.date):
    """Notified on TODAY (2026-03-11), decided (警告 + 罚款 3,000 元) on `day`."""
    case = act(world, to_notified(world), A.SUBMIT_FOR_DECISION, day)
    return act(world, case, A.DECIDE, day)


def serve_electronically(world, case, on=TODAY, **extra):
    return act(world, case, A.SERVE, on, method="electronic", served_on=on, **extra)


def test_art61_electronic_service_relies_on_applicants_consent_in_force(world):
    case = decided(world)
    decision = document_generate(
        user=world.officer, case_id=case.pk, kind=DocumentKind.PENALTY_DECISION
    )
    user = linked_party(world, case)
    consent = consent_sign(user=user, today=SIGNED_ON)

    served = serve_electronically(world, case)

    assert served.status == CaseStatus.SERVED
    record = ServiceRecord.objects.get(case=case, document=ServedDocument.DECISION)
    assert record.consent_evidence is None
    assert record.note.startswith("电子送达依据：")
    assert str(consent.pk) in record.note
    assert f"文本版本{consent.text_version}" in record.note
    step = served.steps.get(action=A.SERVE)
    assert step.content["electronic_consent"] in record.note
    labels = {item.label for item in readable_content(A.SERVE, step.content)}
    assert "电子送达依据" in labels
    # The served decision is in 我的办件 for the party, and reading it is audited.
    delivered = documents_delivered(user=user, case=case)
    assert [d.document.pk for d in delivered] == [decision.pk]
    doc, data = delivered_document_read(user=user, document_id=decision.pk)
    assert data.startswith(b"%PDF")
    assert AuditEvent.objects.filter(
        event="applicants.document.read", actor=user, target_id=str(doc.pk)
    ).exists()


def test_art61_electronic_service_refused_without_any_consent(world):
    case = decided(world)
    linked_party(world, case)  # linked, but never signed the 确认书
    with pytest.raises(RuleViolation) as err:
        serve_electronically(world, case)
    assert err.value.code == "electronic_service_consent"


def test_art61_consent_signed_after_the_service_day_does_not_count(world):
    case = decided(world)
    consent_sign(user=linked_party(world, case), today=TODAY + dt.timedelta(days=1))
    with pytest.raises(RuleViolation) as err:
        serve_electronically(world, case)
    assert err.value.code == "electronic_service_consent"


def at(day: dt.date, hour: int) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour)))


def test_art61_withdrawn_consent_does_not_count(world):
    case = decided_on(world, DECIDED)
    user = linked_party(world, case)
    consent_sign(user=user, today=SIGNED_ON)
    consent_withdraw(user=user, reason="不再使用本平台", now=at(DECIDED + dt.timedelta(days=1), 9))
    later = DECIDED + dt.timedelta(days=4)
    with pytest.raises(RuleViolation) as err:
        serve_electronically(world, case, later)
    assert err.value.code == "electronic_service_consent"
    # Served on the decision day, before the withdrawal, the consent covered the service.
    served = serve_electronically(world, case, DECIDED)
    assert served.status == CaseStatus.SERVED
    assert "electronic_consent" in served.steps.get(action=A.SERVE).content


def test_art61_withdrawal_on_the_service_day_does_not_count(world):
    case = decided_on(world, DECIDED)
    user = linked_party(world, case)
    consent_sign(user=user, today=SIGNED_ON)
    consent_withdraw(user=user, now=at(DECIDED, 8))
    with pytest.raises(RuleViolation) as err:
        serve_electronically(world, case, DECIDED)
    assert err.value.code == "electronic_service_consent"


def test_art61_another_accounts_consent_does_not_count(world):
    case = decided(world)
    linked_party(world, case)
    make_applicant(consent=True)  # signed, but never claimed this case
    with pytest.raises(RuleViolation):
        serve_electronically(world, case)


def test_art61_electronic_notice_relies_on_applicants_consent(world):
    """The 事先告知书 too: served electronically on a party that claimed the filed case."""
    pending = checked(world)
    with pytest.raises(RuleViolation) as err:
        act(world, pending, A.ISSUE_NOTICE, service_method="electronic")
    assert err.value.code == "electronic_service_consent"
    consent = consent_sign(user=linked_party(world, pending), today=SIGNED_ON)
    notified = act(world, pending, A.ISSUE_NOTICE, service_method="electronic")
    assert notified.status == CaseStatus.NOTIFIED
    record = ServiceRecord.objects.get(case=notified, document=ServedDocument.NOTICE)
    assert str(consent.pk) in record.note
    assert "electronic_consent" in notified.steps.get(action=A.ISSUE_NOTICE).content


# 催告书 (强制法 §35, §38 with 民诉法 §90) -----------------------------------------------------


def served_fine(world):
    """A 3,000 元 decision served on 2026-03-20, unpaid when the 催告书 goes out on 04-10."""
    return act(world, decided_on(world, DECIDED), A.SERVE, SERVED)


def serve_demand(world, case):
    payload = {
        "method": "electronic",
        "served_on": DEMANDED,
        "recipient": case.party_name,
        "performance_deadline": DEMANDED + dt.timedelta(days=10),
        "payment_method": "到指定银行或通过电子支付系统缴纳",
        "content": "请于期限内缴纳罚款及加处罚款，逾期将依法申请人民法院强制执行",
        "statement_rights_stated": True,
        "amount": "3270.00",
    }
    return demand_serve(user=world.officer, case_id=case.pk, payload=payload, today=DEMANDED)


def test_art61_electronic_demand_relies_on_applicants_consent(world):
    case = served_fine(world)
    user = linked_party(world, case)
    with pytest.raises(RuleViolation) as err:
        serve_demand(world, case)
    assert err.value.code == "demand_electronic_consent"
    consent = consent_sign(user=user, today=SIGNED_ON)
    serve_demand(world, case)
    record = ServiceRecord.objects.get(case=case, document=ServedDocument.DEMAND)
    assert record.method == "electronic"
    assert str(consent.pk) in record.note

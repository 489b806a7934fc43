"""Registration and the 电子送达确认书."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model

from sanxiang.applicants.identity import ID_NUMBER_INVALID
from sanxiang.applicants.models import ApplicantProfile, ElectronicServiceConsent
from sanxiang.applicants.permissions import is_applicant, is_staff_account
from sanxiang.applicants.services.accounts import (
    CONSENT_ALREADY,
    CONSENT_NONE,
    USERNAME_TAKEN,
    applicant_register,
    consent_sign,
    consent_withdraw,
)
from sanxiang.applicants.tests.factories import (
    PASSWORD,
    id_number,
    make_applicant,
    person_profile,
    uscc,
)
from sanxiang.core.errors import NotFound, RuleViolation, ValidationFailed
from sanxiang.core.models import AuditEvent
from sanxiang.ledger.models import LedgerEntry
from sanxiang.organisations.tests.factories import user_with_role

pytestmark = pytest.mark.django_db


def test_register_creates_an_applicant_without_any_staff_power():
    user = make_applicant("zhangsan")
    profile = ApplicantProfile.objects.get(user=user)
    assert profile.kind == "person"
    assert user.check_password(PASSWORD)
    assert not user.is_staff
    assert not user.is_superuser
    assert is_applicant(user)
    assert not is_staff_account(user)
    event = AuditEvent.objects.get(event="applicants.account.registered", target_id=str(profile.pk))
    assert event.new == {"username": "zhangsan", "kind": "person"}
    entry = LedgerEntry.objects.get(kind="applicants.account.registered")
    assert profile.identifier not in entry.entry  # personal data stays out of the ledger


def test_register_refused_when_id_number_check_digit_is_wrong():
    good = id_number(7)
    bad = good[:17] + ("0" if good[17] != "0" else "1")
    with pytest.raises(ValidationFailed) as exc:
        applicant_register(
            username="lisi", password=PASSWORD, profile=person_profile(identifier=bad)
        )
    assert exc.value.code == "identifier_invalid"
    assert exc.value.message == ID_NUMBER_INVALID
    assert not get_user_model().objects.filter(username="lisi").exists()


def test_register_refused_when_uscc_check_character_is_wrong():
    good = uscc(3)
    bad = good[:17] + ("0" if good[17] != "0" else "1")
    profile = person_profile(kind="organisation", identifier=bad, representative="王五")
    with pytest.raises(ValidationFailed) as exc:
        applicant_register(username="company1", password=PASSWORD, profile=profile)
    assert exc.value.code == "identifier_invalid"
    assert "校验位" in exc.value.message


def test_register_organisation_with_valid_uscc_and_representative():
    profile = person_profile(
        kind="organisation", identifier=uscc(4), representative="王五", name="某某建设有限公司"
    )
    user = applicant_register(username="company2", password=PASSWORD, profile=profile)
    assert ApplicantProfile.objects.get(user=user).identifier == uscc(4)


def test_register_organisation_refused_without_representative():
    profile = person_profile(kind="organisation", identifier=uscc(5))
    with pytest.raises(ValidationFailed) as exc:
        applicant_register(username="company3", password=PASSWORD, profile=profile)
    assert exc.value.code == "representative_required"


@pytest.mark.parametrize("password", ["short1", "12345678901", "password123"])
def test_register_refused_when_password_is_weak(password):
    with pytest.raises(ValidationFailed) as exc:
        applicant_register(username="weakling", password=password, profile=person_profile())
    assert exc.value.code == "password_weak"
    assert exc.value.message.startswith("密码不符合要求")
    assert not get_user_model().objects.filter(username="weakling").exists()


def test_register_refused_when_username_taken_in_any_case():
    make_applicant("wangwu")
    with pytest.raises(ValidationFailed) as exc:
        applicant_register(username="WangWu", password=PASSWORD, profile=person_profile())
    assert exc.value.message == USERNAME_TAKEN


def test_art61_consent_signed_versioned_and_withdrawn():
    user = make_applicant()
    consent = consent_sign(user=user, email="a@example.com")
    assert consent.text_version
    assert len(consent.text_sha256) == 64
    with pytest.raises(RuleViolation) as exc:
        consent_sign(user=user)
    assert exc.value.message == CONSENT_ALREADY
    consent_withdraw(user=user, reason="不再使用")
    consent.refresh_from_db()
    assert consent.withdrawn_at is not None
    with pytest.raises(RuleViolation) as exc:
        consent_withdraw(user=user)
    assert exc.value.message == CONSENT_NONE
    again = consent_sign(user=user)
    assert again.pk != consent.pk
    assert ElectronicServiceConsent.objects.filter(account=user).count() == 2
    events = list(
        AuditEvent.objects.filter(actor=user, event__startswith="applicants.consent.").values_list(
            "event", flat=True
        )
    )
    assert events == [
        "applicants.consent.signed",
        "applicants.consent.withdrawn",
        "applicants.consent.signed",
    ]


def test_consent_refused_for_staff_accounts():
    officer = user_with_role()
    with pytest.raises(NotFound):
        consent_sign(user=officer)

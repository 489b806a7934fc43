"""The demo load: valid agencies, one account per role, 三员分立, idempotence, the seed catalog."""

from __future__ import annotations

import datetime as dt

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.password_validation import validate_password

from sanxiang.catalog.models import (
    DiscretionBenchmark,
    EnforcementItem,
    ItemCategory,
    MajorDecisionRule,
    RecordingLevel,
    RecordingRequirement,
    ServiceGuide,
)
from sanxiang.core.models import AuditEvent
from sanxiang.demo.data_agencies import AGENCIES
from sanxiang.demo.data_people import ACCOUNTS, DEMO_PASSWORD
from sanxiang.demo.selectors import demo_accounts, demo_counts, demo_status
from sanxiang.demo.services import DemoLoadRefused, demo_load
from sanxiang.organisations.codes import region_code_problem, uscc_problem
from sanxiang.organisations.models import (
    ADMIN_ROLES,
    Agency,
    Certificate,
    CertificateStatus,
    Officer,
    Role,
    RoleAssignment,
)
from sanxiang.organisations.tests.factories import AgencyFactory

pytestmark = pytest.mark.django_db

SEED_AGENCIES = {
    "陵川县林业局",
    "长治市园林局",
    "新田县发展和改革局",
    "陵川县司法局",
    "朔州市朔城区科学技术局",
}
SUPERVISION = {
    "陵川县林业局": "陵川县司法局",
    "长治市园林局": "长治市司法局",
    "新田县发展和改革局": "新田县司法局",
    "朔州市朔城区科学技术局": "朔州市朔城区司法局",
}


@pytest.fixture
def loaded() -> None:
    # The demo cases (and their LibreOffice documents) are tested in test_demo_cases.py.
    assert demo_load(cases=False).loaded


def test_load_creates_every_agency_with_valid_uscc_and_region(loaded: None) -> None:
    agencies = Agency.objects.all()
    assert {a.name for a in agencies} >= SEED_AGENCIES | set(SUPERVISION.values())
    for agency in agencies:
        assert uscc_problem(agency.uscc) is None, agency.name
        assert agency.uscc.startswith("11" + agency.region_id), agency.name
        assert region_code_problem(agency.region_id) is None
        for attr in ("legal_basis", "responsibilities", "address", "supervision_channels"):
            assert getattr(agency, attr), (agency.name, attr)
        assert agency.remedy_channels


def test_each_agency_is_supervised_by_its_justice_bureau(loaded: None) -> None:
    for name, supervisor in SUPERVISION.items():
        agency = Agency.objects.select_related("supervising_agency").get(name=name)
        assert agency.supervising_agency.name == supervisor
        assert agency.supervising_agency.is_supervisory
    assert Agency.objects.get(name="陵川县司法局").is_supervisory


def test_every_role_has_a_demo_account_that_can_log_in(loaded: None) -> None:
    accounts = demo_accounts()
    assert {a.role for a in accounts} == set(Role.values)
    assert len(accounts) == len(ACCOUNTS)
    for user in get_user_model().objects.filter(username__in=[a[0] for a in ACCOUNTS]):
        assert user.is_active
        assert user.check_password(DEMO_PASSWORD)


def test_demo_password_passes_the_validators_for_every_account(loaded: None) -> None:
    for user in get_user_model().objects.all():
        validate_password(DEMO_PASSWORD, user)


def test_three_admins_are_distinct_accounts_holding_one_admin_role_each(loaded: None) -> None:
    admins = RoleAssignment.objects.filter(role__in=ADMIN_ROLES)
    assert sorted(admins.values_list("role", flat=True)) == sorted(ADMIN_ROLES)
    assert admins.values("user").distinct().count() == 3
    for assignment in admins:
        assert RoleAssignment.objects.filter(user=assignment.user).count() == 1


def test_supervisors_sit_in_justice_bureaus(loaded: None) -> None:
    supervisors = RoleAssignment.objects.filter(role=Role.SUPERVISOR).select_related("agency")
    assert supervisors.count() == 4
    assert all(s.agency.is_supervisory for s in supervisors)


def test_certificates_include_one_expired_and_one_suspended(loaded: None) -> None:
    today = dt.date(2026, 11, 23)
    certs = Certificate.objects.all()
    assert sum(1 for c in certs if c.valid_to < today) == 1
    suspended = certs.get(status=CertificateStatus.SUSPENDED)
    assert suspended.status_reason
    assert AuditEvent.objects.filter(
        event="organisations.certificate.status_changed", target_id=str(suspended.pk)
    ).exists()
    assert Officer.objects.filter(has_legal_qualification=True, user__isnull=False).exists()


def test_load_twice_changes_nothing(loaded: None) -> None:
    before = demo_counts()
    events = AuditEvent.objects.count()
    users = get_user_model().objects.count()
    assert demo_load().loaded is False
    assert demo_counts() == before
    assert AuditEvent.objects.count() == events
    assert get_user_model().objects.count() == users
    assert demo_status()[0] is True


def test_load_refused_when_only_some_demo_agencies_exist() -> None:
    AgencyFactory(uscc=AGENCIES[0]["data"]["uscc"])  # e.g. an interrupted or foreign load
    with pytest.raises(DemoLoadRefused):
        demo_load()
    assert not get_user_model().objects.exists()


def test_load_refused_when_a_demo_username_is_taken() -> None:
    get_user_model().objects.create_user(username="yl_officer", password="x")
    with pytest.raises(DemoLoadRefused):
        demo_load()
    assert not Agency.objects.exists()  # one transaction: nothing half-written


def test_status_before_load_reports_not_loaded() -> None:
    loaded, counts = demo_status()
    assert loaded is False
    assert counts["执法主体"] == 0


def test_landscaping_bureau_has_exactly_its_three_licences_and_five_penalties(
    loaded: None,
) -> None:
    agency = Agency.objects.get(name="长治市园林局")
    items = EnforcementItem.objects.filter(agency=agency, effective_to__isnull=True)
    licences = items.filter(category=ItemCategory.LICENCE)
    penalties = items.filter(category=ItemCategory.PENALTY)
    assert licences.count() == 3
    assert penalties.count() == 5
    assert items.count() == 8
    assert "迁移城市古树名木审批" in set(licences.values_list("name", flat=True))
    for item in items:
        assert item.legal_basis.exists(), item.name
    for penalty in penalties:
        benchmark = DiscretionBenchmark.objects.get(agency=agency, item_code=penalty.code)
        assert benchmark.tiers.count() >= 3
    guides = ServiceGuide.objects.filter(agency=agency)
    assert set(guides.values_list("item_code", flat=True)) == set(
        licences.values_list("code", flat=True)
    )


def test_recording_and_major_decision_lists_follow_the_plans(loaded: None) -> None:
    agency = Agency.objects.get(name="长治市园林局")
    levels = dict(
        RecordingRequirement.objects.filter(agency=agency).values_list("activity", "level")
    )
    for activity in ("查封", "扣押", "强制拆除"):
        assert levels[activity] == RecordingLevel.FULL_PROCESS
    for activity in ("现场检查", "听证", "留置送达", "公告送达"):
        assert levels[activity] == RecordingLevel.REQUIRED
    rules = MajorDecisionRule.objects.filter(agency=agency)
    assert rules.get(party_kind="person").fine_threshold == 10000
    assert rules.get(party_kind="organisation").fine_threshold == 100000
    assert rules.filter(after_hearing=True).exists()

import datetime as dt

import pytest
from django.db import IntegrityError, transaction

from sanxiang.core.errors import Forbidden, RuleViolation, ValidationFailed
from sanxiang.core.models import AuditEvent
from sanxiang.organisations import services
from sanxiang.organisations.codes import uscc_check_character
from sanxiang.organisations.models import (
    Agency,
    Certificate,
    CertificateStatus,
    Officer,
    Role,
    RoleAssignment,
    SubjectType,
)
from sanxiang.organisations.rules import (
    CITATION_CERTIFIED,
    require_certified,
    require_enforcement_team,
)
from sanxiang.organisations.tests.factories import (
    AgencyFactory,
    CertificateFactory,
    FieldFactory,
    OfficerFactory,
    RegionFactory,
    UnitFactory,
    UserFactory,
    grant,
    user_with_role,
)

pytestmark = pytest.mark.django_db

VALID_USCC = "11140524MB0000001" + uscc_check_character("11140524MB0000001")


def agency_data(**overrides):
    data = {
        "name": "陵川县林业局",
        "uscc": VALID_USCC,
        "subject_type": SubjectType.STATUTORY,
        "legal_basis": "《中华人民共和国森林法》",
        "supervision_channels": "12345",
        "remedy_channels": "行政复议、行政诉讼",
    }
    data.update(overrides)
    return data


@pytest.fixture
def sysadmin():
    return user_with_role(Role.SYSTEM_ADMIN)


def test_agency_create_records_audit_event(sysadmin):
    agency = services.agency_create(actor=sysadmin, region=RegionFactory(), data=agency_data())
    event = AuditEvent.objects.get(event="organisations.agency.created", target_id=str(agency.pk))
    assert event.actor == sysadmin
    assert event.new["uscc"] == VALID_USCC


def test_agency_create_refused_when_uscc_check_character_wrong(sysadmin):
    bad = VALID_USCC[:-1] + ("0" if VALID_USCC[-1] != "0" else "1")
    with pytest.raises(ValidationFailed) as exc:
        services.agency_create(actor=sysadmin, region=RegionFactory(), data=agency_data(uscc=bad))
    assert f"第18位应为“{VALID_USCC[-1]}”" in exc.value.message
    assert not Agency.objects.filter(name="陵川县林业局").exists()
    assert not AuditEvent.objects.filter(event="organisations.agency.created").exists()


def test_agency_create_refused_when_entrusted_without_entrusting_body(sysadmin):
    with pytest.raises(ValidationFailed) as exc:
        services.agency_create(
            actor=sysadmin,
            region=RegionFactory(),
            data=agency_data(subject_type=SubjectType.ENTRUSTED),
        )
    assert services.ENTRUSTED_NEEDS_BODY in exc.value.message


def test_agency_create_refused_when_actor_not_system_admin():
    head = user_with_role(Role.AGENCY_HEAD)
    with pytest.raises(Forbidden):
        services.agency_create(actor=head, region=RegionFactory(), data=agency_data())


def test_agency_update_refused_for_supervisor_of_that_agency():
    justice = AgencyFactory(is_supervisory=True)
    agency = AgencyFactory(supervising_agency=justice)
    supervisor = user_with_role(Role.SUPERVISOR, justice)
    with pytest.raises(Forbidden):
        services.agency_update(actor=supervisor, agency=agency, data={"address": "x"})


def test_agency_update_by_head_changes_only_own_agency():
    agency, other = AgencyFactory(), AgencyFactory()
    head = user_with_role(Role.AGENCY_HEAD, agency)
    services.agency_update(actor=head, agency=agency, data={"address": "陵川县崇文镇"})
    agency.refresh_from_db()
    assert agency.address == "陵川县崇文镇"
    with pytest.raises(Forbidden):
        services.agency_update(actor=head, agency=other, data={"address": "x"})


def test_unit_move_refused_when_it_creates_a_cycle():
    agency = AgencyFactory()
    head = user_with_role(Role.AGENCY_HEAD, agency)
    top = services.unit_create(actor=head, agency=agency, name="执法大队")
    child = services.unit_create(actor=head, agency=agency, name="一中队", parent=top)
    with pytest.raises(ValidationFailed) as exc:
        services.unit_move(actor=head, unit=top, parent=child)
    assert exc.value.message == services.UNIT_CYCLE


def test_unit_create_refused_when_parent_in_other_agency():
    agency = AgencyFactory()
    head = user_with_role(Role.AGENCY_HEAD, agency)
    foreign = UnitFactory()
    with pytest.raises(ValidationFailed):
        services.unit_create(actor=head, agency=agency, name="x", parent=foreign)


# --- 三员分立 -----------------------------------------------------------------------------


def test_role_assign_refused_when_user_would_hold_two_admin_roles():
    security = user_with_role(Role.SECURITY_ADMIN)
    target = user_with_role(Role.SYSTEM_ADMIN)
    agency = AgencyFactory()
    with pytest.raises(ValidationFailed) as exc:
        services.role_assign(actor=security, user=target, role=Role.AUDIT_ADMIN, agency=agency)
    assert exc.value.message == services.THREE_ADMINS
    assert RoleAssignment.objects.filter(user=target).count() == 1


def test_three_admin_roles_separated_by_database_constraint_too():
    user = user_with_role(Role.SYSTEM_ADMIN)
    with pytest.raises(IntegrityError), transaction.atomic():
        grant(user, Role.SECURITY_ADMIN, AgencyFactory())


def test_role_assign_refused_for_system_admin_actor():
    # The system administrator manages accounts, not permissions (三员分立).
    sysadmin = user_with_role(Role.SYSTEM_ADMIN)
    with pytest.raises(Forbidden):
        services.role_assign(
            actor=sysadmin, user=UserFactory(), role=Role.OFFICER, agency=AgencyFactory()
        )


def test_role_assign_supervisor_only_at_justice_bureau():
    security = user_with_role(Role.SECURITY_ADMIN)
    with pytest.raises(ValidationFailed):
        services.role_assign(
            actor=security, user=UserFactory(), role=Role.SUPERVISOR, agency=AgencyFactory()
        )
    justice = AgencyFactory(is_supervisory=True)
    assignment = services.role_assign(
        actor=security, user=UserFactory(), role=Role.SUPERVISOR, agency=justice
    )
    assert assignment.role == Role.SUPERVISOR


def test_user_create_only_by_system_admin_and_rejects_weak_password(sysadmin):
    with pytest.raises(Forbidden):
        services.user_create(
            actor=user_with_role(Role.SECURITY_ADMIN), username="x1", password="Aa-12345678x"
        )
    with pytest.raises(ValidationFailed) as exc:
        services.user_create(actor=sysadmin, username="x2", password="123")
    assert exc.value.code == "weak_password"
    user = services.user_create(actor=sysadmin, username="x3", password="Lc-Forest-2026!")
    assert user.password.startswith("argon2")


# --- certificates -------------------------------------------------------------------------


def test_certificate_issue_refused_when_dates_reversed():
    agency = AgencyFactory()
    head = user_with_role(Role.AGENCY_HEAD, agency)
    officer = OfficerFactory(agency=agency)
    with pytest.raises(ValidationFailed) as exc:
        services.certificate_issue(
            actor=head,
            officer=officer,
            number="A1",
            issuing_body="山西省人民政府",
            fields=[FieldFactory()],
            valid_from=dt.date(2026, 1, 1),
            valid_to=dt.date(2025, 1, 1),
        )
    assert exc.value.message == services.CERT_DATES
    assert not Certificate.objects.exists()


def test_certificate_revoked_cannot_be_reinstated():
    agency = AgencyFactory()
    head = user_with_role(Role.AGENCY_HEAD, agency)
    cert = CertificateFactory(officer=OfficerFactory(agency=agency))
    services.certificate_set_status(
        actor=head, certificate=cert, status=CertificateStatus.REVOKED, reason="调离执法岗位"
    )
    with pytest.raises(ValidationFailed):
        services.certificate_set_status(
            actor=head, certificate=cert, status=CertificateStatus.ACTIVE, reason="恢复"
        )


def test_certificate_status_change_requires_reason():
    agency = AgencyFactory()
    head = user_with_role(Role.AGENCY_HEAD, agency)
    cert = CertificateFactory(officer=OfficerFactory(agency=agency))
    with pytest.raises(ValidationFailed):
        services.certificate_set_status(
            actor=head, certificate=cert, status=CertificateStatus.SUSPENDED, reason=" "
        )


def test_officer_with_qualification_needs_number():
    agency = AgencyFactory()
    head = user_with_role(Role.AGENCY_HEAD, agency)
    with pytest.raises(ValidationFailed):
        services.officer_create(
            actor=head, agency=agency, data={"name": "王法", "has_legal_qualification": True}
        )
    assert not Officer.objects.filter(name="王法").exists()


# --- 处罚法 §42 / 强制法 §17: only certified officers enforce ----------------------------------


def _officer_with_cert(**cert_kwargs):
    field = FieldFactory()
    officer = OfficerFactory()
    CertificateFactory(officer=officer, fields=[field], **cert_kwargs)
    return officer, field


def test_penalty_law_art42_officer_with_valid_certificate_may_enforce():
    officer, field = _officer_with_cert()
    cert = require_certified(
        officer, field_code=field.code, field_name=field.name, on=dt.date(2026, 6, 1)
    )
    assert cert.officer == officer


@pytest.mark.parametrize(
    ("cert_kwargs", "day"),
    [
        ({"valid_to": dt.date(2025, 12, 31)}, dt.date(2026, 1, 1)),  # expired yesterday
        ({"valid_from": dt.date(2026, 7, 1)}, dt.date(2026, 6, 30)),  # not yet valid
        ({"status": CertificateStatus.SUSPENDED}, dt.date(2026, 6, 1)),
        ({"status": CertificateStatus.REVOKED}, dt.date(2026, 6, 1)),
    ],
)
def test_penalty_law_art42_refuses_officer_when_certificate_not_valid(cert_kwargs, day):
    officer, field = _officer_with_cert(**cert_kwargs)
    with pytest.raises(RuleViolation) as exc:
        require_certified(officer, field_code=field.code, field_name=field.name, on=day)
    assert exc.value.citation == CITATION_CERTIFIED
    assert "第四十二条" in exc.value.message
    assert officer.name in exc.value.message


def test_coercion_law_art17_refuses_certificate_for_other_field():
    officer, _ = _officer_with_cert()
    other = FieldFactory(code="price", name="价格")
    with pytest.raises(RuleViolation) as exc:
        require_certified(
            officer, field_code=other.code, field_name=other.name, on=dt.date(2026, 6, 1)
        )
    assert "《行政强制法》第十七条" in exc.value.message


def test_penalty_law_art42_requires_two_certified_officers():
    field = FieldFactory()
    a, b = OfficerFactory(), OfficerFactory()
    CertificateFactory(officer=a, fields=[field])
    CertificateFactory(officer=b, fields=[field])
    day = dt.date(2026, 6, 1)
    require_enforcement_team([a, b], field_code=field.code, field_name=field.name, on=day)
    with pytest.raises(RuleViolation) as exc:
        require_enforcement_team([a, a], field_code=field.code, field_name=field.name, on=day)
    assert exc.value.code == "too_few_officers"

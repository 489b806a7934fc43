"""Every service-layer write is audited and ledgered in the same transaction."""

import pytest

from sanxiang.core.models import AuditEvent
from sanxiang.ledger.models import LedgerEntry
from sanxiang.organisations import services
from sanxiang.organisations.models import Role
from sanxiang.organisations.tests.factories import AgencyFactory, user_with_role

pytestmark = pytest.mark.django_db


def test_officer_create_is_audited_and_ledgered_without_personal_data():
    agency = AgencyFactory()
    head = user_with_role(Role.AGENCY_HEAD, agency)
    officer = services.officer_create(
        actor=head, agency=agency, data={"name": "秦卫民", "phone": "13811112222"}
    )
    event = AuditEvent.objects.get(event="organisations.officer.created", target_id=str(officer.pk))
    entry = LedgerEntry.objects.get(
        identity_hash__isnull=False, kind="organisations.officer.created"
    )
    assert f'"audit_event":{event.pk}' in entry.entry
    assert "秦卫民" in entry.entry
    assert "13811112222" not in entry.entry
    assert entry.agency_id == agency.pk


def test_refused_write_leaves_neither_audit_nor_ledger_entry():
    head = user_with_role(Role.AGENCY_HEAD)
    before = LedgerEntry.objects.count()
    with pytest.raises(services.ValidationFailed):
        services.officer_create(
            actor=head,
            agency=head.officer.agency,
            data={"name": "x", "has_legal_qualification": True},
        )
    assert LedgerEntry.objects.count() == before
    assert not AuditEvent.objects.filter(event="organisations.officer.created").exists()

"""Every licensing row written by the services is audited; the expiry scan and its command."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.management import call_command

from sanxiang.cases.states import CaseAction
from sanxiang.core.models import AuditEvent
from sanxiang.licensing.integrity import check_licensing_rows_audited
from sanxiang.licensing.models import Licence, LicenceStatus
from sanxiang.licensing.tests.factories import lact, licence_world, to_decision

A = CaseAction
pytestmark = pytest.mark.django_db


def test_service_rows_are_audited_and_a_bypass_is_reported():
    world = licence_world()
    case = lact(world, to_decision(world), A.LICENCE_GRANT)
    assert list(check_licensing_rows_audited()) == []
    licence = case.licences.get()
    Licence.objects.create(  # written around the services: no audit event
        agency=world.agency,
        case=case,
        number="伪造1号",
        name=licence.name,
        holder_name=licence.holder_name,
        holder_identifier="x",
        content="x",
        valid_from=licence.valid_from,
        issued_on=licence.issued_on,
    )
    found = list(check_licensing_rows_audited())
    assert [d.code for d in found] == ["row_not_audited"]


def test_expiry_command_marks_expired_licences_once(capsys):
    world = licence_world()
    case = lact(world, to_decision(world), A.LICENCE_GRANT, valid_to=dt.date(2026, 3, 20))
    licence = case.licences.get()
    call_command("licences_expire")  # the server's date is after 2026-03-20
    licence.refresh_from_db()
    assert licence.status == LicenceStatus.EXPIRED
    assert licence.ended_on == dt.date(2026, 3, 21)
    assert "1 件" in capsys.readouterr().out
    call_command("licences_expire")
    assert AuditEvent.objects.filter(event="licensing.licence.expired").count() == 1

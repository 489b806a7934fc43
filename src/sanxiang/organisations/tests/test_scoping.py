"""Tenancy: an officer of agency A gets 404 (never 403) on agency B's objects; supervisors read only."""

import pytest
from django.urls import reverse

from sanxiang.accounts.services import api_token_create
from sanxiang.organisations.models import Agency, Role
from sanxiang.organisations.permissions import (
    agencies_maintained_by,
    agencies_visible_to,
    can_manage_agency,
)
from sanxiang.organisations.tests.factories import (
    AgencyFactory,
    OfficerFactory,
    SupervisoryAgencyFactory,
    user_with_role,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def two_agencies():
    justice = SupervisoryAgencyFactory()
    a = AgencyFactory(supervising_agency=justice)
    b = AgencyFactory(supervising_agency=justice)
    elsewhere = AgencyFactory()
    return justice, a, b, elsewhere


def bearer(user):
    _, secret = api_token_create(user=user, name="test")
    return {"Authorization": f"Bearer {secret}"}


def test_officer_sees_only_own_agency(two_agencies):
    _, a, b, _ = two_agencies
    officer = user_with_role(Role.OFFICER, a)
    assert list(agencies_visible_to(officer)) == [a]
    assert not agencies_maintained_by(officer).exists()


def test_officer_gets_404_on_other_agency_page(client, two_agencies):
    _, a, b, _ = two_agencies
    officer = user_with_role(Role.OFFICER, a)
    client.force_login(officer)
    assert client.get(reverse("organisations:agency_detail", args=[a.pk])).status_code == 200
    response = client.get(reverse("organisations:agency_detail", args=[b.pk]))
    assert response.status_code == 404
    assert b.name not in response.content.decode()


def test_officer_gets_404_on_other_agency_officer(client, two_agencies):
    _, a, b, _ = two_agencies
    foreign = OfficerFactory(agency=b)
    client.force_login(user_with_role(Role.OFFICER, a))
    assert client.get(reverse("organisations:officer_detail", args=[foreign.pk])).status_code == 404


def test_api_returns_same_404_for_missing_and_foreign_objects(client, two_agencies):
    _, a, b, _ = two_agencies
    headers = bearer(user_with_role(Role.OFFICER, a))
    foreign = client.get(f"/api/v1/organisations/agencies/{b.pk}", headers=headers)
    missing = client.get(
        "/api/v1/organisations/agencies/00000000-0000-0000-0000-000000000000", headers=headers
    )
    garbage = client.get("/api/v1/organisations/agencies/not-a-uuid", headers=headers)
    assert foreign.status_code == missing.status_code == garbage.status_code == 404
    assert foreign.json() == missing.json() == garbage.json()
    assert foreign.json()["code"] == "not_found"


def test_supervisor_reads_all_supervised_agencies_and_writes_none(client, two_agencies):
    justice, a, b, elsewhere = two_agencies
    supervisor = user_with_role(Role.SUPERVISOR, justice)
    visible = set(agencies_visible_to(supervisor))
    assert {a, b, justice} <= visible
    assert elsewhere not in visible
    assert not any(can_manage_agency(supervisor, x) for x in (a, b))
    client.force_login(supervisor)
    response = client.get(reverse("organisations:agency_detail", args=[a.pk]))
    assert response.status_code == 200
    assert "只读" in response.content.decode()
    assert (
        client.get(reverse("organisations:agency_detail", args=[elsewhere.pk])).status_code == 404
    )


def test_platform_admins_see_all_agencies(two_agencies):
    auditor = user_with_role(Role.AUDIT_ADMIN)
    assert agencies_visible_to(auditor).count() == Agency.objects.count()
    assert not agencies_maintained_by(auditor).exists()


def test_api_officer_list_masks_phone(client, two_agencies):
    _, a, _, _ = two_agencies
    OfficerFactory(agency=a, name="李明", phone="13912345512")
    response = client.get(
        f"/api/v1/organisations/agencies/{a.pk}/officers",
        headers=bearer(user_with_role(Role.OFFICER, a)),
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert "139****5512" in body
    assert "13912345512" not in body


def test_agency_list_page_query_count_does_not_grow(client, django_assert_max_num_queries):
    justice = SupervisoryAgencyFactory()
    for _ in range(12):
        AgencyFactory(supervising_agency=justice)
    client.force_login(user_with_role(Role.SUPERVISOR, justice))
    with django_assert_max_num_queries(8):
        response = client.get(reverse("organisations:agency_list"))
    assert response.content.decode().count("<tr>") >= 13

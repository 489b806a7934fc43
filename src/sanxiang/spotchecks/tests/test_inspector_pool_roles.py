"""执法检查人员名录库: an officer with a valid 执法证 but without the 执法人员 role is not drawn, and
the inspectors page says so; once 安全管理员 grants the role, refreshing the pool takes them in."""

from __future__ import annotations

import pytest
from django.urls import reverse

from sanxiang.cases.tests.factories import TODAY, certify
from sanxiang.organisations.models import Role
from sanxiang.organisations.services import role_assign
from sanxiang.organisations.tests.factories import user_with_role
from sanxiang.spotchecks.models import InspectorEntry
from sanxiang.spotchecks.services import inspector_pool_refresh
from sanxiang.spotchecks.tests.factories import make_spot_world

pytestmark = pytest.mark.django_db
HEADING = "持有有效执法证但未授予执法人员角色（不参与抽取）"
NUMBER = "14052499000001"


@pytest.fixture
def sw():
    return make_spot_world()


def not_drawable_section(client) -> str:
    page = client.get(reverse("spotchecks:inspectors"))
    assert page.status_code == 200
    return page.content.decode().split(HEADING, 1)[1]


def in_pool(user) -> bool:
    return InspectorEntry.objects.filter(officer=user.officer, is_active=True).exists()


def test_certified_officer_without_the_officer_role_is_listed_but_not_drawn(client, sw):
    reviewer = user_with_role(Role.REVIEWER, sw.lead.agency, first_name="审核员甲")
    certify(reviewer, sw.lead.field, number=NUMBER)
    elsewhere = user_with_role(Role.REVIEWER, sw.partner.agency, first_name="他局审核员")
    certify(elsewhere, sw.partner.field)
    inspector_pool_refresh(user=sw.lead.agency_head, today=TODAY)

    client.force_login(sw.lead.agency_head)
    section = not_drawable_section(client)

    assert not in_pool(reviewer)
    for text in ("审核员甲", NUMBER, sw.lead.field.name, "2029-12-31"):
        assert text in section
    assert reverse("accounts:admin_roles") in section
    assert "他局审核员" not in section  # another agency's staff is not shown
    assert sw.lead.officer.officer.name not in section  # in the pool, so not listed here


def test_granting_the_officer_role_and_refreshing_puts_them_in_the_pool(client, sw):
    reviewer = user_with_role(Role.REVIEWER, sw.lead.agency, first_name="审核员乙")
    certify(reviewer, sw.lead.field, number=NUMBER)
    inspector_pool_refresh(user=sw.lead.agency_head, today=TODAY)
    assert not in_pool(reviewer)

    security = user_with_role(Role.SECURITY_ADMIN, sw.lead.agency)
    role_assign(actor=security, user=reviewer, role=Role.OFFICER, agency=sw.lead.agency)
    inspector_pool_refresh(user=sw.lead.agency_head, today=TODAY)

    entry = InspectorEntry.objects.get(officer=reviewer.officer)
    assert entry.is_active
    assert [f.code for f in entry.fields.all()] == [sw.lead.field.code]
    client.force_login(sw.lead.agency_head)
    assert "审核员乙" not in not_drawable_section(client)

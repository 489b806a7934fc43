"""公示设置: the page linked from the workbench, who may change it, the audit of old and new values,
and the policy actually deciding whether a 不予许可 decision drafts its 公示 (许可法 §40)."""

from __future__ import annotations

import pytest

from sanxiang.cases.states import CaseAction
from sanxiang.core.errors import Forbidden, NotFound, ValidationFailed
from sanxiang.core.models import AuditEvent
from sanxiang.disclosure.integrity import check_policies_audited
from sanxiang.disclosure.models import Disclosure, DisclosureCategory, DisclosurePolicy
from sanxiang.disclosure.services import disclosure_policy_update
from sanxiang.ledger.models import LedgerEntry
from sanxiang.licensing.tests.factories import lact, licence_world, to_decision
from sanxiang.organisations.models import Role
from sanxiang.organisations.tests.factories import user_with_role

A = CaseAction
URL = "/disclosures/policy/"
EVENT = "disclosure.policy.updated"


@pytest.fixture
def world(db):
    found = licence_world()
    found.others["publisher"] = user_with_role(Role.DISCLOSURE_OFFICER, found.agency)
    found.others["reviewer"] = user_with_role(Role.REVIEWER, found.agency)
    return found


def settings_form(**changes):
    form = {
        "short_display_months": "3",
        "display_months": "36",
        "low_fine_threshold": "10000.00",
        "full_text": "on",
    }
    form.update(changes)
    return {k: v for k, v in form.items() if v is not None}


def denied(world):
    return lact(world, to_decision(world), A.LICENCE_DENY)


def test_workbench_links_to_the_policy_page_showing_the_defaults(world, client):
    client.force_login(world.others["publisher"])
    workbench = client.get("/disclosures/").content.decode()
    assert f'id="policy-link" href="{URL}"' in workbench
    page = client.get(URL)
    assert page.status_code == 200
    html = page.content.decode()
    assert world.agency.name in html
    assert "以下为默认值" in html
    assert 'name="publish_licence_denials">' in html  # not checked by default
    assert 'name="full_text" checked>' in html


def test_art40_licence_denial_drafts_its_disclosure_once_switched_on_through_the_page(
    world, client
):
    first = denied(world)
    assert not Disclosure.objects.filter(case=first).exists()
    client.force_login(world.others["publisher"])
    response = client.post(URL, settings_form(publish_licence_denials="on"))
    assert response.status_code == 302
    assert DisclosurePolicy.objects.get(agency=world.agency).publish_licence_denials is True
    assert 'name="publish_licence_denials" checked>' in client.get(URL).content.decode()
    second = denied(world)
    disclosure = Disclosure.objects.get(case=second)
    assert disclosure.category == DisclosureCategory.LICENCE
    assert disclosure.versions.get().record["许可内容"].startswith("不予行政许可")
    # Switched off again (the box unticked): the next denial is not drafted.
    assert client.post(URL, settings_form()).status_code == 302
    third = denied(world)
    assert not Disclosure.objects.filter(case=third).exists()
    assert Disclosure.objects.filter(case=second).exists()  # an existing draft stays


def test_change_is_audited_and_ledgered_with_old_and_new_values(world, client):
    client.force_login(world.agency_head)
    client.post(URL, settings_form(publish_licence_denials="on", display_months="24"))
    event = AuditEvent.objects.get(event=EVENT)
    policy = DisclosurePolicy.objects.get(agency=world.agency)
    assert event.target_id == str(policy.pk)
    assert event.old["publish_licence_denials"] is False
    assert event.new["publish_licence_denials"] is True
    assert (event.old["display_months"], event.new["display_months"]) == (36, 24)
    assert event.new["low_fine_threshold"] == "10000.00"
    assert LedgerEntry.objects.filter(kind=EVENT).count() == 1
    assert list(check_policies_audited()) == []
    # Saving the same values again writes nothing.
    client.post(URL, settings_form(publish_licence_denials="on", display_months="24"))
    assert AuditEvent.objects.filter(event=EVENT).count() == 1


def test_policy_row_written_outside_the_service_is_a_verify_discrepancy(world):
    DisclosurePolicy.objects.create(agency=world.agency, publish_licence_denials=True)
    found = list(check_policies_audited())
    assert len(found) == 1
    assert "绕过了审计" in found[0].message


def test_bad_values_refused_in_chinese_with_the_input_kept(world, client):
    client.force_login(world.others["publisher"])
    response = client.post(
        URL,
        settings_form(short_display_months="12", display_months="6", publish_licence_denials="on"),
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "不能长于其他处罚决定的公示期限" in html
    assert 'value="12"' in html
    assert 'name="publish_licence_denials" checked>' in html
    response = client.post(URL, settings_form(display_months="120"))
    assert response.status_code == 400
    assert "其他处罚决定公示期限（月）" in response.content.decode()
    response = client.post(URL, settings_form(low_fine_threshold="很多"))
    assert response.status_code == 400
    assert not DisclosurePolicy.objects.exists()
    assert not AuditEvent.objects.filter(event=EVENT).exists()


def test_reviewer_reads_but_cannot_change_the_policy(world, client):
    reviewer = world.others["reviewer"]
    client.force_login(reviewer)
    page = client.get(URL).content.decode()
    assert 'id="read-only"' in page
    response = client.post(URL, settings_form(publish_licence_denials="on"))
    assert response.status_code == 400
    assert "只有本机关的公示管理员或机关负责人" in response.content.decode()
    with pytest.raises(Forbidden) as refused:
        disclosure_policy_update(
            user=reviewer, agency_id=world.agency.pk, data=settings_form(full_text=True)
        )
    assert refused.value.code == "not_policy_handler"
    assert not DisclosurePolicy.objects.exists()


def test_another_agencys_policy_is_404(world, client):
    other = licence_world("住建局")
    outsider = user_with_role(Role.DISCLOSURE_OFFICER, other.agency)
    client.force_login(outsider)
    assert client.get(URL, {"agency": world.agency.pk}).status_code == 404
    response = client.post(
        URL, {"agency": world.agency.pk, **settings_form(publish_licence_denials="on")}
    )
    assert response.status_code == 404
    assert client.get(URL, {"agency": "not-a-uuid"}).status_code == 404
    with pytest.raises(NotFound):
        disclosure_policy_update(user=outsider, agency_id=world.agency.pk, data={})
    client.force_login(world.officer)  # an officer handles no disclosures
    assert client.get(URL).status_code == 404
    assert 'id="policy-link"' not in client.get("/disclosures/").content.decode()
    assert not DisclosurePolicy.objects.filter(agency=world.agency).exists()


def test_service_refuses_unknown_fields(world):
    with pytest.raises(ValidationFailed):
        disclosure_policy_update(
            user=world.agency_head,
            agency_id=world.agency.pk,
            data={**settings_form(), "full_text": True, "colour": "red"},
        )

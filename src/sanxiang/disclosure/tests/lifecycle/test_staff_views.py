"""The 公示管理员's pages: the due list, the side-by-side review, each step through the forms."""

from __future__ import annotations

import datetime as dt

from django.test import Client
from django.urls import reverse

from sanxiang.cases.tests.walks import decided
from sanxiang.disclosure.models import Disclosure, DisclosureStatus
from sanxiang.organisations.models import Role
from sanxiang.organisations.tests.factories import AgencyFactory, user_with_role

S = DisclosureStatus
PERSON = {
    "party_kind": "person",
    "party_name": "李四光",
    "party_identifier": "11010519491231002X",
    "party_phone": "13912345678",
}


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def step(client, disclosure, name, **data):
    url = reverse("disclosure_staff:step", args=[disclosure.pk, name])
    return client.post(url, data, follow=True)


def test_publisher_reviews_and_publishes_from_the_side_by_side_page(world):
    case = decided(world, **PERSON)
    disclosure = Disclosure.objects.get(case=case)
    client = client_for(world.others["publisher"])
    page = client.get(reverse("disclosure_staff:detail", args=[disclosure.pk]))
    html = page.content.decode()
    assert page.status_code == 200
    assert '<mark class="span span-person_name"' in html  # the party's name, highlighted
    assert "李某" in html
    public = html.split('id="public-text">')[1].split("</pre>")[0]
    assert "李四光" not in public
    assert "13912345678" not in public
    assert "已审核" not in html.split('id="status"')[1][:80]
    response = step(client, disclosure, "review")
    assert "已审核，可以发布" in response.content.decode()
    response = step(client, disclosure, "publish")
    assert "已发布到公示平台" in response.content.decode()
    assert Disclosure.objects.get(pk=disclosure.pk).status == S.PUBLISHED


def test_undo_a_span_and_hide_a_missed_text_through_the_form(world):
    case = decided(world, **PERSON)
    disclosure = Disclosure.objects.get(case=case)
    version = disclosure.versions.get()
    ordered = sorted(version.spans, key=lambda s: s["start"])
    phone_index = next(
        i + 1
        for i, s in enumerate(ordered)
        if version.source_text[s["start"] : s["end"]] == "13912345678"
    )
    keep = [str(i + 1) for i in range(len(ordered)) if i + 1 != phone_index]
    client = client_for(world.others["publisher"])
    response = step(client, disclosure, "redaction", keep=keep, hide="过期食品")
    assert "已更新脱敏处理" in response.content.decode()
    version.refresh_from_db()
    assert "13912345678" in version.text
    assert "过期食品" not in version.text
    assert "＊＊" in version.text


def test_refusals_are_shown_in_chinese_and_nothing_changes(world):
    case = decided(world)
    disclosure = Disclosure.objects.get(case=case)
    client = client_for(world.others["publisher"])
    response = step(client, disclosure, "publish")
    assert "不能发布" in response.content.decode()
    response = step(client, disclosure, "withdraw", ground="bogus", changed_on="x", reason="")
    assert response.status_code == 200
    response = step(client, disclosure, "unknown-step")
    assert response.status_code == 404
    assert Disclosure.objects.get(pk=disclosure.pk).status == S.DRAFT


def test_officers_see_no_forms_and_other_agencies_get_404(world):
    case = decided(world)
    disclosure = Disclosure.objects.get(case=case)
    head = client_for(world.unit_head)
    page = head.get(reverse("disclosure_staff:detail", args=[disclosure.pk]))
    assert page.status_code == 200
    assert 'id="review"' not in page.content.decode()
    response = step(head, disclosure, "review")
    assert Disclosure.objects.get(pk=disclosure.pk).status == S.DRAFT
    assert "公示管理员" in response.content.decode()
    stranger = client_for(user_with_role(Role.DISCLOSURE_OFFICER, AgencyFactory()))
    assert stranger.get(reverse("disclosure_staff:detail", args=[disclosure.pk])).status_code == 404
    assert step(stranger, disclosure, "review").status_code == 404
    anonymous = Client().get(reverse("disclosure_staff:list"))
    assert anonymous.status_code == 302


def test_the_list_warns_of_drafts_past_their_due_date(world):
    case = decided(world)
    disclosure = Disclosure.objects.get(case=case)
    Disclosure.objects.filter(pk=disclosure.pk).update(due_on=dt.date(2020, 1, 2))
    html = client_for(world.others["publisher"]).get(reverse("disclosure_staff:list")).content
    text = html.decode()
    assert "已超期" in text
    assert case.decision_number in text


def test_workbench_links_disclosures_with_the_number_due(world):
    case = decided(world)
    Disclosure.objects.filter(case=case).update(due_on=dt.date(2020, 1, 2))
    html = client_for(world.others["publisher"]).get(reverse("accounts:home")).content.decode()
    assert 'id="disclosure-link"' in html
    assert "1 件临期，其中 1 件已超期" in html
    assert 'id="outbound-link"' in html
    officer_html = client_for(world.officer).get(reverse("accounts:home")).content.decode()
    assert 'id="disclosure-link"' not in officer_html
    reviewer_html = client_for(world.reviewer).get(reverse("accounts:home")).content.decode()
    assert 'id="disclosure-link"' in reviewer_html
    assert 'id="outbound-link"' not in reviewer_html

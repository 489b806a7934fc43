"""End to end through the lifecycle services: a decided case's disclosure reaches the portal
only when published, is found by a Chinese search, verifiable in the ledger, corrected,
withdrawn and expired — and the public sees each state."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from sanxiang.cases.tests.factories import TODAY
from sanxiang.cases.tests.walks import decided
from sanxiang.disclosure import selectors_portal as p
from sanxiang.disclosure.models import Disclosure, DisclosureSearch
from sanxiang.disclosure.services import (
    disclosure_correct,
    disclosure_publish,
    disclosure_review,
    disclosure_withdraw,
    disclosures_expire,
)
from sanxiang.disclosure.tests.lifecycle.worlds import disclosure_world
from sanxiang.organisations.models import Role
from sanxiang.organisations.tests.factories import user_with_role

# The lifecycle tests' world: make_world() plus a 公示管理员.


def hits(q: str) -> list[Disclosure]:
    page = p.decisions_search(p.parse_decision_query({"q": q}))
    return [Disclosure.objects.get(pk=hit.id) for hit in page.results]


def lookup(client, sha: str) -> list[str]:
    body = client.get("/api/v1/ledger/lookup", {"sha256": sha}).json()
    return [record["kind"] for record in body["records"]]


@pytest.fixture
def world(db):
    return disclosure_world()


@pytest.fixture
def on_portal(world):
    case = decided(world)
    disclosure = Disclosure.objects.get(case=case)
    publisher = world.others["publisher"]
    assert hits("过期食品") == []  # a draft is not on the portal
    disclosure_review(user=publisher, disclosure_id=disclosure.pk, today=TODAY)
    assert hits("过期食品") == []  # nor a reviewed one
    disclosure_publish(user=publisher, disclosure_id=disclosure.pk, today=TODAY)
    return disclosure


def test_published_decision_found_by_chinese_words_and_its_number(client, on_portal):
    assert hits("过期食品") == [on_portal]
    assert hits("超过保质期的食品") == [on_portal]
    assert hits(on_portal.decision_number) == [on_portal]
    body = client.get(reverse("disclosure:decision", args=[on_portal.pk])).content.decode()
    assert on_portal.decision_number in body
    assert "某某商贸有限公司" in body


def test_published_content_sha256_is_found_by_the_ledger_lookup(client, on_portal):
    version = on_portal.versions.get()
    assert len(version.content_sha256) == 64
    assert "disclosure.disclosure.published" in lookup(client, version.content_sha256)
    body = client.get(reverse("disclosure:decision", args=[on_portal.pk])).content.decode()
    assert f'href="/verify/?sha256={version.content_sha256}"' in body


def test_correction_replaces_the_public_version_and_both_verify(client, world, on_portal):
    first = on_portal.versions.get()
    assert hits("乳制品") == []
    text = first.text.replace("超过保质期的食品", "超过保质期的乳制品")
    record = {
        k: v.replace("超过保质期的食品", "超过保质期的乳制品") for k, v in first.record.items()
    }
    second = disclosure_correct(
        user=world.others["publisher"],
        disclosure_id=on_portal.pk,
        payload={"reason": "违法事实表述更正", "text": text, "record": record},
        today=TODAY + dt.timedelta(days=2),
    )
    assert hits("乳制品") == [on_portal]
    assert DisclosureSearch.objects.get().version == second  # the old version left the index
    assert "disclosure.disclosure.corrected" in lookup(client, second.content_sha256)
    assert "disclosure.disclosure.published" in lookup(client, first.content_sha256)
    body = client.get(reverse("disclosure:decision", args=[on_portal.pk])).content.decode()
    assert "超过保质期的乳制品" in body
    assert "更正理由：违法事实表述更正" in body


def test_withdrawal_takes_decision_off_search_and_leaves_its_notice(client, world, on_portal):
    disclosure_withdraw(
        user=world.others["publisher"],
        disclosure_id=on_portal.pk,
        payload={
            "ground": "revoked",
            "changed_on": TODAY + dt.timedelta(days=5),
            "reason": "原处罚决定经行政复议被撤销",
        },
        today=TODAY + dt.timedelta(days=6),
    )
    assert hits("过期食品") == []
    assert not DisclosureSearch.objects.exists()
    body = client.get(reverse("disclosure:decision", args=[on_portal.pk])).content.decode()
    assert "原处罚决定经行政复议被撤销" in body
    assert "超过保质期的食品" not in body
    api = client.get(f"/api/v1/public/decisions/{on_portal.pk}").json()
    assert (api["withdrawn"], api["text"]) == (True, "")


def test_expiry_takes_decision_off_the_portal(client, on_portal):
    on_portal.refresh_from_db()
    assert on_portal.display_until is not None
    disclosures_expire(today=on_portal.display_until + dt.timedelta(days=1))
    assert hits("过期食品") == []
    assert client.get(reverse("disclosure:decision", args=[on_portal.pk])).status_code == 404


def test_another_agencys_officer_cannot_publish_so_nothing_reaches_the_portal(world):
    from sanxiang.core.errors import NotFound
    from sanxiang.organisations.tests.factories import AgencyFactory

    case = decided(world)
    disclosure = Disclosure.objects.get(case=case)
    stranger = user_with_role(Role.DISCLOSURE_OFFICER, AgencyFactory())
    with pytest.raises(NotFound):
        disclosure_review(user=stranger, disclosure_id=disclosure.pk, today=TODAY)
    assert hits("过期食品") == []

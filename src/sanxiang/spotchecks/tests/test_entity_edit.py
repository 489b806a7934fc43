"""Editing a 检查对象: the page from the 名录库 list, the API, refusals that keep the input, another
agency's entity as a 404, and published draws that do not move when the 名录库 does."""

from __future__ import annotations

import hashlib
import json
import uuid

import pytest

from sanxiang.core.models import AuditEvent
from sanxiang.inspections.tests.test_api import Api
from sanxiang.organisations.tests.factories import make_uscc
from sanxiang.spotchecks.models import Draw, EntityStatus, MarketEntity, RiskGrade
from sanxiang.spotchecks.services import draw_inputs_publish, entity_update
from sanxiang.spotchecks.tests.factories import (
    ENTROPY_SOURCES,
    NOW,
    add_entities,
    approved_task,
    drawn_task,
    make_spot_world,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def sw():
    return make_spot_world()


def edit_url(entity: MarketEntity) -> str:
    return f"/spot-checks/entities/{entity.pk}/edit/"


def form_of(entity: MarketEntity, **changes: str) -> dict[str, str]:
    fields = (
        "name", "uscc", "party_kind", "industry", "region_code", "region_name", "address",
        "legal_representative", "risk_grade", "credit_grade", "status",
    )  # fmt: skip
    return {name: str(getattr(entity, name)) for name in fields} | changes


def test_edit_link_on_the_list_opens_a_prefilled_form(client, sw):
    (entity,) = add_entities(sw.lead, 1)
    client.force_login(sw.lead.officer)
    listing = client.get("/spot-checks/entities/").content.decode()
    assert f'href="{edit_url(entity)}"' in listing
    page = client.get(edit_url(entity))
    assert page.status_code == 200
    html = page.content.decode()
    assert f'value="{entity.name}"' in html
    assert f'value="{entity.uscc}"' in html
    assert f'value="{entity.address}"' in html
    assert '<option value="active" selected>' in html


def test_edit_saves_every_field_and_audits_old_and_new(client, sw):
    (entity,) = add_entities(sw.lead, 1)
    new_uscc = make_uscc()
    client.force_login(sw.lead.officer)
    response = client.post(
        edit_url(entity),
        form_of(
            entity,
            name="陵川县崇文食品有限公司",
            uscc=new_uscc,
            industry="食品销售",
            region_code="140581",
            region_name="高平市",
            address="新华街8号",
            legal_representative="王某",
            risk_grade=RiskGrade.HIGH,
            credit_grade="C",
            status=EntityStatus.DEREGISTERED,
        ),
    )
    assert response.status_code == 302
    assert response["Location"] == "/spot-checks/entities/"
    entity.refresh_from_db()
    assert (entity.name, entity.uscc, entity.industry) == (
        "陵川县崇文食品有限公司",
        new_uscc,
        "食品销售",
    )
    assert (entity.region_code, entity.region_name, entity.address) == (
        "140581",
        "高平市",
        "新华街8号",
    )
    assert entity.legal_representative == "王某"
    assert (entity.risk_grade, entity.credit_grade) == (RiskGrade.HIGH, "C")
    assert entity.status == EntityStatus.DEREGISTERED
    event = AuditEvent.objects.get(event="spotchecks.entity.updated", target_id=str(entity.pk))
    assert event.old["risk_grade"] == RiskGrade.LOW
    assert event.new["risk_grade"] == RiskGrade.HIGH
    assert event.new["uscc"] == new_uscc
    assert event.new["status"] == EntityStatus.DEREGISTERED


def test_bad_uscc_refused_in_chinese_with_the_input_kept_and_nothing_changed(client, sw):
    (entity,) = add_entities(sw.lead, 1)
    before = form_of(entity)
    client.force_login(sw.lead.officer)
    response = client.post(
        edit_url(entity),
        form_of(entity, name="改过的名称", uscc="91140524MA0000001Y", address="新地址1号"),
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "校验位错误" in html
    assert 'value="改过的名称"' in html
    assert 'value="新地址1号"' in html
    entity.refresh_from_db()
    assert form_of(entity) == before
    assert not AuditEvent.objects.filter(event="spotchecks.entity.updated").exists()


def test_uscc_of_another_entity_in_the_same_pool_is_refused(client, sw):
    first, second = add_entities(sw.lead, 2)
    client.force_login(sw.lead.officer)
    response = client.post(edit_url(second), form_of(second, uscc=first.uscc))
    assert response.status_code == 400
    assert f"统一社会信用代码 {first.uscc} 已在本机关名录库中" in response.content.decode()
    second.refresh_from_db()
    assert second.uscc != first.uscc


def test_empty_name_refused_and_entity_kept(client, sw):
    (entity,) = add_entities(sw.lead, 1)
    client.force_login(sw.lead.officer)
    response = client.post(edit_url(entity), form_of(entity, name=""))
    assert response.status_code == 400
    assert 'id="error"' in response.content.decode()
    entity.refresh_from_db()
    assert entity.name == "陵川县第1食品店有限公司"


def test_another_agencys_entity_is_404_on_the_page(client, sw):
    (entity,) = add_entities(sw.lead, 1)
    for user in (sw.partner.agency_head, sw.partner.officer, sw.supervisor):
        client.force_login(user)
        assert client.get(edit_url(entity)).status_code == 404
        assert client.post(edit_url(entity), form_of(entity, name="别人改的")).status_code == 404
    client.force_login(sw.partner.officer)
    assert f'href="{edit_url(entity)}"' not in client.get("/spot-checks/entities/").content.decode()
    assert client.get(f"/spot-checks/entities/{uuid.uuid4()}/edit/").status_code == 404
    entity.refresh_from_db()
    assert entity.name == "陵川县第1食品店有限公司"


def test_edit_needs_login(client, sw):
    (entity,) = add_entities(sw.lead, 1)
    response = client.get(edit_url(entity))
    assert response.status_code == 302
    assert "/login" in response["Location"]


def test_published_draw_record_is_byte_identical_after_its_pool_is_edited(client, sw):
    entities = add_entities(sw.lead, 5)
    task = drawn_task(sw)
    draw = Draw.objects.get(task=task)
    url = f"/api/v1/public/draws/{draw.pk}"
    before = client.get(url).content
    picked_ids = {p["entity"] for p in draw.picks}
    picked = next(e for e in entities if str(e.pk) in picked_ids)
    client.force_login(sw.lead.officer)
    response = client.post(
        edit_url(picked),
        form_of(
            picked,
            name="改名后的食品有限公司",
            uscc=make_uscc(),
            risk_grade=RiskGrade.HIGH,
            status=EntityStatus.DEREGISTERED,
        ),
    )
    assert response.status_code == 302
    client.logout()
    after = client.get(url).content
    assert after == before
    assert hashlib.sha256(after).hexdigest() == hashlib.sha256(before).hexdigest()
    record = json.loads(after)
    assert record["inputs_sha256"] == draw.inputs_sha256
    assert "改名后的食品有限公司" not in record["labels"][str(picked.pk)]
    # The public page (its HTML carries a per-request CSP nonce) still names the frozen label.
    page = client.get(f"/random-checks/{draw.pk}/").content.decode()
    assert picked.name in page
    assert "改名后的食品有限公司" not in page


def test_a_later_task_draws_from_the_edited_pool(sw):
    first, second, third = add_entities(sw.lead, 3)
    published = draw_inputs_publish(
        user=sw.lead.agency_head,
        task_id=approved_task(sw, count=1).pk,
        data={"entropy_sources": ENTROPY_SOURCES},
        now=NOW,
    )
    entity_update(
        user=sw.lead.officer,
        entity_id=second.pk,
        data=form_of(second, status=EntityStatus.DEREGISTERED),
    )
    frozen = Draw.objects.get(pk=published.pk).inputs["entities"]["ids"]
    assert str(second.pk) in frozen
    later = draw_inputs_publish(
        user=sw.lead.agency_head,
        task_id=approved_task(sw, count=1).pk,
        data={"entropy_sources": ENTROPY_SOURCES},
        now=NOW,
    )
    assert set(later.inputs["entities"]["ids"]) == {str(first.pk), str(third.pk)}


def test_api_update_changes_only_the_fields_sent(client, sw):
    (entity,) = add_entities(sw.lead, 1)
    uscc = entity.uscc
    officer = Api(client, sw.lead.officer)
    response = officer.post(f"spot-checks/entities/{entity.pk}/update", {"risk_grade": "high"})
    assert response.status_code == 200, response.content
    assert response.json()["risk_grade"] == "high"
    assert response.json()["uscc"] == entity.uscc
    entity.refresh_from_db()
    assert entity.risk_grade == RiskGrade.HIGH
    assert entity.address == "崇文街1号"
    refused = officer.post(
        f"spot-checks/entities/{entity.pk}/update", {"uscc": "91140524MA0000001Y"}
    )
    assert refused.status_code == 400
    assert refused.json()["code"] == "uscc_invalid"
    unknown = officer.post(f"spot-checks/entities/{entity.pk}/update", {"colour": "red"})
    assert unknown.status_code == 400
    other = Api(client, sw.partner.agency_head)
    missing = other.post(f"spot-checks/entities/{entity.pk}/update", {"risk_grade": "low"})
    assert missing.status_code == 404
    assert officer.post("spot-checks/entities/not-a-uuid/update", {}).status_code == 404
    entity.refresh_from_db()
    assert (entity.risk_grade, entity.uscc) == (RiskGrade.HIGH, uscc)

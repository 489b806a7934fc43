"""spotchecks services: 名录库, tasks, the draw's inputs → entropy → run, refusals by code."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from sanxiang.cases.tests.factories import TODAY
from sanxiang.core.errors import Forbidden, NotFound, RuleViolation, ValidationFailed
from sanxiang.core.models import AuditEvent
from sanxiang.ledger.models import LedgerEntry
from sanxiang.spotchecks.draw import verify_record
from sanxiang.spotchecks.models import Assignment, Draw, InspectorEntry, MarketEntity, TaskStatus
from sanxiang.spotchecks.record import draw_public_record
from sanxiang.spotchecks.services import (
    draw_entropy_record,
    draw_inputs_publish,
    draw_run,
    entities_import,
    entity_create,
    relation_declare,
    task_approve,
    task_create,
)
from sanxiang.spotchecks.tests.factories import (
    ENTROPY_SOURCES,
    ENTROPY_VALUES,
    KNOWN,
    LATER,
    NOW,
    add_entities,
    approved_task,
    drawn_task,
    make_spot_world,
    task_data,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def sw():
    return make_spot_world()


def test_inspector_pool_holds_certified_officers_only(sw):
    officers = set(
        InspectorEntry.objects.filter(agency=sw.lead.agency, is_active=True).values_list(
            "officer__user", flat=True
        )
    )
    assert sw.lead.officer.pk in officers
    assert sw.lead.uncertified.pk not in officers


def test_entity_refused_with_bad_uscc_check_character(sw):
    with pytest.raises(ValidationFailed) as exc:
        entity_create(user=sw.lead.officer, data={"name": "某公司", "uscc": "91140524MA0000001Y"})
    assert exc.value.code == "uscc_invalid"


def test_import_is_all_or_nothing_with_row_errors(sw):
    add_entities(sw.lead, 1)
    good = (
        f"名称,统一社会信用代码,行业,风险等级\n甲公司,{MarketEntity.objects.first().uscc},餐饮,高\n"
    )
    bad = good + "乙公司,123,餐饮,中\n丙公司,,餐饮,低\n"
    before = MarketEntity.objects.count()
    with pytest.raises(ValidationFailed) as exc:
        entities_import(user=sw.lead.officer, filename="x.csv", content=bad.encode())
    assert exc.value.code == "import_failed"
    assert [r[:5] for r in exc.value.extra["rows"]] == ["第 3 行", "第 4 行"]
    assert MarketEntity.objects.count() == before
    assert MarketEntity.objects.first().name != "甲公司"
    counts = entities_import(user=sw.lead.officer, filename="x.csv", content=good.encode("gb18030"))
    assert counts == {"created": 0, "updated": 1}
    assert MarketEntity.objects.get(name="甲公司").risk_grade == "high"


def test_each_agency_of_a_joint_task_sends_two_inspectors(sw):
    # Each agency opens its own inspection case, which needs two of its own officers (§42).
    with pytest.raises(RuleViolation) as exc:
        task_create(user=sw.lead.officer, data=task_data(sw, inspectors_per_object=1), today=TODAY)
    assert exc.value.code == "inspectors_too_few"
    one_each = [{"agency_id": sw.partner.agency.pk, "inspectors_per_object": 1}]
    with pytest.raises(RuleViolation) as exc:
        task_create(
            user=sw.lead.officer,
            data=task_data(sw, inspectors_per_object=1, partners=one_each),
            today=TODAY,
        )
    assert exc.value.code == "inspectors_too_few"
    task = task_create(
        user=sw.lead.officer,
        data=task_data(
            sw,
            inspectors_per_object=2,
            partners=[{"agency_id": sw.partner.agency.pk, "inspectors_per_object": 2}],
        ),  # fmt: skip
        today=TODAY,
    )
    assert task.is_joint


def test_only_the_head_approves(sw):
    task = task_create(user=sw.lead.officer, data=task_data(sw), today=TODAY)
    with pytest.raises(Forbidden) as exc:
        task_approve(user=sw.lead.officer, task_id=task.pk)
    assert exc.value.code == "not_head"


def test_other_agency_sees_task_as_not_found(sw):
    task = approved_task(sw)
    with pytest.raises(NotFound):
        draw_inputs_publish(
            user=sw.partner.agency_head,
            task_id=task.pk,
            data={"entropy_sources": ENTROPY_SOURCES},
            now=NOW,
        )


def test_inputs_refused_when_entropy_already_known(sw):
    add_entities(sw.lead, 5)
    task = approved_task(sw)
    with pytest.raises(RuleViolation) as exc:
        draw_inputs_publish(
            user=sw.lead.agency_head, task_id=task.pk,
            data={"entropy_sources": [{"description": "昨天的开奖号码", "known_after": NOW - dt.timedelta(days=1)}]},
            now=NOW,
        )  # fmt: skip
    assert exc.value.code == "entropy_not_future"


def test_draw_walk_publishes_ledgered_inputs_and_result(sw):
    add_entities(sw.lead, 6)
    task = approved_task(sw)
    head = sw.lead.agency_head
    draw = draw_inputs_publish(
        user=head, task_id=task.pk, data={"entropy_sources": ENTROPY_SOURCES}, now=NOW
    )
    assert LedgerEntry.objects.filter(subject_sha256=draw.inputs_sha256).exists()
    assert len(draw.inputs["entities"]["ids"]) == 6
    with pytest.raises(RuleViolation) as exc:
        draw_run(user=head, task_id=task.pk, now=NOW)
    assert exc.value.code == "entropy_missing"
    with pytest.raises(RuleViolation) as exc:
        draw_entropy_record(
            user=head,
            task_id=task.pk,
            data={"values": ENTROPY_VALUES},
            now=KNOWN - dt.timedelta(minutes=1),
        )
    assert exc.value.code == "entropy_too_early"
    with pytest.raises(ValidationFailed) as exc:
        draw_entropy_record(user=head, task_id=task.pk, data={"values": [[1], [2]]}, now=LATER)
    assert exc.value.code == "entropy_shape"
    draw_entropy_record(user=head, task_id=task.pk, data={"values": ENTROPY_VALUES}, now=LATER)
    draw = draw_run(user=head, task_id=task.pk, now=LATER)
    assert len(draw.picks) == 3
    assert all(len(p["inspectors"]) == 2 for p in draw.picks)
    assert LedgerEntry.objects.filter(subject_sha256=draw.result_sha256).exists()
    assert Assignment.objects.filter(task=task).count() == 3
    with pytest.raises(RuleViolation) as exc:
        draw_run(user=head, task_id=task.pk, now=LATER)
    assert exc.value.code == "draw_already_run"
    assert verify_record(draw_public_record(draw)).ok


def test_entropy_cannot_be_changed_once_recorded(sw):
    add_entities(sw.lead, 4)
    task = drawn_task(sw)
    with pytest.raises(RuleViolation) as exc:
        draw_entropy_record(
            user=sw.lead.agency_head, task_id=task.pk, data={"values": [[1, 2]]}, now=LATER
        )
    assert exc.value.code == "entropy_already"


def test_recusal_excludes_the_related_officer_from_that_object(sw):
    (entity,) = add_entities(sw.lead, 1)
    relation_declare(
        user=sw.lead.officer,
        data={
            "officer_id": sw.lead.officer.officer.pk,
            "entity_id": entity.pk,
            "reason": "近亲属任该公司股东",
        },
    )
    task = drawn_task(sw, count=1)
    draw = Draw.objects.get(task=task)
    officer_id = str(sw.lead.officer.officer.pk)
    assert draw.inputs["constraints"]["exclusions"] == {str(entity.pk): [officer_id]}
    assert officer_id not in draw.picks[0]["inspectors"]


def test_recusal_leaving_too_few_refuses_inputs(sw):
    (entity,) = add_entities(sw.lead, 1)
    pool = InspectorEntry.objects.filter(agency=sw.lead.agency, is_active=True)
    for entry in list(pool)[:-1]:
        relation_declare(
            user=sw.lead.officer,
            data={"officer_id": entry.officer_id, "entity_id": entity.pk, "reason": "利害关系"},
        )
    task = approved_task(sw, count=1)
    with pytest.raises(RuleViolation) as exc:
        draw_inputs_publish(
            user=sw.lead.agency_head,
            task_id=task.pk,
            data={"entropy_sources": ENTROPY_SOURCES},
            now=NOW,
        )
    assert exc.value.code == "inspectors_insufficient"


def test_joint_task_draws_per_agency_counts(sw):
    add_entities(sw.lead, 5)
    task = drawn_task(
        sw, inspectors_per_object=2,
        partners=[{"agency_id": sw.partner.agency.pk, "inspectors_per_object": 2}],
    )  # fmt: skip
    draw = Draw.objects.get(task=task)
    agency_of = draw.inputs["inspectors"]["agency"]
    for pick in draw.picks:
        agencies = [agency_of[o] for o in pick["inspectors"]]
        assert agencies == [str(sw.lead.agency.pk)] * 2 + [str(sw.partner.agency.pk)] * 2
    assert Assignment.objects.filter(task=task, agency=sw.partner.agency).count() == 3
    assert task.status == TaskStatus.DRAWN


def test_every_written_row_is_audited(sw):
    add_entities(sw.lead, 4)
    task = drawn_task(sw)
    draw = Draw.objects.get(task=task)
    for model, pk in [
        (MarketEntity, MarketEntity.objects.first().pk),
        (type(task), task.pk),
        (Draw, draw.pk),
    ]:
        assert AuditEvent.objects.filter(
            target_type=model._meta.label_lower, target_id=str(pk)
        ).exists()


def test_a_natural_person_is_named_by_surname_only_in_the_public_record(sw):
    entity_create(
        user=sw.lead.officer, data={"name": "王小明", "party_kind": "person", "industry": "餐饮"}
    )
    task = drawn_task(sw, count=1)
    draw = Draw.objects.get(task=task)
    assert "王某（自然人）" in draw.labels.values()
    assert "王小明" not in json.dumps(draw_public_record(draw), ensure_ascii=False)

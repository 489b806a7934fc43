"""The draw (INTEGRITY.md §3): publish the inputs, record the entropy once known, run it once.

`draw_inputs_publish` freezes the pool, the constraints and the entropy declaration into the
published JSON (ledgered by its SHA-256); nothing in them can change afterwards, because later
steps read only that JSON. `draw_run` computes the picks from it with `spotchecks.draw` and
refuses a second run, so nobody can draw again until the result pleases.
"""

from __future__ import annotations

import datetime as dt
import math
import uuid
from collections.abc import Mapping
from typing import Any

from django.db import transaction
from django.utils import timezone

from sanxiang.cases.models import PartyKind
from sanxiang.cases.services.validation import parse
from sanxiang.core.errors import NotFound, RuleViolation, ValidationFailed
from sanxiang.ledger.audit import audit_record
from sanxiang.organisations.models import Officer
from sanxiang.organisations.rules import valid_certificate
from sanxiang.spotchecks.draw import (
    ALGORITHM_RFC3797_MD5,
    DrawError,
    ids_sha256,
    inputs_from_record,
    json_sha256,
    key_string,
    picks_as_json,
    run_draw,
)
from sanxiang.spotchecks.models import (
    Assignment,
    Draw,
    EntityStatus,
    InspectorEntry,
    MarketEntity,
    Relation,
    SpotCheckTask,
    TaskStatus,
)
from sanxiang.spotchecks.payloads import EntropyData, InputsData
from sanxiang.spotchecks.services.tasks import require_lead_head, require_status, task_lock_for_user

CITATION = "INTEGRITY.md §3；RFC 3797"
ENTROPY_NOT_FUTURE = "随机数来源“{description}”的公布时间须晚于现在（抽取输入公布时无人知道其值）"
POOL_EMPTY = "名录库中没有符合范围的检查对象"
POOL_TOO_SMALL = "符合范围的检查对象 {pool} 个，少于抽取数量 {count} 个"
INSPECTORS_SHORT = (
    "检查对象“{name}”在回避后，“{agency}”可抽取的检查人员只有 {have} 人，少于 {need} 人"
)
ENTROPY_TOO_EARLY = "随机数来源“{description}”要到 {known_after} 才公布，现在不能录入"
ENTROPY_SHAPE = "应录入 {sources} 个随机数来源的值，实际 {given} 个"
ENTROPY_ALREADY = "随机数来源的值已经录入，不能修改"
ENTROPY_MISSING = "随机数来源的值尚未录入，不能抽取"
ALREADY_DRAWN = "本任务已经抽取，不得重新抽取"
NO_INPUTS = "抽取输入尚未公布，不能{what}"


def region_prefix(code: str) -> str:
    """140500 (a city) covers 1405xx; 140000 (a province) covers 14xxxx."""
    while code.endswith("00"):
        code = code[:-2]
    return code


def _entity_pool(task: SpotCheckTask) -> list[MarketEntity]:
    pool = MarketEntity.objects.filter(agency=task.agency, status=EntityStatus.ACTIVE)
    if task.filter_industry:
        pool = pool.filter(industry=task.filter_industry)
    if task.filter_region_code:
        pool = pool.filter(region_code__startswith=region_prefix(task.filter_region_code))
    if task.filter_risk_grade:
        pool = pool.filter(risk_grade=task.filter_risk_grade)
    # Published order: by 统一社会信用代码, then id; a fixed order anyone can check against the list.
    return sorted(pool, key=lambda e: (e.uscc, str(e.pk)))


def _inspector_pool(task: SpotCheckTask) -> list[Officer]:
    """Active 名录库 officers of the participants, certified for the field over the whole window."""
    out: list[Officer] = []
    for participant in task.participants.select_related("agency"):
        entries = (
            InspectorEntry.objects.filter(
                agency=participant.agency,
                is_active=True,
                officer__is_active=True,
                fields=task.field,
            )  # fmt: skip
            .select_related("officer")
            .prefetch_related("officer__certificates__fields")
        )
        officers = [
            e.officer
            for e in entries
            if all(
                valid_certificate(e.officer, task.field.code, day)
                for day in (task.window_start, task.window_end)
            )
        ]
        out.extend(sorted(officers, key=lambda o: (o.staff_number, o.name, str(o.pk))))
    return out


def _exclusions(entities: list[MarketEntity], officers: list[Officer]) -> dict[str, list[str]]:
    """回避 per object: a relation to the entity or to any entity with its 统一社会信用代码."""
    officer_ids = {o.pk for o in officers}
    by_uscc: dict[str, set[str]] = {}
    by_entity: dict[str, set[str]] = {}
    for r in Relation.objects.filter(officer_id__in=officer_ids).select_related("entity"):
        by_entity.setdefault(str(r.entity_id), set()).add(str(r.officer_id))
        if r.entity.uscc:
            by_uscc.setdefault(r.entity.uscc, set()).add(str(r.officer_id))
    out: dict[str, list[str]] = {}
    for e in entities:
        excluded = by_entity.get(str(e.pk), set()) | by_uscc.get(e.uscc, set())
        if excluded:
            out[str(e.pk)] = sorted(excluded)
    return out


def public_label(entity: MarketEntity) -> str:
    """How the public record names an object: a natural person only by surname (个人信息保护)."""
    if entity.party_kind == PartyKind.PERSON:
        return f"{entity.name[:1]}某（自然人）"
    return f"{entity.name}（{entity.uscc}）" if entity.uscc else entity.name


def _count(task: SpotCheckTask, pool: int) -> int:
    if task.count is not None:
        return task.count
    return max(1, math.ceil(pool * (task.ratio_percent or 0) / 100))


def _inputs(
    task: SpotCheckTask, payload: InputsData, now: dt.datetime
) -> tuple[dict[str, Any], dict[str, str]]:
    entities = _entity_pool(task)
    if not entities:
        raise RuleViolation(POOL_EMPTY, code="pool_empty", citation=CITATION)
    count = _count(task, len(entities))
    if count > len(entities):
        raise RuleViolation(
            POOL_TOO_SMALL.format(pool=len(entities), count=count), code="pool_too_small"
        )
    officers = _inspector_pool(task)
    entity_ids = [str(e.pk) for e in entities]
    officer_ids = [str(o.pk) for o in officers]
    participants = list(task.participants.select_related("agency"))
    inputs: dict[str, Any] = {
        "task": str(task.pk),
        "title": task.title,
        "algorithm": ALGORITHM_RFC3797_MD5,
        "entities": {"ids": entity_ids, "sha256": ids_sha256(entity_ids)},
        "count": count,
        "inspectors": {
            "ids": officer_ids,
            "sha256": ids_sha256(officer_ids),
            "agency": {str(o.pk): str(o.agency_id) for o in officers},
        },
        "constraints": {
            "quotas": [
                {"agency": str(p.agency_id), "count": p.inspectors_per_object} for p in participants
            ],
            "inspectors_per_object": sum(p.inspectors_per_object for p in participants),
            "exclusions": _exclusions(entities, officers),
        },
        "entropy": [
            {"description": s.description, "known_after": s.known_after.isoformat()}
            for s in payload.entropy_sources
        ],
        "published_at": now.isoformat(),
    }
    labels = {str(e.pk): public_label(e) for e in entities}
    labels |= {str(o.pk): o.name for o in officers}
    labels |= {str(p.agency_id): p.agency.name for p in participants}
    return inputs, labels


def _check_feasible(inputs: dict[str, Any], labels: dict[str, str]) -> None:
    """Every object must have enough inspectors after 回避, so the draw itself cannot fail."""
    draw_inputs = inputs_from_record(inputs, ALGORITHM_RFC3797_MD5)
    for entity in draw_inputs.entities:
        for quota in draw_inputs.quotas:
            have = len(draw_inputs.inspector_candidates(entity, quota))
            if have < quota.count:
                raise RuleViolation(
                    INSPECTORS_SHORT.format(
                        name=labels[entity],
                        agency=labels[quota.agency],
                        have=have,
                        need=quota.count,
                    ),  # fmt: skip
                    code="inspectors_insufficient",
                    citation="《行政处罚法》第四十二条",
                )


@transaction.atomic
def draw_inputs_publish(
    *, user: Any, task_id: Any, data: Mapping[str, Any] | InputsData, now: dt.datetime | None = None
) -> Draw:
    """Freeze and publish the draw inputs of an approved task, with the entropy declaration.

    Raises: NotFound; Forbidden `not_head`; RuleViolation `wrong_status`, `entropy_not_future`,
        `pool_empty`, `pool_too_small`, `inspectors_insufficient`; ValidationFailed (input).
    """
    task = task_lock_for_user(user=user, task_id=task_id)
    require_lead_head(user, task, "公布抽取输入")
    require_status(task, "公布抽取输入", TaskStatus.APPROVED)
    payload = parse(InputsData, data)
    moment = now or timezone.now()
    for source in payload.entropy_sources:
        if timezone.is_naive(source.known_after) or source.known_after <= moment:
            raise RuleViolation(
                ENTROPY_NOT_FUTURE.format(description=source.description),
                code="entropy_not_future",
                citation=CITATION,
            )
    inputs, labels = _inputs(task, payload, moment)
    _check_feasible(inputs, labels)
    digest = json_sha256(inputs)
    draw = Draw.objects.create(
        task=task, algorithm=ALGORITHM_RFC3797_MD5, inputs=inputs, inputs_sha256=digest,
        inputs_published_at=moment, labels=labels, created_by=user, updated_by=user,
    )  # fmt: skip
    task.status = TaskStatus.INPUTS_PUBLISHED
    task.updated_by = user
    task.save(update_fields=["status", "updated_by", "updated_at"])
    audit_record(
        actor=user,
        event="spotchecks.draw.inputs_published",
        target=draw,
        agency_id=task.agency_id,
        new={
            "task": str(task.pk),
            "inputs_sha256": digest,
            "entities_sha256": inputs["entities"]["sha256"],
            "inspectors_sha256": inputs["inspectors"]["sha256"],
            "count": inputs["count"],
            "entropy": inputs["entropy"],
        },
        subject_sha256=digest,
    )
    return draw


def draw_lock(*, user: Any, task_id: Any) -> tuple[SpotCheckTask, Draw]:
    task = task_lock_for_user(user=user, task_id=task_id)
    draw = Draw.objects.select_for_update().filter(task=task).first()
    if draw is None:
        raise RuleViolation(NO_INPUTS.format(what="继续"), code="inputs_not_published")
    return task, draw


@transaction.atomic
def draw_entropy_record(
    *,
    user: Any,
    task_id: Any,
    data: Mapping[str, Any] | EntropyData,
    now: dt.datetime | None = None,
) -> Draw:
    """Enter the values of the declared entropy sources, once each is public.

    Raises: NotFound; Forbidden `not_head`; RuleViolation `inputs_not_published`,
        `entropy_too_early`, `entropy_already`; ValidationFailed (input, `entropy_shape`,
        `entropy_invalid`).
    """
    task, draw = draw_lock(user=user, task_id=task_id)
    require_lead_head(user, task, "录入随机数")
    if draw.entropy_values is not None:
        raise RuleViolation(ENTROPY_ALREADY, code="entropy_already", citation=CITATION)
    payload = parse(EntropyData, data)
    moment = now or timezone.now()
    sources = draw.inputs["entropy"]
    for source in sources:
        if dt.datetime.fromisoformat(source["known_after"]) > moment:
            raise RuleViolation(
                ENTROPY_TOO_EARLY.format(**source), code="entropy_too_early", citation=CITATION
            )
    if len(payload.values) != len(sources):
        raise ValidationFailed(
            ENTROPY_SHAPE.format(sources=len(sources), given=len(payload.values)),
            code="entropy_shape",
        )
    try:
        key = key_string(payload.values)
    except DrawError as exc:
        raise ValidationFailed(str(exc), code="entropy_invalid") from exc
    draw.entropy_values = payload.values
    draw.entropy_recorded_at = moment
    draw.key = key
    draw.updated_by = user
    draw.save(
        update_fields=["entropy_values", "entropy_recorded_at", "key", "updated_by", "updated_at"]
    )
    audit_record(
        actor=user,
        event="spotchecks.draw.entropy_recorded",
        target=draw,
        agency_id=task.agency_id,
        new={"entropy_values": payload.values, "key": key},
        subject_sha256=json_sha256({"draw": str(draw.pk), "entropy_values": payload.values}),
    )
    return draw


def result_sha256(draw: Draw) -> str:
    return json_sha256(
        {
            "inputs_sha256": draw.inputs_sha256,
            "entropy_values": draw.entropy_values,
            "key": draw.key,
            "picks": draw.picks,
        }
    )


@transaction.atomic
def draw_run(*, user: Any, task_id: Any, now: dt.datetime | None = None) -> Draw:
    """Run the draw once from the published inputs and the recorded entropy.

    Raises: NotFound; Forbidden `not_head`; RuleViolation `inputs_not_published`,
        `entropy_missing`, `draw_already_run`.
    """
    task, draw = draw_lock(user=user, task_id=task_id)
    require_lead_head(user, task, "抽取")
    if draw.drawn_at is not None:
        raise RuleViolation(ALREADY_DRAWN, code="draw_already_run", citation=CITATION)
    if draw.entropy_values is None:
        raise RuleViolation(ENTROPY_MISSING, code="entropy_missing", citation=CITATION)
    outcome = run_draw(inputs_from_record(draw.inputs, draw.algorithm), draw.entropy_values)
    draw.picks = picks_as_json(outcome.picks)
    draw.steps = [[s.i, s.md5, s.remaining, s.position, s.picked] for s in outcome.steps]
    draw.drawn_at = now or timezone.now()
    draw.result_sha256 = result_sha256(draw)
    draw.updated_by = user
    draw.save()
    _assignments_create(task, draw, user)
    task.status = TaskStatus.DRAWN
    task.updated_by = user
    task.save(update_fields=["status", "updated_by", "updated_at"])
    audit_record(
        actor=user,
        event="spotchecks.draw.run",
        target=draw,
        agency_id=task.agency_id,
        new={"key": draw.key, "picks": draw.picks, "result_sha256": draw.result_sha256},
        subject_sha256=draw.result_sha256,
    )
    return draw


def _assignments_create(task: SpotCheckTask, draw: Draw, user: Any) -> None:
    agency_of = draw.inputs["inspectors"]["agency"]
    entities = MarketEntity.objects.in_bulk([p["entity"] for p in draw.picks or []])
    for position, pick in enumerate(draw.picks or [], start=1):
        entity = entities.get(uuid.UUID(pick["entity"]))
        if entity is None:
            raise NotFound()
        for quota in draw.inputs["constraints"]["quotas"]:
            mine = [o for o in pick["inspectors"] if agency_of[o] == quota["agency"]]
            assignment = Assignment.objects.create(
                task=task, position=position, entity=entity, agency_id=quota["agency"],
                inspector_ids=mine, created_by=user,
            )  # fmt: skip
            audit_record(
                actor=user,
                event="spotchecks.assignment.drawn",
                target=assignment,
                agency_id=assignment.agency_id,
                new={"position": position, "entity": str(entity.pk), "inspectors": mine},
            )

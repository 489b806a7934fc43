"""名录库 services: 检查对象 (create, edit, import), 执法检查人员 (refresh), 回避 relations."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from django.db import transaction

from sanxiang.cases.models import PartyKind
from sanxiang.cases.services.common import acting_officer, today_or
from sanxiang.cases.services.validation import parse
from sanxiang.core.errors import Forbidden, NotFound, ValidationFailed
from sanxiang.core.ids import uuid_or_not_found
from sanxiang.ledger.audit import audit_record
from sanxiang.organisations.codes import region_code_problem, uscc_problem
from sanxiang.organisations.models import EnforcementField, Officer, Role, RoleAssignment
from sanxiang.spotchecks.models import (
    CreditGrade,
    EntityStatus,
    InspectorEntry,
    MarketEntity,
    Relation,
    RiskGrade,
)
from sanxiang.spotchecks.payloads import EntityData, RelationData
from sanxiang.spotchecks.permissions import can_maintain, entities_visible_to
from sanxiang.spotchecks.tables import table_rows

NOT_STAFF = "只有本机关执法人员或负责人可以维护名录库"
USCC_REQUIRED = "法人或其他组织应当填写统一社会信用代码"
USCC_TAKEN = "统一社会信用代码 {uscc} 已在本机关名录库中（{name}）"
IMPORT_FAILED = "导入失败，共 {count} 处错误，未导入任何内容"
ROW_PROBLEM = "第 {row} 行：{message}"
OFFICER_UNKNOWN = "执法人员不存在或不属于本机关"
RELATION_EXISTS = "该回避关系已经登记"

# Import columns (header → field) and the Chinese labels accepted for choice columns.
COLUMNS = {
    "名称": "name",
    "统一社会信用代码": "uscc",
    "对象类型": "party_kind",
    "行业": "industry",
    "行政区划代码": "region_code",
    "行政区划": "region_name",
    "地址": "address",
    "法定代表人": "legal_representative",
    "风险等级": "risk_grade",
    "信用等级": "credit_grade",
    "状态": "status",
}
CHOICE_LABELS: dict[str, dict[str, str]] = {
    "party_kind": {"自然人": PartyKind.PERSON, "法人或其他组织": PartyKind.ORGANISATION},
    "risk_grade": {"低": "low", "中": "medium", "高": "high"}
    | {label: str(value) for value, label in RiskGrade.choices},
    "credit_grade": {label: str(value) for value, label in CreditGrade.choices},
    "status": {label: str(value) for value, label in EntityStatus.choices},
}
ENTITY_FIELDS = list(EntityData.model_fields)


def _check_entity(data: EntityData) -> EntityData:
    """Raises: ValidationFailed `uscc_invalid`, `uscc_required`, `region_invalid`."""
    uscc = data.uscc.upper()
    if uscc:
        problem = uscc_problem(uscc)
        if problem:
            raise ValidationFailed(problem, code="uscc_invalid")
    elif data.party_kind == PartyKind.ORGANISATION:
        raise ValidationFailed(USCC_REQUIRED, code="uscc_required")
    if data.region_code and region_code_problem(data.region_code):
        raise ValidationFailed(str(region_code_problem(data.region_code)), code="region_invalid")
    return data.model_copy(update={"uscc": uscc})


def _staff(user: Any) -> Officer:
    actor = acting_officer(user)
    if not can_maintain(user, actor.agency):
        raise Forbidden(NOT_STAFF, code="not_staff")
    return actor


def _values(entity: MarketEntity) -> dict[str, Any]:
    return {f: str(getattr(entity, f)) for f in ENTITY_FIELDS}


def _write_entity(
    *, user: Any, actor: Officer, data: EntityData, entity: MarketEntity | None
) -> MarketEntity:
    clash = MarketEntity.objects.filter(agency=actor.agency, uscc=data.uscc).exclude(uscc="")
    if entity is not None:
        clash = clash.exclude(pk=entity.pk)
    other = clash.first()
    if other is not None:
        raise ValidationFailed(
            USCC_TAKEN.format(uscc=data.uscc, name=other.name), code="uscc_taken"
        )
    old = _values(entity) if entity else {}
    if entity is None:
        entity = MarketEntity(agency=actor.agency, created_by=user)
    for name in ENTITY_FIELDS:
        setattr(entity, name, getattr(data, name))
    entity.updated_by = user
    entity.full_clean()
    entity.save()
    audit_record(
        actor=user,
        event="spotchecks.entity.updated" if old else "spotchecks.entity.created",
        target=entity,
        agency_id=actor.agency_id,
        old=old,
        new=_values(entity),
    )
    return entity


@transaction.atomic
def entity_create(*, user: Any, data: Mapping[str, Any] | EntityData) -> MarketEntity:
    """Add a 检查对象 to the actor's agency's 名录库.

    Raises: Forbidden `not_staff`; ValidationFailed (input, `uscc_invalid`, `uscc_required`,
        `uscc_taken`, `region_invalid`).
    """
    actor = _staff(user)
    return _write_entity(
        user=user, actor=actor, data=_check_entity(parse(EntityData, data)), entity=None
    )


@transaction.atomic
def entity_update(
    *, user: Any, entity_id: Any, data: Mapping[str, Any] | EntityData
) -> MarketEntity:
    """Edit a 检查对象 (e.g. its risk grade, a corrected 统一社会信用代码, or 注销).

    Draws whose inputs are already published keep the pool and labels they froze then; only
    tasks not yet published see the new values.
    Raises: as entity_create; NotFound (missing, malformed id, or another agency's entity).
    """
    actor = _staff(user)
    entity = (
        MarketEntity.objects.select_for_update()
        .filter(pk=uuid_or_not_found(entity_id), agency=actor.agency)
        .first()
    )
    if entity is None:
        raise NotFound()
    return _write_entity(
        user=user, actor=actor, data=_check_entity(parse(EntityData, data)), entity=entity
    )


def _row_data(raw: Mapping[str, str]) -> dict[str, Any]:
    data: dict[str, Any] = {}
    for header, field in COLUMNS.items():
        value = raw.get(header, "").strip()
        if not value:
            continue
        data[field] = CHOICE_LABELS.get(field, {}).get(value, value)
    return data


@transaction.atomic
def entities_import(*, user: Any, filename: str, content: bytes) -> dict[str, int]:
    """Import a 名录库 table; a row whose 统一社会信用代码 exists updates that entity.

    All or nothing: any row error rolls everything back and lists every row's problem.
    Raises: Forbidden `not_staff`; ValidationFailed `file_unreadable`, `file_empty`,
        `import_failed` (detail: rows).
    """
    actor = _staff(user)
    problems: list[str] = []
    counts = {"created": 0, "updated": 0}
    seen: dict[str, int] = {}
    for row, raw in table_rows(filename, content):
        try:
            data = _check_entity(parse(EntityData, _row_data(raw)))
            if data.uscc and data.uscc in seen:
                raise ValidationFailed(f"统一社会信用代码与第 {seen[data.uscc]} 行重复")
            if data.uscc:
                seen[data.uscc] = row
            existing = (
                MarketEntity.objects.filter(agency=actor.agency, uscc=data.uscc).first()
                if data.uscc
                else None
            )
            _write_entity(user=user, actor=actor, data=data, entity=existing)
            counts["updated" if existing else "created"] += 1
        except ValidationFailed as exc:
            problems.append(ROW_PROBLEM.format(row=row, message=exc.message))
    if problems:
        transaction.set_rollback(True)
        raise ValidationFailed(
            IMPORT_FAILED.format(count=len(problems)) + "：" + "；".join(problems[:20]),
            code="import_failed",
            extra={"rows": problems},
        )
    return counts


def certified_fields(officer: Officer, on: dt.date) -> set[str]:
    return {
        f.code
        for cert in officer.certificates.all()
        if cert.is_valid_on(on)
        for f in cert.fields.all()
    }


@transaction.atomic
def inspector_pool_refresh(*, user: Any, today: dt.date | None = None) -> dict[str, int]:
    """Rebuild the agency's 执法检查人员名录库 from its officers' certificates in force today.

    An active 执法人员 is in the pool for the fields of his valid 执法证; others leave it.
    Raises: Forbidden `not_staff`.
    """
    actor = _staff(user)
    day = today_or(today)
    counts = {"active": 0, "changed": 0}
    officers = Officer.objects.filter(agency=actor.agency).prefetch_related("certificates__fields")
    # Only holders of the 执法人员 role: the case engine lets assigned officers act on a case.
    enforcing = set(
        RoleAssignment.objects.filter(agency=actor.agency, role=Role.OFFICER).values_list(
            "user_id", flat=True
        )
    )
    for officer in officers:
        eligible = officer.is_active and officer.user_id in enforcing
        fields = certified_fields(officer, day) if eligible else set()
        entry = InspectorEntry.objects.filter(officer=officer).first()
        if entry is None and not fields:
            continue
        old = (
            {"active": entry.is_active, "fields": sorted(f.code for f in entry.fields.all())}
            if entry
            else {}
        )
        new = {"active": bool(fields), "fields": sorted(fields)}
        counts["active"] += bool(fields)
        if old == new:
            continue
        if entry is None:
            entry = InspectorEntry(officer=officer, agency=actor.agency, created_by=user)
        entry.is_active = bool(fields)
        entry.updated_by = user
        entry.save()
        entry.fields.set(list(EnforcementField.objects.filter(code__in=fields)))
        counts["changed"] += 1
        audit_record(
            actor=user,
            event="spotchecks.inspector.refreshed",
            target=entry,
            agency_id=actor.agency_id,
            old=old,
            new=new,
        )
    return counts


@transaction.atomic
def relation_declare(*, user: Any, data: Mapping[str, Any] | RelationData) -> Relation:
    """Record that an officer must not inspect an entity (回避: 近亲属、利害关系 …).

    Raises: Forbidden `not_staff`; NotFound (entity not visible); ValidationFailed
        `officer_unknown`, `relation_exists`.
    """
    actor = _staff(user)
    payload = parse(RelationData, data)
    entity = entities_visible_to(user).filter(pk=payload.entity_id, agency=actor.agency).first()
    if entity is None:
        raise NotFound()
    officer = Officer.objects.filter(pk=payload.officer_id).first()
    if officer is None or not can_maintain(user, officer.agency):
        raise ValidationFailed(OFFICER_UNKNOWN, code="officer_unknown")
    if Relation.objects.filter(officer=officer, entity=entity).exists():
        raise ValidationFailed(RELATION_EXISTS, code="relation_exists")
    relation = Relation.objects.create(
        officer=officer, entity=entity, reason=payload.reason, recorded_by=actor, created_by=user
    )
    audit_record(
        actor=user,
        event="spotchecks.relation.declared",
        target=relation,
        agency_id=actor.agency_id,
        new={"officer": str(officer.pk), "entity": str(entity.pk), "reason": payload.reason},
    )
    return relation

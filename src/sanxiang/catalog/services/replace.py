"""catalog_replace: the one write path for catalog content (full list in, versions out).

Rows are never edited in place or deleted. A changed row closes its open version
(effective_to = the new effective date) and adds version + 1; a code missing from the new list is
closed; a new code starts at version 1 (or continues its numbering if it existed before).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db import models, transaction
from django.db.models import Max, Prefetch
from django.utils import timezone

from sanxiang.catalog.models import TIER_ORDER, DiscretionTier, EnforcementItem
from sanxiang.catalog.services.cleaning import CellProblem, clean_value
from sanxiang.catalog.services.legal_basis import LawIndex
from sanxiang.catalog.services.registry import FIELD, UNIT, Column, Kind, kind_get
from sanxiang.core.errors import Forbidden, ValidationFailed
from sanxiang.ledger.audit import audit_record
from sanxiang.ledger.canonical import canonical_json
from sanxiang.organisations.models import Agency, EnforcementField, Unit
from sanxiang.organisations.permissions import can_manage_agency

NOT_ALLOWED = "您没有维护该执法主体清单的权限"
DUPLICATE_CODE = "编码“{code}”重复：同一清单中每个编码只能出现一次"
DUPLICATE_TIER = "同一基准中“{tier}”阶次重复"
NO_TIERS = "裁量基准至少应有一个裁量阶次"
RANGE_REVERSED = "{low}不得大于{high}"
FIELD_UNKNOWN = "“{raw}” 不是有效的执法类别（可选：{options}）"
UNIT_UNKNOWN = "“{raw}” 不是本执法主体的内设机构（可选：{options}）"
DATE_NOT_AFTER = "编码“{code}”的现行版本自 {current} 起生效，新版本的生效日期 {new} 不得早于该日期"
ROWS_INVALID = "清单内容有 {count} 处问题，未保存任何内容"

_BATCH = 500


@dataclass(frozen=True)
class RowProblem:
    """A problem in row `index` of the rows given (tier `tier` for benchmark tiers)."""

    index: int | None
    field: str
    message: str
    tier: int | None = None


@dataclass
class PreparedRow:
    code: str
    values: dict[str, Any]
    tiers: list[dict[str, Any]] = field(default_factory=list)
    article_keys: list[Any] = field(default_factory=list)

    def canonical(self, spec: Kind) -> tuple[Any, ...]:
        return _canonical(spec, self.values, self.tiers, self.article_keys)


@dataclass
class ReplaceReport:
    kind: str
    added: list[str] = field(default_factory=list)
    changed: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)

    def counts(self) -> dict[str, int]:
        return {
            "added": len(self.added),
            "changed": len(self.changed),
            "removed": len(self.removed),
            "unchanged": len(self.unchanged),
        }

    @property
    def has_changes(self) -> bool:
        return bool(self.added or self.changed or self.removed)


def _attr(column: Column) -> str:
    return f"{column.field}_id" if column.type in (FIELD, UNIT) else column.field


def _canon(value: Any) -> Any:
    if isinstance(value, Decimal):
        return str(value.quantize(Decimal("0.01")))
    if value is None or isinstance(value, (bool, int)):
        return value
    return str(value)


def _canonical(
    spec: Kind, values: Mapping[str, Any], tiers: Sequence[Mapping[str, Any]], keys: Sequence[Any]
) -> tuple[Any, ...]:
    row = tuple(_canon(values.get(_attr(c))) for c in spec.row_columns if c.field != "code")
    tier_part = tuple(
        sorted(tuple(_canon(t.get(c.field)) for c in spec.tier_columns) for t in tiers)
    )
    return (row, tier_part, tuple(sorted(str(k) for k in keys)))


def content_digest(canonical: tuple[Any, ...]) -> str:
    """SHA-256 of a row's comparable content, recorded in the ledger so that `sanxiang verify`
    can tell whether a stored row was edited behind the services' back."""
    return hashlib.sha256(canonical_json(json.loads(json.dumps(canonical)))).hexdigest()


def canonical_of_instance(spec: Kind, obj: models.Model) -> tuple[Any, ...]:
    """The comparable content of a stored row (prefetch legal_basis / tiers first)."""
    values = {_attr(c): getattr(obj, _attr(c)) for c in spec.row_columns}
    tiers: list[dict[str, Any]] = []
    if spec.tier_model is not None:
        tiers = [{c.field: getattr(t, c.field) for c in spec.tier_columns} for t in obj.tiers.all()]  # type: ignore[attr-defined]
    keys = [a.pk for a in obj.legal_basis.all()] if isinstance(obj, EnforcementItem) else []
    return _canonical(spec, values, tiers, keys)


class _Lookups:
    """Units and enforcement fields by name, loaded once per call."""

    def __init__(self, agency: Agency) -> None:
        self.units = {u.name: u.pk for u in Unit.objects.filter(agency=agency)}
        self.fields: dict[str, str] = {}
        for f in EnforcementField.objects.all():
            self.fields[f.name] = f.code
            self.fields.setdefault(f.code, f.code)

    def resolve(self, column: Column, raw: str) -> Any:
        if not raw:
            return None
        table = self.units if column.type == UNIT else self.fields
        if raw in table:
            return table[raw]
        template = UNIT_UNKNOWN if column.type == UNIT else FIELD_UNKNOWN
        names = list(self.units) if column.type == UNIT else [k for k in table if k != table[k]]
        raise CellProblem(template.format(raw=raw, options="、".join(names[:20]) or "无"))


def _clean_columns(
    spec: Kind, columns: Iterable[Column], raw: Mapping[str, Any], lookups: _Lookups
) -> tuple[dict[str, Any], list[tuple[str, str]]]:
    values: dict[str, Any] = {}
    problems: list[tuple[str, str]] = []
    for column in columns:
        try:
            value = clean_value(column, raw.get(column.field), max_length=spec.max_length(column))
            if column.type in (FIELD, UNIT):
                value = lookups.resolve(column, value)
        except CellProblem as exc:
            problems.append((column.field, str(exc)))
            continue
        values[_attr(column)] = value
    return values, problems


def _check_tiers(spec: Kind, tiers: list[dict[str, Any]], index: int) -> list[RowProblem]:
    problems: list[RowProblem] = []
    if not tiers:
        problems.append(RowProblem(index, "kind", NO_TIERS))
    seen: set[str] = set()
    labels = {c.field: c.label for c in spec.tier_columns}
    for t_index, tier in enumerate(tiers):
        if tier.get("kind") in seen:
            choices = spec.tier_columns[0].choices
            label = dict(choices.choices)[tier["kind"]] if choices else tier["kind"]
            problems.append(RowProblem(index, "kind", DUPLICATE_TIER.format(tier=label), t_index))
        seen.add(tier.get("kind", ""))
        for low, high in (("fine_min", "fine_max"), ("multiple_min", "multiple_max")):
            if tier.get(low) is not None and tier.get(high) is not None and tier[low] > tier[high]:
                message = RANGE_REVERSED.format(low=labels[low], high=labels[high])
                problems.append(RowProblem(index, low, message, t_index))
    return problems


def prepare_rows(
    *,
    kind: str,
    agency: Agency,
    rows: Sequence[Mapping[str, Any]],
    effective_from: dt.date,
    law_index: LawIndex | None = None,
) -> tuple[list[PreparedRow], list[RowProblem]]:
    """Clean and resolve `rows` without writing anything; every problem of every row is returned."""
    spec = kind_get(kind)
    lookups = _Lookups(agency)
    if spec.model is EnforcementItem and law_index is None:
        law_index = LawIndex.from_database()
    prepared: list[PreparedRow] = []
    problems: list[RowProblem] = []
    seen: set[str] = set()
    for index, raw in enumerate(rows):
        values, cell_problems = _clean_columns(spec, spec.row_columns, raw, lookups)
        problems.extend(RowProblem(index, f, m) for f, m in cell_problems)
        tiers: list[dict[str, Any]] = []
        for t_index, raw_tier in enumerate(raw.get("tiers", ()) if spec.tier_model else ()):
            tier, tier_problems = _clean_columns(spec, spec.tier_columns, raw_tier, lookups)
            problems.extend(RowProblem(index, f, m, t_index) for f, m in tier_problems)
            tiers.append(tier)
        if spec.tier_model is not None:
            problems.extend(_check_tiers(spec, tiers, index))
        if spec.row_check is not None and not cell_problems:
            problems.extend(RowProblem(index, f, m) for f, m in spec.row_check(values))
        code = values.get("code") or ""
        if code and code in seen:
            problems.append(RowProblem(index, "code", DUPLICATE_CODE.format(code=code)))
        seen.add(code)
        keys: list[Any] = []
        if law_index is not None and values.get("legal_basis_text"):
            keys, basis_problems = law_index.resolve(values["legal_basis_text"], effective_from)
            problems.extend(RowProblem(index, "legal_basis_text", m) for m in basis_problems)
        prepared.append(PreparedRow(code, values, tiers, keys))
    return prepared, problems


def _raise_problems(problems: list[RowProblem]) -> None:
    raise ValidationFailed(
        ROWS_INVALID.format(count=len(problems))
        + "："
        + "；".join(p.message for p in problems[:5]),
        code="catalog_rows_invalid",
        extra={"problems": problems},
    )


def _open_rows(spec: Kind, agency: Agency) -> dict[str, models.Model]:
    qs = spec.model.objects.select_for_update().filter(agency=agency, effective_to__isnull=True)  # type: ignore[attr-defined]
    if spec.tier_model is not None:
        qs = qs.prefetch_related(Prefetch("tiers", queryset=DiscretionTier.objects.all()))
    if spec.model is EnforcementItem:
        qs = qs.prefetch_related("legal_basis")
    return {row.code: row for row in qs}


def _insert(
    spec: Kind,
    agency: Agency,
    actor: Any,
    rows: list[PreparedRow],
    versions: Mapping[str, int],
    effective_from: dt.date,
) -> None:
    user = actor if getattr(actor, "pk", None) else None
    objs = [
        spec.model(
            agency=agency,
            version=versions.get(row.code, 0) + 1,
            effective_from=effective_from,
            created_by=user,
            updated_by=user,
            **row.values,
        )
        for row in rows
    ]
    spec.model.objects.bulk_create(objs, batch_size=_BATCH)  # type: ignore[attr-defined]
    if spec.tier_model is not None:
        tiers = [
            DiscretionTier(benchmark_id=obj.pk, position=TIER_ORDER[tier["kind"]], **tier)
            for obj, row in zip(objs, rows, strict=True)
            for tier in row.tiers
        ]
        DiscretionTier.objects.bulk_create(tiers, batch_size=_BATCH)
    if spec.model is EnforcementItem:
        through = EnforcementItem.legal_basis.through
        links = [
            through(enforcementitem_id=obj.pk, lawarticle_id=key)
            for obj, row in zip(objs, rows, strict=True)
            for key in row.article_keys
        ]
        through.objects.bulk_create(links, batch_size=_BATCH)


def _close(spec: Kind, actor: Any, pks: list[Any], effective_from: dt.date) -> None:
    user = actor if getattr(actor, "pk", None) else None
    now = timezone.now()
    for start in range(0, len(pks), _BATCH):
        spec.model.objects.filter(pk__in=pks[start : start + _BATCH]).update(  # type: ignore[attr-defined]
            effective_to=effective_from, updated_by=user, updated_at=now
        )


@dataclass
class _Diff:
    report: ReplaceReport
    to_close: list[Any] = field(default_factory=list)
    to_insert: list[PreparedRow] = field(default_factory=list)
    problems: list[RowProblem] = field(default_factory=list)


def _closable(diff: _Diff, old: Any, code: str, index: int | None, effective_from: dt.date) -> bool:
    """A version can be closed on or after its own start (a same-day correction supersedes it;
    the superseded version stays in the history with a zero-length validity)."""
    if effective_from >= old.effective_from:
        return True
    message = DATE_NOT_AFTER.format(
        code=code, current=old.effective_from.isoformat(), new=effective_from.isoformat()
    )
    diff.problems.append(RowProblem(index, "code", message))
    return False


def _diff(
    spec: Kind,
    current: Mapping[str, Any],
    prepared: list[PreparedRow],
    effective_from: dt.date,
    remove_missing: bool,
) -> _Diff:
    diff = _Diff(ReplaceReport(kind=spec.key))
    report = diff.report
    for index, row in enumerate(prepared):
        old = current.get(row.code)
        if old is None:
            report.added.append(row.code)
            diff.to_insert.append(row)
        elif canonical_of_instance(spec, old) == row.canonical(spec):
            report.unchanged.append(row.code)
        elif _closable(diff, old, row.code, index, effective_from):
            report.changed.append(row.code)
            diff.to_close.append(old.pk)
            diff.to_insert.append(row)
    if remove_missing:
        new_codes = {row.code for row in prepared}
        for code in sorted(set(current) - new_codes):
            if _closable(diff, current[code], code, None, effective_from):
                report.removed.append(code)
                diff.to_close.append(current[code].pk)
    return diff


def _apply(
    *,
    spec: Kind,
    actor: Any,
    agency: Agency,
    prepared: list[PreparedRow],
    effective_from: dt.date,
    remove_missing: bool,
) -> ReplaceReport:
    diff = _diff(spec, _open_rows(spec, agency), prepared, effective_from, remove_missing)
    if diff.problems:
        _raise_problems(diff.problems)
    report = diff.report
    versions = dict(
        spec.model.objects.filter(agency=agency)  # type: ignore[attr-defined]
        .values_list("code")
        .annotate(top=Max("version"))
        .values_list("code", "top")
    )
    _close(spec, actor, diff.to_close, effective_from)
    _insert(spec, agency, actor, diff.to_insert, versions, effective_from)
    recorded = {
        row.code: [versions.get(row.code, 0) + 1, content_digest(row.canonical(spec))]
        for row in diff.to_insert
    }
    if report.has_changes:
        audit_record(
            actor=actor,
            event=f"catalog.{spec.key}.replaced" if remove_missing else "catalog.item.versioned",
            target=agency,
            agency_id=agency.pk,
            new={
                "kind": spec.key,
                "effective_from": effective_from,
                "added": report.added,
                "changed": report.changed,
                "removed": report.removed,
                "versions": recorded,
            },
        )
    return report


def _require_manage(actor: Any, agency: Agency) -> None:
    if actor is not None and not can_manage_agency(actor, agency):
        raise Forbidden(NOT_ALLOWED)


@transaction.atomic
def catalog_replace(
    *,
    actor: Any,
    agency: Agency,
    kind: str,
    rows: Sequence[Mapping[str, Any]],
    effective_from: dt.date,
) -> ReplaceReport:
    """Replace the whole list `kind` of `agency` with `rows`, versioning what changed.

    `rows` are dicts keyed by model field name (values as Python values or spreadsheet text;
    choices by Chinese label or value; 执法类别 and 承办机构 by name); benchmarks carry `tiers`.
    `actor=None` is installation/demo data and skips the permission check.

    Raises:
        Forbidden: the actor may not maintain this agency's catalog.
        ValidationFailed: any row is invalid (extra["problems"] lists RowProblem for every one),
            or a changed/removed row's current version is not older than `effective_from`.
    """
    _require_manage(actor, agency)
    spec = kind_get(kind)
    prepared, problems = prepare_rows(
        kind=kind, agency=agency, rows=rows, effective_from=effective_from
    )
    if problems:
        _raise_problems(problems)
    return _apply(
        spec=spec,
        actor=actor,
        agency=agency,
        prepared=prepared,
        effective_from=effective_from,
        remove_missing=True,
    )


@transaction.atomic
def catalog_row_save(
    *,
    actor: Any,
    agency: Agency,
    kind: str,
    row: Mapping[str, Any],
    effective_from: dt.date,
) -> ReplaceReport:
    """Add or revise one row (same versioning as catalog_replace; other rows untouched).

    Raises: Forbidden; ValidationFailed as catalog_replace.
    """
    _require_manage(actor, agency)
    spec = kind_get(kind)
    prepared, problems = prepare_rows(
        kind=kind, agency=agency, rows=[row], effective_from=effective_from
    )
    if problems:
        _raise_problems(problems)
    return _apply(
        spec=spec,
        actor=actor,
        agency=agency,
        prepared=prepared,
        effective_from=effective_from,
        remove_missing=False,
    )


@transaction.atomic
def catalog_row_close(
    *, actor: Any, agency: Agency, kind: str, code: str, effective_to: dt.date
) -> None:
    """Withdraw one row from `effective_to` on (its open version is closed, nothing deleted).

    Raises: Forbidden; NotFound when the code has no open version; ValidationFailed on a date
        not after the open version's effective date.
    """
    from sanxiang.core.errors import NotFound

    _require_manage(actor, agency)
    spec = kind_get(kind)
    current = _open_rows(spec, agency).get(code)
    if current is None:
        raise NotFound()
    if effective_to < current.effective_from:  # type: ignore[attr-defined]
        raise ValidationFailed(
            DATE_NOT_AFTER.format(
                code=code,
                current=current.effective_from.isoformat(),  # type: ignore[attr-defined]
                new=effective_to.isoformat(),
            ),
            code="catalog_date_not_after",
        )
    _close(spec, actor, [current.pk], effective_to)
    audit_record(
        actor=actor,
        event="catalog.item.closed",
        target=current,
        agency_id=agency.pk,
        new={"kind": kind, "code": code, "effective_to": effective_to},
    )

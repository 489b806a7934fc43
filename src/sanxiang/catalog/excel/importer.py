"""import_workbook: validate every row of every sheet, then write all of it or nothing.

Phase 1 reads each sheet (openpyxl read_only) and cleans every cell; phase 2 resolves legal bases
(against the database and the 法律法规库 sheet of the same file), units, fields, officers; only
when no problem was found does phase 3 write everything in one transaction through the services.
Any failure in phase 3, even a database constraint, rolls the whole import back.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from django.db import DatabaseError, transaction

from sanxiang.catalog.excel import laws as law_sheet
from sanxiang.catalog.excel import officers as officer_sheet
from sanxiang.catalog.excel.reader import (
    Progress,
    SheetProblem,
    SheetRows,
    Source,
    WorkbookError,
    open_workbook,
    read_sheet,
    sheet_total,
)
from sanxiang.catalog.services.cleaning import text
from sanxiang.catalog.services.legal_basis import LawIndex
from sanxiang.catalog.services.registry import KINDS, Kind
from sanxiang.catalog.services.replace import RowProblem, catalog_replace, prepare_rows
from sanxiang.core.errors import Forbidden, ValidationFailed
from sanxiang.organisations.models import Agency
from sanxiang.organisations.permissions import can_manage_agency

IMPORT_NOT_ALLOWED = "您没有导入该执法主体清单的权限"
NO_SHEETS = "工作簿中没有可导入的工作表（工作表名称应为：{names}）"
GROUP_INCONSISTENT = "同一基准编码的各行“{header}”应一致（第 {first:,} 行为“{value}”）"
DATABASE_FAILED = "保存时数据库拒绝了数据（{detail}），已全部撤销，未导入任何内容"
NOTHING_IMPORTED = "未导入任何内容"

SHEET_ORDER: tuple[str, ...] = (
    law_sheet.SHEET,
    *(k.sheet for k in KINDS.values()),
    officer_sheet.SHEET,
)
_BY_SHEET = {k.sheet: k for k in KINDS.values()}


@dataclass
class ImportReport:
    problems: list[SheetProblem] = field(default_factory=list)
    sheets: dict[str, dict[str, int]] = field(default_factory=dict)
    dry_run: bool = False

    @property
    def ok(self) -> bool:
        return not self.problems

    def lines(self) -> list[str]:
        return [str(p) for p in self.problems]


@dataclass
class _KindPlan:
    kind: Kind
    sheet: SheetRows
    rows: list[dict[str, Any]]
    locations: list[list[int]]  # per row: the Excel row numbers (one per tier for benchmarks)

    def problem(self, p: RowProblem) -> SheetProblem:
        header = self.sheet.header_of(p.field) or self.kind.code_header
        if p.index is None:
            return SheetProblem(self.sheet.name, None, header, p.message)
        where = self.locations[p.index]
        row = where[p.tier] if p.tier is not None and p.tier < len(where) else where[0]
        return SheetProblem(self.sheet.name, row, header, p.message)


class _DryRun(Exception):
    pass


def _group_benchmarks(kind: Kind, sheet: SheetRows, problems: list[SheetProblem]) -> _KindPlan:
    plan = _KindPlan(kind, sheet, [], [])
    groups: dict[str, int] = {}
    for number, raw in sheet.rows:
        tier = {c.field: raw.get(c.field) for c in kind.tier_columns}
        code = text(raw.get("code"))
        if code and code in groups:
            i = groups[code]
            head = plan.rows[i]
            for c in kind.row_columns:
                if text(raw.get(c.field)) != text(head.get(c.field)):
                    first = plan.locations[i][0]
                    message = GROUP_INCONSISTENT.format(
                        header=c.header, first=first, value=text(head.get(c.field))
                    )
                    problems.append(SheetProblem(sheet.name, number, c.header, message))
            head["tiers"].append(tier)
            plan.locations[i].append(number)
            continue
        if code:
            groups[code] = len(plan.rows)
        plan.rows.append({**{c.field: raw.get(c.field) for c in kind.row_columns}, "tiers": [tier]})
        plan.locations.append([number])
    return plan


def _plan_kind(kind: Kind, sheet: SheetRows, problems: list[SheetProblem]) -> _KindPlan:
    if kind.tier_model is not None:
        return _group_benchmarks(kind, sheet, problems)
    rows = [raw for _, raw in sheet.rows]
    return _KindPlan(kind, sheet, rows, [[number] for number, _ in sheet.rows])


def _read(source: Source, report: ImportReport, progress: Progress | None) -> dict[str, SheetRows]:
    try:
        wb = open_workbook(source)
    except WorkbookError as exc:
        report.problems.append(SheetProblem("", None, "", exc.message))
        return {}
    columns = {law_sheet.SHEET: law_sheet.COLUMNS, officer_sheet.SHEET: officer_sheet.COLUMNS}
    columns.update({k.sheet: k.columns for k in KINDS.values()})
    names = {name.strip(): name for name in wb.sheetnames}
    wanted = [name for name in SHEET_ORDER if name in names]
    total = sum(sheet_total(wb[names[name]]) for name in wanted)
    done = 0

    def tick() -> None:
        nonlocal done
        done += 1
        if progress is not None and done % 500 == 0:
            progress(done, total if total >= done else 0)

    sheets: dict[str, SheetRows] = {}
    try:
        for name in wanted:
            sheet = read_sheet(wb[names[name]], name, columns[name], report.problems, tick)
            if sheet is not None:
                sheets[name] = sheet
    except Exception:  # a damaged sheet inside a valid archive
        from sanxiang.catalog.excel.reader import FILE_CORRUPT

        report.problems.append(SheetProblem("", None, "", FILE_CORRUPT))
        return {}
    finally:
        wb.close()
    if progress is not None:
        progress(done, total if total >= done else 0)
    if not wanted:
        report.problems.append(
            SheetProblem("", None, "", NO_SHEETS.format(names="、".join(SHEET_ORDER)))
        )
    elif not any(s.rows for s in sheets.values()) and not report.problems:
        report.problems.append(
            SheetProblem("", None, "", NO_SHEETS.format(names="、".join(SHEET_ORDER)))
        )
    return sheets


def import_workbook(
    *,
    actor: Any,
    agency: Agency,
    source: Source,
    effective_from: dt.date,
    dry_run: bool = False,
    progress: Progress | None = None,
) -> ImportReport:
    """Import every recognised sheet of one workbook into `agency`, all or nothing.

    Returns a report: `problems` (sheet, row, column, Chinese message) when nothing was imported,
    otherwise per-sheet counts of added/changed/removed/unchanged rows.

    Raises: Forbidden when the actor may not maintain the agency's catalog.
    """
    if actor is not None and not can_manage_agency(actor, agency):
        raise Forbidden(IMPORT_NOT_ALLOWED)
    report = ImportReport(dry_run=dry_run)
    sheets = _read(source, report, progress)
    if not sheets:
        return report
    index = LawIndex.from_database()
    laws = (
        law_sheet.plan_laws(sheets[law_sheet.SHEET], index, report.problems)
        if law_sheet.SHEET in sheets
        else None
    )
    plans = [
        _plan_kind(_BY_SHEET[name], sheets[name], report.problems)
        for name in SHEET_ORDER
        if name in _BY_SHEET and name in sheets
    ]
    for plan in plans:
        _, row_problems = prepare_rows(
            kind=plan.kind.key,
            agency=agency,
            rows=plan.rows,
            effective_from=effective_from,
            law_index=index,
        )
        report.problems.extend(plan.problem(p) for p in row_problems)
    officers = None
    if officer_sheet.SHEET in sheets:
        officers = officer_sheet.plan_officers(
            agency, actor, sheets[officer_sheet.SHEET], report.problems
        )
    if report.problems:
        return report
    _write(
        report,
        actor=actor,
        agency=agency,
        laws=laws,
        plans=plans,
        officers=officers,
        effective_from=effective_from,
    )
    return report


def _write(
    report: ImportReport,
    *,
    actor: Any,
    agency: Agency,
    laws: Any,
    plans: Sequence[_KindPlan],
    officers: Any,
    effective_from: dt.date,
) -> None:
    current: _KindPlan | None = None
    try:
        with transaction.atomic():
            if laws is not None:
                report.sheets[law_sheet.SHEET] = law_sheet.apply_laws(actor, laws)
            for plan in plans:
                current = plan
                result = catalog_replace(
                    actor=actor,
                    agency=agency,
                    kind=plan.kind.key,
                    rows=plan.rows,
                    effective_from=effective_from,
                )
                report.sheets[plan.sheet.name] = result.counts()
            current = None
            if officers is not None:
                report.sheets[officer_sheet.SHEET] = officer_sheet.apply_officers(
                    actor, agency, officers
                )
            if report.dry_run:
                raise _DryRun
    except _DryRun:
        return
    except ValidationFailed as exc:
        report.sheets.clear()
        found: Any = exc.extra.get("problems") or []
        if current is not None and found and isinstance(found[0], RowProblem):
            report.problems.extend(current.problem(p) for p in found)
        else:
            report.problems.append(SheetProblem("", None, "", exc.message))
    except (DatabaseError, Forbidden) as exc:
        report.sheets.clear()
        detail = exc.message if isinstance(exc, Forbidden) else type(exc).__name__
        report.problems.append(SheetProblem("", None, "", DATABASE_FAILED.format(detail=detail)))

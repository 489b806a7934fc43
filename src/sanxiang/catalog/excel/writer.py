"""write_workbook: the catalog of one agency as one .xlsx, in the same format the import reads."""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Iterable, Iterator, Sequence
from typing import IO, Any

from django.db.models import Q
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

from sanxiang.catalog.excel import laws as law_sheet
from sanxiang.catalog.excel import officers as officer_sheet
from sanxiang.catalog.models import EnforcementItem, Law, LawLevel
from sanxiang.catalog.selectors import catalog_rows_in_force, in_force_q
from sanxiang.catalog.services.registry import BOOL, CHOICE, FIELD, KINDS, UNIT, Column, Kind
from sanxiang.core.errors import ValidationFailed
from sanxiang.organisations.models import Agency, CertificateStatus, Officer
from sanxiang.organisations.selectors import certified_officers

LAW_KIND = "law"
OFFICER_KIND = "officer"
ALL_KINDS: tuple[str, ...] = (LAW_KIND, *KINDS, OFFICER_KIND)
UNKNOWN_KIND = "未知的清单：{kind}（可选：{options}）"

_SHEET_KEYS = {law_sheet.SHEET: LAW_KIND, officer_sheet.SHEET: OFFICER_KIND}
_SHEET_KEYS.update({k.sheet: k.key for k in KINDS.values()})
_DATE_FORMAT = "yyyy-mm-dd"


def kind_keys(kinds: Iterable[str] | None) -> list[str]:
    """Normalise kind keys or sheet names to keys, in workbook order. Raises: ValidationFailed."""
    if not kinds:
        return list(ALL_KINDS)
    wanted = set()
    for kind in kinds:
        key = _SHEET_KEYS.get(kind.strip(), kind.strip())
        if key not in ALL_KINDS:
            options = "、".join(ALL_KINDS)
            raise ValidationFailed(
                UNKNOWN_KIND.format(kind=kind, options=options), code="unknown_kind"
            )
        wanted.add(key)
    return [k for k in ALL_KINDS if k in wanted]


def _display(column: Column, obj: Any) -> Any:
    if column.type == CHOICE:
        return getattr(obj, f"get_{column.field}_display")()
    if column.type == BOOL:
        return "是" if getattr(obj, column.field) else "否"
    if column.type in (FIELD, UNIT):
        related = getattr(obj, column.field)
        return related.name if related is not None else None
    value = getattr(obj, column.field)
    return None if value == "" else value


def _catalog_rows(kind: Kind, agency: Agency, on: dt.date) -> Iterator[list[Any]]:
    for obj in catalog_rows_in_force(agency, kind.key, on).iterator(chunk_size=2000):
        head = [_display(c, obj) for c in kind.row_columns]
        if kind.tier_model is None:
            yield head
            continue
        for tier in obj.tiers.all():
            yield head + [_display(c, tier) for c in kind.tier_columns]


def _law_rows(agency: Agency, on: dt.date) -> Iterator[list[Any]]:
    cited = EnforcementItem.objects.filter(in_force_q(on), agency=agency).values("legal_basis__law")
    laws = Law.objects.filter(Q(pk__in=cited) | in_force_q(on)).prefetch_related("articles")
    levels = dict(LawLevel.choices)
    for law in laws.order_by("name", "effective_from"):
        for article in law.articles.all():
            yield [
                law.name,
                law.version_label,
                levels.get(law.level, law.level),
                law.issuer or None,
                law.promulgated_on,
                law.effective_from,
                article.number,
                article.text,
            ]


def _cert_cells(cert: Any) -> list[Any]:
    return [
        cert.number,
        cert.issuing_body,
        "、".join(f.name for f in cert.fields.all()),
        cert.valid_from,
        cert.valid_to,
        CertificateStatus(cert.status).label,
    ]


def _officer_rows(agency: Agency, on: dt.date, public: bool) -> Iterator[list[Any]]:
    if public:
        for officer in certified_officers(agency=agency, on=on).order_by("name"):
            for cert in officer.certificates.all():
                unit = officer.unit.name if officer.unit else None
                fields = "、".join(f.name for f in cert.fields.all())
                yield [officer.name, unit, officer.title or None, cert.number, fields]
        return
    officers = (
        Officer.objects.filter(agency=agency)
        .select_related("unit")
        .prefetch_related("certificates__fields")
        .order_by("name", "staff_number")
    )
    for officer in officers:
        head = [
            officer.name,
            officer.unit.name if officer.unit else None,
            officer.title or None,
            officer.staff_number or None,
        ]
        tail = [officer.legal_qualification_number or None]
        certs = list(officer.certificates.all())
        for cert in certs:
            yield head + _cert_cells(cert) + tail
        if not certs:
            yield head + [None] * 6 + tail


def _write_sheet(wb: Any, title: str, headers: Sequence[str], rows: Iterable[list[Any]]) -> None:
    ws = wb.create_sheet(title=title)
    ws.freeze_panes = "A2"
    for i, header in enumerate(headers, start=1):
        ws.column_dimensions[get_column_letter(i)].width = min(max(len(header) * 2 + 4, 12), 40)
    bold = Font(bold=True)
    cells = []
    for header in headers:
        cell = WriteOnlyCell(ws, value=header)
        cell.font = bold
        cell.alignment = Alignment(horizontal="center")
        cells.append(cell)
    ws.append(cells)
    for row in rows:
        out: list[Any] = []
        for value in row:
            if isinstance(value, dt.date):
                cell = WriteOnlyCell(ws, value=value)
                cell.number_format = _DATE_FORMAT
                out.append(cell)
            elif isinstance(value, str) and value.startswith("="):
                # openpyxl would store "=…" as a live formula (a public download must never
                # carry one); typing the cell as a string keeps the text exactly.
                cell = WriteOnlyCell(ws, value=value)
                cell.data_type = "s"
                out.append(cell)
            else:
                out.append(value)
        ws.append(out)


def write_workbook(
    *,
    agency: Agency,
    kinds: Iterable[str] | None,
    on: dt.date,
    stream: IO[bytes] | Any,
    public: bool = False,
) -> None:
    """Write the lists `kinds` (keys or sheet names; empty = all) of `agency` in force on `on`.

    With public=True the 执法人员清单 has only 姓名、所属机构、职务、执法证号、执法类别 of officers
    holding a certificate valid on `on` (never phone, 工号 or qualification numbers).

    Raises: ValidationFailed for an unknown kind.
    """
    wb = Workbook(write_only=True)
    for key in kind_keys(kinds):
        if key == LAW_KIND:
            headers = [c.header for c in law_sheet.COLUMNS]
            _write_sheet(wb, law_sheet.SHEET, headers, _law_rows(agency, on))
        elif key == OFFICER_KIND:
            columns = [c.header for c in officer_sheet.COLUMNS]
            headers = list(officer_sheet.PUBLIC_HEADERS) if public else columns
            _write_sheet(wb, officer_sheet.SHEET, headers, _officer_rows(agency, on, public))
        else:
            kind = KINDS[key]
            _write_sheet(
                wb, kind.sheet, [c.header for c in kind.columns], _catalog_rows(kind, agency, on)
            )
    buffer = io.BytesIO()
    wb.save(buffer)
    stream.write(buffer.getvalue())

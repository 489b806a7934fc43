"""The 年报 as an Excel workbook: one sheet per table, Chinese headers, a 合计 row, numbers as
numbers (amounts in 元 with two decimals, rates as percentages)."""

from __future__ import annotations

import io
from decimal import Decimal

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from sanxiang.disclosure.annual.figures import AnnualFigures
from sanxiang.disclosure.annual.tables import Cell, Rate, Table, annual_tables

MONEY_FORMAT = "#,##0.00"
RATE_FORMAT = "0.0%"
BOLD = Font(bold=True)
HEADER_FILL = PatternFill("solid", fgColor="DDE6F0")


def _value(cell: Cell) -> str | int | Decimal | float | None:
    if isinstance(cell, Rate):
        return cell.value  # None leaves the cell empty: there was nothing to divide by
    return cell


def _write_row(sheet: Worksheet, row: int, cells: list[Cell], *, bold: bool = False) -> None:
    for column, cell in enumerate(cells, start=1):
        target = sheet.cell(row=row, column=column, value=_value(cell))
        if isinstance(cell, Decimal):
            target.number_format = MONEY_FORMAT
        elif isinstance(cell, Rate):
            target.number_format = RATE_FORMAT
        if bold:
            target.font = BOLD


def _sheet(sheet: Worksheet, figures: AnnualFigures, table: Table) -> None:
    sheet.title = table.title
    sheet.cell(row=1, column=1, value=f"{figures.title}：{table.title}").font = Font(
        bold=True, size=13
    )
    header_row = 2
    for column, header in enumerate(table.headers, start=1):
        cell = sheet.cell(row=header_row, column=column, value=header)
        cell.font, cell.fill = BOLD, HEADER_FILL
        cell.alignment = Alignment(horizontal="center", wrap_text=True)
        width = max(10, len(header) * 2 + 2)
        sheet.column_dimensions[get_column_letter(column)].width = width
    row = header_row + 1
    for cells in table.rows:
        _write_row(sheet, row, cells)
        row += 1
    if table.total is not None:
        _write_row(sheet, row, table.total, bold=True)
        row += 1
    if table.note:
        sheet.cell(row=row + 1, column=1, value=f"说明：{table.note}")
    sheet.freeze_panes = sheet.cell(row=header_row + 1, column=2)


def annual_workbook(figures: AnnualFigures) -> bytes:
    """The workbook's bytes (deterministic content; openpyxl stamps the creation time)."""
    book = Workbook()
    book.remove(book.active)  # the default empty sheet: every sheet below is a table
    for table in annual_tables(figures):
        _sheet(book.create_sheet(), figures, table)
    book.properties.title = figures.title
    book.properties.creator = figures.agency_name
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()

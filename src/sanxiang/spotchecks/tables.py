"""Read an uploaded 名录库 table (CSV in UTF-8/GBK, or .xlsx) into (row number, {header: text})."""

from __future__ import annotations

import csv
import io
from typing import Any

from sanxiang.catalog.excel.reader import WorkbookError, open_workbook
from sanxiang.core.errors import ValidationFailed

NOT_READABLE = "无法读取文件：请上传 CSV（UTF-8 或 GBK 编码）或 Excel（.xlsx）文件"
EMPTY = "文件中没有数据行"

Rows = list[tuple[int, dict[str, str]]]


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _csv_rows(content: bytes) -> Rows:
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            text = content.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:
        raise ValidationFailed(NOT_READABLE, code="file_unreadable")
    reader = csv.reader(io.StringIO(text))
    header = [h.strip() for h in next(reader, [])]
    return [
        (n, {h: (row[i].strip() if i < len(row) else "") for i, h in enumerate(header)})
        for n, row in enumerate(reader, start=2)
        if any(cell.strip() for cell in row)
    ]


def _xlsx_rows(content: bytes) -> Rows:
    try:
        book = open_workbook(content)
    except WorkbookError as exc:
        raise ValidationFailed(exc.message, code="file_unreadable") from exc
    rows = book.worksheets[0].iter_rows(values_only=True)
    header = [_text(h) for h in next(rows, ())]
    out: Rows = []
    for n, row in enumerate(rows, start=2):
        cells = [_text(c) for c in row]
        if any(cells):
            out.append((n, {h: (cells[i] if i < len(cells) else "") for i, h in enumerate(header)}))
    return out


def table_rows(filename: str, content: bytes) -> Rows:
    """Raises: ValidationFailed `file_unreadable` / `file_empty`."""
    rows = _xlsx_rows(content) if content[:2] == b"PK" else _csv_rows(content)
    if not rows:
        raise ValidationFailed(EMPTY, code="file_empty")
    return rows

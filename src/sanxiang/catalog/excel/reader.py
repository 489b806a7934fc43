"""Open an uploaded .xlsx defensively and read its sheets row by row (openpyxl read_only)."""

from __future__ import annotations

import io
import os
import zipfile
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

import openpyxl
from django.conf import settings

from sanxiang.catalog.services.cleaning import normalise_header
from sanxiang.catalog.services.registry import Column

MAX_ROWS = 50_000

FILE_TOO_LARGE = "文件过大：不得超过 {limit} MB（现为 {size} MB），未导入任何内容。"
FILE_EMPTY = "文件为空，未导入任何内容。"
FILE_XLS = "这是旧版 Excel（.xls）文件，请在 Excel 中“另存为” .xlsx 格式后再导入。"
FILE_WORD = "这是 Word 文档，不是 Excel 工作簿（.xlsx），请选择正确的文件。"
FILE_NOT_XLSX = "文件不是 Excel 工作簿（.xlsx），无法读取，请选择正确的文件。"
FILE_CORRUPT = "文件已损坏或不完整（可能下载或复制时被截断），无法读取，请重新导出后再导入。"
MISSING_COLUMN = "缺少必填列“{header}”"
TOO_MANY_ROWS = "行数超过上限：每个工作表最多 {limit:,} 行数据，未导入任何内容"

Source = str | os.PathLike[str] | bytes | IO[bytes]
Progress = Callable[[int, int], None]

_OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


class WorkbookError(Exception):
    """The file as a whole cannot be read; the message says why, in Chinese."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def _as_file(source: Source) -> tuple[IO[bytes], int]:
    if isinstance(source, bytes):
        return io.BytesIO(source), len(source)
    if isinstance(source, (str, os.PathLike)):
        path = Path(source)
        return path.open("rb"), path.stat().st_size
    size = getattr(source, "size", None)
    if size is None:
        source.seek(0, os.SEEK_END)
        size = source.tell()
    source.seek(0)
    return source, int(size)


def open_workbook(source: Source) -> Any:
    """Raises: WorkbookError for anything that is not a readable .xlsx within the size limit."""
    handle, size = _as_file(source)
    limit = settings.SANXIANG_MAX_UPLOAD_BYTES
    if size > limit:
        mb = 1024 * 1024
        raise WorkbookError(FILE_TOO_LARGE.format(limit=limit // mb, size=f"{size / mb:.1f}"))
    if size == 0:
        raise WorkbookError(FILE_EMPTY)
    head = handle.read(8)
    handle.seek(0)
    if head.startswith(_OLE2):
        raise WorkbookError(FILE_XLS)
    if not head.startswith(b"PK"):
        raise WorkbookError(FILE_NOT_XLSX)
    try:
        with zipfile.ZipFile(handle) as archive:
            names = set(archive.namelist())
        handle.seek(0)
    except (zipfile.BadZipFile, EOFError, OSError) as exc:
        raise WorkbookError(FILE_CORRUPT) from exc
    if "xl/workbook.xml" not in names:
        raise WorkbookError(FILE_WORD if "word/document.xml" in names else FILE_NOT_XLSX)
    try:
        return openpyxl.load_workbook(handle, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds on damaged archives
        raise WorkbookError(FILE_CORRUPT) from exc


@dataclass
class SheetRows:
    """The data rows of one sheet: (Excel row number, {field: raw cell value})."""

    name: str
    columns: Sequence[Column]
    rows: list[tuple[int, dict[str, Any]]] = field(default_factory=list)
    present: set[str] = field(default_factory=set)  # fields whose column exists

    def header_of(self, field_name: str) -> str:
        for column in self.columns:
            if column.field == field_name:
                return column.header
        return ""


@dataclass(frozen=True)
class SheetProblem:
    sheet: str
    row: int | None
    column: str
    message: str

    def __str__(self) -> str:
        parts = [self.sheet] if self.sheet else []
        if self.row is not None:
            parts.append(f"第 {self.row:,} 行")
        where = " ".join(parts)
        if self.column:
            where += f" “{self.column}”"
        return f"{where}：{self.message}" if where else self.message


def sheet_total(ws: Any) -> int:
    try:
        return max(int(ws.max_row or 1) - 1, 0)
    except (TypeError, ValueError):
        return 0


def read_sheet(
    ws: Any,
    name: str,
    columns: Sequence[Column],
    problems: list[SheetProblem],
    tick: Callable[[], None],
) -> SheetRows | None:
    """Map the header row to `columns` and collect non-empty data rows; None when unusable."""
    rows: Iterator[tuple[Any, ...]] = ws.iter_rows(values_only=True)
    header = next(rows, None) or ()
    wanted = {normalise_header(c.header): c for c in columns}
    positions: dict[int, Column] = {}
    for position, cell in enumerate(header):
        column = wanted.get(normalise_header(cell))
        if column is not None and column not in positions.values():
            positions[position] = column
    sheet = SheetRows(name=name, columns=columns, present={c.field for c in positions.values()})
    missing = [c for c in columns if c.required and c.field not in sheet.present]
    for column in missing:
        problems.append(
            SheetProblem(name, 1, column.header, MISSING_COLUMN.format(header=column.header))
        )
    for number, values in enumerate(rows, start=2):
        tick()
        if not any(v is not None and str(v).strip() for v in values):
            continue
        if len(sheet.rows) >= MAX_ROWS:
            problems.append(SheetProblem(name, None, "", TOO_MANY_ROWS.format(limit=MAX_ROWS)))
            return None
        raw = {col.field: values[pos] for pos, col in positions.items() if pos < len(values)}
        sheet.rows.append((number, raw))
    return None if missing else sheet

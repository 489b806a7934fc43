"""Excel import/export of the catalog: one workbook, one sheet per list, Chinese headers in row 1."""

from sanxiang.catalog.excel.importer import SHEET_ORDER, ImportReport, import_workbook
from sanxiang.catalog.excel.reader import MAX_ROWS, SheetProblem, WorkbookError
from sanxiang.catalog.excel.writer import ALL_KINDS, kind_keys, write_workbook

__all__ = [
    "ALL_KINDS",
    "MAX_ROWS",
    "SHEET_ORDER",
    "ImportReport",
    "SheetProblem",
    "WorkbookError",
    "import_workbook",
    "kind_keys",
    "write_workbook",
]

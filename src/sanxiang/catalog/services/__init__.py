"""Catalog writes. `catalog_replace` is the one write path for catalog content."""

from sanxiang.catalog.services.laws import can_maintain_laws, law_create
from sanxiang.catalog.services.registry import KINDS, Column, Kind, kind_get
from sanxiang.catalog.services.replace import (
    ReplaceReport,
    RowProblem,
    catalog_replace,
    catalog_row_close,
    catalog_row_save,
    prepare_rows,
)

__all__ = [
    "KINDS",
    "Column",
    "Kind",
    "ReplaceReport",
    "RowProblem",
    "can_maintain_laws",
    "catalog_replace",
    "catalog_row_close",
    "catalog_row_save",
    "kind_get",
    "law_create",
    "prepare_rows",
]

"""Imports every module that registers a KindSpec (one module per group of 文书)."""

from sanxiang.documents.contexts import decision, records

__all__ = ["decision", "records"]

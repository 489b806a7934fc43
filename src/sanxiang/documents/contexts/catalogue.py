"""Imports every module that registers a KindSpec (one module per group of 文书)."""

from sanxiang.documents.contexts import (
    casefile,
    decision,
    execution,
    filing,
    inspection,
    investigation,
    licence,
    notice,
    records,
    review,
    service,
)

__all__ = [
    "casefile",
    "decision",
    "execution",
    "filing",
    "inspection",
    "investigation",
    "licence",
    "notice",
    "records",
    "review",
    "service",
]

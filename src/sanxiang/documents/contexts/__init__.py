"""What each 执法文书 says: its fields (with Chinese labels), and how they are read from the case.

A kind's `KindSpec` lists every field its template may use and builds them from the case (and,
for 笔录, the recorded step). `build_context` checks the required ones: a missing value stops
generation with the field's Chinese name (LEGAL_RULES.md §6.2), before anything is rendered.

The services add the fields every document shares (COMMON_FIELDS): the agency, the document's
number and date, the QR code and verification address, the on-screen signatures.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from sanxiang.core.errors import ApplicationError
from sanxiang.documents.kinds import DocumentKind

MISSING_FIELD = "无法生成《{document}》：缺少必填项“{label}”"


class DocumentFieldMissing(ApplicationError):
    code = "document_field_missing"
    status = 422


@dataclass(frozen=True)
class FieldSpec:
    key: str  # the Jinja name in the template
    label: str  # what legal staff see in the template's field list and in errors
    required: bool = True


@dataclass(frozen=True)
class ContextInput:
    case: Any  # cases.models.Case
    step: Any | None = None  # cases.models.CaseStep, for 笔录 kinds
    extra: Mapping[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class KindSpec:
    kind: DocumentKind
    fields: tuple[FieldSpec, ...]
    build: Callable[[ContextInput], dict[str, Any]]


COMMON_FIELDS: tuple[FieldSpec, ...] = (
    FieldSpec("agency_name", "执法主体名称"),
    FieldSpec("document_title", "文书名称"),
    FieldSpec("document_number", "文书编号", required=False),
    FieldSpec("case_number", "案号", required=False),
    FieldSpec("generated_on", "制作日期", required=False),
    FieldSpec("qr", "核验二维码"),
    FieldSpec("verify_url", "核验网址"),
    FieldSpec("signatures", "现场签名", required=False),
)

REGISTRY: dict[DocumentKind, KindSpec] = {}


def register(spec: KindSpec) -> KindSpec:
    REGISTRY[spec.kind] = spec
    return spec


def spec_for(kind: DocumentKind | str) -> KindSpec:
    from sanxiang.documents.contexts import catalogue  # noqa: F401 — registers every kind

    return REGISTRY[DocumentKind(kind)]


def all_fields(kind: DocumentKind | str) -> tuple[FieldSpec, ...]:
    return COMMON_FIELDS + spec_for(kind).fields


def _is_missing(value: Any) -> bool:
    return value is None or (isinstance(value, str | list | tuple | dict) and not value)


def check_required(
    kind: DocumentKind | str, values: Mapping[str, Any], fields: tuple[FieldSpec, ...]
) -> None:
    """Raises: DocumentFieldMissing naming the first required field without a value."""
    for spec in fields:
        if spec.required and _is_missing(values.get(spec.key)):
            raise DocumentFieldMissing(
                MISSING_FIELD.format(document=DocumentKind(kind).label, label=spec.label),
                extra={"field": spec.key, "label": spec.label},
            )


def build_context(
    *,
    kind: DocumentKind | str,
    case: Any,
    step: Any | None = None,
    extra: Mapping[str, Any] | None = None,
) -> dict[str, Any]:
    """The kind-specific fields, every declared key present (None when empty).

    Raises: DocumentFieldMissing.
    """
    spec = spec_for(kind)
    values = spec.build(ContextInput(case=case, step=step, extra=extra or {}))
    values = {f.key: values.get(f.key) for f in spec.fields}
    check_required(kind, values, spec.fields)
    return values

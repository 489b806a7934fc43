"""Django forms generated from the pydantic payload models (payloads.py and the panels' models).

The pydantic model stays the one authority on what may be submitted: the form only renders the
fields (titles are the Chinese labels), converts the browser's strings into Python values and
hands them to the service, which validates them again and applies the rules. Errors the service
raises are put back on the form, so the officer sees them next to what they typed.
"""

from __future__ import annotations

import datetime as dt
import enum
import types
import uuid
from collections.abc import Mapping, Sequence
from decimal import Decimal
from typing import Any, Union, get_args, get_origin

import annotated_types
from django import forms
from django.utils import timezone
from pydantic import BaseModel
from pydantic.fields import FieldInfo

from sanxiang.core.errors import ApplicationError, ValidationFailed

Choices = Sequence[tuple[str, str]]
# Free text longer than this gets a multi-line box.
TEXTAREA_FROM = 300
# Fields every payload inherits (音像记录 / evidence); the template groups them apart.
EVIDENCE_FIELDS = ("evidence_ids", "av_absence_reason", "consent_evidence_id")
# Rows of a list of sub-models (物品清单, 分期计划) are typed one per line, columns split by this.
COLUMN_SEPARATORS = ("|", "｜")
DATETIME_INPUT = "%Y-%m-%dT%H:%M"


def _unwrap_optional(annotation: Any) -> tuple[Any, bool]:
    """(X, True) for `X | None`, (X, False) otherwise."""
    if get_origin(annotation) in (Union, types.UnionType):
        args = [a for a in get_args(annotation) if a is not type(None)]
        if len(args) == 1:
            return args[0], True
    return annotation, False


def _list_item(annotation: Any) -> Any | None:
    if get_origin(annotation) in (list, tuple, set, frozenset):
        args = get_args(annotation)
        return args[0] if args else str
    return None


def _max_length(info: FieldInfo) -> int | None:
    for item in info.metadata:
        if isinstance(item, annotated_types.MaxLen):
            return int(item.max_length)
    return None


def _is_model(annotation: Any) -> bool:
    return isinstance(annotation, type) and issubclass(annotation, BaseModel)


def _rows_help(model: type[BaseModel]) -> str:
    columns = " | ".join(info.title or name for name, info in model.model_fields.items())
    return f"每行一项，各栏用“|”分隔：{columns}"


def parse_rows(text: str, model: type[BaseModel]) -> list[dict[str, str]]:
    """Lines of `a | b | c` into dicts keyed by `model`'s fields in order (blank cells left out,
    so the sub-model's defaults apply and its validation names what is missing)."""
    names = list(model.model_fields)
    rows = []
    for line in text.splitlines():
        if not line.strip():
            continue
        for separator in COLUMN_SEPARATORS[1:]:
            line = line.replace(separator, COLUMN_SEPARATORS[0])
        cells = [c.strip() for c in line.split(COLUMN_SEPARATORS[0])]
        rows.append({name: cell for name, cell in zip(names, cells, strict=False) if cell})
    return rows


def _is_enum(annotation: Any) -> bool:
    return isinstance(annotation, type) and issubclass(annotation, enum.Enum)


def _enum_choices(kind: type[enum.Enum]) -> list[tuple[str, str]]:
    return [(str(m.value), str(getattr(m, "label", m.value))) for m in kind]


def _default(info: FieldInfo) -> Any:
    if info.is_required():
        return None
    value = info.get_default(call_default_factory=True)
    return value.value if isinstance(value, enum.Enum) else value


def _list_field(item: Any, required: bool, label: str, choices: Choices | None) -> forms.Field:
    options = list(choices) if choices is not None else None
    if options is None and _is_enum(item):
        options = _enum_choices(item)
    if options is not None:
        return forms.MultipleChoiceField(
            choices=options, required=required, widget=forms.CheckboxSelectMultiple, label=label
        )
    rows = _is_model(item)
    return forms.CharField(
        required=required,
        widget=forms.Textarea(attrs={"rows": 3 if rows else 2}),
        help_text=_rows_help(item) if rows else "每行一项",
        label=label,
    )


def _when_field(annotation: Any, required: bool, common: dict[str, Any]) -> forms.Field:
    if annotation is dt.date:
        return forms.DateField(
            required=required,
            initial=timezone.localdate if required else None,
            widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            **common,
        )
    return forms.DateTimeField(
        required=required,
        input_formats=[DATETIME_INPUT],
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format=DATETIME_INPUT),
        **common,
    )


def _text_field(info: FieldInfo, required: bool, common: dict[str, Any]) -> forms.Field:
    longest = _max_length(info)
    widget: forms.Widget = (
        forms.Textarea(attrs={"rows": 3})
        if longest is None or longest > TEXTAREA_FROM
        else forms.TextInput()
    )
    return forms.CharField(
        required=required,
        max_length=longest,
        initial=_default(info) or None,
        strip=True,
        widget=widget,
        **common,
    )


def form_field(info: FieldInfo, choices: Choices | None = None) -> forms.Field:
    """The Django field that edits one pydantic field."""
    annotation, optional = _unwrap_optional(info.annotation)
    label = info.title or ""
    common: dict[str, Any] = {"label": label, "help_text": info.description or ""}
    required = info.is_required() and not optional
    item = _list_item(annotation)
    if item is not None:
        return _list_field(item, required, label, choices)
    if annotation is bool:
        return forms.BooleanField(required=False, initial=_default(info) or False, **common)
    initial = _default(info)
    if choices is not None or _is_enum(annotation):
        options = list(choices) if choices is not None else _enum_choices(annotation)
        if initial in (None, ""):
            options = [("", "—— 请选择 ——"), *options]
        return forms.ChoiceField(choices=options, required=required, initial=initial, **common)
    if annotation in (dt.date, dt.datetime):
        return _when_field(annotation, required, common)
    if annotation is Decimal:
        return forms.DecimalField(
            required=required,
            widget=forms.NumberInput(attrs={"step": "0.01", "min": "0", "inputmode": "decimal"}),
            **common,
        )
    if annotation is int:
        return forms.IntegerField(required=required, initial=initial, **common)
    return _text_field(info, required, common)


class PayloadForm(forms.Form):
    """A form for one pydantic payload model.

    `choices` gives the options of fields whose values are ids or codes (evidence, officers,
    fields, catalog items): a list field becomes checkboxes, a single one a select.
    """

    def __init__(
        self,
        *args: Any,
        model: type[BaseModel],
        choices: Mapping[str, Choices] | None = None,
        initial_values: Mapping[str, Any] | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.model = model
        sources = choices or {}
        for name, info in model.model_fields.items():
            self.fields[name] = form_field(info, sources.get(name))
            if initial_values and name in initial_values:
                self.fields[name].initial = initial_values[name]

    def main_fields(self) -> list[forms.BoundField]:
        return [self[name] for name in self.fields if name not in EVIDENCE_FIELDS]

    def evidence_fields(self) -> list[forms.BoundField]:
        return [self[name] for name in self.fields if name in EVIDENCE_FIELDS]

    def payload(self) -> dict[str, Any]:
        """The cleaned values for the service; blank optional values are left to the model's
        defaults, so "not filled in" never becomes a value nobody chose."""
        data: dict[str, Any] = {}
        for name, info in self.model.model_fields.items():
            value = self.cleaned_data.get(name)
            annotation, _ = _unwrap_optional(info.annotation)
            item = _list_item(annotation)
            if item is not None and isinstance(value, str):
                if _is_model(item):
                    value = parse_rows(value, item)
                else:
                    value = [line.strip() for line in value.splitlines() if line.strip()]
            blank = value is None or value == "" or value == []
            if blank and not info.is_required():
                continue
            if isinstance(value, uuid.UUID):
                value = str(value)
            data[name] = value
        return data

    def add_service_error(self, exc: ApplicationError) -> None:
        """Show a service refusal: on the fields it names, and always at the top of the form."""
        if isinstance(exc, ValidationFailed):
            for problem in exc.extra.get("errors", []) or []:  # type: ignore[attr-defined]
                name = str(problem.get("field", "")).split(".")[0]
                if name in self.fields and name not in self.errors:
                    self.add_error(name, exc.message)
        self.add_error(None, exc.message)

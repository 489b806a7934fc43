"""Forms of the 执法文书 pages: generate a document, and the on-site 笔录 with its signatures.

They only turn the browser's strings into the payloads the services take; every rule (who may,
which step, two officers, the party's signature or a noted refusal) is the services' to check.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone

from sanxiang.cases.models import RecordKind
from sanxiang.cases.services.records import RECORD_ACTIVITY
from sanxiang.documents.kinds import STEP_KINDS, DocumentKind, SignerRole, kinds_for_case_kind

Choices = Sequence[tuple[str, str]]
DATA_URL_PREFIX = "data:image/png;base64,"
NAME_REQUIRED = "请填写签名人姓名"
SIGNATURE_NOT_PNG = "签名图像无效，请清除后重新签名"
# Largest data URL accepted from the page (the service caps the PNG at 512 KB itself).
MAX_DATA_URL = 800_000
# The 笔录 kinds made on site, with the 音像记录 activity each belongs to (for the uploads).
ONSITE_KINDS: tuple[RecordKind, ...] = (RecordKind.SITE, RecordKind.INTERVIEW)


class GenerateForm(forms.Form):
    kind = forms.ChoiceField(label="文书种类", choices=DocumentKind.choices)
    step_id = forms.ChoiceField(
        label="所依据的笔录（笔录类文书必选）", required=False, choices=[("", "—")]
    )

    def __init__(self, *args: Any, steps: Choices = (), case_kind: str = "", **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["step_id"]
        if isinstance(field, forms.ChoiceField):
            field.choices = [("", "—"), *steps]
        kinds = self.fields["kind"]
        if case_kind and isinstance(kinds, forms.ChoiceField):
            kinds.choices = [(k.value, k.label) for k in kinds_for_case_kind(case_kind)]

    @staticmethod
    def step_kinds() -> str:
        return " ".join(sorted(STEP_KINDS))


class UUIDListField(forms.Field):
    widget = forms.MultipleHiddenInput

    def to_python(self, value: Any) -> list[uuid.UUID]:
        values = value if isinstance(value, list | tuple) else ([value] if value else [])
        try:
            return [uuid.UUID(str(v)) for v in values if str(v).strip()]
        except ValueError as exc:
            raise ValidationError("证据标识格式不正确") from exc


class SignatureField(forms.CharField):
    """A PNG data URL from signature-pad.js, kept in a hidden input."""

    widget = forms.HiddenInput

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(required=False, strip=True, max_length=MAX_DATA_URL, **kwargs)

    def clean(self, value: Any) -> str:
        text = str(super().clean(value) or "")
        if text and not text.startswith(DATA_URL_PREFIX):
            raise ValidationError(SIGNATURE_NOT_PNG)
        return text


def _kind_choices() -> list[tuple[str, str]]:
    return [(k.value, k.label) for k in ONSITE_KINDS]


class OnsiteRecordForm(forms.Form):
    """The 笔录 (cases' RecordEntry fields) and the signatures taken on the phone."""

    kind = forms.ChoiceField(label="笔录类型", choices=_kind_choices, initial=RecordKind.SITE)
    occurred_on = forms.DateField(
        label="日期", widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    place = forms.CharField(label="地点", max_length=300)
    persons = forms.CharField(label="被询问人/在场人员", max_length=500)
    certificate_shown = forms.BooleanField(label="已出示执法证件", required=False)
    text = forms.CharField(
        label="笔录内容", max_length=50000, widget=forms.Textarea(attrs={"rows": 10})
    )
    evidence_ids = UUIDListField(label="照片/视频", required=False)
    av_absence_reason = forms.CharField(
        label="未进行音像记录的原因", required=False, max_length=2000
    )
    party_name = forms.CharField(label="当事人（签名人）", required=False, max_length=100)
    party_signature = SignatureField(label="当事人签名")
    party_refused = forms.BooleanField(label="当事人拒绝签名", required=False)
    refusal_note = forms.CharField(
        label="拒签情况",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    witness_name = forms.CharField(label="见证人", required=False, max_length=100)
    witness_signature = SignatureField(label="见证人签名")
    officer_name_1 = forms.CharField(label="执法人员", required=False, max_length=100)
    officer_signature_1 = SignatureField(label="执法人员签名")
    officer_name_2 = forms.CharField(label="执法人员", required=False, max_length=100)
    officer_signature_2 = SignatureField(label="执法人员签名")

    # (role, name field, signature field) of every pad on the page.
    PADS: tuple[tuple[SignerRole, str, str], ...] = (
        (SignerRole.PARTY, "party_name", "party_signature"),
        (SignerRole.WITNESS, "witness_name", "witness_signature"),
        (SignerRole.OFFICER, "officer_name_1", "officer_signature_1"),
        (SignerRole.OFFICER, "officer_name_2", "officer_signature_2"),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("initial", {})
        kwargs["initial"].setdefault("occurred_on", timezone.localdate())
        super().__init__(*args, **kwargs)

    @staticmethod
    def activity_of(kind: str) -> str:
        return RECORD_ACTIVITY.get(RecordKind(kind), "")

    def kind_options(self) -> list[dict[str, str]]:
        current = str(self["kind"].value() or "")
        return [
            {
                "value": value,
                "label": label,
                "activity": self.activity_of(value),
                "selected": "selected" if value == current else "",
            }
            for value, label in _kind_choices()
        ]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        refused = data.get("party_refused")
        for role, name_key, image_key in self.PADS:
            if role == SignerRole.PARTY and refused:
                continue
            if data.get(image_key) and not data.get(name_key):
                self.add_error(name_key, NAME_REQUIRED)
        return data

    def payload(self) -> dict[str, Any]:
        """What `onsite_record_submit` takes: the RecordEntry fields and the signatures."""
        data = self.cleaned_data
        refused = bool(data["party_refused"])
        signatures = []
        for role, name_key, image_key in self.PADS:
            if not data[image_key] or (role == SignerRole.PARTY and refused):
                continue
            if role == SignerRole.WITNESS and not refused:
                continue
            signatures.append(
                {
                    "role": role.value,
                    "name": data[name_key],
                    "png_base64": data[image_key].removeprefix(DATA_URL_PREFIX),
                }
            )
        return {
            "kind": data["kind"],
            "occurred_on": data["occurred_on"].isoformat(),
            "place": data["place"],
            "persons": data["persons"],
            "certificate_shown": bool(data["certificate_shown"]),
            "text": data["text"],
            "evidence_ids": [str(i) for i in data["evidence_ids"]],
            "av_absence_reason": data["av_absence_reason"],
            "party_refused": refused,
            "refusal_note": data["refusal_note"] if refused else "",
            "signatures": signatures,
        }

    def add_service_error(self, message: str, fields: Sequence[str] = ()) -> None:
        for name in fields:
            if name in self.fields and name not in self.errors:
                self.add_error(name, message)
        self.add_error(None, message)

"""Forms of the 法制审核 section: the 9-item opinion, the reviewer choice, the 送审 button.

They only carry what the browser sent to the services, which check everything again; a field left
empty here is left out of the payload so the service's message names what is missing (e.g. which
checklist items have no result yet), in the words the rest of the platform uses.
"""

from __future__ import annotations

from typing import Any

from django import forms

from sanxiang.cases.forms import PayloadForm
from sanxiang.cases.models import Case
from sanxiang.cases.views_context import officer_choices
from sanxiang.core.errors import ApplicationError
from sanxiang.legal_review.checklist import ITEMS, RESULTS
from sanxiang.legal_review.models import Conclusion, ExternalOpinion
from sanxiang.legal_review.services_disputes import DisputeRaiseInput, DisputeResolveInput
from sanxiang.legal_review.services_external import ExternalInviteInput, ExternalOpinionInput
from sanxiang.legal_review.services_policy import ExtendInput

# The same limits as the service's OpinionInput, so an oversized text is refused on the field.
COMMENT_MAX = 20000
FINDING_COMMENT_MAX = 5000


class ServiceErrorsMixin:
    """Show a service refusal at the top of the form (as cases.forms.PayloadForm does)."""

    def add_service_error(self, exc: ApplicationError) -> None:
        self.add_error(None, exc.message)  # type: ignore[attr-defined]


class OpinionForm(ServiceErrorsMixin, forms.Form):
    """出具审核意见: a result and a comment for every checklist item, the conclusion, the opinion."""

    conclusion = forms.ChoiceField(
        label="审核结论", choices=Conclusion.choices, widget=forms.RadioSelect, required=False
    )
    comment = forms.CharField(
        label="审核意见",
        required=False,
        max_length=COMMENT_MAX,
        widget=forms.Textarea(attrs={"rows": 4}),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("prefix", "opinion")
        super().__init__(*args, **kwargs)
        for item in ITEMS:
            self.fields[f"result_{item.code}"] = forms.ChoiceField(
                label=item.label,
                choices=list(RESULTS.items()),
                widget=forms.RadioSelect,
                required=False,
            )
            self.fields[f"comment_{item.code}"] = forms.CharField(
                label=f"{item.label}：说明",
                required=False,
                max_length=FINDING_COMMENT_MAX,
                widget=forms.Textarea(attrs={"rows": 2}),
            )

    def rows(self) -> list[tuple[str, forms.BoundField, forms.BoundField]]:
        """(label, result field, comment field) per checklist item, in checklist order."""
        return [(i.label, self[f"result_{i.code}"], self[f"comment_{i.code}"]) for i in ITEMS]

    def payload(self) -> dict[str, Any]:
        findings = [
            {
                "item": item.code,
                "result": self.cleaned_data[f"result_{item.code}"],
                "comment": self.cleaned_data[f"comment_{item.code}"],
            }
            for item in ITEMS
            if self.cleaned_data.get(f"result_{item.code}")
        ]
        data: dict[str, Any] = {"findings": findings, "comment": self.cleaned_data["comment"]}
        if self.cleaned_data.get("conclusion"):
            data["conclusion"] = self.cleaned_data["conclusion"]
        return data


class AssignForm(ServiceErrorsMixin, forms.Form):
    """分配审核人员: the officer id of the chosen reviewer; the service decides who may review."""

    reviewer = forms.CharField(label="法制审核人员", max_length=64)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("prefix", "assign")
        super().__init__(*args, **kwargs)
        self.fields["reviewer"].error_messages["required"] = "请选择法制审核人员"


class SubmitForm(ServiceErrorsMixin, forms.Form):
    """送审: nothing to fill in; the service freezes the draft and the materials."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("prefix", "submit")
        super().__init__(*args, **kwargs)


# Forms generated from the services' own pydantic inputs (as the case page's forms are) -------


def dispute_raise_form(data: Any = None) -> PayloadForm:
    return PayloadForm(data, model=DisputeRaiseInput, prefix="dispute_raise")


def dispute_resolve_form(case: Case, data: Any = None) -> PayloadForm:
    choices = {"participants": officer_choices(case)}
    return PayloadForm(data, model=DisputeResolveInput, prefix="dispute_resolve", choices=choices)


def external_invite_form(data: Any = None) -> PayloadForm:
    return PayloadForm(data, model=ExternalInviteInput, prefix="external_invite")


def external_opinion_form(external: ExternalOpinion, data: Any = None) -> PayloadForm:
    # One form per invited adviser on the page: the prefix keeps their fields apart.
    prefix = f"external_opinion_{external.pk.hex[:12]}"
    return PayloadForm(data, model=ExternalOpinionInput, prefix=prefix)


def extend_form(data: Any = None) -> PayloadForm:
    return PayloadForm(data, model=ExtendInput, prefix="extend")

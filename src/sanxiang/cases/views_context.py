"""What the case page shows besides the case itself: the actions with their generated forms, the
refused ones with the reasons and articles, the panels, and the options of id fields."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from django import forms
from django.utils import timezone
from pydantic import BaseModel

from sanxiang.cases.forms import Choices, PayloadForm
from sanxiang.cases.models import Case
from sanxiang.cases.payloads import PAYLOADS
from sanxiang.cases.permissions import ACTION_ACTORS
from sanxiang.cases.selectors import sealed_evidence_for_case
from sanxiang.cases.services import case_action_options
from sanxiang.cases.services.workflow import WHO, ActionOption
from sanxiang.cases.states import CaseAction
from sanxiang.cases.views_panels import Panel, panel_get, panels_for
from sanxiang.catalog.selectors import catalog_rows_in_force
from sanxiang.core.errors import Forbidden
from sanxiang.organisations.models import Officer

A = CaseAction
EVIDENCE_FIELDS = ("evidence_ids", "consent_evidence_id")
# Fields, in any payload or panel model, whose value is an officer of the case's agency.
OFFICER_FIELDS = ("officer_id", "officer_ids", "chair_id")


@dataclass
class ActionRow:
    action: str
    label: str
    target_label: str
    form: PayloadForm
    open: bool = False


@dataclass
class Reason:
    message: str
    citation: str = ""


@dataclass
class RefusedRow:
    action: str
    label: str
    reasons: list[Reason] = field(default_factory=list)


@dataclass
class PanelRow:
    panel: Panel
    form: PayloadForm
    open: bool = False


def evidence_choices(case: Case) -> list[tuple[str, str]]:
    options = []
    for item in sealed_evidence_for_case(case):
        when = timezone.localtime(item.captured_at).strftime("%Y-%m-%d") if item.captured_at else ""
        detail = "，".join(x for x in (item.activity, when, item.blob.media_type) if x)
        options.append((str(item.pk), f"{item.filename}（{detail}）" if detail else item.filename))
    return options


def officer_choices(case: Case) -> list[tuple[str, str]]:
    officers = (
        Officer.objects.filter(agency_id=case.agency_id, is_active=True)
        .select_related("unit")
        .order_by("unit__name", "name")
    )
    return [(str(o.pk), f"{o.name}（{o.unit.name}）" if o.unit else o.name) for o in officers]


def model_choices(case: Case, model: type[BaseModel]) -> dict[str, Choices]:
    """Options for the id fields `model` has: the agency's sealed evidence, its officers."""
    fields = model.model_fields
    choices: dict[str, Choices] = {}
    if any(name in fields for name in EVIDENCE_FIELDS):
        evidence = evidence_choices(case)
        choices.update({name: evidence for name in EVIDENCE_FIELDS if name in fields})
    if any(name in fields for name in OFFICER_FIELDS):
        officers = officer_choices(case)
        choices.update({name: officers for name in OFFICER_FIELDS if name in fields})
    return choices


def action_choices(case: Case, action: str) -> dict[str, Choices]:
    return model_choices(case, PAYLOADS[action])


def action_initial(case: Case, action: str) -> dict[str, Any]:
    """Values the officer would otherwise retype from the case (they can still change them)."""
    if action == A.ISSUE_NOTICE:
        return {"facts": case.facts}
    if action == A.DECIDE:
        return {
            "penalties": list(case.notice_penalties),
            "fine": case.notice_fine,
            "confiscation": case.notice_confiscation,
        }
    if action == A.SERVE:
        return {"recipient": case.party_name, "address": case.party_address}
    return {}


def _who(action: CaseAction) -> str:
    return "或".join(WHO.get(str(r), str(r)) for r in sorted(ACTION_ACTORS.get(action, ())))


def _options(user: Any, case: Case) -> list[ActionOption]:
    try:
        return case_action_options(user=user, case=case)
    except Forbidden:  # not an officer: nothing to act on, the page is read-only
        return []


def option_rows(
    user: Any, case: Case, *, bound_action: str = "", bound_form: PayloadForm | None = None
) -> tuple[list[ActionRow], list[RefusedRow]]:
    """(actions the rules allow now with their forms, actions refused now with the reasons)."""
    allowed: list[ActionRow] = []
    refused: list[RefusedRow] = []
    for option in _options(user, case):
        action = option.action
        if option.allowed or action == bound_action:
            form = bound_form if action == bound_action and bound_form is not None else None
            allowed.append(
                ActionRow(
                    action=action.value,
                    label=action.label,
                    target_label=option.target.label,
                    form=form
                    or PayloadForm(
                        model=PAYLOADS[action],
                        prefix=action.value,
                        choices=action_choices(case, action),
                        initial_values=action_initial(case, action),
                    ),
                    open=action == bound_action,
                )
            )
            continue
        reasons = [Reason(r.message, r.citation) for r in option.refusals]
        if not option.permitted:
            reasons.insert(0, Reason(f"需要{_who(action)}办理"))
        refused.append(RefusedRow(action=action.value, label=action.label, reasons=reasons))
    return allowed, refused


def panel_form(panel: Panel, case: Case, data: Any = None) -> PayloadForm:
    choices = model_choices(case, panel.model)
    if panel.choices is not None:
        choices.update(panel.choices(case))
    form = PayloadForm(data, model=panel.model, prefix=panel.key, choices=choices)
    if panel.target is not None:
        options = [("", "—— 请选择 ——"), *panel.target.options(case)]
        first = forms.ChoiceField(label=panel.target.label, choices=options)
        form.fields = {panel.target.kwarg: first, **form.fields}
    return form


def panel_target_kwargs(panel: Panel, form: PayloadForm) -> dict[str, Any]:
    """The object id the service takes besides the payload (empty for most panels)."""
    if panel.target is None:
        return {}
    return {panel.target.kwarg: form.cleaned_data[panel.target.kwarg]}


def action_panels(
    user: Any, case: Case, *, bound_panel: str = "", bound_form: PayloadForm | None = None
) -> list[PanelRow]:
    rows = []
    panels = panels_for(user, case)
    posted = panel_get(bound_panel) if bound_panel else None
    if posted is not None and posted not in panels:
        panels.append(posted)  # refused: keep its form on the page with the reason
    for panel in panels:
        bound = panel.key == bound_panel and bound_form is not None
        form = bound_form if bound and bound_form is not None else panel_form(panel, case)
        rows.append(PanelRow(panel=panel, form=form, open=bound))
    return rows


def lead_choices(officer: Officer) -> Mapping[str, Choices]:
    """案源登记: the agency's fields, its penalty items in force, its other officers."""
    agency = officer.agency
    items = catalog_rows_in_force(agency, "item", timezone.localdate()).filter(category="penalty")
    others = (
        Officer.objects.filter(agency=agency, is_active=True)
        .exclude(pk=officer.pk)
        .select_related("unit")
        .order_by("unit__name", "name")
    )
    return {
        "field_code": [(f.code, f.name) for f in agency.fields.order_by("code")],
        "item_code": [(i.code, f"{i.code} {i.name}") for i in items],
        "assistant_ids": [
            (str(o.pk), f"{o.name}（{o.unit.name}）" if o.unit else o.name) for o in others
        ],
    }


# Sections other apps add to the case page ----------------------------------------------------
# An app above cases (legal_review, …) registers a section in its AppConfig.ready(); cases never
# imports it. `context(request, case, bound)` returns the template's `section` variable, or None
# to leave the section out; `bound` is what that app's own view passes back when it re-renders
# the case page after a refusal (e.g. the posted form, to show it with the input and the error).
SectionContext = Callable[[Any, Case, Mapping[str, Any]], Mapping[str, Any] | None]


@dataclass(frozen=True)
class CaseSection:
    key: str
    template: str
    context: SectionContext


@dataclass(frozen=True)
class SectionRow:
    key: str
    template: str
    context: Mapping[str, Any]


CASE_SECTIONS: list[CaseSection] = []


def register_case_section(section: CaseSection) -> CaseSection:
    """Add a section to the case page (its key must be new)."""
    if any(s.key == section.key for s in CASE_SECTIONS):
        raise ValueError(f"case section {section.key} registered twice")
    CASE_SECTIONS.append(section)
    return section


def case_sections(
    request: Any, case: Case, bound: Mapping[str, Mapping[str, Any]] | None = None
) -> list[SectionRow]:
    rows = []
    for section in CASE_SECTIONS:
        context = section.context(request, case, (bound or {}).get(section.key, {}))
        if context is not None:
            rows.append(SectionRow(section.key, section.template, context))
    return rows

"""The case page's 法制审核 section: what it shows, and which forms each person gets.

Registered on the case page (cases.views_context.CaseSection) by the app's ready(). Everyone who
may see the case sees the grounds, every submission with its draft, materials and opinions, the
external opinions and the disputes; the forms appear only for those `permissions` allow, and the
services check everything again. After a refusal the view re-renders the case page with its
bound form (`bound = {"key", "target", "form"}`) so the input and the message stay in place.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ObjectDoesNotExist
from django.urls import reverse
from django.utils import timezone

from sanxiang.cases.models import Case
from sanxiang.cases.models.choices import Outcome, PenaltyKind
from sanxiang.cases.states import CaseStatus
from sanxiang.cases.views_context import CaseSection, register_case_section
from sanxiang.legal_review.checklist import RESULTS
from sanxiang.legal_review.forms import (
    AssignForm,
    OpinionForm,
    SubmitForm,
    dispute_raise_form,
    dispute_resolve_form,
    extend_form,
    external_invite_form,
    external_opinion_form,
)
from sanxiang.legal_review.gate import review_required
from sanxiang.legal_review.models import (
    OPEN_STATUSES,
    Conclusion,
    ExternalOpinion,
    ReviewDispute,
    ReviewOpinion,
    ReviewSubmission,
    SubmissionStatus,
)
from sanxiang.legal_review.permissions import (
    can_assign_reviewer,
    can_give_opinion,
    can_manage_external,
    can_raise_dispute,
    can_resolve_dispute,
    can_submit_review,
)
from sanxiang.legal_review.selectors import ReviewerCandidate, reviewer_candidates
from sanxiang.legal_review.services import materials_of

SECTION_KEY = "legal_review"
CONTESTABLE = (Conclusion.MODIFY, Conclusion.DISAGREE)


@dataclass
class Slot:
    """One form of the section: where it posts, the form, and whether to show it unfolded."""

    key: str
    url: str
    form: Any
    open: bool = False


@dataclass
class OpinionView:
    opinion: ReviewOpinion
    findings: list[dict[str, str]]
    dispute: ReviewDispute | None
    raise_slot: Slot | None = None
    resolve_slot: Slot | None = None


@dataclass
class SubmissionView:
    submission: ReviewSubmission
    draft: dict[str, str]
    materials: list[dict[str, Any]]
    opinions: list[OpinionView]
    externals: list[tuple[ExternalOpinion, Slot | None]]
    slots: dict[str, Slot] = field(default_factory=dict)
    candidates: list[ReviewerCandidate] = field(default_factory=list)


def _label(choices: Any, value: Any) -> str:
    try:
        return str(choices(value).label)
    except ValueError:
        return str(value or "")


LICENCE_OUTCOMES = {"grant": "准予行政许可", "deny": "不予行政许可"}


def draft_summary(draft: Mapping[str, Any]) -> dict[str, str]:
    """The frozen draft in words: outcome, penalties, fine, confiscation."""
    if draft.get("kind") == "licence":  # legal_review.draft.licence_draft_of
        granted = draft.get("outcome") == "grant"
        validity = f"有效期 {draft.get('valid_from')} 至 {draft.get('valid_to') or '长期'}"
        return {
            "outcome": LICENCE_OUTCOMES.get(str(draft.get("outcome")), ""),
            "penalties": f"{draft.get('content')}（{validity}）" if granted else "",
            "fine": "",
            "confiscation": "",
        }
    penalties = [_label(PenaltyKind, p) for p in draft.get("penalties") or []]
    return {
        "outcome": _label(Outcome, draft.get("outcome")),
        "penalties": "、".join(penalties),
        "fine": f"{draft['fine']} 元" if draft.get("fine") else "",
        "confiscation": f"{draft['confiscation']} 元" if draft.get("confiscation") else "",
    }


def _evidence_text(rows: list[dict[str, Any]]) -> str:
    parts = []
    for row in rows:
        files = "、".join(e.get("filename", "") for e in row.get("evidence") or [])
        parts.append(
            f"第{row.get('step')}步 {row.get('label', '')}" + (f"（{files}）" if files else "")
        )
    return "；".join(parts)


def material_detail(material: Mapping[str, Any]) -> str:
    """Where the case holds a 送审材料, in words (the stored detail varies by material)."""
    detail = material.get("detail")
    code = material.get("code")
    if not material.get("required") and not material.get("found"):
        return "本案不适用"
    if detail is None or detail == "":
        return ""
    if code == "evidence" and isinstance(detail, list):
        return _evidence_text(detail)
    if code == "investigation_report" and isinstance(detail, dict):
        proposal = detail.get("proposal", "")
        return f"第{detail.get('step')}步" + (f"；处理建议：{proposal}" if proposal else "")
    if code == "notice" and isinstance(detail, dict):
        return f"第{detail.get('step')}步"
    if code == "discretion" and isinstance(detail, dict):
        return "已选定裁量基准及阶次"
    return str(detail)


def materials_rows(materials: Sequence[Mapping[str, Any]]) -> list[dict[str, Any]]:
    return [
        {
            "code": m.get("code", ""),
            "label": m.get("label", ""),
            "required": bool(m.get("required")),
            "found": bool(m.get("found")),
            "detail": material_detail(m),
        }
        for m in materials
    ]


def _findings(opinion: ReviewOpinion) -> list[dict[str, str]]:
    return [
        {
            "label": f.get("label", ""),
            "result": f.get("result", ""),
            "result_label": RESULTS.get(f.get("result", ""), ""),
            "comment": f.get("comment", ""),
        }
        for f in opinion.findings
    ]


def _dispute_of(opinion: ReviewOpinion) -> ReviewDispute | None:
    try:
        return opinion.dispute
    except ObjectDoesNotExist:
        return None


class _Bound:
    """The form the view re-renders after a refusal, matched by slot key and target id."""

    def __init__(self, bound: Mapping[str, Any]) -> None:
        self.key = str(bound.get("key", ""))
        self.target = str(bound.get("target", ""))
        self.form = bound.get("form")
        self.shown = False

    def slot(self, key: str, target: Any, url: str, blank: Any) -> Slot:
        if key == self.key and str(target) == self.target and self.form is not None:
            self.shown = True
            return Slot(key, url, self.form, open=True)
        return Slot(key, url, blank)

    def unshown_errors(self) -> list[str]:
        """The refusal of a form the user does not get (e.g. a handler posting an assignment):
        shown at the top of the section, since there is no form to show it on."""
        if self.form is None or self.shown:
            return []
        return [str(e) for errors in self.form.errors.values() for e in errors]


def _submissions(case: Case) -> list[ReviewSubmission]:
    rows = ReviewSubmission.objects.filter(case=case).select_related(
        "submitted_by", "reviewer", "extended_by"
    )
    return list(
        rows.prefetch_related(
            "opinions__reviewer",
            "opinions__dispute__raised_by",
            "opinions__dispute__resolved_by",
            "external_opinions__invited_by",
            "external_opinions__recorded_by",
        ).order_by("version")
    )


def _opinion_views(
    user: Any, case: Case, submission: ReviewSubmission, is_latest: bool, bound: _Bound
) -> list[OpinionView]:
    opinions = list(submission.opinions.all())
    views = []
    for index, opinion in enumerate(opinions):
        dispute = _dispute_of(opinion)
        view = OpinionView(opinion, _findings(opinion), dispute)
        current = is_latest and index == len(opinions) - 1
        in_review = case.status == CaseStatus.LEGAL_REVIEW
        if (
            current
            and in_review
            and dispute is None
            and opinion.conclusion in CONTESTABLE
            and can_raise_dispute(user, case)
        ):
            url = reverse("legal_review:dispute_raise", args=[opinion.pk])
            view.raise_slot = bound.slot("dispute_raise", opinion.pk, url, dispute_raise_form())
        if (
            dispute is not None
            and dispute.is_open
            and in_review
            and can_resolve_dispute(user, case)
        ):
            url = reverse("legal_review:dispute_resolve", args=[dispute.pk])
            blank = dispute_resolve_form(case)
            view.resolve_slot = bound.slot("dispute_resolve", dispute.pk, url, blank)
        views.append(view)
    return views


def _open_slots(user: Any, case: Case, view: SubmissionView, bound: _Bound) -> None:
    """The forms on the open (latest) submission: assign, opinion, extend, invite an adviser."""
    submission = view.submission
    pk = submission.pk
    if can_assign_reviewer(user, case):
        url = reverse("legal_review:assign", args=[pk])
        view.slots["assign"] = bound.slot("assign", pk, url, AssignForm())
        view.candidates = reviewer_candidates(case)
    if submission.status == SubmissionStatus.ASSIGNED and can_give_opinion(user, submission):
        url = reverse("legal_review:opinion", args=[pk])
        view.slots["opinion"] = bound.slot("opinion", pk, url, OpinionForm())
    if (
        submission.due_on is not None
        and submission.extended_by_id is None
        and can_assign_reviewer(user, case)
    ):
        url = reverse("legal_review:extend", args=[pk])
        view.slots["extend"] = bound.slot("extend", pk, url, extend_form())
    if can_manage_external(user, submission):
        url = reverse("legal_review:external_invite", args=[pk])
        view.slots["external_invite"] = bound.slot(
            "external_invite", pk, url, external_invite_form()
        )


def _externals(
    user: Any, submission: ReviewSubmission, bound: _Bound
) -> list[tuple[ExternalOpinion, Slot | None]]:
    rows: list[tuple[ExternalOpinion, Slot | None]] = []
    for external in submission.external_opinions.all():
        slot = None
        if external.given_on is None and can_manage_external(user, submission):
            url = reverse("legal_review:external_opinion", args=[external.pk])
            slot = bound.slot("external_opinion", external.pk, url, external_opinion_form(external))
        rows.append((external, slot))
    return rows


def _submit_slot(user: Any, case: Case, open_one: bool, bound: _Bound) -> dict[str, Any] | None:
    """送审 with a preview of the materials, while the case waits in 法制审核 without one open."""
    if case.status != CaseStatus.LEGAL_REVIEW or open_one or not can_submit_review(user, case):
        return None
    preview = materials_rows(materials_of(case, timezone.localdate()))
    url = reverse("legal_review:submit", args=[case.pk])
    return {
        "slot": bound.slot("submit", case.pk, url, SubmitForm()),
        "materials": preview,
        "missing": [m["label"] for m in preview if m["required"] and not m["found"]],
    }


def section_context(request: Any, case: Case, bound: Mapping[str, Any]) -> dict[str, Any] | None:
    """The 法制审核 section of `case` for `request.user`; None for a case review never concerns."""
    user = request.user
    submissions = _submissions(case)
    in_review = case.status == CaseStatus.LEGAL_REVIEW
    if not (submissions or in_review or review_required(case)):
        return None
    matcher = _Bound(bound)
    views = []
    for submission in submissions:
        is_latest = submission is submissions[-1]
        view = SubmissionView(
            submission=submission,
            draft=draft_summary(submission.draft),
            materials=materials_rows(submission.materials),
            opinions=_opinion_views(user, case, submission, is_latest, matcher),
            externals=_externals(user, submission, matcher),
        )
        if is_latest and submission.status in OPEN_STATUSES:
            _open_slots(user, case, view, matcher)
        views.append(view)
    open_one = any(s.status in OPEN_STATUSES for s in submissions)
    return {
        "grounds": case.major_grounds,
        "required": review_required(case),
        "submissions": views,
        "submit": _submit_slot(user, case, open_one, matcher),
        "refusals": matcher.unshown_errors(),
    }


def register() -> None:
    """Put the section on the case page (called once, from the app's ready())."""
    register_case_section(
        CaseSection(
            key=SECTION_KEY,
            template="legal_review/_case_section.html",
            context=section_context,
        )
    )

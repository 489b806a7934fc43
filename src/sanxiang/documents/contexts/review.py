"""法制审核意见书 (处罚法 §58; LEGAL_RULES.md §6.2): the reviewer's written opinion on one
submission — the case and party, the version and date of the submission, the draft decision it
froze, the nine checklist findings, the conclusion and comment, any 法律顾问/公职律师 opinions,
and the reviewer with their 法律职业资格 number.

Made from the case: by default the opinion on its latest submission that has one; the caller may
name a version (`extra["version"]`). Without an opinion generation stops, before anything is
rendered, with DocumentFieldMissing (field `conclusion`, 审核结论) saying so.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from sanxiang.cases.models import Case, Outcome, PenaltyKind
from sanxiang.documents.contexts import (
    ContextInput,
    DocumentFieldMissing,
    FieldSpec,
    KindSpec,
    register,
)
from sanxiang.documents.contexts.formatting import cn_date, penalty_text, text
from sanxiang.documents.contexts.sources import case_basics, extra_text, party, party_specs
from sanxiang.documents.kinds import DocumentKind
from sanxiang.legal_review.checklist import RESULTS
from sanxiang.legal_review.models import ExternalOpinion, ReviewOpinion, ReviewSubmission

F = FieldSpec
NUMBER = "{agency}法审〔{year}〕{n}号"
NO_OPINION = "无法生成《法制审核意见书》：本案{version}尚无法制审核人员出具的审核意见"


def _opinion(case: Case, version: str) -> ReviewOpinion | None:
    """The latest opinion of the named version, else of the newest submission that has one."""
    rows = ReviewOpinion.objects.filter(submission__case=case).select_related(
        "submission", "submission__submitted_by", "reviewer"
    )
    if version.isdigit():
        rows = rows.filter(submission__version=int(version))
    elif version:
        return None
    return rows.order_by("-submission__version", "-created_at").first()


def opinion_number(opinion: ReviewOpinion, case: Case) -> str:
    """`<简称>法审〔年〕n号`: n counts the agency's opinions of that year up to this one, in the
    order they were recorded, so a number never changes once given."""
    year = opinion.given_on.year
    n = ReviewOpinion.objects.filter(
        submission__case__agency_id=case.agency_id,
        given_on__year=year,
        created_at__lte=opinion.created_at,
    ).count()
    agency = case.agency.short_name or case.agency.name
    return NUMBER.format(agency=agency, year=year, n=n)


def _amount(value: Any) -> Decimal | None:
    return None if value in (None, "") else Decimal(str(value))


def draft_summary(draft: dict[str, Any]) -> str:
    """The proposed decision as frozen in the submission, in words."""
    outcome = str(draft.get("outcome") or Outcome.PENALISE)
    if outcome != Outcome.PENALISE:
        try:
            return str(Outcome(outcome).label)
        except ValueError:
            return outcome
    # The draft stores the kinds sorted (for its digest); read them in the statute's order.
    order = {kind.value: i for i, kind in enumerate(PenaltyKind)}
    kinds = sorted(draft.get("penalties") or [], key=lambda k: order.get(str(k), len(order)))
    penalties = penalty_text(kinds, _amount(draft.get("fine")), _amount(draft.get("confiscation")))
    return f"拟给予{penalties}" if penalties else ""


def _findings(opinion: ReviewOpinion) -> list[dict[str, str]]:
    return [
        {
            "no": str(i),
            "label": text(f.get("label")),
            "result_label": RESULTS.get(str(f.get("result")), text(f.get("result"))),
            "comment": text(f.get("comment")),
        }
        for i, f in enumerate(opinion.findings or [], start=1)
    ]


def _externals(submission: ReviewSubmission) -> list[dict[str, str]]:
    given = ExternalOpinion.objects.filter(submission=submission, given_on__isnull=False)
    return [
        {
            "role_label": text(x.get_adviser_role_display()),
            "name": x.adviser_name,
            "organisation": x.organisation,
            "conclusion_label": text(x.get_conclusion_display()) if x.conclusion else "",
            "opinion": x.opinion,
            "given_on": cn_date(x.given_on),
        }
        for x in given.order_by("given_on", "created_at")
    ]


def _review_opinion(inp: ContextInput) -> dict[str, Any]:
    case: Case = inp.case
    version = extra_text(inp.extra, "version").strip()
    opinion = _opinion(case, version)
    if opinion is None:
        raise DocumentFieldMissing(
            NO_OPINION.format(version=f"第{version}次送审" if version else ""),
            extra={"field": "conclusion", "label": "审核结论"},
        )
    submission = opinion.submission
    draft = dict(submission.draft or {})
    grounds = [text(g.get("name") or g.get("code")) for g in case.major_grounds or []]
    return {
        **party(case),
        **case_basics(case),
        "opinion_number": opinion_number(opinion, case),
        "submission_version": str(submission.version),
        "submitted_on": cn_date(submission.submitted_on),
        "submitted_by": submission.submitted_by.name,
        "major_grounds_text": "；".join(g for g in grounds if g),
        "draft_summary": draft_summary(draft),
        "draft_facts": text(draft.get("facts")),
        "draft_basis": text(draft.get("basis")),
        "draft_sha256": submission.draft_sha256,
        "findings": _findings(opinion),
        "conclusion": text(opinion.get_conclusion_display()),
        "comment": opinion.comment,
        "externals": _externals(submission),
        "reviewer_name": opinion.reviewer.name,
        "reviewer_qualification": opinion.reviewer.legal_qualification_number,
        "given_on": cn_date(opinion.given_on),
    }


register(
    KindSpec(
        kind=DocumentKind.REVIEW_OPINION,
        fields=(
            F("opinion_number", "意见书文号"),
            *party_specs(),
            F("case_title", "案由"),
            F("case_ref", "案号"),
            F("unit_name", "承办机构", required=False),
            F("submission_version", "送审版本"),
            F("submitted_on", "送审日期"),
            F("submitted_by", "送审人", required=False),
            F("major_grounds_text", "重大执法决定情形", required=False),
            F("draft_summary", "拟作出的决定"),
            F("draft_facts", "拟认定的违法事实", required=False),
            F("draft_basis", "拟适用的依据", required=False),
            F("draft_sha256", "送审稿摘要（SHA-256）", required=False),
            F("findings", "逐项审核意见"),
            F("conclusion", "审核结论"),
            F("comment", "审核意见", required=False),
            F("externals", "法律顾问、公职律师意见", required=False),
            F("reviewer_name", "法制审核人员"),
            F("reviewer_qualification", "法律职业资格证书编号", required=False),
            F("given_on", "审核日期"),
        ),
        build=_review_opinion,
    )
)

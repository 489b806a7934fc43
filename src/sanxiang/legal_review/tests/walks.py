"""Walks through 法制审核 for tests of any app: submit, assign, opine — through the services.

`pass_review(world, case)` takes a case in 法制审核 (or one step before it) to 待决定 the only way
the gate allows: a submission, a reviewer assigned by the 机关负责人, and a 同意 opinion.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from sanxiang.cases.models import Case
from sanxiang.cases.states import CaseAction, CaseStatus
from sanxiang.cases.tests.factories import TODAY, World, act, add_record, register
from sanxiang.cases.tests.walks import checked
from sanxiang.legal_review.checklist import FAIL, ITEM_CODES, PASS
from sanxiang.legal_review.models import ReviewOpinion, ReviewSubmission
from sanxiang.legal_review.services import review_assign, review_opinion_record, review_submit
from sanxiang.organisations.models import Officer

A = CaseAction
S = CaseStatus


def findings(**failed: str) -> list[dict[str, str]]:
    """A finding for every checklist item: `pass`, except items given as item=comment: `fail`."""
    return [
        {"item": code, "result": FAIL, "comment": failed[code]}
        if code in failed
        else {"item": code, "result": PASS, "comment": ""}
        for code in ITEM_CODES
    ]


def opinion_payload(conclusion: str = "agree", comment: str = "", **failed: str) -> dict[str, Any]:
    text = comment or ("事实清楚，证据确凿，程序合法，同意" if conclusion == "agree" else "")
    return {"conclusion": conclusion, "findings": findings(**failed), "comment": text}


def qualify(user: Any, number: str = "A20201100000001") -> None:
    """Test setup: the reviewer holds 法律职业资格 (§58 第二款)."""
    Officer.objects.filter(user=user).update(
        has_legal_qualification=True, legal_qualification_number=number
    )
    user.officer.refresh_from_db()


def submit_and_assign(
    case: Case, *, submitter: Any, head: Any, reviewer: Any, today: dt.date = TODAY
) -> ReviewSubmission:
    submission = review_submit(user=submitter, case_id=case.pk, today=today)
    return review_assign(
        user=head,
        submission_id=submission.pk,
        reviewer_officer_id=reviewer.officer.pk,
        today=today,
    )


def opine(
    submission: ReviewSubmission, reviewer: Any, today: dt.date = TODAY, **payload: Any
) -> ReviewOpinion:
    data = opinion_payload(**payload) if "findings" not in payload else payload
    return review_opinion_record(
        user=reviewer, submission_id=submission.pk, payload=data, today=today
    )


def pass_review_as(
    case: Case,
    *,
    submitter: Any,
    head: Any,
    reviewer: Any,
    today: dt.date = TODAY,
) -> Case:
    """Submit, assign and agree with the given users; returns the case at 待决定."""
    submission = submit_and_assign(
        case, submitter=submitter, head=head, reviewer=reviewer, today=today
    )
    opine(submission, reviewer, today)
    return Case.objects.get(pk=case.pk)


def pass_review(world: World, case: Case, today: dt.date = TODAY) -> Case:
    """The case (in 法制审核, or ready to be submitted to it) through review to 待决定."""
    if case.status != S.LEGAL_REVIEW:
        case = act(world, case, A.SUBMIT_LEGAL_REVIEW, today)
    if not world.reviewer.officer.has_legal_qualification:
        qualify(world.reviewer)
    return pass_review_as(
        case,
        submitter=world.officer,
        head=world.agency_head,
        reviewer=world.reviewer,
        today=today,
    )


# 目录清单 routing by amount: an organisation's fine from 5000 yuan is a 重大执法决定.
MAJOR_FINE_RULES = [
    {
        "code": "MD-01",
        "name": "对法人处以较大数额罚款",
        "party_kind": "法人或其他组织",
        "fine_threshold": "5000",
    }
]


def at_statement(world: World, fine: str = "6000", today: dt.date = TODAY) -> Case:
    """A case through 告知 (警告 + the fine) and 陈述申辩, every step on `today`; with
    `MAJOR_FINE_RULES` published it is routed to review from 5000 yuan."""
    if today == TODAY:
        case = checked(world)
    else:  # e.g. the API's own today: the whole walk on that day
        case = register(
            world,
            today,
            discovered_on=today - dt.timedelta(days=2),
            act_date=today - dt.timedelta(days=10),
        )
        for action in (A.SUBMIT_FILING, A.APPROVE_FILING):
            case = act(world, case, action, today)
        add_record(world, case, today)
        for action in (A.CONCLUDE_INVESTIGATION, A.SUBMIT_CHECK):
            case = act(world, case, action, today)
    case = act(world, case, A.ISSUE_NOTICE, today, fine=Decimal(fine))
    return act(world, case, A.RECEIVE_STATEMENT, today)


def routed_to_review(world: World, fine: str = "6000", today: dt.date = TODAY) -> Case:
    """A case the 目录清单 routes (MD-01 of `MAJOR_FINE_RULES`, published on the world's agency
    by the caller) through 告知 and 陈述申辩 into 法制审核; the reviewer is qualified."""
    if not world.reviewer.officer.has_legal_qualification:
        qualify(world.reviewer)
    return act(world, at_statement(world, fine, today), A.SUBMIT_LEGAL_REVIEW, today)


def contested(
    world: World, case: Case, *, conclusion: str = "disagree", today: dt.date = TODAY
) -> ReviewOpinion:
    """Submit, assign and record a 建议修改 / 不同意 opinion the handler can contest."""
    submission = submit_and_assign(
        case, submitter=world.officer, head=world.agency_head, reviewer=world.reviewer, today=today
    )
    comment = "罚款数额过高，建议按从轻阶次处理" if conclusion == "disagree" else "请补充裁量说明"
    return opine(submission, world.reviewer, today, conclusion=conclusion, comment=comment)

"""履行催告书 (行政强制法 §35, §45, §54): 期限, 方式, the amount owed including 加处罚款, and
the party's right to state and defend.

The amount comes from the 催告 recorded by `demand_serve` when there is one, else from the fine
account on the day (`cases.payments.payment_account`, the 处罚法 §72 arithmetic).
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.utils import timezone

from sanxiang.cases.models import Case
from sanxiang.cases.payments import payment_account
from sanxiang.documents.contexts import ContextInput, FieldSpec, KindSpec, register
from sanxiang.documents.contexts.formatting import cn_date, money_text, text
from sanxiang.documents.contexts.sources import (
    case_basics,
    extra_text,
    latest_content,
    party,
    party_specs,
)
from sanxiang.documents.kinds import DocumentKind

F = FieldSpec


def _day(value: Any) -> dt.date:
    if isinstance(value, dt.date):
        return value
    if value:
        return dt.date.fromisoformat(str(value)[:10])
    return timezone.localdate()


def _amounts(case: Case, inp: ContextInput, demand: dict[str, Any]) -> dict[str, Decimal]:
    if demand.get("amount") not in (None, "") and not inp.extra.get("on"):
        return {
            "total": Decimal(str(demand["amount"])),
            "fine": Decimal(str(demand.get("fine_outstanding") or 0)),
            "late_fee": Decimal(str(demand.get("late_fee_outstanding") or 0)),
        }
    acct = payment_account(case, _day(inp.extra.get("on")))
    return {
        "total": acct.due_now,
        "fine": acct.overdue_principal,
        "late_fee": acct.outstanding_late_fee,
    }


def _reminder(inp: ContextInput) -> dict[str, Any]:
    case: Case = inp.case
    demand = latest_content(case, "demand")
    amounts = _amounts(case, inp, demand)
    deadline = inp.extra.get("performance_deadline") or demand.get("performance_deadline")
    return {
        **party(case),
        **case_basics(case),
        "decision_number": case.decision_number,
        "decided_on": cn_date(case.decided_on),
        "served_on": cn_date(case.served_on),
        "fine_text": money_text(case.fine) if case.fine else "",
        "fine_outstanding_text": money_text(amounts["fine"]),
        "late_fee_text": money_text(amounts["late_fee"]),
        "amount_text": money_text(amounts["total"]) if amounts["total"] > 0 else "",
        "performance_deadline": cn_date(str(deadline)) if deadline else "",
        "payment_method": extra_text(
            inp.extra, "payment_method", text(demand.get("payment_method"))
        ),
        "demand_content": extra_text(inp.extra, "content", text(demand.get("content"))),
    }


register(
    KindSpec(
        kind=DocumentKind.PAYMENT_REMINDER,
        fields=(
            *party_specs(),
            F("case_title", "案由", required=False),
            F("case_ref", "案号", required=False),
            F("decision_number", "行政处罚决定书文号"),
            F("decided_on", "决定日期", required=False),
            F("served_on", "决定书送达日期", required=False),
            F("fine_text", "罚款金额", required=False),
            F("fine_outstanding_text", "尚欠罚款", required=False),
            F("late_fee_text", "加处罚款", required=False),
            F("amount_text", "催告金额（含加处罚款）"),
            F("performance_deadline", "履行期限"),
            F("payment_method", "履行方式"),
            F("demand_content", "催告内容", required=False),
        ),
        build=_reminder,
    )
)

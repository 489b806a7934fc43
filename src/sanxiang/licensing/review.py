"""Which licence decisions the 重大执法决定法制审核目录清单 routes to 法制审核.

A 目录清单 row applies to a licence case when it names the licence's 事项编码, or states no
condition at all (then every decision of the agency is reviewed), or is an 经过听证 row and a
hearing was held. Rows about fines, confiscation or penalty kinds never match a licence.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sanxiang.cases.models import Case
from sanxiang.cases.states import CaseAction
from sanxiang.cases.thresholds import major_decision_grounds


def hearing_held(case: Case) -> bool:
    return case.steps.filter(action=CaseAction.LICENCE_CONCLUDE_HEARING).exists()


def licence_major_grounds(case: Case, on: dt.date) -> list[dict[str, Any]]:
    return major_decision_grounds(
        case=case,
        penalties=[],
        fine=None,
        confiscation=None,
        after_hearing=hearing_held(case),
        on=on,
    )


def licence_is_major(case: Case, on: dt.date) -> bool:
    return bool(case.is_major or licence_major_grounds(case, on))


def licence_major_refresh(case: Case, on: dt.date) -> list[str]:
    """Add the rows the case now matches to its grounds (never shrinks); their codes."""
    known = {g["code"] for g in case.major_grounds}
    found = [g for g in licence_major_grounds(case, on) if g["code"] not in known]
    case.major_grounds = [*case.major_grounds, *found]
    case.is_major = case.is_major or bool(case.major_grounds)
    return [g["code"] for g in case.major_grounds]

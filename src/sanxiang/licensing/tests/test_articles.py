"""One test per article of the 行政许可法 the lifecycle enforces, on the real 2025 and 2026
holiday calendars (国办发明电〔2024〕12号, 〔2025〕7号) including 调休 working weekends.

Every due date below was counted by hand from the published notices; the comment shows the count.
"""

from __future__ import annotations

import datetime as dt

import pytest

from sanxiang.cases.models import Deadline, DeadlineKind, DeadlineState
from sanxiang.cases.states import CaseAction, CaseStatus
from sanxiang.core.errors import Forbidden, RuleViolation, ValidationFailed
from sanxiang.licensing.models import ExcludedPeriod, LicenceApplication
from sanxiang.licensing.services import (
    licence_decision_extend,
    licence_excluded_period_end,
    licence_excluded_period_start,
    licence_hearing_rights_notify,
)
from sanxiang.licensing.tests.factories import (
    accepted,
    apply_at_counter,
    examine,
    lact,
    licence_world,
    to_decision,
)

A = CaseAction
S = CaseStatus
K = DeadlineKind
pytestmark = pytest.mark.django_db


def due(case, kind):
    return Deadline.objects.filter(case=case, kind=kind).order_by("-created_at").first()


# -- §32 -------------------------------------------------------------------------------------

# Received Friday 2025-09-26. Five working days: 09-28 Sun (调休 workday) 1, 09-29 2, 09-30 3,
# 10-01..10-08 国庆/中秋 off, 10-09 4, 10-10 5 → due 2025-10-10. 10-11 (Sat) is a 调休 workday.
RECEIVED_2025 = dt.date(2025, 9, 26)
INTAKE_DUE_2025 = dt.date(2025, 10, 10)


def test_art32_intake_clock_counts_national_day_makeup_workdays():
    world = licence_world()
    case = apply_at_counter(world, RECEIVED_2025)
    assert due(case, K.LICENCE_INTAKE).due_on == INTAKE_DUE_2025


def test_art32_correction_all_items_within_5_working_days():
    world = licence_world()
    case = apply_at_counter(world, RECEIVED_2025)
    case = lact(world, case, A.LICENCE_REQUEST_CORRECTION, INTAKE_DUE_2025)  # the last day
    assert case.status == S.LICENCE_CORRECTION
    late = apply_at_counter(world, RECEIVED_2025)
    with pytest.raises(RuleViolation) as err:
        lact(world, late, A.LICENCE_REQUEST_CORRECTION, dt.date(2025, 10, 11))
    assert err.value.code == "licence_correction_too_late"
    assert err.value.citation == "《行政许可法》第三十二条"


def test_art32_deemed_accepted_on_receipt_after_the_window():
    world = licence_world()
    case = apply_at_counter(world, RECEIVED_2025)
    case = lact(world, case, A.LICENCE_ACCEPT, dt.date(2025, 10, 13))
    application = LicenceApplication.objects.get(case=case)
    assert application.acceptance_deemed
    assert application.accepted_on == RECEIVED_2025
    # 20 working days from 2025-09-26: 09-28 1, 09-29 2, 09-30 3, 10-09 4, 10-10 5,
    # 10-11 (Sat, 调休) 6, 10-13..17 7–11, 10-20..24 12–16, 10-27 17, 28 18, 29 19, 30 20.
    assert due(case, K.LICENCE_DECISION).due_on == dt.date(2025, 10, 30)


def test_art32_later_round_only_about_what_the_answer_brought():
    world = licence_world()
    case = apply_at_counter(world, RECEIVED_2025)
    case = lact(world, case, A.LICENCE_REQUEST_CORRECTION, RECEIVED_2025)
    case = lact(world, case, A.LICENCE_SUBMIT_CORRECTION, dt.date(2025, 9, 29))
    # The answer restarts the window: 09-29 → 09-30 1, 10-09 2, 10-10 3, 10-11 4, 10-13 5.
    assert due(case, K.LICENCE_INTAKE).due_on == dt.date(2025, 10, 13)
    with pytest.raises(RuleViolation) as err:
        lact(
            world,
            case,
            A.LICENCE_REQUEST_CORRECTION,
            dt.date(2025, 9, 30),
            items=[{"name": "施工许可证", "reason": "未提交"}],
        )
    assert err.value.code == "licence_correction_all_at_once"
    assert "一次性告知" in err.value.message
    case = lact(
        world,
        case,
        A.LICENCE_REQUEST_CORRECTION,
        dt.date(2025, 9, 30),
        items=[{"name": "绿地恢复方案", "reason": "未加盖公章"}],
    )
    rounds = list(LicenceApplication.objects.get(case=case).corrections.values_list("round"))
    assert rounds == [(1,), (2,)]


def test_art32_refusal_to_accept_also_only_within_the_window():
    world = licence_world()
    case = apply_at_counter(world, RECEIVED_2025)
    with pytest.raises(RuleViolation) as err:
        lact(world, case, A.LICENCE_REFUSE, dt.date(2025, 10, 11))
    assert err.value.code == "licence_correction_too_late"
    case = lact(world, case, A.LICENCE_REFUSE, INTAKE_DUE_2025)
    assert case.status == S.LICENCE_NOT_ACCEPTED


# -- §42 -------------------------------------------------------------------------------------

# Accepted Wednesday 2026-03-11: 03-12 1 … 04-03 17, 04-04..06 清明 off, 04-07 18, 08 19, 09 20.
ACCEPTED_2026 = dt.date(2026, 3, 11)
DECISION_DUE_2026 = dt.date(2026, 4, 9)


def extend(world, case, today, user=None):
    return licence_decision_extend(
        user=user or world.agency_head,
        case_id=case.pk,
        data={"reason": "需要征求规划部门意见", "applicant_notified_on": today},
        today=today,
    )


def test_art42_decision_within_20_working_days_plus_10_once_with_approval():
    world = licence_world()
    case = accepted(world, ACCEPTED_2026)
    assert due(case, K.LICENCE_DECISION).due_on == DECISION_DUE_2026
    with pytest.raises(Forbidden) as err:
        extend(world, case, dt.date(2026, 4, 1), user=world.officer)
    assert err.value.code == "not_agency_head"
    extend(world, case, dt.date(2026, 4, 1))
    # +10: 04-10 21, 04-13..17 22–26, 04-20..23 27–30 → 2026-04-23.
    assert due(case, K.LICENCE_DECISION).due_on == dt.date(2026, 4, 23)
    application = LicenceApplication.objects.get(case=case)
    assert application.extension_days == 10
    assert application.extension_reason == "需要征求规划部门意见"
    with pytest.raises(RuleViolation) as again:
        extend(world, case, dt.date(2026, 4, 2))
    assert again.value.code == "licence_extended_once"


def test_art42_no_extension_after_the_period_ended():
    world = licence_world()
    case = accepted(world, ACCEPTED_2026)
    with pytest.raises(RuleViolation) as err:
        extend(world, case, dt.date(2026, 4, 10))
    assert err.value.code == "licence_extension_after_due"


def test_art42_joint_handling_45_working_days_plus_15():
    world = licence_world()
    case = accepted(world, ACCEPTED_2026, joint_handling=True)
    # 45: … 04-09 20, 04-10 21, 04-13..17 22–26, 04-20..24 27–31, 04-27..30 32–35,
    # 05-01..05 劳动节 off, 05-06 36, 07 37, 08 38, 05-09 (Sat, 调休) 39, 05-11..15 40–44,
    # 05-18 45.
    assert due(case, K.LICENCE_DECISION).due_on == dt.date(2026, 5, 18)
    extend(world, case, dt.date(2026, 5, 6))
    # +15: 05-19..22 46–49, 05-25..29 50–54, 06-01..05 55–59, 06-08 60.
    assert due(case, K.LICENCE_DECISION).due_on == dt.date(2026, 6, 8)


# -- §44 -------------------------------------------------------------------------------------


def test_art44_licence_delivered_within_10_working_days():
    world = licence_world()
    granted_on = dt.date(2026, 9, 17)  # Thursday
    case = lact(world, to_decision(world, granted_on), A.LICENCE_GRANT, granted_on)
    # 09-18 Fri 1, 09-20 (Sun, 调休) 2, 09-21..24 3–6, 09-25..27 中秋 off, 09-28..30 7–9,
    # 10-01..07 国庆 off, 10-08 10 → 2026-10-08.
    assert due(case, K.LICENCE_DELIVERY).due_on == dt.date(2026, 10, 8)
    late = dt.date(2026, 10, 9)
    with pytest.raises(RuleViolation) as err:
        lact(world, case, A.LICENCE_DELIVER, late, delivered_on=late)
    assert err.value.code == "licence_delivery"
    case = lact(world, case, A.LICENCE_DELIVER, late, delivered_on=late, late_reason="申请人出差")
    assert due(case, K.LICENCE_DELIVERY).state == DeadlineState.MET


def test_art44_electronic_delivery_needs_consent():
    world = licence_world()
    case = lact(world, to_decision(world), A.LICENCE_GRANT)
    with pytest.raises(RuleViolation):
        lact(world, case, A.LICENCE_DELIVER, method="electronic")
    case = lact(world, case, A.LICENCE_DELIVER, method="electronic", consent=True)
    assert case.status == S.LICENCE_DELIVERED


# -- §45 -------------------------------------------------------------------------------------


def test_art45_excluded_period_extends_the_clock_and_applicant_is_notified():
    world = licence_world()
    case = accepted(world, ACCEPTED_2026)
    data = {
        "kind": "expert_review",
        "reason": "组织专家评审绿地恢复方案",
        "started_on": dt.date(2026, 3, 16),
    }
    with pytest.raises(ValidationFailed):  # the written notice to the applicant is required
        licence_excluded_period_start(
            user=world.officer, case_id=case.pk, data=data, today=dt.date(2026, 3, 16)
        )
    period = licence_excluded_period_start(
        user=world.officer,
        case_id=case.pk,
        data={**data, "applicant_notified_on": dt.date(2026, 3, 16)},
        today=dt.date(2026, 3, 16),
    )
    period = licence_excluded_period_end(
        user=world.officer,
        case_id=case.pk,
        period_id=period.pk,
        data={"ended_on": dt.date(2026, 3, 20)},
        today=dt.date(2026, 3, 20),
    )
    # Mon 03-16 to Fri 03-20: the first day not counted → 17, 18, 19, 20 = 4 working days.
    assert period.working_days == 4
    # 04-09 + 4: 04-10, 04-13, 04-14, 04-15.
    assert due(case, K.LICENCE_DECISION).due_on == dt.date(2026, 4, 15)
    assert ExcludedPeriod.objects.get(pk=period.pk).applicant_notified_on == dt.date(2026, 3, 16)


# -- §47, §48 --------------------------------------------------------------------------------


def hold(world, case, today, **kw):
    data = {
        "kind": "party_request",
        "requested_on": today,
        "requested_by": "相邻住户李某",
        "hearing_on": dt.date(2026, 3, 30),
        "place": "园林局三楼会议室",
        "notice_served_on": today,
        "chair": "王某（法制科）",
        **kw,
    }
    return lact(world, case, A.LICENCE_HOLD_HEARING, today, **data)


def test_art47_hearing_request_within_5_and_held_within_20_working_days():
    world = licence_world()
    case = accepted(world, ACCEPTED_2026)
    examine(world, case, ACCEPTED_2026)
    licence_hearing_rights_notify(
        user=world.officer,
        case_id=case.pk,
        data={"told": "相邻住户李某", "told_on": dt.date(2026, 3, 12)},
        today=dt.date(2026, 3, 12),
    )
    # Told Thu 03-12: 03-13 1, 03-16..19 2–5 → request by 2026-03-19.
    assert due(case, K.LICENCE_HEARING_REQUEST).due_on == dt.date(2026, 3, 19)
    with pytest.raises(RuleViolation) as late:
        hold(world, case, dt.date(2026, 3, 20), hearing_on=dt.date(2026, 4, 1))
    assert late.value.code == "licence_hearing_request_late"
    # Requested 03-19: 03-20 1, 03-23..27 2–6, 03-30..04-03 7–11, 04-07..10 12–15,
    # 04-13..17 16–20 → organise by 2026-04-17.
    with pytest.raises(RuleViolation) as slow:
        hold(world, case, dt.date(2026, 3, 19), hearing_on=dt.date(2026, 4, 20))
    assert slow.value.code == "licence_hearing_too_late"


def test_art48_hearing_chaired_by_someone_who_did_not_examine_the_application():
    world = licence_world()
    case = accepted(world, ACCEPTED_2026)
    examine(world, case, ACCEPTED_2026)
    examiner = world.officer.officer.name
    with pytest.raises(RuleViolation) as err:
        hold(world, case, dt.date(2026, 3, 19), chair=examiner)
    assert err.value.code == "licence_hearing_chair_not_examiner"
    assert examiner in err.value.message
    assert hold(world, case, dt.date(2026, 3, 19)).status == S.LICENCE_HEARING


def test_art48_hearing_notice_7_days_before_and_record_kept():
    world = licence_world()
    case = accepted(world, ACCEPTED_2026)
    examine(world, case, ACCEPTED_2026)
    told = dt.date(2026, 3, 19)
    # Notice served 03-19: 03-20, 23, 24, 25, 26, 27, 30 → earliest hearing 2026-03-30.
    with pytest.raises(RuleViolation) as short:
        hold(world, case, told, hearing_on=dt.date(2026, 3, 27))
    assert short.value.code == "licence_hearing_notice_short"
    assert short.value.citation == "《行政许可法》第四十八条"
    case = hold(world, case, told)
    assert case.status == S.LICENCE_HEARING
    held = dt.date(2026, 3, 30)
    case = lact(
        world,
        case,
        A.LICENCE_CONCLUDE_HEARING,
        held,
        held_on=held,
        record="申请人陈述了占用理由；李某提出噪声影响意见……",
        participants="申请人代理人、李某、审查人员",
        signed=True,
    )
    assert case.status == S.LICENCE_EXAMINING
    period = ExcludedPeriod.objects.get(application__case=case, kind="hearing")
    # The hearing is a §45 period: 03-19 → 03-30 = 20, 23, 24, 25, 26, 27, 30 = 7 working days;
    # 04-09 + 7: 04-10, 13, 14, 15, 16, 17, 20 → 2026-04-20.
    assert period.working_days == 7
    assert due(case, K.LICENCE_DECISION).due_on == dt.date(2026, 4, 20)
    assert due(case, K.LICENCE_HEARING).state == DeadlineState.MET


# -- §38 -------------------------------------------------------------------------------------


def test_art38_denial_needs_reasons_and_remedies():
    world = licence_world()
    case = to_decision(world)
    with pytest.raises(ValidationFailed):
        lact(world, case, A.LICENCE_DENY, reasons="")
    with pytest.raises(RuleViolation) as err:
        lact(world, case, A.LICENCE_DENY, remedies="不服的可以投诉")
    assert err.value.code == "licence_denial_remedies"
    case = lact(world, case, A.LICENCE_DENY)
    step = case.steps.get(action=A.LICENCE_DENY)
    assert "复议" in step.content["remedies"]
    assert step.content["reasons"] == "占用绿地面积超过规定上限"
    assert case.decision_number == "园林局许决〔2026〕1号"
    assert not case.licences.exists()


def test_art38_decision_is_the_agency_heads():
    world = licence_world()
    case = to_decision(world)
    with pytest.raises(Forbidden):
        lact(world, case, A.LICENCE_GRANT, user=world.unit_head)


def test_art45_no_decision_while_an_excluded_period_runs():
    world = licence_world()
    case = to_decision(world, ACCEPTED_2026)
    licence_excluded_period_start(
        user=world.officer,
        case_id=case.pk,
        data={
            "kind": "test",
            "reason": "委托检测土壤",
            "started_on": ACCEPTED_2026,
            "applicant_notified_on": ACCEPTED_2026,
        },
        today=ACCEPTED_2026,
    )
    with pytest.raises(RuleViolation) as err:
        lact(world, case, A.LICENCE_GRANT, ACCEPTED_2026)
    assert err.value.code == "licence_excluded_period_open"


# -- §47/§48 in December, before next year's 节假日安排 is loaded -------------------------------
# Only the 2025 and 2026 notices are loaded. From 12-25 on a day also depends on the 2027 notice,
# so the counts below run provisionally: 2027's weekdays count as working days.


DECEMBER = dt.date(2026, 12, 1)


def in_examination_in_december(world):
    case = accepted(world, DECEMBER)
    examine(world, case, DECEMBER)
    return case


def test_art48_december_notice_counts_provisionally_instead_of_refusing_every_hearing():
    world = licence_world()
    case = in_examination_in_december(world)
    served = dt.date(2026, 12, 24)
    # Served Thu 12-24: 12-25 1, 12-28..31 2–5, 2027-01-01 (Fri, guessed a working day) 6,
    # 01-04 7 → earliest hearing 2027-01-04, provisional.
    with pytest.raises(RuleViolation) as short:
        hold(world, case, served, notice_served_on=served, hearing_on=dt.date(2026, 12, 31))
    assert short.value.code == "licence_hearing_notice_short"
    assert "2027-01-04" in short.value.message
    assert "暂定" in short.value.message
    case = hold(world, case, served, notice_served_on=served, hearing_on=dt.date(2027, 1, 4))
    assert case.status == S.LICENCE_HEARING


# Requested Thu 12-10: 12-11 1, 12-14..18 2–6, 12-21..25 7–11, 12-28..31 12–15, 2027-01-01 16
# (guessed), 01-04..07 17–20 → organise by 2027-01-07 (provisional). The 2027 notice may make
# 01-01 and more days off, so up to 15 days past that is not refused yet; beyond, it is.
@pytest.mark.parametrize(
    ("hearing_on", "refused"), [(dt.date(2027, 1, 20), False), (dt.date(2027, 1, 25), True)]
)
def test_art47_december_request_is_held_late_only_beyond_any_unknown_holidays(hearing_on, refused):
    world = licence_world()
    case = in_examination_in_december(world)
    requested = dt.date(2026, 12, 10)
    data = {"requested_on": requested, "notice_served_on": requested, "hearing_on": hearing_on}
    if not refused:
        assert hold(world, case, requested, **data).status == S.LICENCE_HEARING
        return
    with pytest.raises(RuleViolation) as slow:
        hold(world, case, requested, **data)
    assert slow.value.code == "licence_hearing_too_late"
    assert "2027-01-07" in slow.value.message
    assert "暂定" in slow.value.message

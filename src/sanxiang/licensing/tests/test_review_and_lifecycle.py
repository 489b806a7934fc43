"""法制审核 of licence decisions in the 目录清单; 变更, 延续 (§50), 撤销 (§69), 注销 (§70), 届满."""

from __future__ import annotations

import datetime as dt

import pytest

from sanxiang.cases.models import Case
from sanxiang.cases.states import CaseAction, CaseStatus
from sanxiang.cases.tests.factories import TODAY
from sanxiang.cases.tests.walks import publish
from sanxiang.core.errors import Forbidden, RuleViolation
from sanxiang.core.models import AuditEvent
from sanxiang.legal_review.models import ReviewSubmission
from sanxiang.legal_review.tests.walks import pass_review_as, qualify
from sanxiang.licensing.hooks import LISTENERS, on_licence_changed
from sanxiang.licensing.models import Licence, LicenceApplication, LicenceStatus
from sanxiang.licensing.selectors import licences_for_renewal_reminder
from sanxiang.licensing.services import (
    licence_cancel,
    licence_change_apply,
    licence_renewal_apply,
    licence_revoke,
    licences_expire,
)
from sanxiang.licensing.tests.factories import ITEM, accepted, examine, lact, licence_world

A = CaseAction
S = CaseStatus
pytestmark = pytest.mark.django_db


@pytest.fixture
def heard():
    events = []

    @on_licence_changed
    def record(change):
        events.append((change.licence.number, change.event.value))

    yield events
    LISTENERS.remove(record)


def granted(world, today=TODAY, **grant):
    case = accepted(world, today)
    examine(world, case, today)
    case = lact(world, case, A.LICENCE_SUBMIT_DECISION, today)
    return lact(world, case, A.LICENCE_GRANT, today, **grant)


def test_major_licence_decision_passes_legal_review_first():
    world = licence_world()
    publish(
        world, "major_decision", [{"code": "MD-XK", "name": "临时占用绿地许可", "item_code": ITEM}]
    )
    qualify(world.reviewer)
    case = accepted(world)
    examine(world, case)
    with pytest.raises(RuleViolation) as err:
        lact(world, case, A.LICENCE_SUBMIT_DECISION)
    assert err.value.code == "licence_review_required"
    case = lact(world, case, A.SUBMIT_LEGAL_REVIEW)
    assert case.is_major
    assert case.major_grounds[0]["code"] == "MD-XK"
    case = pass_review_as(
        case, submitter=world.officer, head=world.agency_head, reviewer=world.reviewer
    )
    assert case.status == S.PENDING_DECISION
    draft = ReviewSubmission.objects.get(case=case).draft
    assert draft["kind"] == "licence"
    assert draft["outcome"] == "grant"
    with pytest.raises(RuleViolation) as stale:
        lact(world, case, A.LICENCE_GRANT, content="准予临时占用绿地300平方米")
    assert stale.value.code == "licence_review_stale"
    with pytest.raises(RuleViolation):
        lact(world, case, A.LICENCE_DENY)  # the review agreed to a 准予, not a 不予
    case = lact(world, case, A.LICENCE_GRANT)
    assert case.status == S.LICENCE_GRANTED


def test_unlisted_licence_is_decided_without_review():
    world = licence_world()
    case = granted(world)
    assert not case.is_major
    assert case.status == S.LICENCE_GRANTED


def test_change_issues_a_successor_and_ends_the_old_licence(heard):
    world = licence_world()
    old = granted(world).licences.get()
    new_case = licence_change_apply(
        user=world.officer,
        licence_id=old.pk,
        data={"request": "占用面积变更为100平方米", "submitted_on": TODAY},
        today=TODAY,
    )
    application = LicenceApplication.objects.get(case=new_case)
    assert application.application_type == "change"
    assert application.licence == old
    case = lact(world, new_case, A.LICENCE_ACCEPT)
    examine(world, case)
    case = lact(world, case, A.LICENCE_SUBMIT_DECISION)
    case = lact(world, case, A.LICENCE_GRANT)
    successor = case.licences.get()
    old.refresh_from_db()
    assert successor.previous == old
    assert old.status == LicenceStatus.CHANGED
    assert (old.number, "changed") in heard
    assert (successor.number, "issued") in heard


def test_art50_renewal_at_least_30_days_before_expiry():
    world = licence_world()
    licence = granted(world, valid_to=dt.date(2026, 6, 30)).licences.get()
    data = {"request": "申请延续一年", "submitted_on": dt.date(2026, 6, 1)}
    with pytest.raises(RuleViolation) as err:
        licence_renewal_apply(
            user=world.officer, licence_id=licence.pk, data=data, today=dt.date(2026, 6, 1)
        )
    assert err.value.code == "licence_renewal_too_late"
    assert err.value.citation == "《行政许可法》第五十条"
    # 30 days before 2026-06-30 is 2026-05-31: the last day to apply.
    case = licence_renewal_apply(
        user=world.officer,
        licence_id=licence.pk,
        data={**data, "submitted_on": dt.date(2026, 5, 31)},
        today=dt.date(2026, 6, 1),
    )
    assert LicenceApplication.objects.get(case=case).application_type == "renewal"
    assert list(licences_for_renewal_reminder(world.officer, dt.date(2026, 5, 1))) == [licence]


def test_art69_revocation_by_the_agency_head_with_ground(heard):
    world = licence_world()
    licence = granted(world).licences.get()
    data = {
        "ground": "以欺骗手段取得",
        "reason": "申请材料中的平面图系伪造",
        "decided_on": TODAY,
    }
    with pytest.raises(Forbidden):
        licence_revoke(user=world.officer, licence_id=licence.pk, data=data, today=TODAY)
    licence = licence_revoke(user=world.agency_head, licence_id=licence.pk, data=data, today=TODAY)
    assert licence.status == LicenceStatus.REVOKED
    assert "伪造" in licence.end_reason
    assert (licence.number, "revoked") in heard
    assert AuditEvent.objects.filter(
        event="licensing.licence.revoked", target_id=str(licence.pk)
    ).exists()


def test_art70_cancellation_for_expiry_only_after_valid_to():
    world = licence_world()
    licence = granted(world, valid_to=dt.date(2026, 4, 10)).licences.get()
    data = {"ground": "expired", "decided_on": dt.date(2026, 4, 10)}
    with pytest.raises(RuleViolation) as err:
        licence_cancel(
            user=world.agency_head, licence_id=licence.pk, data=data, today=dt.date(2026, 4, 10)
        )
    assert err.value.code == "licence_not_expired"
    assert licences_expire(today=dt.date(2026, 4, 11)) == 1
    licence.refresh_from_db()
    assert licence.status == LicenceStatus.EXPIRED
    licence = licence_cancel(
        user=world.agency_head,
        licence_id=licence.pk,
        data={**data, "decided_on": dt.date(2026, 4, 11)},
        today=dt.date(2026, 4, 11),
    )
    assert licence.status == LicenceStatus.CANCELLED
    assert "有效期届满" in licence.end_reason


def test_other_agency_cannot_revoke():
    world = licence_world()
    other = licence_world("林业局")
    licence = granted(world).licences.get()
    from sanxiang.core.errors import NotFound

    with pytest.raises(NotFound):
        licence_revoke(
            user=other.agency_head,
            licence_id=licence.pk,
            data={"ground": "x", "reason": "y", "decided_on": TODAY},
            today=TODAY,
        )
    assert Licence.objects.get(pk=licence.pk).status == LicenceStatus.VALID
    assert Case.objects.filter(kind="licence").count() == 1

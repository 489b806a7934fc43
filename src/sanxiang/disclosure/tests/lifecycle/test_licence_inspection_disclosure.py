"""事后公开 of 行政许可 and 行政检查 decisions: drafted by the decision step (licensing and inspections
services on the case engine), reviewed and published by the 公示管理员, shown on the portal, and
followed when the licence is revoked or changed."""

from __future__ import annotations

import datetime as dt

import pytest

from sanxiang.cases.states import CaseAction
from sanxiang.cases.tests.factories import TODAY
from sanxiang.disclosure.models import (
    Disclosure,
    DisclosureCategory,
    DisclosurePolicy,
    DisclosureStatus,
)
from sanxiang.disclosure.services import disclosure_publish, disclosure_review
from sanxiang.disclosure.timing import publish_due
from sanxiang.inspections.tests.factories import checked, inspect
from sanxiang.licensing.services import licence_change_apply, licence_revoke
from sanxiang.licensing.tests.factories import (
    ITEM_NAME,
    examine,
    lact,
    licence_world,
    to_decision,
)
from sanxiang.organisations.models import Role
from sanxiang.organisations.tests.factories import user_with_role

A = CaseAction
C = DisclosureCategory
S = DisclosureStatus
VALID_TO = TODAY + dt.timedelta(days=30)


@pytest.fixture
def world(db):
    found = licence_world()
    found.others["publisher"] = user_with_role(Role.DISCLOSURE_OFFICER, found.agency)
    return found


def publish(world, disclosure, on=TODAY):
    publisher = world.others["publisher"]
    disclosure_review(user=publisher, disclosure_id=disclosure.pk, today=on)
    return disclosure_publish(user=publisher, disclosure_id=disclosure.pk, today=on)


def granted(world):
    return lact(world, to_decision(world), A.LICENCE_GRANT)


def test_g6_licence_grant_drafts_its_disclosure_due_in_7_working_days_with_the_licence_fields(
    world,
):
    case = granted(world)
    licence = case.licences.get()
    disclosure = Disclosure.objects.get(case=case)
    assert disclosure.category == C.LICENCE
    assert disclosure.status == S.DRAFT
    assert disclosure.decision_number == case.decision_number
    # 2026-03-11 (Wed) + 7 working days: 12, 13, 16, 17, 18, 19, 20 March.
    assert disclosure.due_on == dt.date(2026, 3, 20)
    record = disclosure.versions.get().record
    assert record["许可决定书文号"] == case.decision_number
    assert record["项目名称"] == ITEM_NAME
    assert record["审批类别"] == "新办"
    assert record["许可内容"] == "准予临时占用崇文街绿地120平方米"
    assert record["行政相对人名称"] == "某某建设工程有限公司"
    assert record["统一社会信用代码"] == "91140524MA0000002X"
    assert record["许可编号"] == licence.number
    assert record["许可决定日期"] == TODAY.isoformat()
    assert record["许可截止期"] == VALID_TO.isoformat()
    assert record["许可机关"] == world.agency.name
    assert record["公示截止期"] == VALID_TO.isoformat()


def test_art40_licence_grant_published_within_its_due_date_and_on_the_portal(world, client):
    case = granted(world)
    disclosure = publish(world, Disclosure.objects.get(case=case), on=TODAY + dt.timedelta(days=2))
    assert disclosure.status == S.PUBLISHED
    assert disclosure.published_on <= disclosure.due_on
    assert disclosure.display_until == VALID_TO  # 公示截止期 = 许可截止期
    listing = client.get("/api/v1/public/decisions", {"category": "licence"}).json()
    assert [r["id"] for r in listing["results"]] == [str(disclosure.pk)]
    assert listing["results"][0]["title"] == ITEM_NAME
    detail = client.get(f"/api/v1/public/decisions/{disclosure.pk}").json()
    assert detail["category_label"] == "行政许可"
    assert detail["record"]["许可内容"] == "准予临时占用崇文街绿地120平方米"
    assert detail["record"]["许可截止期"] == VALID_TO.isoformat()
    page = client.get("/decisions/", {"category": "licence"}).content.decode()
    assert case.decision_number in page
    download = client.get("/decisions/download.csv")
    csv = b"".join(download.streaming_content).decode("utf-8-sig")
    assert "许可截止期：" + VALID_TO.isoformat() in csv


def test_licence_denial_not_drafted_unless_the_agency_publishes_denials(world):
    case = lact(world, to_decision(world), A.LICENCE_DENY)
    assert not Disclosure.objects.filter(case=case).exists()
    DisclosurePolicy.objects.create(agency=world.agency, publish_licence_denials=True)
    other = lact(world, to_decision(world), A.LICENCE_DENY)
    disclosure = Disclosure.objects.get(case=other)
    assert disclosure.category == C.LICENCE
    assert disclosure.versions.get().record["许可内容"] == "不予行政许可：占用绿地面积超过规定上限"


def test_art69_revoked_licence_withdraws_its_published_disclosure_with_the_reason(world, client):
    case = granted(world)
    disclosure = publish(world, Disclosure.objects.get(case=case))
    licence_revoke(
        user=world.agency_head,
        licence_id=case.licences.get().pk,
        data={"ground": "以欺骗手段取得", "reason": "申请材料虚假", "decided_on": TODAY},
        today=TODAY,
    )
    disclosure.refresh_from_db()
    assert disclosure.status == S.WITHDRAWN
    assert disclosure.withdraw_ground == "revoked"
    assert "申请材料虚假" in disclosure.withdraw_reason
    assert disclosure.withdrawn_on <= disclosure.withdraw_due_on
    listing = client.get("/api/v1/public/decisions", {"category": "licence"}).json()
    assert listing["results"] == []


def test_g6_inspection_result_drafted_due_in_20_working_days_and_published(world, client):
    case = inspect(world, checked(world), "inspection_pass")
    disclosure = Disclosure.objects.get(case=case)
    assert disclosure.category == C.INSPECTION
    # 2026-03-11 + 20 working days, skipping 清明节 (4–6 April 2026): 9 April.
    assert disclosure.due_on == dt.date(2026, 4, 9)
    record = disclosure.versions.get().record
    assert record["执法机关"] == world.agency.name
    assert record["执法对象"] == "某某超市有限公司"
    assert record["执法类别"] == "行政检查"
    assert record["执法结论"] == "未发现违法违规问题"
    assert record["检查结果"] == "未发现问题"
    publish(world, disclosure, on=dt.date(2026, 4, 9))
    listing = client.get("/api/v1/public/decisions", {"category": "inspection"}).json()
    assert [r["id"] for r in listing["results"]] == [str(disclosure.pk)]
    assert listing["results"][0]["party"] == "某某超市有限公司"


def test_g6_inspection_transfer_publishes_only_that_a_case_was_opened(world):
    case = inspect(world, checked(world), "inspection_transfer")
    record = Disclosure.objects.get(case=case, category=C.INSPECTION).versions.get().record
    assert record["执法结论"] == "发现涉嫌违法行为，已依法转立案查处"
    assert "过期" not in record["执法结论"]


@pytest.mark.django_db
def test_g6_7_vs_20_working_days_over_the_2026_national_day_and_makeup_saturday():
    # Decided Thu 24 Sep 2026: 中秋 25–27 Sep, 国庆 1–7 Oct, 调休 workday Sat 10 Oct.
    decided = dt.date(2026, 9, 24)
    assert publish_due(C.LICENCE, decided) == (dt.date(2026, 10, 12), False)
    assert publish_due(C.PENALTY, decided) == (dt.date(2026, 10, 12), False)
    assert publish_due(C.INSPECTION, decided) == (dt.date(2026, 10, 29), False)


def test_art49_changed_licence_corrects_its_published_disclosure_naming_the_successor(world):
    case = granted(world)
    disclosure = publish(world, Disclosure.objects.get(case=case))
    change = licence_change_apply(
        user=world.officer,
        licence_id=case.licences.get().pk,
        data={"request": "占用面积变更为100平方米", "submitted_on": TODAY},
        today=TODAY,
    )
    change = lact(world, change, A.LICENCE_ACCEPT)
    examine(world, change)
    change = lact(world, lact(world, change, A.LICENCE_SUBMIT_DECISION), A.LICENCE_GRANT)
    successor = change.licences.get()
    disclosure.refresh_from_db()
    assert disclosure.status == S.CORRECTED
    latest = disclosure.versions.order_by("-version").first()
    assert latest.version == 2
    assert latest.record["许可状态"] == f"该许可已变更，由新证件{successor.number}替代"
    assert latest.correction_reason == latest.record["许可状态"]
    assert Disclosure.objects.get(case=change).status == S.DRAFT

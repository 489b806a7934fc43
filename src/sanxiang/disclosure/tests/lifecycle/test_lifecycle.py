"""事后公开 lifecycle: a decision drafts its 公示; review, publish, correct, withdraw, expire."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from sanxiang.cases.states import CaseAction
from sanxiang.cases.tests.factories import TODAY, act
from sanxiang.cases.tests.walks import checked, decided
from sanxiang.core.errors import Forbidden, NotFound, RuleViolation, ValidationFailed
from sanxiang.core.models import AuditEvent
from sanxiang.disclosure.models import (
    Disclosure,
    DisclosurePolicy,
    DisclosureStatus,
    WithholdGround,
)
from sanxiang.disclosure.services import (
    DisclosureEvent,
    content_sha256,
    disclosure_correct,
    disclosure_publish,
    disclosure_redaction_update,
    disclosure_review,
    disclosure_withdraw,
    disclosures_expire,
)
from sanxiang.ledger.models import LedgerEntry
from sanxiang.organisations.models import Role
from sanxiang.organisations.tests.factories import AgencyFactory, user_with_role

A = CaseAction
S = DisclosureStatus
PERSON = {
    "party_kind": "person",
    "party_name": "张三丰",
    "party_identifier": "11010519491231002X",
    "party_address": "陵川县崇文镇幸福路18号3单元502室",
    "party_phone": "13812345678",
    "party_birth_date": dt.date(1949, 12, 31),
}


def the_disclosure(case) -> Disclosure:
    return Disclosure.objects.get(case=case)


def published(world, case, today=TODAY) -> Disclosure:
    publisher = world.others["publisher"]
    disclosure = the_disclosure(case)
    disclosure_review(user=publisher, disclosure_id=disclosure.pk, today=today)
    return disclosure_publish(user=publisher, disclosure_id=disclosure.pk, today=today)


def test_decision_drafts_its_disclosure_due_in_seven_working_days(world):
    case = decided(world)
    disclosure = the_disclosure(case)
    assert disclosure.status == S.DRAFT
    assert disclosure.category == "penalty"
    assert disclosure.decision_number == case.decision_number != ""
    # 2026-03-11 (Wed) + 7 working days = 2026-03-20 (Fri)
    assert disclosure.due_on == dt.date(2026, 3, 20)
    record = disclosure.versions.get().record
    assert record["行政相对人名称"] == "某某商贸有限公司"
    assert record["统一社会信用代码"] == "91140524MA0000001X"
    assert record["罚款金额（万元）"] == "0.3"
    assert record["处罚类别"] == "警告、罚款"
    event = AuditEvent.objects.get(event=DisclosureEvent.DRAFTED.value)
    assert event.new["due_on"] == "2026-03-20"
    assert LedgerEntry.objects.filter(kind=event.event, agency_id=world.agency.pk).count() == 1


def test_no_penalty_decision_due_in_twenty_working_days(world):
    case = act(world, checked(world), A.DECIDE_NO_PENALTY)
    disclosure = the_disclosure(case)
    assert disclosure.category == "no_penalty"
    # 20 working days after 2026-03-11, skipping 清明 (4-4..4-6): 2026-04-09
    assert disclosure.due_on == dt.date(2026, 4, 9)
    assert disclosure.versions.get().record["处罚类别"] == "不予行政处罚"


def test_transfer_to_judicial_organs_is_not_disclosed(world):
    case = act(world, checked(world), A.TRANSFER)
    assert not Disclosure.objects.filter(case=case).exists()


def test_natural_person_party_is_redacted_and_the_source_kept(world):
    case = decided(world, **PERSON)
    version = the_disclosure(case).versions.get()
    assert "张三丰" in version.source_text
    for secret in ("张三丰", "11010519491231002X", "13812345678", "幸福路18号3单元502室"):
        assert secret not in version.text, secret
        assert secret not in str(version.record), secret
    assert "张某" in version.text
    assert version.record["行政相对人名称"] == "张某"
    assert version.record["统一社会信用代码"] == ""  # a person's ID is never a public field
    assert case.decision_number in version.text  # 文号 survives
    assert version.spans
    assert all(s["source"] == "auto" for s in version.spans)


def test_minor_party_is_withheld_never_published(world):
    sixteen = {**PERSON, "party_birth_date": TODAY - dt.timedelta(days=16 * 365)}
    case = decided(world, **sixteen)
    disclosure = the_disclosure(case)
    assert disclosure.status == S.WITHHELD
    assert disclosure.withhold_ground == WithholdGround.MINOR
    with pytest.raises(RuleViolation) as refused:
        disclosure_review(user=world.others["publisher"], disclosure_id=disclosure.pk)
    assert refused.value.code == "disclosure_wrong_status"


def test_warning_only_withheld_where_the_agency_rule_says_so(world):
    DisclosurePolicy.objects.create(agency=world.agency, withhold_warning_only=True)
    case = act(world, checked(world), A.ISSUE_NOTICE, penalties=["warning"], fine=None)
    for action in (A.RECEIVE_STATEMENT, A.SUBMIT_FOR_DECISION):
        case = act(world, case, action)
    case = act(world, case, A.DECIDE, penalties=["warning"], fine=None)
    assert the_disclosure(case).withhold_ground == WithholdGround.WARNING_ONLY


def test_review_then_publish_ledgers_the_exact_public_content(world):
    case = decided(world)
    disclosure = published(world, case, today=TODAY + dt.timedelta(days=2))
    assert disclosure.status == S.PUBLISHED
    assert disclosure.published_on == dt.date(2026, 3, 13)
    # 警告 + ¥3,000 (below the 较低数额 ¥10,000 default): three months on the portal
    assert disclosure.display_until == dt.date(2026, 6, 13)
    version = disclosure.versions.get()
    assert version.content_sha256 == content_sha256(version.record, version.text)
    event = AuditEvent.objects.get(event=DisclosureEvent.PUBLISHED.value)
    assert event.new["content_sha256"] == version.content_sha256
    assert event.new["on_time"] is True
    entry = LedgerEntry.objects.get(kind=DisclosureEvent.PUBLISHED.value)
    assert entry.subject_sha256 == version.content_sha256


def test_heavy_penalty_stays_three_years(world):
    case = act(world, checked(world), A.ISSUE_NOTICE, fine=Decimal("50000"))
    for action in (A.RECEIVE_STATEMENT, A.SUBMIT_FOR_DECISION):
        case = act(world, case, action)
    case = act(world, case, A.DECIDE, fine=Decimal("50000"))
    disclosure = published(world, case)
    assert disclosure.display_until == dt.date(2029, 3, 11)


def test_publish_refused_before_review_and_for_officers_and_other_agencies(world):
    case = decided(world)
    disclosure = the_disclosure(case)
    with pytest.raises(RuleViolation):
        disclosure_publish(user=world.others["publisher"], disclosure_id=disclosure.pk)
    with pytest.raises((Forbidden, NotFound)):
        disclosure_review(user=world.officer, disclosure_id=disclosure.pk)
    stranger = user_with_role(Role.DISCLOSURE_OFFICER, AgencyFactory())
    with pytest.raises(NotFound):
        disclosure_review(user=stranger, disclosure_id=disclosure.pk)
    with pytest.raises(NotFound):
        disclosure_review(user=world.others["publisher"], disclosure_id="not-a-uuid")
    assert the_disclosure(case).status == S.DRAFT


def test_undoing_a_span_restores_that_text_and_returns_the_draft_to_review(world):
    case = decided(world, **PERSON)
    disclosure = the_disclosure(case)
    publisher = world.others["publisher"]
    disclosure_review(user=publisher, disclosure_id=disclosure.pk)
    version = disclosure.versions.get()
    phone = next(
        s for s in version.spans if "13812345678" in version.source_text[s["start"] : s["end"]]
    )
    kept = [s for s in version.spans if s is not phone]
    manual = {"start": 0, "end": 2, "kind": "manual", "replacement": "＊＊", "source": "manual"}
    updated = disclosure_redaction_update(
        user=publisher,
        disclosure_id=disclosure.pk,
        payload={"spans": [*kept, manual]},
    )
    assert "13812345678" in updated.text
    assert updated.text.startswith("＊＊")
    assert the_disclosure(case).status == S.DRAFT
    overlapping = [manual, {**manual, "start": 1, "end": 3}]
    with pytest.raises(ValidationFailed) as refused:
        disclosure_redaction_update(
            user=publisher, disclosure_id=disclosure.pk, payload={"spans": overlapping}
        )
    assert refused.value.code == "redaction_span_invalid"
    beyond = [{**manual, "start": 0, "end": len(version.source_text) + 1}]
    with pytest.raises(ValidationFailed):
        disclosure_redaction_update(
            user=publisher, disclosure_id=disclosure.pk, payload={"spans": beyond}
        )


def test_correction_adds_a_version_and_keeps_the_old_one_with_the_reason(world):
    case = decided(world)
    disclosure = published(world, case)
    first = disclosure.versions.get()
    new_text = first.text.replace("罚款", "罚款（更正）", 1)
    version = disclosure_correct(
        user=world.others["publisher"],
        disclosure_id=disclosure.pk,
        payload={"reason": "公示文本录入错误", "text": new_text},
    )
    assert version.version == 2
    assert version.correction_reason == "公示文本录入错误"
    assert the_disclosure(case).status == S.CORRECTED
    assert disclosure.versions.get(version=1).text == first.text
    with pytest.raises(ValidationFailed):
        disclosure_correct(
            user=world.others["publisher"],
            disclosure_id=disclosure.pk,
            payload={"reason": "重复", "text": new_text},
        )


def test_article_48_withdrawal_within_three_working_days_with_a_public_reason(world):
    case = decided(world)
    disclosure = published(world, case)
    changed = dt.date(2026, 4, 1)  # Wednesday; +3 working days = Monday 2026-04-07 (清明 4-6)
    withdrawn = disclosure_withdraw(
        user=world.others["publisher"],
        disclosure_id=disclosure.pk,
        payload={"ground": "revoked", "changed_on": changed, "reason": "复议机关撤销原处罚决定"},
        today=dt.date(2026, 4, 3),
    )
    assert withdrawn.status == S.WITHDRAWN
    assert withdrawn.withdraw_due_on == dt.date(2026, 4, 7)
    event = AuditEvent.objects.get(event=DisclosureEvent.WITHDRAWN.value)
    assert event.new["on_time"] is True
    assert event.new["citation"] == "《行政处罚法》第四十八条第二款"


def test_article_48_late_withdrawal_is_recorded_as_late(world):
    case = decided(world)
    disclosure = published(world, case)
    disclosure_withdraw(
        user=world.others["publisher"],
        disclosure_id=disclosure.pk,
        payload={"ground": "changed", "changed_on": dt.date(2026, 4, 1), "reason": "决定被变更"},
        today=dt.date(2026, 4, 10),
    )
    assert AuditEvent.objects.get(event=DisclosureEvent.WITHDRAWN.value).new["on_time"] is False


def test_withdrawal_refused_for_a_draft(world):
    case = decided(world)
    with pytest.raises(RuleViolation):
        disclosure_withdraw(
            user=world.others["publisher"],
            disclosure_id=the_disclosure(case).pk,
            payload={"ground": "void", "changed_on": TODAY, "reason": "x"},
        )


def test_display_period_end_takes_it_off_the_portal(world):
    case = decided(world)
    disclosure = published(world, case)
    assert disclosures_expire(today=disclosure.display_until) == []
    ended = disclosures_expire(today=disclosure.display_until + dt.timedelta(days=1))
    assert [d.pk for d in ended] == [disclosure.pk]
    assert the_disclosure(case).status == S.EXPIRED
    assert AuditEvent.objects.filter(event=DisclosureEvent.EXPIRED.value).count() == 1


def test_service_of_the_decision_records_the_written_notice_of_publication(world):
    case = decided(world)
    assert the_disclosure(case).party_informed_on is None
    act(world, case, A.SERVE, today=TODAY + dt.timedelta(days=1))
    assert the_disclosure(case).party_informed_on == TODAY + dt.timedelta(days=1)


def test_agency_publishing_summaries_gets_the_summary_not_the_full_text(world):
    DisclosurePolicy.objects.create(agency=world.agency, full_text=False)
    case = decided(world)
    version = the_disclosure(case).versions.get()
    assert version.text.startswith("行政处罚信息摘要")
    assert f"决定书文号：{case.decision_number}" in version.text
    assert "违法事实" not in version.text
    assert the_disclosure(case).full_text is False


def test_a_hidden_text_is_hidden_in_the_record_too_and_an_undone_span_shown_in_both(world):
    case = decided(world, **PERSON)
    disclosure = the_disclosure(case)
    version = disclosure.versions.get()
    assert version.source_record["行政相对人名称"] == "张三丰"
    assert version.record["行政相对人名称"] == "张某"
    name_spans = [
        s for s in version.spans if version.source_text[s["start"] : s["end"]] == "张三丰"
    ]
    others = [s for s in version.spans if s not in name_spans]
    facts_word = "保质期"
    assert facts_word in version.record["违法事实"]
    extra = {"start": version.source_text.index(facts_word), "kind": "manual", "source": "manual"}
    extra |= {"end": extra["start"] + len(facts_word), "replacement": "＊＊"}
    updated = disclosure_redaction_update(
        user=world.others["publisher"],
        disclosure_id=disclosure.pk,
        payload={"spans": [*others, extra]},
    )
    assert updated.record["行政相对人名称"] == "张三丰"  # undone in the text → shown in the record
    assert facts_word not in updated.record["违法事实"]
    assert "＊＊" in updated.record["违法事实"]

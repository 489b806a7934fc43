"""行政强制 decisions (查封/扣押) draft their 公示 once decided; 先行登记保存 does not."""

from __future__ import annotations

import datetime as dt

import pytest

from sanxiang.cases.states import CaseAction
from sanxiang.cases.tests.factories import act, add_record, register
from sanxiang.cases.tests.test_coercion import STARTED_AT, apply, approve, emergency
from sanxiang.disclosure.models import Disclosure, DisclosureCategory, DisclosureStatus

A = CaseAction


@pytest.fixture
def case(world):
    case = register(world)
    for action in (A.SUBMIT_FILING, A.APPROVE_FILING):
        case = act(world, case, action)
    add_record(world, case)
    return case


def coercion_disclosures(case):
    return Disclosure.objects.filter(case=case, category=DisclosureCategory.COERCION)


def test_seizure_approved_beforehand_drafts_its_disclosure_due_in_twenty_working_days(world, case):
    measure = apply(world, case)
    disclosure = coercion_disclosures(case).get()
    assert disclosure.subject_id == str(measure.pk)
    assert disclosure.status == DisclosureStatus.DRAFT
    assert disclosure.decided_on == measure.started_on
    # 2026-03-11 + 20 working days (清明 4-4..4-6 skipped) = 2026-04-09
    assert disclosure.due_on == dt.date(2026, 4, 9)
    version = disclosure.versions.get()
    assert version.record["行政强制措施种类"] == "扣押"
    assert version.record["涉及财物"].startswith("共2项")
    assert "过期乳制品" not in version.text  # the list is counted, not published
    assert "《食品安全法》第一百一十条" in version.text


def test_two_measures_on_one_case_get_one_disclosure_each(world, case):
    apply(world, case)
    apply(world, case, kind="sealing", place="当事人冷库")
    assert sorted(
        d.versions.get().record["行政强制措施种类"] for d in coercion_disclosures(case)
    ) == [
        "扣押",
        "查封",
    ]


def test_preservation_of_evidence_is_not_a_coercion_decision_to_publish(world, case):
    apply(world, case, kind="preservation")
    assert not coercion_disclosures(case).exists()


def test_emergency_measure_is_drafted_only_when_approved_afterwards(world, case):
    measure = emergency(world, case)
    assert not coercion_disclosures(case).exists()
    approve(world, case, measure, STARTED_AT + dt.timedelta(hours=3))
    assert coercion_disclosures(case).get().subject_id == str(measure.pk)


def test_emergency_measure_refused_afterwards_is_never_drafted(world, case):
    measure = emergency(world, case)
    approve(world, case, measure, STARTED_AT + dt.timedelta(hours=3), approved=False)
    assert not coercion_disclosures(case).exists()

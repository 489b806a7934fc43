"""现场核查 in 审查 (许可法 §34 第三款): a 现场笔录 with its audio/video on the licence case's record."""

from __future__ import annotations

import pytest

from sanxiang.cases.services import case_record_add
from sanxiang.cases.states import CaseAction
from sanxiang.cases.tests.factories import TODAY
from sanxiang.core.errors import RuleViolation
from sanxiang.licensing.tests.factories import apply_at_counter, lact, licence_world

pytestmark = pytest.mark.django_db
A = CaseAction


def site_record(world, case, evidence_ids):
    return case_record_add(
        user=world.officer,
        case_id=case.pk,
        payload={
            "kind": "site",
            "occurred_on": TODAY,
            "place": "崇文街绿地",
            "persons": "申请人代理人李某",
            "certificate_shown": True,
            "text": "现场核查：拟占用绿地约120平方米，与平面图一致，无古树名木。",
            "signed_by_party": True,
            "evidence_ids": evidence_ids,
        },
        today=TODAY,
    )


def test_art34_site_check_recorded_with_video_once_accepted(seal):
    world = licence_world()
    case = apply_at_counter(world)
    video = seal(world.officer, world.agency)
    with pytest.raises(RuleViolation) as err:  # not yet accepted: nothing to examine
        site_record(world, case, [str(video.pk)])
    assert err.value.code == "not_investigating"
    case = lact(world, case, A.LICENCE_ACCEPT)
    step = site_record(world, case, [str(video.pk)])
    assert step.label == "现场笔录"
    assert list(step.evidence.all()) == [video]
    assert case.steps.filter(action="record").count() == 1

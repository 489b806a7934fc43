"""The case transition table and the 流程图 drawn from it."""

from __future__ import annotations

import itertools
import re

import pytest
from django.urls import reverse

from sanxiang.cases.states import (
    FINAL_STATUSES,
    INITIAL_STATUS,
    TRANSITIONS,
    CaseAction,
    CaseStatus,
    InvalidTransition,
    next_status,
)
from sanxiang.disclosure.flowchart import penalty_flowchart

ALL_PAIRS = list(itertools.product(CaseStatus, CaseAction))
PENALTY_STATUSES = {src for src, _ in TRANSITIONS} | set(TRANSITIONS.values())
PENALTY_ACTIONS = {action for _, action in TRANSITIONS}


@pytest.mark.parametrize(("status", "action"), ALL_PAIRS)
def test_next_status_follows_table_or_refuses(status, action):
    if (status, action) in TRANSITIONS:
        assert next_status(status, action) == TRANSITIONS[(status, action)]
    else:
        with pytest.raises(InvalidTransition) as exc:
            next_status(status, action)
        assert exc.value.code == "invalid_transition"
        assert status.label in exc.value.message


def test_next_status_refuses_unknown_values():
    with pytest.raises(InvalidTransition):
        next_status("no-such-status", CaseAction.DECIDE)
    with pytest.raises(InvalidTransition):
        next_status(CaseStatus.LEAD, "no-such-action")


def test_every_status_is_reachable_and_can_finish():
    reachable = {INITIAL_STATUS}
    frontier = [INITIAL_STATUS]
    while frontier:
        current = frontier.pop()
        for (src, _), target in TRANSITIONS.items():
            if src == current and target not in reachable:
                reachable.add(target)
                frontier.append(target)
    assert reachable == PENALTY_STATUSES
    for status in PENALTY_STATUSES:
        outgoing = [k for k in TRANSITIONS if k[0] == status]
        assert bool(outgoing) is (status not in FINAL_STATUSES), status


def test_general_procedure_main_path():
    path = [
        CaseAction.SUBMIT_FILING,
        CaseAction.APPROVE_FILING,
        CaseAction.CONCLUDE_INVESTIGATION,
        CaseAction.SUBMIT_CHECK,
        CaseAction.ISSUE_NOTICE,
        CaseAction.REQUEST_HEARING,
        CaseAction.SUBMIT_LEGAL_REVIEW,
        CaseAction.PASS_LEGAL_REVIEW,
        CaseAction.SUBMIT_DELIBERATION,
        CaseAction.DECIDE,
        CaseAction.SERVE,
        CaseAction.EXECUTE,
        CaseAction.CLOSE,
        CaseAction.ARCHIVE,
    ]
    status = INITIAL_STATUS
    for action in path:
        status = next_status(status, action)
    assert status == CaseStatus.ARCHIVED


def test_summary_procedure_path():
    status = next_status(CaseStatus.LEAD, CaseAction.APPLY_SUMMARY)
    status = next_status(status, CaseAction.DECIDE_ON_SITE)
    assert status == CaseStatus.DECIDED
    assert next_status(status, CaseAction.SERVE) == CaseStatus.SERVED


def test_chart_has_every_transition():
    chart = penalty_flowchart()
    edges = {(e.source, e.action, e.target) for n in chart.nodes for e in n.edges}
    assert edges == {(s.value, a.value, t.value) for (s, a), t in TRANSITIONS.items()}


@pytest.mark.django_db
@pytest.mark.parametrize("agency_page", [False, True])
def test_rendered_flowchart_shows_every_transition(client, agency_page):
    if agency_page:
        from sanxiang.disclosure.tests.factories import changzhi_garden_bureau

        url = reverse("disclosure:agency_flowchart", args=[changzhi_garden_bureau().pk])
    else:
        url = reverse("disclosure:flowchart")
    html = client.get(url).content.decode()
    rendered = set(
        re.findall(r'data-from="([a-z_]+)" data-action="([a-z_]+)" data-to="([a-z_]+)"', html)
    )
    assert rendered == {(s.value, a.value, t.value) for (s, a), t in TRANSITIONS.items()}
    for status in PENALTY_STATUSES:
        assert f'id="st-{status.value}"' in html
        assert status.label in html
    for action in PENALTY_ACTIONS:
        assert action.label in html
    assert CaseStatus.LICENCE_APPLIED.label not in html
    assert "<script>" not in html


@pytest.mark.django_db
@pytest.mark.parametrize("kind", ["licence", "inspection"])
def test_licence_and_inspection_charts_are_published_from_their_tables(client, kind):
    from sanxiang.cases.states import LIFECYCLES

    html = client.get(reverse("disclosure:flowchart") + f"?kind={kind}").content.decode()
    rendered = set(
        re.findall(r'data-from="([a-z_]+)" data-action="([a-z_]+)" data-to="([a-z_]+)"', html)
    )
    table = LIFECYCLES[kind]
    assert rendered == {(s.value, a.value, t.value) for (s, a), t in table.items()}
    assert CaseStatus.DECIDED.value not in {src for src, _, _ in rendered}

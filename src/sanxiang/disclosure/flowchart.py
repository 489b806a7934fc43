"""The 执法流程图, drawn from the case tables of `sanxiang.cases.states` and nothing else.

The chart is a list of nodes (one per status, in declaration order) each with its outgoing
edges; the template renders it as structured HTML, so no script and no image generator is
involved, and publishing a table change republishes the chart.
"""

from __future__ import annotations

from dataclasses import dataclass

from sanxiang.cases.states import (
    FINAL_STATUSES,
    INITIAL_STATUSES,
    LICENCE,
    PENALTY,
    SUMMARY_STATUSES,
    CaseAction,
    CaseStatus,
    table_for,
)

TITLES = {PENALTY: "行政处罚流程图", LICENCE: "行政许可流程图", "inspection": "行政检查流程图"}


@dataclass(frozen=True)
class FlowEdge:
    source: str
    action: str
    action_label: str
    target: str
    target_label: str


@dataclass(frozen=True)
class FlowNode:
    status: str
    label: str
    step: int
    is_initial: bool
    is_final: bool
    is_summary: bool
    edges: list[FlowEdge]


@dataclass(frozen=True)
class Flowchart:
    title: str
    nodes: list[FlowNode]
    edge_count: int


def penalty_flowchart() -> Flowchart:
    """The 行政处罚 (普通程序 + 简易程序) chart."""
    return flowchart_for(PENALTY)


def flowchart_for(kind: str) -> Flowchart:
    """The chart of one case kind: the statuses its table uses, in declaration order."""
    table = table_for(kind)
    used = {src for src, _ in table} | set(table.values())
    nodes: list[FlowNode] = []
    for step, status in enumerate((s for s in CaseStatus if s in used), start=1):
        edges = [
            FlowEdge(
                source=status.value,
                action=CaseAction(action).value,
                action_label=CaseAction(action).label,
                target=target.value,
                target_label=target.label,
            )
            for (src, action), target in table.items()
            if src == status
        ]
        nodes.append(
            FlowNode(
                status=status.value,
                label=status.label,
                step=step,
                is_initial=status == INITIAL_STATUSES[kind],
                is_final=status in FINAL_STATUSES,
                is_summary=status in SUMMARY_STATUSES,
                edges=edges,
            )
        )
    return Flowchart(title=TITLES[kind], nodes=nodes, edge_count=len(table))

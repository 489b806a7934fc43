"""The 执法流程图, drawn from `sanxiang.cases.states.TRANSITIONS` and nothing else.

The chart is a list of nodes (one per status, in declaration order) each with its outgoing
edges; the template renders it as structured HTML, so no script and no image generator is
involved, and publishing a table change republishes the chart.
"""

from __future__ import annotations

from dataclasses import dataclass

from sanxiang.cases.states import (
    FINAL_STATUSES,
    INITIAL_STATUS,
    SUMMARY_STATUSES,
    TRANSITIONS,
    CaseAction,
    CaseStatus,
)


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
    nodes: list[FlowNode] = []
    for step, status in enumerate(CaseStatus, start=1):
        edges = [
            FlowEdge(
                source=status.value,
                action=CaseAction(action).value,
                action_label=CaseAction(action).label,
                target=target.value,
                target_label=target.label,
            )
            for (src, action), target in TRANSITIONS.items()
            if src == status
        ]
        nodes.append(
            FlowNode(
                status=status.value,
                label=status.label,
                step=step,
                is_initial=status == INITIAL_STATUS,
                is_final=status in FINAL_STATUSES,
                is_summary=status in SUMMARY_STATUSES,
                edges=edges,
            )
        )
    return Flowchart(title="行政处罚流程图", nodes=nodes, edge_count=len(TRANSITIONS))

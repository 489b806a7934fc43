"""The public JSON of a draw (`DRAW_FORMAT`): the stored published inputs, values and picks.

Built only from what was published (the frozen `Draw.inputs` and its later additions), never from
live 名录库 rows, so the bytes served today are the bytes ledgered then. Nothing before the
inputs are published is public (a draft task has no Draw).
"""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from sanxiang.spotchecks.draw import DRAW_FORMAT
from sanxiang.spotchecks.models import Draw


def _iso(value: Any) -> str | None:
    return value.isoformat() if value else None


def draw_public_record(draw: Draw) -> dict[str, Any]:
    task = draw.task
    record: dict[str, Any] = {
        "format": DRAW_FORMAT,
        "id": str(draw.pk),
        "task": {"id": str(task.pk), "title": task.title, "lead_agency": task.agency.name},
        "algorithm": draw.algorithm,
        "inputs": draw.inputs,
        "inputs_sha256": draw.inputs_sha256,
        "inputs_published_at": _iso(draw.inputs_published_at),
        "entropy_values": draw.entropy_values,
        "entropy_recorded_at": _iso(draw.entropy_recorded_at),
        "key": draw.key or None,
        "picks": draw.picks,
        "steps": draw.steps,
        "result_sha256": draw.result_sha256 or None,
        "drawn_at": _iso(draw.drawn_at),
        "labels": draw.labels,
        "results": task.results if task.results_published_at else None,
        "results_sha256": task.results_sha256 or None,
        "results_published_at": _iso(task.results_published_at),
    }
    return record


def published_draws() -> QuerySet[Draw]:
    return Draw.objects.select_related("task", "task__agency").order_by("-inputs_published_at")

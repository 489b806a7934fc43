"""Public pages of 双随机一公开 (no login): the list, a task's inputs and results, the recompute page."""

from __future__ import annotations

import uuid

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from sanxiang.spotchecks.models import Draw
from sanxiang.spotchecks.record import draw_public_record, published_draws


def _draw(draw_id: uuid.UUID) -> Draw:
    draw = published_draws().filter(pk=draw_id).first()
    if draw is None:
        raise Http404
    return draw


def public_draw_list(request: HttpRequest) -> HttpResponse:
    return render(request, "spotchecks/public_list.html", {"draws": published_draws()[:200]})


def public_draw_detail(request: HttpRequest, draw_id: uuid.UUID) -> HttpResponse:
    draw = _draw(draw_id)
    record = draw_public_record(draw)
    labels = record["labels"]
    inputs = record["inputs"]
    context = {
        "draw": draw,
        "record": record,
        "entities": [
            (n, labels.get(e, e)) for n, e in enumerate(inputs["entities"]["ids"], start=1)
        ],
        "inspectors": [
            (n, labels.get(o, o), labels.get(inputs["inspectors"]["agency"][o], ""))
            for n, o in enumerate(inputs["inspectors"]["ids"], start=1)
        ],
        "exclusions": [
            (labels.get(e, e), "、".join(labels.get(o, o) for o in officers))
            for e, officers in inputs["constraints"]["exclusions"].items()
        ],
        "quotas": [
            (labels.get(q["agency"], q["agency"]), q["count"])
            for q in inputs["constraints"]["quotas"]
        ],
        "picks": [
            (
                n,
                labels.get(p["entity"], p["entity"]),
                "、".join(labels.get(o, o) for o in p["inspectors"]),
            )
            for n, p in enumerate(record["picks"] or [], start=1)
        ],
        "entropy": list(
            zip(
                inputs["entropy"],
                record["entropy_values"] or [None] * len(inputs["entropy"]),
                strict=False,
            )
        ),
    }
    return render(request, "spotchecks/public_detail.html", context)


def public_draw_verify(request: HttpRequest, draw_id: uuid.UUID) -> HttpResponse:
    draw = _draw(draw_id)
    return render(request, "spotchecks/public_verify.html", {"draw": draw})

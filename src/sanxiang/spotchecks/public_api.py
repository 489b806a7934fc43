"""Public JSON of 双随机 draws (no login), mounted at /api/v1/public/draws/.

`/{id}` is the draw record of INTEGRITY.md §3 as RFC 8785 canonical JSON, so the bytes are stable
and `sanxiang draw verify <URL>` or the public page can re-run the draw from it alone. A task whose
inputs are not yet published has no draw: 404.
"""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from ninja import Router

from sanxiang.core.errors import NotFound
from sanxiang.core.ids import uuid_or_not_found
from sanxiang.ledger.canonical import canonical_json
from sanxiang.spotchecks.record import draw_public_record, published_draws

router = Router(tags=["public"], auth=None)


def _json(value: object) -> HttpResponse:
    return HttpResponse(canonical_json(value), content_type="application/json; charset=utf-8")


@router.get("/", summary="已公布的双随机抽取记录列表")
def draws_list(request: HttpRequest) -> HttpResponse:
    rows = [
        {
            "id": str(d.pk),
            "task": d.task.title,
            "lead_agency": d.task.agency.name,
            "inputs_published_at": d.inputs_published_at.isoformat(),
            "drawn": d.drawn_at is not None,
        }
        for d in published_draws()[:200]
    ]
    return _json(rows)


@router.get("/{draw_id}", summary="双随机抽取记录（可独立重算验证）")
def draw_detail(request: HttpRequest, draw_id: str) -> HttpResponse:
    pk = uuid_or_not_found(draw_id)
    draw = published_draws().filter(pk=pk).first()
    if draw is None:
        raise NotFound()
    return _json(draw_public_record(draw))

"""JSON API of the inspections app (mounted by config.api)."""

from ninja import Router

router = Router(tags=["inspections"])

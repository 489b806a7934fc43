"""JSON API of the licensing app (mounted by config.api)."""

from ninja import Router

router = Router(tags=["licensing"])

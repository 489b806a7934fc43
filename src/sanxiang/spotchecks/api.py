"""JSON API of the spotchecks app (mounted by config.api)."""

from ninja import Router

router = Router(tags=["spotchecks"])

"""JSON API of the applicants app (mounted by config.api)."""

from ninja import Router

router = Router(tags=["applicants"])

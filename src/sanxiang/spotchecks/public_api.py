"""Public JSON of 双随机 draws (no login), mounted at /api/v1/public/draws/."""

from ninja import Router

router = Router(tags=["public"], auth=None)

"""Officers' JSON API for 执法文书 and on-site 笔录 (/api/v1/documents/)."""

from __future__ import annotations

from ninja import Router

router = Router(tags=["执法文书"])

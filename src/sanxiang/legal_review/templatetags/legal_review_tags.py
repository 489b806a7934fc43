"""Template tags other apps' pages use to point at 法制审核 (the 工作台 link with its count).

A tag, not an import: accounts sits below legal_review and never imports it; its template loads
this library by name.
"""

from __future__ import annotations

from typing import Any

from django import template

from sanxiang.legal_review.selectors_queue import queue_count
from sanxiang.organisations.models import Role
from sanxiang.organisations.permissions import agency_ids_with_role

register = template.Library()


@register.inclusion_tag("legal_review/_workbench_link.html", takes_context=True)
def legal_review_workbench_link(context: dict[str, Any]) -> dict[str, Any]:
    """法制审核 with the number of submissions waiting, for reviewers and 机关负责人."""
    user = context.get("user")
    if user is None or not agency_ids_with_role(user, Role.REVIEWER, Role.AGENCY_HEAD):
        return {"show": False}
    return {"show": True, "count": queue_count(user)}

"""The 工作台 entry to 事后公开: the disclosure pages with the number of drafts due or overdue.

A tag, not an import: accounts never imports disclosure; its template loads this library.
"""

from __future__ import annotations

from typing import Any

from django import template
from django.utils import timezone

from sanxiang.disclosure.permissions import HANDLERS, READERS
from sanxiang.disclosure.selectors_lifecycle import disclosures_due
from sanxiang.organisations.models import Role
from sanxiang.organisations.permissions import agency_ids_with_role

register = template.Library()


@register.inclusion_tag("disclosure/staff/_workbench_link.html", takes_context=True)
def disclosure_workbench_link(context: dict[str, Any]) -> dict[str, Any]:
    user = context.get("user")
    if user is None or not agency_ids_with_role(user, *READERS, Role.SUPERVISOR):
        return {"show": False}
    due = disclosures_due(user=user, today=timezone.localdate())
    return {
        "show": True,
        "due": len(due),
        "overdue": sum(1 for d in due if d.overdue),
        "handles": bool(agency_ids_with_role(user, *HANDLERS)),
    }

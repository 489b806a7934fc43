"""The 年报 reminder other pages show (the 工作台, the 事后公开 list).

A tag, not an import: accounts sits below disclosure and never imports it; its template loads
this library by name.
"""

from __future__ import annotations

from typing import Any

from django import template
from django.utils import timezone

from sanxiang.disclosure.annual.selectors import annual_report_alerts

register = template.Library()


@register.inclusion_tag("disclosure/annual/_alert.html", takes_context=True)
def annual_report_alert(context: dict[str, Any]) -> dict[str, Any]:
    """Agencies the user publishes for whose report on the year just ended is not yet public."""
    user = context.get("user")
    if user is None or not getattr(user, "is_authenticated", False):
        return {"alerts": []}
    return {"alerts": annual_report_alerts(user=user, today=timezone.localdate())}

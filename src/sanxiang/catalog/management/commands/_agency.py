"""Shared by the catalog commands: find the agency named on the command line."""

from __future__ import annotations

from django.core.management.base import CommandError
from django.db.models import Q

from sanxiang.organisations.models import Agency

AGENCY_UNKNOWN = "找不到执法主体：{value}（请填写统一社会信用代码或主体全称）"


def agency_from_argument(value: str) -> Agency:
    """Raises: CommandError when no agency has that USCC or name."""
    value = value.strip()
    agency = Agency.objects.filter(Q(uscc=value.upper()) | Q(name=value)).first()
    if agency is None:
        raise CommandError(AGENCY_UNKNOWN.format(value=value))
    return agency

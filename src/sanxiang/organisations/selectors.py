"""Reads that cross a permission boundary. Missing and forbidden both raise NotFound (404)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import Prefetch, QuerySet

from sanxiang.core.errors import NotFound
from sanxiang.core.ids import uuid_or_not_found
from sanxiang.organisations.models import (
    Agency,
    Certificate,
    CertificateStatus,
    Officer,
    Unit,
)
from sanxiang.organisations.permissions import agencies_visible_to, officers_visible_to


def agency_get_for_user(*, user: Any, agency_id: Any) -> Agency:
    """Raises: NotFound when the agency does not exist or is outside the user's scope."""
    agency = agencies_visible_to(user).filter(pk=uuid_or_not_found(agency_id)).first()
    if agency is None:
        raise NotFound()
    return agency


def officer_get_for_user(*, user: Any, officer_id: Any) -> Officer:
    """Raises: NotFound when the officer does not exist or is outside the user's scope."""
    officer = (
        officers_visible_to(user)
        .select_related("agency", "unit")
        .filter(pk=uuid_or_not_found(officer_id))
        .first()
    )
    if officer is None:
        raise NotFound()
    return officer


def officers_of_agency(*, user: Any, agency: Agency) -> QuerySet[Officer]:
    return (
        officers_visible_to(user)
        .filter(agency=agency)
        .select_related("unit")
        .prefetch_related(
            Prefetch("certificates", queryset=Certificate.objects.prefetch_related("fields"))
        )
    )


def units_tree(*, agency: Agency) -> list[tuple[int, Unit]]:
    """Units in depth-first order with their depth, for indented display."""
    units = list(Unit.objects.filter(agency=agency).order_by("name"))
    children: dict[Any, list[Unit]] = {}
    for unit in units:
        children.setdefault(unit.parent_id, []).append(unit)
    out: list[tuple[int, Unit]] = []

    def walk(parent_id: Any, depth: int) -> None:
        for unit in children.get(parent_id, []):
            out.append((depth, unit))
            walk(unit.pk, depth + 1)

    walk(None, 0)
    return out


def certified_officers(*, agency: Agency, on: dt.date) -> QuerySet[Officer]:
    """Officers holding an active certificate valid on `on` (the public 执法人员清单)."""
    valid = Certificate.objects.filter(
        status=CertificateStatus.ACTIVE, valid_from__lte=on, valid_to__gte=on
    )
    return (
        Officer.objects.filter(agency=agency, is_active=True, certificates__in=valid)
        .distinct()
        .select_related("unit")
        .prefetch_related(Prefetch("certificates", queryset=valid.prefetch_related("fields")))
    )


def certificate_get_for_user(*, user: Any, certificate_id: Any) -> Certificate:
    """Raises: NotFound when the certificate does not exist or is outside the user's scope."""
    cert = (
        Certificate.objects.select_related("officer__agency")
        .filter(pk=uuid_or_not_found(certificate_id), officer__in=officers_visible_to(user))
        .first()
    )
    if cert is None:
        raise NotFound()
    return cert

"""The objects the 法制审核 section's forms act on, fetched for a user (another agency's: 404)."""

from __future__ import annotations

from typing import Any

from sanxiang.cases.permissions import cases_visible_to
from sanxiang.core.errors import NotFound
from sanxiang.core.ids import uuid_or_not_found
from sanxiang.legal_review.models import ExternalOpinion, ReviewDispute, ReviewOpinion


def opinion_get_for_user(*, user: Any, opinion_id: Any) -> ReviewOpinion:
    """Raises: NotFound (missing, or a case the user may not see)."""
    found = (
        ReviewOpinion.objects.filter(
            pk=uuid_or_not_found(opinion_id), submission__case__in=cases_visible_to(user)
        )
        .select_related("submission__case")
        .first()
    )
    if found is None:
        raise NotFound()
    return found


def external_get_for_user(*, user: Any, external_id: Any) -> ExternalOpinion:
    """Raises: NotFound (missing, or a case the user may not see)."""
    found = (
        ExternalOpinion.objects.filter(
            pk=uuid_or_not_found(external_id), submission__case__in=cases_visible_to(user)
        )
        .select_related("submission__case")
        .first()
    )
    if found is None:
        raise NotFound()
    return found


def dispute_get_for_user(*, user: Any, dispute_id: Any) -> ReviewDispute:
    """Raises: NotFound (missing, or a case the user may not see)."""
    found = (
        ReviewDispute.objects.filter(
            pk=uuid_or_not_found(dispute_id), opinion__submission__case__in=cases_visible_to(user)
        )
        .select_related("opinion__submission__case")
        .first()
    )
    if found is None:
        raise NotFound()
    return found

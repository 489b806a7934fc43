"""Who may see and change agency master data. Services and selectors call these; views only for UX.

Scopes (ARCHITECTURE.md "Who uses it"):
- agency staff see their own agency; the 司法局 supervisor sees every agency it supervises,
  read-only; the three administrators see all agencies, each acting only in its own domain.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet

from sanxiang.organisations.models import Agency, Officer, Role, RoleAssignment

Grants = frozenset[tuple[str, Any]]

_CACHE_ATTR = "_sanxiang_grants"

# Roles that maintain an agency's own master data and catalog.
AGENCY_MAINTAINER_ROLES = frozenset({Role.AGENCY_HEAD, Role.DISCLOSURE_OFFICER})


def grants_of(user: Any) -> Grants:
    """(role, agency_id) pairs held by `user`, cached on the user object for one request."""
    if user is None or not getattr(user, "is_authenticated", False) or not user.is_active:
        return frozenset()
    cached: Grants | None = getattr(user, _CACHE_ATTR, None)
    if cached is None:
        rows = RoleAssignment.objects.filter(user=user).values_list("role", "agency_id")
        cached = frozenset((str(role), agency_id) for role, agency_id in rows)
        setattr(user, _CACHE_ATTR, cached)
    return cached


def forget_grants(user: Any) -> None:
    if hasattr(user, _CACHE_ATTR):
        delattr(user, _CACHE_ATTR)


def has_role(user: Any, role: str) -> bool:
    return any(r == role for r, _ in grants_of(user))


def agency_ids_with_role(user: Any, *roles: str) -> set[Any]:
    return {agency_id for r, agency_id in grants_of(user) if r in roles}


def is_platform_admin(user: Any) -> bool:
    return any(
        r in (Role.SYSTEM_ADMIN, Role.SECURITY_ADMIN, Role.AUDIT_ADMIN) for r, _ in grants_of(user)
    )


def agencies_visible_to(user: Any) -> QuerySet[Agency]:
    """Agencies whose master data `user` may read."""
    grants = grants_of(user)
    if not grants:
        return Agency.objects.none()
    if is_platform_admin(user):
        return Agency.objects.all()
    own = {agency_id for _, agency_id in grants}
    supervised = agency_ids_with_role(user, Role.SUPERVISOR)
    return Agency.objects.filter(Q(pk__in=own) | Q(supervising_agency_id__in=supervised)).distinct()


def agencies_maintained_by(user: Any) -> QuerySet[Agency]:
    """Agencies whose master data, officers and catalog `user` may change."""
    if has_role(user, Role.SYSTEM_ADMIN):
        return Agency.objects.all()
    return Agency.objects.filter(pk__in=agency_ids_with_role(user, *AGENCY_MAINTAINER_ROLES))


def can_view_agency(user: Any, agency: Agency) -> bool:
    return agencies_visible_to(user).filter(pk=agency.pk).exists()


def can_manage_agency(user: Any, agency: Agency) -> bool:
    """Maintain the agency's own data. The 司法局 supervisor never writes (read-only oversight)."""
    if has_role(user, Role.SYSTEM_ADMIN):
        return True
    return agency.pk in agency_ids_with_role(user, *AGENCY_MAINTAINER_ROLES)


def can_create_agency(user: Any) -> bool:
    return has_role(user, Role.SYSTEM_ADMIN)


def can_manage_users(user: Any) -> bool:
    """系统管理员: creates and disables accounts."""
    return has_role(user, Role.SYSTEM_ADMIN)


def can_assign_roles(user: Any) -> bool:
    """安全管理员: grants and revokes roles (三员分立: not the 系统管理员)."""
    return has_role(user, Role.SECURITY_ADMIN)


def can_read_audit_log(user: Any) -> bool:
    """审计管理员 reads the whole trail; no other role does."""
    return has_role(user, Role.AUDIT_ADMIN)


def officers_visible_to(user: Any) -> QuerySet[Officer]:
    return Officer.objects.filter(agency__in=agencies_visible_to(user))

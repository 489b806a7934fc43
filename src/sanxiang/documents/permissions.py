"""Who may draft 执法文书 and who may change an agency's templates and serial books."""

from __future__ import annotations

from typing import Any

from sanxiang.cases.models import Case
from sanxiang.cases.permissions import is_assigned, is_head, officer_of, roles_in_agency
from sanxiang.organisations.models import Role

TEMPLATE_MANAGERS = frozenset({Role.AGENCY_HEAD, Role.SYSTEM_ADMIN, Role.REVIEWER})


def can_draft_documents(user: Any, case: Case) -> bool:
    """The case's assigned officers and the agency's heads draft its documents."""
    officer = officer_of(user)
    if officer is None or officer.agency_id != case.agency_id:
        return False
    if is_head(user, case.agency_id):
        return True
    return Role.OFFICER in roles_in_agency(user, case.agency_id) and is_assigned(officer, case)


def can_manage_templates(user: Any, agency_id: Any) -> bool:
    """机关负责人, 法制审核人员 (who own the wording) and the system administrator."""
    return bool(roles_in_agency(user, agency_id) & TEMPLATE_MANAGERS)

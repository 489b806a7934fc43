"""Keep self-service logins out of the staff side.

An applicant account holds no role, so staff selectors already show it nothing; this makes it
explicit: an applicant's request for a staff page (工作台, 案件, 证据, 文书, 管理 …) is answered
with the applicant portal instead, so the portal is never a back door and staff pages never
render for a member of the public. Public pages (执法公示, 文件核验) stay open to everyone.
"""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect

STAFF_PREFIXES = (
    "/accounts/",
    "/documents/",
    "/manage/",
    "/evidence/",
    "/cases/",
    "/disclosures/",
    "/legal-review/",
    "/outbound/",
    "/licensing/",
    "/inspections/",
    "/spot-checks/",
    "/api/v1/uploads/",
)
# Staff JSON endpoints; the applicant's own are under /api/v1/applicant/, public ones open.
API_PREFIX = "/api/v1/"
API_OPEN = ("/api/v1/applicant/", "/api/v1/public/", "/api/v1/ledger/", "/api/v1/openapi.json")
STAFF_ONLY = "申请人/当事人账号不能访问工作人员页面"
# Set by the applicant login (views.ApplicantLoginView): the check costs no query on staff pages,
# and the staff login refuses applicant accounts, so an applicant session always carries it.
SESSION_FLAG = "sanxiang_applicant"


def is_staff_path(path: str) -> bool:
    if path.startswith(STAFF_PREFIXES):
        return True
    return path.startswith(API_PREFIX) and not path.startswith(API_OPEN)


class ApplicantBoundaryMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if is_staff_path(request.path) and request.session.get(SESSION_FLAG):
            if request.path.startswith(API_PREFIX):
                return JsonResponse({"code": "not_found", "message": STAFF_ONLY}, status=404)
            return redirect("applicants:home")
        return self.get_response(request)

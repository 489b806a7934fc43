"""The JSON API (django-ninja, OpenAPI 3.1 at /api/v1/openapi.json).

Errors keep one shape: {"code": <stable code>, "message": <Chinese text>, ...}.
"""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, ValidationError

from sanxiang.accounts.api_auth import BearerTokenAuth
from sanxiang.core.errors import ApplicationError

api = NinjaAPI(
    title="行政执法三项制度平台 API",
    version="1",
    description="事前公开数据（无需登录，位于 /api/v1/public/）与工作人员接口（Authorization: Bearer <令牌>）。",
    urls_namespace="api",
    auth=BearerTokenAuth(),
    openapi_url="/openapi.json",
    docs_url="/docs",
)


@api.exception_handler(ApplicationError)
def _application_error(request: HttpRequest, exc: ApplicationError) -> HttpResponse:
    return api.create_response(request, exc.as_dict(), status=exc.status)


@api.exception_handler(ValidationError)
def _validation_error(request: HttpRequest, exc: ValidationError) -> HttpResponse:
    body = {"code": "validation_failed", "message": "请求参数不正确", "detail": exc.errors}
    return api.create_response(request, body, status=422)


@api.exception_handler(AuthenticationError)
def _auth_error(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
    body = {"code": "unauthenticated", "message": "需要有效的 API 令牌（Authorization: Bearer …）"}
    return api.create_response(request, body, status=401)


def register_routers() -> None:
    """Routers are added here, lower apps first; each app owns its router module."""
    from sanxiang.accounts.api import router as accounts_router
    from sanxiang.applicants.api import router as applicant_router
    from sanxiang.cases.api import router as cases_router
    from sanxiang.disclosure.api import router as public_router
    from sanxiang.disclosure.api_redaction import router as disclosure_router
    from sanxiang.disclosure.calendar_api import router as calendar_router
    from sanxiang.documents.api import router as documents_router
    from sanxiang.inspections.api import router as inspections_router
    from sanxiang.ledger.api import router as ledger_router
    from sanxiang.legal_review.api import router as legal_review_router
    from sanxiang.licensing.api import router as licensing_router
    from sanxiang.organisations.api import router as organisations_router
    from sanxiang.spotchecks.api import router as spotchecks_router
    from sanxiang.spotchecks.public_api import router as draws_router

    api.add_router("/public/calendar/", calendar_router)
    api.add_router("/public/draws/", draws_router)
    api.add_router("/public/", public_router)
    api.add_router("/ledger/", ledger_router)
    api.add_router("/me", accounts_router)
    api.add_router("/organisations/", organisations_router)
    api.add_router("/cases/", cases_router)
    api.add_router("/documents/", documents_router)
    api.add_router("/disclosure/", disclosure_router)
    api.add_router("/legal-review/", legal_review_router)
    api.add_router("/licensing/", licensing_router)
    api.add_router("/inspections/", inspections_router)
    api.add_router("/spot-checks/", spotchecks_router)
    api.add_router("/applicant/", applicant_router)


register_routers()

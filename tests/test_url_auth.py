"""Every URL requires login unless it is in PUBLIC_URLS (STYLE.md §3).

The URLConf is walked, each route is filled with sample arguments, and an anonymous client
must be redirected to the login page or answered 401. A new view that forgets its login check
fails here; a new public view must be added to the allowlist on purpose.
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Iterator

import pytest
from django.conf import settings
from django.urls import URLPattern, URLResolver, get_resolver, resolve, reverse

# Route patterns (as written in the URLConf, joined) that anyone may open.
PUBLIC_URLS: frozenset[str] = frozenset(
    {
        # The 事前公开 portal (sanxiang.disclosure.urls), mounted at "".
        "",
        "search",
        "flowchart/",
        # The 事后公开 decision portal: search, detail, feed, bulk downloads.
        "decisions/",
        "decisions/feed.atom",
        "decisions/download.<slug:fmt>",
        "decisions/<uuid:disclosure_id>/",
        # 行政执法统计年报: published reports and their Excel/PDF files.
        "annual-reports/",
        "annual-reports/<uuid:report_id>/report.<slug:fmt>",
        "agencies/<uuid:agency_id>/",
        "agencies/<uuid:agency_id>/officers/",
        "agencies/<uuid:agency_id>/items/",
        "agencies/<uuid:agency_id>/items/<str:code>/",
        "agencies/<uuid:agency_id>/items/<str:code>/v<int:version>/",
        "agencies/<uuid:agency_id>/benchmarks/",
        "agencies/<uuid:agency_id>/spot-checks/",
        "agencies/<uuid:agency_id>/guides/",
        "agencies/<uuid:agency_id>/guides/<str:code>/",
        "agencies/<uuid:agency_id>/recordings/",
        "agencies/<uuid:agency_id>/major-decisions/",
        "agencies/<uuid:agency_id>/hearing-thresholds/",
        "agencies/<uuid:agency_id>/flowchart/",
        "agencies/<uuid:agency_id>/remedies/",
        "agencies/<uuid:agency_id>/download/<slug:kind>.<slug:fmt>",
        # API documentation and the login page itself.
        "api/v1/openapi.json",
        "api/v1/docs",
        "accounts/login/",
        # The ledger's public verification page.
        "verify/",
        # Where a 文书's QR code leads, and the document CA certificate that validates its signature.
        "verify/documents/<str:document_id>/",
        "verify/documents/ca.pem",
        # The public key receivers of outbound pushes verify X-Sanxiang-Signature with.
        "outbound/keys/<slug:key_name>.pem",
        # 事前公开 of 行政检查: published inspection plans.
        "inspections/plans/public/",
        # 许可法 §40: anyone may consult the licences granted.
        "licences/",
        # 双随机一公开: tasks' published inputs and results, each draw's record and its recompute page.
        "random-checks/",
        "random-checks/<uuid:draw_id>/",
        "random-checks/<uuid:draw_id>/verify/",
        # 申请人服务: anyone may register or reach the applicant login.
        "applicant/register/",
        "applicant/login/",
    }
)
# Routes that serve nothing to anyone: they must answer 404 (checked below).
INERT_URLS: frozenset[str] = frozenset(
    {
        "api/v1/",  # django-ninja's api-root: exists for reverse(), has no view of its own
    }
)
# Whole prefixes that are public by design (ARCHITECTURE.md "Interfaces").
PUBLIC_PREFIXES: tuple[str, ...] = ("api/v1/public/", "api/v1/ledger/")

SAMPLES = {
    "uuid": str(uuid.UUID(int=1)),
    "int": "1",
    "path": "x",
    "slug": "x",
    "str": "x",
    None: "x",
}
PARAM = re.compile(r"<(?:(\w+):)?(\w+)>")


def routes(resolvers=None, prefix: str = "") -> Iterator[tuple[str, URLPattern]]:
    for entry in resolvers if resolvers is not None else get_resolver().url_patterns:
        if isinstance(entry, URLResolver):
            yield from routes(entry.url_patterns, prefix + str(entry.pattern))
        else:
            yield prefix + str(entry.pattern), entry


def sample_url(route: str) -> str:
    if route.startswith("^"):
        pytest.fail(f"regex route {route!r}: give it a sample in test_url_auth.py")
    return "/" + PARAM.sub(lambda m: SAMPLES.get(m.group(1), "x"), route)


def is_public(route: str) -> bool:
    return route in PUBLIC_URLS or route.startswith(PUBLIC_PREFIXES)


ALL_ROUTES = sorted({route for route, _ in routes()})
PRIVATE_ROUTES = [r for r in ALL_ROUTES if not is_public(r) and r not in INERT_URLS]
PUBLIC_ROUTES = [r for r in ALL_ROUTES if is_public(r)]


# The applicant portal sends anonymous visitors to its own login, not the staff one.
APPLICANT_PREFIX, APPLICANT_LOGIN = "/applicant/", "/applicant/login/"


def refused_anonymously(response) -> bool:
    if response.status_code == 401:
        return True
    if response.status_code in (301, 302):
        login = reverse(settings.LOGIN_URL)
        target = response["Location"].split("?")[0]
        if response.wsgi_request.path.startswith(APPLICANT_PREFIX) and target == APPLICANT_LOGIN:
            return True
        return target == login
    return False


def test_urlconf_has_private_and_public_routes():
    assert len(PRIVATE_ROUTES) >= 5
    assert "" in PUBLIC_ROUTES


def test_every_allowlisted_url_exists():
    # The allowlist may only name real routes, so removing a view shrinks it.
    assert set(PUBLIC_URLS) <= set(ALL_ROUTES)
    assert set(INERT_URLS) <= set(ALL_ROUTES)


@pytest.mark.django_db
@pytest.mark.parametrize("route", sorted(INERT_URLS))
def test_inert_url_serves_nothing(client, route):
    assert client.get(sample_url(route)).status_code == 404


@pytest.mark.django_db
@pytest.mark.parametrize("route", PRIVATE_ROUTES)
def test_private_url_requires_login(client, route):
    url = sample_url(route)
    resolve(url)  # the sample really reaches this route
    response = client.get(url)
    if response.status_code == 405:  # POST-only views: try the method they accept
        response = client.post(url)
    assert refused_anonymously(response), (route, response.status_code)


@pytest.mark.django_db
@pytest.mark.parametrize("route", PUBLIC_ROUTES)
def test_public_url_is_open_anonymously(client, route):
    response = client.get(sample_url(route))
    assert not refused_anonymously(response), route
    assert response.status_code < 500, route

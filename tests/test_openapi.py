"""The OpenAPI document: version 3.1, and every public endpoint listed without auth."""

from __future__ import annotations

import pytest

PUBLIC_PATHS = [
    "/api/v1/public/agencies",
    "/api/v1/public/agencies/{agency_id}",
    "/api/v1/public/agencies/{agency_id}/officers",
    "/api/v1/public/agencies/{agency_id}/items",
    "/api/v1/public/agencies/{agency_id}/items/{code}/versions",
    "/api/v1/public/agencies/{agency_id}/benchmarks",
    "/api/v1/public/agencies/{agency_id}/spot-checks",
    "/api/v1/public/agencies/{agency_id}/guides",
    "/api/v1/public/agencies/{agency_id}/recording-requirements",
    "/api/v1/public/agencies/{agency_id}/major-decision-rules",
    "/api/v1/public/search",
    "/api/v1/public/calendar/",
    "/api/v1/public/calendar/add-working-days",
    "/api/v1/public/calendar/add-days",
    "/api/v1/public/calendar/{year}",
    "/api/v1/ledger/checkpoint",
    "/api/v1/ledger/key",
    "/api/v1/ledger/leaves",
    "/api/v1/ledger/proof/inclusion",
    "/api/v1/ledger/proof/consistency",
    "/api/v1/ledger/lookup",
]
PUBLIC_PREFIXES = ("/api/v1/public/", "/api/v1/ledger/")


@pytest.fixture
def document(client):
    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200
    return response.json()


def test_document_is_openapi_3_1(document):
    assert document["openapi"].startswith("3.1")
    assert document["info"]["title"]


@pytest.mark.parametrize("path", PUBLIC_PATHS)
def test_public_path_is_listed_without_auth(document, path):
    operation = document["paths"][path]["get"]
    assert not operation.get("security")
    assert "200" in operation["responses"]


def test_public_lists_document_their_date_parameter_and_errors(document):
    operation = document["paths"]["/api/v1/public/agencies/{agency_id}/items"]["get"]
    names = {p["name"] for p in operation["parameters"]}
    assert {"agency_id", "date", "category"} <= names
    assert {"400", "404"} <= set(operation["responses"])


def test_private_paths_require_auth(document):
    private = [p for p in document["paths"] if not p.startswith(PUBLIC_PREFIXES)]
    assert private
    for path in private:
        for operation in document["paths"][path].values():
            assert operation.get("security"), path


def test_api_docs_page_loads_swagger_from_own_static_files(client):
    response = client.get("/api/v1/docs")
    assert response.status_code == 200
    body = response.content.decode()
    assert "/static/ninja/swagger-ui-bundle.js" in body
    assert "cdn." not in body
    assert "https://" not in body


def test_applicant_document_pdf_is_documented_and_private(document):
    operation = document["paths"]["/api/v1/applicant/documents/{document_id}/pdf"]["get"]
    assert operation.get("security")
    assert {"200", "404"} <= set(operation["responses"])
    assert [p["name"] for p in operation["parameters"]] == ["document_id"]

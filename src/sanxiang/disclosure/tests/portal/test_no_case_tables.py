"""The portal is built from the published projection only: no SQL on its pages touches a case
table (ARCHITECTURE.md "Security model": never from live case rows)."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse


def portal_urls(portal) -> list[str]:
    decisions = reverse("disclosure:decisions")
    return [
        decisions,
        f"{decisions}?q=过期食品&region=140500&category=penalty",
        reverse("disclosure:decision", args=[portal.food.pk]),
        reverse("disclosure:decision", args=[portal.hidden["withdrawn"].pk]),
        reverse("disclosure:decisions_feed"),
        reverse("disclosure:decisions_download", args=["csv"]),
        reverse("disclosure:decisions_download", args=["json"]),
        "/api/v1/public/decisions?q=食品",
        f"/api/v1/public/decisions/{portal.food.pk}",
    ]


@pytest.mark.parametrize("index", range(9))
def test_portal_page_reads_no_case_table(client, portal, index):
    url = portal_urls(portal)[index]
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
        if response.streaming:
            b"".join(response.streaming_content)
    assert response.status_code == 200
    sql = [q["sql"] for q in queries.captured_queries]
    assert sql, "the page ran no query at all"
    assert not [s for s in sql if "cases_case" in s]
    assert any("disclosure_" in s for s in sql)

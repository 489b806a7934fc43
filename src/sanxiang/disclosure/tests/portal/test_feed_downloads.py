"""The Atom feed and the bulk CSV / JSON downloads of every public decision."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import xml.etree.ElementTree as ET

from django.urls import reverse

from sanxiang.disclosure.models import DisclosureStatus
from sanxiang.disclosure.tests.portal.rows import (
    SOURCE_SECRET,
    agency,
    correct,
    public_decision,
)
from sanxiang.disclosure.views_portal import HEADER

S = DisclosureStatus
ATOM = "{http://www.w3.org/2005/Atom}"


def streamed(response) -> bytes:
    return b"".join(response.streaming_content)


def test_feed_is_valid_atom_with_public_decisions_newest_first(client, portal):
    correct(
        portal.tree, text="更正后的文本：擅自砍伐城市树木。", reason="更正", on=dt.date(2026, 3, 20)
    )
    response = client.get(reverse("disclosure:decisions_feed"))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    root = ET.fromstring(response.content)  # noqa: S314  (our own output)
    assert root.tag == f"{ATOM}feed"
    assert root.find(f"{ATOM}title").text == "行政执法决定公示"
    entries = root.findall(f"{ATOM}entry")
    ids = [e.find(f"{ATOM}id").text for e in entries]
    # The correction (2026-03-20) is the newest update, then by publication date.
    assert ids == [f"urn:uuid:{d.pk}" for d in (portal.tree, portal.label, portal.food)]
    first = entries[0]
    assert first.find(f"{ATOM}updated").text.startswith("2026-03-20")
    link = first.find(f"{ATOM}link").get("href")
    assert link.endswith(reverse("disclosure:decision", args=[portal.tree.pk]))
    assert first.find(f"{ATOM}author/{ATOM}name").text == "长治市园林局"
    hidden = {f"urn:uuid:{d.pk}" for d in portal.hidden.values()}
    assert hidden.isdisjoint(ids)


def test_feed_holds_newest_fifty_when_more_are_public(client, db):
    bureau = agency("平顺县城市管理局", "140423", "平顺县")
    made = [
        public_decision(
            bureau,
            text="当事人占道经营。",
            decided_on=dt.date(2026, 1, 1) + dt.timedelta(days=i),
        )
        for i in range(52)
    ]
    root = ET.fromstring(client.get(reverse("disclosure:decisions_feed")).content)  # noqa: S314
    ids = [e.find(f"{ATOM}id").text for e in root.findall(f"{ATOM}entry")]
    assert len(ids) == 50
    assert ids[0] == f"urn:uuid:{made[-1].pk}"
    assert f"urn:uuid:{made[0].pk}" not in ids


def test_csv_download_opens_in_excel_with_every_public_decision(client, portal):
    response = client.get(reverse("disclosure:decisions_download", args=["csv"]))
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert "attachment" in response["Content-Disposition"]
    body = streamed(response)
    assert body.startswith(b"\xef\xbb\xbf")  # the BOM Excel needs for UTF-8
    rows = list(csv.reader(io.StringIO(body.decode("utf-8-sig"))))
    assert rows[0] == HEADER
    by_number = {row[4]: dict(zip(HEADER, row, strict=True)) for row in rows[1:]}
    assert set(by_number) == {"陵市监罚〔2026〕12号", "陵市监罚〔2026〕15号", "长园罚〔2026〕3号"}
    food = by_number["陵市监罚〔2026〕12号"]
    assert food["行政相对人名称"] == "陵川县某某商贸有限公司"
    assert food["执法主体"] == "陵川县市场监督管理局"
    assert "没收过期食品" in food["公开文本"]
    assert food["公开内容摘要（SHA-256）"] == portal.food.versions.get().content_sha256
    assert SOURCE_SECRET not in body.decode("utf-8-sig")


def test_csv_cells_cannot_run_as_formulas(client, db):
    bureau = agency("平顺县城市管理局", "140423", "平顺县")
    public_decision(bureau, text='=HYPERLINK("http://x")', party="=cmd|'/c calc'!A1")
    body = streamed(client.get(reverse("disclosure:decisions_download", args=["csv"])))
    row = list(csv.reader(io.StringIO(body.decode("utf-8-sig"))))[1]
    record = dict(zip(HEADER, row, strict=True))
    assert record["行政相对人名称"] == "'=cmd|'/c calc'!A1"
    assert record["公开文本"].startswith("'=")


def test_json_download_holds_every_public_decision_with_record_and_text(client, portal):
    correct(portal.tree, text="更正后的文本。", reason="笔误", on=dt.date(2026, 3, 20))
    response = client.get(reverse("disclosure:decisions_download", args=["json"]))
    assert response["Content-Type"] == "application/json; charset=utf-8"
    data = json.loads(streamed(response))
    items = {item["decision_number"]: item for item in data["decisions"]}
    assert set(items) == {"陵市监罚〔2026〕12号", "陵市监罚〔2026〕15号", "长园罚〔2026〕3号"}
    assert items["长园罚〔2026〕3号"]["text"] == "更正后的文本。"
    assert items["长园罚〔2026〕3号"]["version"] == 2
    assert items["陵市监罚〔2026〕12号"]["record"]["违法行为类型"] == "销售过期食品"
    assert items["陵市监罚〔2026〕12号"]["url"].endswith(f"/decisions/{portal.food.pk}/")
    assert "generated_at" in data


def test_json_download_is_valid_when_nothing_is_public(client, db):
    data = json.loads(streamed(client.get(reverse("disclosure:decisions_download", args=["json"]))))
    assert data["decisions"] == []


def test_download_of_unknown_format_is_404(client, db):
    assert client.get(reverse("disclosure:decisions_download", args=["xml"])).status_code == 404

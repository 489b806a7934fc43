"""The public draw record: 404 before publication, the JSON re-verifies (command, browser code)."""

from __future__ import annotations

import copy
import json
import shutil
import subprocess
import uuid
from pathlib import Path

import pytest
from django.core.management import call_command

from sanxiang.spotchecks.models import Draw
from sanxiang.spotchecks.services import draw_inputs_publish
from sanxiang.spotchecks.tests.factories import (
    ENTROPY_SOURCES,
    NOW,
    add_entities,
    approved_task,
    drawn_task,
    make_spot_world,
)

pytestmark = pytest.mark.django_db
JS = Path(__file__).resolve().parents[1] / "static" / "spotchecks" / "drawverify.js"


@pytest.fixture
def sw():
    return make_spot_world()


def test_unknown_or_draft_draw_is_404(client, sw):
    approved_task(sw)
    assert client.get(f"/api/v1/public/draws/{uuid.uuid4()}").status_code == 404
    assert client.get("/api/v1/public/draws/not-a-uuid").status_code == 404
    assert json.loads(client.get("/api/v1/public/draws/").content) == []


def test_inputs_are_public_before_the_draw(client, sw):
    add_entities(sw.lead, 4)
    task = approved_task(sw)
    draw = draw_inputs_publish(
        user=sw.lead.agency_head,
        task_id=task.pk,
        data={"entropy_sources": ENTROPY_SOURCES},
        now=NOW,
    )
    record = json.loads(client.get(f"/api/v1/public/draws/{draw.pk}").content)
    assert record["picks"] is None
    assert record["inputs_sha256"] == draw.inputs_sha256
    page = client.get(f"/random-checks/{draw.pk}/").content.decode()
    assert draw.inputs["entities"]["sha256"] in page
    assert "尚未公布" in page


def _published(client, sw, tmp_path):
    add_entities(sw.lead, 6)
    task = drawn_task(sw)
    draw = Draw.objects.get(task=task)
    body = client.get(f"/api/v1/public/draws/{draw.pk}").content
    path = tmp_path / "draw.json"
    path.write_bytes(body)
    return json.loads(body), path


def test_draw_verify_command_matches_and_names_the_first_difference(client, sw, tmp_path, capsys):
    record, path = _published(client, sw, tmp_path)
    call_command("draw", "verify", str(path))
    assert "一致" in capsys.readouterr().out
    tampered = copy.deepcopy(record)
    tampered["picks"][0]["inspectors"].reverse()
    bad = tmp_path / "tampered.json"
    bad.write_text(json.dumps(tampered, ensure_ascii=False), encoding="utf-8")
    with pytest.raises(SystemExit) as exc:
        call_command("draw", "verify", str(bad))
    assert exc.value.code == 1
    assert "第 1 个检查对象" in capsys.readouterr().err


def test_browser_code_recomputes_the_same_picks(client, sw, tmp_path):
    node = shutil.which("node")
    assert node, "node is needed to run the page's verification code outside a browser"
    record, path = _published(client, sw, tmp_path)
    tampered = copy.deepcopy(record)
    tampered["inputs"]["count"] = 2
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps(tampered), encoding="utf-8")
    script = (
        f"const V=require({json.dumps(str(JS))});const fs=require('fs');"
        "for (const f of process.argv.slice(1)) {const r=V.verify(JSON.parse(fs.readFileSync(f,'utf8')));"
        "console.log(JSON.stringify([r.ok, r.problem, r.outcome ? r.outcome.picks : null]));}"
    )
    out = subprocess.run(
        [node, "-e", script, str(path), str(bad)], capture_output=True, text=True, check=True
    )  # noqa: S603
    good_line, bad_line = (json.loads(line) for line in out.stdout.splitlines())
    assert good_line[0] is True
    assert good_line[2] == record["picks"]
    assert bad_line[0] is False
    assert "SHA-256" in bad_line[1]


def test_public_pages_show_picks_and_load_the_verifier(client, sw, tmp_path):
    record, _ = _published(client, sw, tmp_path)
    detail = client.get(f"/random-checks/{record['id']}/").content.decode()
    assert record["key"] in detail
    verify = client.get(f"/random-checks/{record['id']}/verify/").content.decode()
    assert "spotchecks/drawverify.js" in verify
    assert client.get("/random-checks/").status_code == 200


@pytest.mark.django_db(transaction=True)
def test_draw_verify_command_reads_the_public_url(live_server, capsys):
    sw = make_spot_world()
    add_entities(sw.lead, 4)
    task = drawn_task(sw, count=2)
    draw = Draw.objects.get(task=task)
    call_command("draw", "verify", f"{live_server.url}/api/v1/public/draws/{draw.pk}")
    out = capsys.readouterr().out
    assert "一致" in out
    assert out.count("检查人员：") == 2

"""Staff pages: refusals keep the input, another agency's task is a 404, a task walks by POSTs."""

from __future__ import annotations

import datetime as dt
import time

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from sanxiang.spotchecks.models import MarketEntity, TaskStatus
from sanxiang.spotchecks.tests.factories import add_entities, approved_task, make_spot_world

pytestmark = pytest.mark.django_db


@pytest.fixture
def sw():
    return make_spot_world()


def test_pages_need_login(client):
    response = client.get("/spot-checks/")
    assert response.status_code == 302
    assert "/login" in response["Location"]


def test_bad_entity_is_refused_with_the_input_kept(client, sw):
    client.force_login(sw.lead.officer)
    response = client.post(
        "/spot-checks/entities/", {"name": "陵川县某某超市", "uscc": "91140524MA0000001Y"}
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "校验位错误" in page
    assert 'value="陵川县某某超市"' in page
    assert not MarketEntity.objects.exists()


def test_import_errors_are_listed_per_row(client, sw):
    client.force_login(sw.lead.officer)
    upload = "名称,统一社会信用代码\n甲公司,123\n".encode()
    response = client.post(
        "/spot-checks/entities/import/", {"file": SimpleUploadedFile("a.csv", upload)}
    )
    assert response.status_code == 400
    assert "第 2 行" in response.content.decode()


def test_other_agencys_task_is_404(client, sw):
    task = approved_task(sw)
    client.force_login(sw.partner.agency_head)
    assert client.get(f"/spot-checks/tasks/{task.pk}/").status_code == 404
    assert client.post(f"/spot-checks/tasks/{task.pk}/run/").status_code == 404


def test_task_walks_from_inputs_to_draw_through_the_pages(client, sw):
    add_entities(sw.lead, 5)
    task = approved_task(sw)
    client.force_login(sw.lead.agency_head)
    known = timezone.localtime() + dt.timedelta(seconds=5)
    response = client.post(
        f"/spot-checks/tasks/{task.pk}/publish-inputs/",
        {"description": "测试开奖号码", "known_after": known.strftime("%Y-%m-%dT%H:%M:%S")},
    )
    assert response.status_code == 302
    response = client.post(f"/spot-checks/tasks/{task.pk}/entropy/", {"values": "1 2 3"})
    assert response.status_code == 400  # not yet public
    assert "现在不能录入" in response.content.decode()
    assert "1 2 3" in response.content.decode()
    # The declared time passes (a few seconds), then the values may be entered.
    time.sleep(max(0.0, (known - timezone.localtime()).total_seconds()) + 0.2)
    assert (
        client.post(f"/spot-checks/tasks/{task.pk}/entropy/", {"values": "3 9 14\n"}).status_code
        == 302
    )
    assert client.post(f"/spot-checks/tasks/{task.pk}/run/").status_code == 302
    task.refresh_from_db()
    assert task.status == TaskStatus.DRAWN
    page = client.get(f"/spot-checks/tasks/{task.pk}/").content.decode()
    assert "开启本机关的检查" in page

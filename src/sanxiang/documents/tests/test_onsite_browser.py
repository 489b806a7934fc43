"""The on-site 笔录 on a phone, in a real headless Chromium (Debian's) at 390×844 with touch.

An officer opens a case in 调查取证 from the case page, fills in a 现场笔录, takes a photo (a real
JPEG, uploaded by the page's own tus client into the evidence vault), shows the 笔录 to the
party, collects the party's signature with the mouse and both officers' with touch strokes,
and submits: the step carries the photo, the signatures are PNGs in the vault, and the signed
PDF validates and says what was typed. The tus client's resume is tested by failing a PATCH in
flight (it asks the server's offset with HEAD and goes on) and by reloading the page in the
middle of an upload (the upload URL remembered in localStorage is resumed, not restarted).
"""

from __future__ import annotations

import hashlib
import io
import random
import re
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.utils import timezone
from PIL import Image, ImageDraw
from pypdf import PdfReader

from sanxiang.cases.models import CaseStep
from sanxiang.cases.tests.factories import make_world
from sanxiang.cases.tests.test_views import ensure_calendar_years
from sanxiang.documents.models import Document, HandSignature
from sanxiang.documents.signing import validate_signed_pdf
from sanxiang.documents.tests.test_views import investigating
from sanxiang.evidence.models import EvidenceItem, Upload
from sanxiang.evidence.services import blob_read

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "Sanxiang-Test-2026"  # organisations.tests.factories.UserFactory
PLACE = "陵川县崇文街1号某某商贸有限公司门店东侧货架"
CHUNK = 1024 * 1024  # tus-upload.js sends 1 MiB per PATCH
UPLOADS = re.compile(r"/api/v1/uploads/")


@pytest.fixture
def world() -> Any:
    today = timezone.localdate()
    ensure_calendar_years(today.year, today.year + 1)  # a transactional test may have flushed them
    return make_world()


@pytest.fixture
def phone(browser: Any) -> Iterator[Any]:
    context = browser.new_context(
        locale="zh-CN",
        viewport={"width": 390, "height": 844},
        device_scale_factor=3,
        is_mobile=True,
        has_touch=True,
    )
    page = context.new_page()
    page.set_default_timeout(20000)
    yield page
    context.close()


def login(page: Any, base: str, user: Any) -> None:
    page.goto(f"{base}/accounts/login/")
    page.fill("#id_username", user.username)
    page.fill("#id_password", PASSWORD)
    page.get_by_role("button", name="登录").click()
    page.wait_for_url(re.compile(r"/accounts/home/$"))


def photo(path: Path, *, noisy: bool = False) -> Path:
    """A real JPEG: a small picture, or (noisy) one over 1 MiB so that it takes several PATCHes."""
    if noisy:
        rng = random.Random(7)  # noqa: S311 - test pixels, not secrets
        img = Image.frombytes("RGB", (1400, 1400), rng.randbytes(1400 * 1400 * 3))
        img.save(path, format="JPEG", quality=95)
        assert path.stat().st_size > 2 * CHUNK
    else:
        img = Image.new("RGB", (320, 240), (200, 220, 240))
        ImageDraw.Draw(img).rectangle([40, 60, 280, 200], fill=(180, 40, 40))
        img.save(path, format="JPEG", quality=85)
    return path


def no_overflow(page: Any) -> bool:
    return bool(page.evaluate("document.documentElement.scrollWidth <= window.innerWidth"))


def box(page: Any, selector: str) -> dict[str, float]:
    canvas = page.locator(f"{selector} canvas")
    canvas.scroll_into_view_if_needed()
    found = canvas.bounding_box()
    assert found is not None
    return found


def stroke_points(b: dict[str, float]) -> list[tuple[float, float]]:
    x, y, w, h = b["x"], b["y"], b["width"], b["height"]
    return [(x + w * (0.1 + 0.08 * i), y + h * (0.3 + 0.4 * (i % 2))) for i in range(10)]


def sign_with_mouse(page: Any, selector: str) -> None:
    points = stroke_points(box(page, selector))
    page.mouse.move(*points[0])
    page.mouse.down()
    for p in points[1:]:
        page.mouse.move(*p, steps=4)
    page.mouse.up()


def sign_with_finger(page: Any, cdp: Any, selector: str) -> None:
    points = stroke_points(box(page, selector))

    def touch(kind: str, point: tuple[float, float] | None) -> None:
        touch_points = [{"x": point[0], "y": point[1]}] if point else []
        cdp.send("Input.dispatchTouchEvent", {"type": kind, "touchPoints": touch_points})

    touch("touchStart", points[0])
    for p in points[1:]:
        touch("touchMove", p)
    touch("touchEnd", None)


def signature_value(page: Any, field: str) -> str:
    return str(page.locator(f'input[name="{field}"]').input_value())


def test_officer_records_photographs_and_gets_signatures_on_a_phone_when_on_site(
    live_server, phone, world, tmp_path
):
    page = phone
    case = investigating(world)
    login(page, live_server.url, world.officer)
    page.goto(f"{live_server.url}/cases/{case.pk}/")
    page.locator("#onsite-record-link").click()
    page.wait_for_url(re.compile(rf"/documents/cases/{case.pk}/onsite/$"))
    assert no_overflow(page)

    # ① the 笔录 and a photo, uploaded through tus as soon as it is taken.
    page.select_option("#id_kind", "site")
    page.fill("#id_place", PLACE)
    page.fill("#id_persons", "张某（店长）")
    page.locator("#id_certificate_shown").check()
    page.fill("#id_text", "检查发现货架上有超过保质期的食品12件，已拍照固定。")
    jpeg = photo(tmp_path / "现场照片.jpg")
    page.set_input_files("#evidence-picker", str(jpeg))
    page.locator("#upload-list li.done").wait_for()
    evidence_id = page.locator('#evidence-ids input[name="evidence_ids"]').input_value()
    item = EvidenceItem.objects.get(pk=evidence_id)
    assert item.blob.sha256 == hashlib.sha256(jpeg.read_bytes()).hexdigest()
    assert item.blob.media_type == "image/jpeg"
    assert item.activity == "现场检查"
    assert item.captured_at is not None
    assert no_overflow(page)
    pick = page.locator("label.file-pick").bounding_box()
    assert pick is not None
    assert pick["height"] >= 44  # a thumb-sized target

    # ② shown to the party, read-only and large.
    page.locator("#to-confirm").click()
    confirm = page.locator("#confirm-view")
    confirm.wait_for()
    assert PLACE in confirm.inner_text()
    assert "现场照片.jpg" in page.locator("#confirm-evidence").inner_text()
    assert page.locator("#step-fill").is_hidden()
    size = confirm.evaluate("e => parseFloat(getComputedStyle(e).fontSize)")
    assert size >= 20
    assert no_overflow(page)

    # ③ signatures: the party with the mouse, both officers with a finger.
    page.locator("#to-sign").click()
    page.locator("#pad-party canvas").wait_for()
    assert page.locator("#refusal-block").is_hidden()
    sign_with_mouse(page, "#pad-party")
    cdp = page.context.new_cdp_session(page)
    sign_with_finger(page, cdp, "#pad-officer-1")
    sign_with_finger(page, cdp, "#pad-officer-2")
    for field in ("party_signature", "officer_signature_1", "officer_signature_2"):
        assert signature_value(page, field).startswith("data:image/png;base64,"), field
    assert signature_value(page, "witness_signature") == ""
    assert no_overflow(page)
    page.locator("#onsite-submit").click()
    page.wait_for_url(re.compile(r"/documents/[0-9a-f-]{36}/$"))
    assert "笔录已记录" in page.locator(".messages").inner_text()
    assert no_overflow(page)

    step = CaseStep.objects.get(case=case, action="record")
    assert list(step.evidence.values_list("pk", flat=True)) == [item.pk]
    assert step.content["place"] == PLACE
    assert step.content["signed_by_party"] is True
    signatures = HandSignature.objects.filter(step=step)
    assert sorted(s.role for s in signatures) == ["officer", "officer", "party"]
    assert {s.name for s in signatures if s.role == "officer"} == {
        world.officer.officer.name,
        world.assistant.officer.name,
    }
    for s in signatures:
        png = blob_read(s.blob)
        assert png.startswith(b"\x89PNG\r\n\x1a\n")
        with Image.open(io.BytesIO(png)) as img:
            assert img.getbbox() is not None  # something was drawn
    doc = Document.objects.get(case=case, step=step)
    assert doc.kind == "site_record"
    assert page.url.endswith(f"/documents/{doc.pk}/")
    pdf_link = page.locator("#pdf-link")
    assert pdf_link.get_attribute("href") == f"/documents/{doc.pk}/pdf"
    response = page.request.get(f"{live_server.url}/documents/{doc.pk}/pdf")
    assert response.status == 200
    pdf = response.body()
    assert hashlib.sha256(pdf).hexdigest() == doc.pdf.sha256
    assert validate_signed_pdf(pdf).ok  # on Playwright's loop: signing.py copes
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages)
    assert PLACE in re.sub(r"\s+", "", text)


def open_onsite(page: Any, base: str, world: Any) -> Any:
    case = investigating(world)
    login(page, base, world.officer)
    page.goto(f"{base}/documents/cases/{case.pk}/onsite/")
    return case


def test_upload_resumes_from_the_servers_offset_when_a_patch_fails_in_flight(
    live_server, phone, world, tmp_path
):
    page = phone
    open_onsite(page, live_server.url, world)
    seen: list[tuple[str, str]] = []
    patches = 0

    def flaky(route: Any) -> None:
        nonlocal patches
        request = route.request
        seen.append((request.method, request.headers.get("upload-offset", "")))
        if request.method == "PATCH":
            patches += 1
            if patches == 2:  # the second MiB is lost on the way
                route.abort("connectionreset")
                return
        route.continue_()

    page.route(UPLOADS, flaky)
    jpeg = photo(tmp_path / "货架全景.jpg", noisy=True)
    page.set_input_files("#evidence-picker", str(jpeg))
    page.locator("#upload-list li.done").wait_for()
    evidence_id = page.locator('#evidence-ids input[name="evidence_ids"]').input_value()
    item = EvidenceItem.objects.get(pk=evidence_id)
    assert item.blob.sha256 == hashlib.sha256(jpeg.read_bytes()).hexdigest()
    methods = [m for m, _ in seen]
    assert methods.count("POST") == 1
    failed_at = [i for i, (m, _) in enumerate(seen) if m == "PATCH"][1]
    assert seen[failed_at] == ("PATCH", str(CHUNK))
    assert "HEAD" in methods[failed_at:]  # asked the server where it stood
    resent = [o for m, o in seen[failed_at + 1 :] if m == "PATCH"]
    assert resent[0] == str(CHUNK)  # and sent the lost MiB again, not the whole file
    assert Upload.objects.filter(metadata__filename="货架全景.jpg").count() == 1


def test_upload_resumes_after_a_reload_when_the_same_file_is_chosen_again(
    live_server, phone, world, tmp_path
):
    page = phone
    open_onsite(page, live_server.url, world)
    jpeg = photo(tmp_path / "仓库照片.jpg", noisy=True)
    size = jpeg.stat().st_size
    seen: list[tuple[str, str]] = []
    offline = False

    def dropping(route: Any) -> None:
        nonlocal offline
        request = route.request
        seen.append((request.method, request.headers.get("upload-offset", "")))
        if offline:
            route.abort("internetdisconnected")
            return
        if request.method == "PATCH":
            offline = True  # the connection goes after the first MiB
        route.continue_()

    page.route(UPLOADS, dropping)
    page.set_input_files("#evidence-picker", str(jpeg))
    deadline = time.monotonic() + 20
    upload = None
    while time.monotonic() < deadline:
        upload = Upload.objects.filter(metadata__filename="仓库照片.jpg").first()
        if upload is not None and upload.offset == CHUNK:
            break
        page.wait_for_timeout(100)  # lets Playwright serve the route handler meanwhile
    assert upload is not None
    assert upload.offset == CHUNK
    page.locator(".upload-state", has_text="重试").wait_for()  # the page is retrying offline

    page.reload()
    page.unroute(UPLOADS)
    resumed: list[tuple[str, str]] = []
    page.on(
        "request",
        lambda r: (
            UPLOADS.search(r.url) and resumed.append((r.method, r.headers.get("upload-offset", "")))
        ),
    )
    page.set_input_files("#evidence-picker", str(jpeg))
    page.locator("#upload-list li.done").wait_for()
    assert [m for m, _ in resumed][:2] == ["HEAD", "PATCH"]
    assert resumed[1][1] == str(CHUNK)  # went on from the server's offset
    assert "POST" not in [m for m, _ in resumed]
    upload.refresh_from_db()
    assert upload.offset == size
    item = EvidenceItem.objects.get(
        pk=page.locator('#evidence-ids input[name="evidence_ids"]').input_value()
    )
    assert item.blob.sha256 == hashlib.sha256(jpeg.read_bytes()).hexdigest()
    assert Upload.objects.filter(metadata__filename="仓库照片.jpg").count() == 1
    assert (
        page.evaluate("Object.keys(localStorage).filter(k => k.startsWith('sanxiang.tus:'))") == []
    )

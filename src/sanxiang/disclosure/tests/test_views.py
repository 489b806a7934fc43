"""The public portal pages: content, history, search, bad input, no personal data, query counts."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from sanxiang.catalog.models import EnforcementItem
from sanxiang.disclosure import selectors
from sanxiang.disclosure.tests.factories import (
    LICENCES,
    PENALTIES,
    PRIVATE_PHONE,
    PRIVATE_QUALIFICATION,
    PRIVATE_STAFF_NUMBER,
    BenchmarkFactory,
    GuideFactory,
    HearingThresholdFactory,
    ItemFactory,
    MajorRuleFactory,
    RecordingFactory,
    SpotCheckFactory,
    add_tiers,
    changzhi_garden_bureau,
    officer_with_certificate,
)
from sanxiang.organisations.models import CertificateStatus
from sanxiang.organisations.tests.factories import AgencyFactory

pytestmark = pytest.mark.django_db

LIST_PAGES = [
    "officers",
    "items",
    "benchmarks",
    "spot_checks",
    "guides",
    "recordings",
    "major_decisions",
    "hearing_thresholds",
]
AGENCY_PAGES = ["agency", *LIST_PAGES, "agency_flowchart", "remedies"]


@pytest.fixture
def agency():
    return changzhi_garden_bureau()


def page_urls(agency) -> list[str]:
    urls = [reverse("disclosure:home"), reverse("disclosure:flowchart")]
    urls += [reverse(f"disclosure:{name}", args=[agency.pk]) for name in AGENCY_PAGES]
    urls.append(reverse("disclosure:item", args=[agency.pk, "CF-0001"]))
    urls.append(reverse("disclosure:item_version", args=[agency.pk, "CF-0001", 1]))
    guide_code = (
        selectors.guides_public(
            agency=selectors.agency_public_get(agency_id=agency.pk), on=selectors.today()
        )
        .results[0]
        .code
    )
    urls.append(reverse("disclosure:guide", args=[agency.pk, guide_code]))
    urls.append(reverse("disclosure:search") + "?q=王建国")
    urls.append(reverse("disclosure:search") + "?q=1")
    return urls


def test_every_page_renders_anonymously(client, agency):
    for url in page_urls(agency):
        response = client.get(url)
        assert response.status_code == 200, url
        if "/agencies/" in url:
            assert "长治市园林局" in response.content.decode(), url


def test_personal_data_never_appears_on_any_page(client, agency):
    for url in page_urls(agency):
        html = client.get(url).content.decode()
        for secret in (PRIVATE_PHONE, PRIVATE_QUALIFICATION, PRIVATE_STAFF_NUMBER):
            assert secret not in html, (url, secret)


def test_search_does_not_match_personal_data(client, agency):
    for secret in (PRIVATE_PHONE, PRIVATE_QUALIFICATION, PRIVATE_STAFF_NUMBER):
        html = client.get(reverse("disclosure:search"), {"q": secret}).content.decode()
        assert "没有找到相关内容" in html
        assert "王建国" not in html


def test_agency_page_shows_subject_information(client, agency):
    html = client.get(reverse("disclosure:agency", args=[agency.pk])).content.decode()
    for text in (
        agency.uscc,
        "法定行政机关",
        "长治市（140400）",
        "《中华人民共和国森林法》第六十七条",
        "负责全市城市园林绿化管理",
        "长治市英雄中路1号",
        "0355-2020202",
        "监督电话 12345",
        "行政复议、行政诉讼",
        "长治市司法局",
    ):
        assert text in html, text


def test_entrusted_agency_shows_entrusting_body(client, agency):
    entrusted = AgencyFactory(
        name="长治市园林绿化服务中心", subject_type="entrusted", entrusting_agency=agency
    )
    html = client.get(reverse("disclosure:agency", args=[entrusted.pk])).content.decode()
    assert "受委托组织" in html
    assert "委托机关" in html
    assert "长治市园林局" in html


def test_home_groups_agencies_under_supervisor(client, agency):
    html = client.get(reverse("disclosure:home")).content.decode()
    assert "监督机关" in html
    assert "长治市司法局" in html
    assert reverse("disclosure:agency", args=[agency.pk]) in html
    assert 'name="q"' in html


def test_items_list_shows_all_items_with_basis_and_filter(client, agency):
    url = reverse("disclosure:items", args=[agency.pk])
    html = client.get(url).content.decode()
    for name in LICENCES + PENALTIES:
        assert name in html
    assert "《城市绿化条例》第二十七条" in html
    penalties = client.get(url, {"category": "penalty"}).content.decode()
    assert all(name in penalties for name in PENALTIES)
    assert not any(name in penalties for name in LICENCES)
    bad = client.get(url, {"category": "nonsense"})
    assert bad.status_code == 400
    assert "事项类别不正确" in bad.content.decode()


def test_list_pages_show_updated_on(client, agency):
    EnforcementItem.objects.filter(agency=agency).update(
        created_at=timezone.make_aware(dt.datetime(2020, 1, 1, 9))  # noqa: DTZ001
    )
    ItemFactory(agency=agency, code="CF-0100", effective_from=dt.date(2023, 5, 6))
    html = client.get(
        reverse("disclosure:items", args=[agency.pk]), {"date": "2024-01-01"}
    ).content.decode()
    assert '更新于 <strong class="updated-on">2023-05-06</strong>' in html
    for name in LIST_PAGES:
        html = client.get(reverse(f"disclosure:{name}", args=[agency.pk])).content.decode()
        assert "更新于" in html, name
        assert "updated-on" in html, name


def make_two_versions(agency):
    old = EnforcementItem.objects.get(agency=agency, code="CF-0001")
    old.effective_to = dt.date(2023, 1, 1)
    old.save()
    ItemFactory(
        agency=agency,
        code="CF-0001",
        version=2,
        name="擅自占用城市绿地的处罚（修订）",
        effective_from=dt.date(2023, 1, 1),
    )


def test_date_parameter_shows_older_version(client, agency):
    make_two_versions(agency)
    url = reverse("disclosure:items", args=[agency.pk])
    now = client.get(url).content.decode()
    assert "擅自占用城市绿地的处罚（修订）" in now
    assert "擅自侵占城市绿地的处罚" not in now
    then = client.get(url, {"date": "2021-06-01"}).content.decode()
    assert "擅自侵占城市绿地的处罚" in then
    assert "擅自占用城市绿地的处罚（修订）" not in then
    before_any = client.get(url, {"date": "2019-06-01"}).content.decode()
    assert "共 0 条" in before_any


def test_item_detail_shows_version_history(client, agency):
    make_two_versions(agency)
    html = client.get(reverse("disclosure:item", args=[agency.pk, "CF-0001"])).content.decode()
    assert "擅自占用城市绿地的处罚（修订）" in html
    assert "更新于 2023-01-01" in html
    assert "更新于 2020-01-01" in html
    old_url = reverse("disclosure:item_version", args=[agency.pk, "CF-0001", 1])
    assert old_url in html
    old = client.get(old_url).content.decode()
    assert "擅自侵占城市绿地的处罚" in old
    assert "2023-01-01 失效" in old
    as_of = client.get(
        reverse("disclosure:item", args=[agency.pk, "CF-0001"]), {"date": "2021-01-01"}
    )
    assert "<h1>擅自侵占城市绿地的处罚</h1>" in as_of.content.decode()
    assert client.get(reverse("disclosure:item_version", args=[agency.pk, "CF-0001", 9]))
    assert (
        client.get(reverse("disclosure:item_version", args=[agency.pk, "CF-0001", 9])).status_code
        == 404
    )


def test_future_version_is_not_published_yet(client, agency):
    ItemFactory(
        agency=agency,
        code="CF-0200",
        name="尚未生效的事项",
        effective_from=selectors.today() + dt.timedelta(days=30),
    )
    html = client.get(reverse("disclosure:items", args=[agency.pk])).content.decode()
    assert "尚未生效的事项" not in html
    assert client.get(reverse("disclosure:item", args=[agency.pk, "CF-0200"])).status_code == 404


def test_benchmarks_show_tiers_with_fines_and_multiples(client, agency):
    html = client.get(reverse("disclosure:benchmarks", args=[agency.pk])).content.decode()
    assert "擅自侵占城市绿地" in html
    assert "从轻处罚" in html
    assert "占用面积不足10平方米，及时改正" in html
    assert "罚款 500 元至 2000 元" in html
    assert "违法所得的 1 倍至 3 倍罚款" in html


def test_hearing_thresholds_show_amounts_per_party_kind(client, agency):
    HearingThresholdFactory(
        agency=agency, confiscation_threshold=Decimal("50000"), item_code="CF-0001"
    )
    html = client.get(reverse("disclosure:hearing_thresholds", args=[agency.pk])).content.decode()
    assert "第六十三条" in html
    assert "<td>自然人</td>\n<td>10000.00 元</td>\n<td>—</td>\n<td>全部事项</td>" in html
    assert "<td>法人或其他组织</td>\n<td>100000.00 元</td>\n<td>50000.00 元</td>" in html
    assert "<td>CF-0001</td>" in html


def test_guide_detail_shows_every_field(client, agency):
    a = selectors.agency_public_get(agency_id=agency.pk)
    guide = selectors.guides_public(agency=a, on=selectors.today()).results[0]
    html = client.get(reverse("disclosure:guide", args=[agency.pk, guide.code])).content.decode()
    labels = "事项名称 设定依据 受理机构 审批机构 受理条件 优惠政策 申请材料 办理流程 办理时限 "
    labels += "收费标准 监督方式 责任追究 救济渠道 办公时间 办公地址 办公电话"
    for label in labels.split():
        assert f"<dt>{label}</dt>" in html, label
    for value in ("行政审批科", "申请书；移植方案", "20个工作日", "0355-7654321"):
        assert value in html


def test_officer_list_shows_only_valid_certificates(client, agency):
    officer_with_certificate(
        agency, "过期人员", number="EXPIRED-1", valid_to=selectors.today() - dt.timedelta(days=1)
    )
    officer_with_certificate(
        agency, "暂扣人员", number="SUSPENDED-1", status=CertificateStatus.SUSPENDED
    )
    officer_with_certificate(
        agency, "吊销人员", number="REVOKED-1", status=CertificateStatus.REVOKED
    )
    html = client.get(reverse("disclosure:officers", args=[agency.pk])).content.decode()
    assert "王建国" in html
    assert "14040019001" in html
    assert "执法监察科" in html
    assert "科长" in html
    assert "园林绿化" in html
    for hidden in ("过期人员", "EXPIRED-1", "暂扣人员", "SUSPENDED-1", "吊销人员", "REVOKED-1"):
        assert hidden not in html
    search = client.get(reverse("disclosure:search"), {"q": "人员"}).content.decode()
    assert "过期人员" not in search
    assert "暂扣人员" not in search


def test_search_finds_every_kind(client, agency):
    url = reverse("disclosure:search")
    cases = {
        "园林局": "长治市园林局",
        "修剪": "擅自修剪、移植树木的处罚",
        "CF-0004": "未经同意在公共绿地内开设商业、服务网点的处罚",
        "侵占城市绿地": "擅自侵占城市绿地",
        "改变绿化规划审批": "改变绿化规划审批服务指南",
        "王建国": "王建国",
        "14040019001": "王建国",
    }
    for query, expected in cases.items():
        html = client.get(url, {"q": query}).content.decode()
        assert expected in html, query
    assert "没有找到相关内容" in client.get(url, {"q": "不存在的东西"}).content.decode()


def test_search_handles_empty_huge_and_hostile_queries(client, agency):
    url = reverse("disclosure:search")
    assert "请输入关键词" in client.get(url).content.decode()
    assert "请输入关键词" in client.get(url, {"q": "   "}).content.decode()
    huge = client.get(url, {"q": "园" * 10_000})
    assert huge.status_code == 200
    assert "关键词过长" in huge.content.decode()
    hostile = client.get(url, {"q": "<script>alert(1)</script>%_'\"; DROP TABLE x;--"})
    assert hostile.status_code == 200
    body = hostile.content.decode()
    assert "<script>alert(1)</script>" not in body
    assert "&lt;script&gt;" in body
    wildcard = client.get(url, {"q": "%"}).content.decode()
    assert "没有找到相关内容" in wildcard


@pytest.mark.parametrize("value", ["2024-13-01", "yesterday", "2024-1-1", "0001-01-01", "9" * 500])
def test_bad_date_gives_chinese_message(client, agency, value):
    response = client.get(reverse("disclosure:items", args=[agency.pk]), {"date": value})
    assert response.status_code == 400
    assert "日期" in response.content.decode()


def test_future_date_is_refused(client, agency):
    future = (selectors.today() + dt.timedelta(days=2)).isoformat()
    response = client.get(reverse("disclosure:officers", args=[agency.pk]), {"date": future})
    assert response.status_code == 400
    assert "日期超出可查询范围" in response.content.decode()


def test_bad_ids_give_404(client, agency):
    assert client.get("/agencies/not-a-uuid/").status_code == 404
    missing = "/agencies/00000000-0000-0000-0000-000000000000/"
    assert client.get(missing).status_code == 404
    assert client.get(missing + "items/").status_code == 404
    assert client.get(reverse("disclosure:item", args=[agency.pk, "NOPE"])).status_code == 404
    assert client.get(reverse("disclosure:guide", args=[agency.pk, "NOPE"])).status_code == 404
    inactive = AgencyFactory(is_active=False)
    assert client.get(reverse("disclosure:agency", args=[inactive.pk])).status_code == 404


def test_portal_refuses_writes(client, agency):
    assert client.post(reverse("disclosure:items", args=[agency.pk])).status_code == 405


def grow(agency, n: int) -> None:
    for _ in range(n):
        ItemFactory(agency=agency)
        add_tiers(BenchmarkFactory(agency=agency))
        SpotCheckFactory(agency=agency)
        GuideFactory(agency=agency)
        RecordingFactory(agency=agency)
        MajorRuleFactory(agency=agency)
        HearingThresholdFactory(agency=agency)
        officer_with_certificate(agency, "新增执法员")


@pytest.mark.parametrize("name", LIST_PAGES)
def test_list_page_query_count_does_not_grow(client, agency, django_assert_num_queries, name):
    url = reverse(f"disclosure:{name}", args=[agency.pk])
    bounds = {"items": 5, "officers": 5, "benchmarks": 4}
    bound = bounds.get(name, 3)
    with django_assert_num_queries(bound):
        assert client.get(url).status_code == 200
    grow(agency, 5)
    with django_assert_num_queries(bound):
        assert client.get(url).status_code == 200


def test_home_and_search_query_counts_are_bounded(client, agency, django_assert_max_num_queries):
    for n in range(5):
        AgencyFactory(name=f"长治市第{n}局")
    with django_assert_max_num_queries(2):
        client.get(reverse("disclosure:home"))
    with django_assert_max_num_queries(6):
        client.get(reverse("disclosure:search"), {"q": "长治"})

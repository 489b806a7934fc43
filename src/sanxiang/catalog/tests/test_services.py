import datetime as dt
from decimal import Decimal

import pytest

from sanxiang.catalog.models import DiscretionBenchmark, EnforcementItem, Law
from sanxiang.catalog.selectors import catalog_row_history, catalog_rows_in_force
from sanxiang.catalog.services import catalog_replace, catalog_row_save, law_create
from sanxiang.catalog.services.cleaning import NOT_CHOICE
from sanxiang.catalog.services.laws import LAW_NOT_ALLOWED, LAW_VERSION_EXISTS
from sanxiang.catalog.services.legal_basis import ARTICLE_UNKNOWN, LAW_UNKNOWN
from sanxiang.catalog.services.replace import DATE_NOT_AFTER, NOT_ALLOWED
from sanxiang.catalog.tests.factories import (
    FORESTRY_LAW,
    benchmark_row,
    item_row,
    law_with_articles,
)
from sanxiang.core.errors import Forbidden, ValidationFailed
from sanxiang.core.models import AuditEvent
from sanxiang.organisations.models import Role
from sanxiang.organisations.tests.factories import (
    AgencyFactory,
    SupervisoryAgencyFactory,
    user_with_role,
)

pytestmark = pytest.mark.django_db

D1 = dt.date(2026, 1, 1)
D2 = dt.date(2026, 3, 1)
D3 = dt.date(2026, 6, 1)


@pytest.fixture
def agency():
    law_with_articles()
    return AgencyFactory()


@pytest.fixture
def head(agency):
    return user_with_role(Role.AGENCY_HEAD, agency)


def replace(actor, agency, rows, on, kind="item"):
    return catalog_replace(actor=actor, agency=agency, kind=kind, rows=rows, effective_from=on)


def test_replace_versions_changed_closes_removed_and_adds_new(agency, head):
    first = replace(head, agency, [item_row("A"), item_row("B"), item_row("C")], D1)
    assert first.counts() == {"added": 3, "changed": 0, "removed": 0, "unchanged": 0}

    second = replace(head, agency, [item_row("A"), item_row("B", name="改名"), item_row("D")], D2)
    assert (second.added, second.changed, second.removed, second.unchanged) == (
        ["D"],
        ["B"],
        ["C"],
        ["A"],
    )

    codes_d1 = {r.code: r.name for r in catalog_rows_in_force(agency, "item", D1)}
    codes_d2 = {r.code: r.name for r in catalog_rows_in_force(agency, "item", D2)}
    assert codes_d1 == {"A": "事项A", "B": "事项B", "C": "事项C"}
    assert codes_d2 == {"A": "事项A", "B": "改名", "D": "事项D"}
    history = list(catalog_row_history(agency, "item", "B"))
    assert [(h.version, h.effective_from, h.effective_to) for h in history] == [
        (1, D1, D2),
        (2, D2, None),
    ]
    assert EnforcementItem.objects.count() == 5  # nothing deleted, nothing edited in place
    event = AuditEvent.objects.filter(event="catalog.item.replaced").last()
    assert event.new["changed"] == ["B"]
    assert event.new["removed"] == ["C"]


def test_replace_unchanged_list_creates_no_version(agency, head):
    replace(head, agency, [item_row("A"), item_row("B")], D1)
    report = replace(head, agency, [item_row("B"), item_row("A")], D2)
    assert report.counts() == {"added": 0, "changed": 0, "removed": 0, "unchanged": 2}
    assert EnforcementItem.objects.count() == 2
    assert not AuditEvent.objects.filter(
        event="catalog.item.replaced", new__effective_from=str(D2)
    ).exists()


def test_removed_code_reappearing_continues_version_numbers(agency, head):
    replace(head, agency, [item_row("A")], D1)
    replace(head, agency, [], D2)
    assert list(catalog_rows_in_force(agency, "item", D2)) == []
    replace(head, agency, [item_row("A")], D3)
    assert [h.version for h in catalog_row_history(agency, "item", "A")] == [1, 2]


def test_item_legal_basis_resolves_articles_in_force(agency, head):
    text = f"《{FORESTRY_LAW}》第七十六条、第七十七条；《城市绿化条例》第二十七条"
    law_with_articles("城市绿化条例", ["第二十七条"])
    replace(head, agency, [item_row("A", legal_basis_text=text)], D1)
    item = EnforcementItem.objects.get()
    assert item.legal_basis_text == text
    assert sorted(a.number for a in item.legal_basis.all()) == [
        "第七十七条",
        "第七十六条",
        "第二十七条",
    ]


def test_unresolvable_legal_basis_is_validation_error(agency, head):
    rows = [
        item_row("A", legal_basis_text="《不存在的法》第一条"),
        item_row("B", legal_basis_text=f"《{FORESTRY_LAW}》第九十九条"),
    ]
    with pytest.raises(ValidationFailed) as exc:
        replace(head, agency, rows, D1)
    messages = [p.message for p in exc.value.extra["problems"]]
    assert LAW_UNKNOWN.format(law="不存在的法") in messages
    assert (
        ARTICLE_UNKNOWN.format(law=FORESTRY_LAW, version="2020年修订", article="第九十九条")
        in messages
    )
    assert EnforcementItem.objects.count() == 0


def test_law_revision_chooses_version_in_force(agency, head):
    law_with_articles(FORESTRY_LAW, ["第七十六条"], version_label="2026年修订", effective_from=D2)
    replace(head, agency, [item_row("A")], D1)
    replace(head, agency, [item_row("A")], D3)
    old, new = catalog_row_history(agency, "item", "A")
    assert old.legal_basis.get().law.version_label == "2020年修订"
    assert (
        new.legal_basis.get().law.version_label == "2026年修订"
    )  # same text, new article: a new version


def test_choice_error_lists_labels(agency, head):
    with pytest.raises(ValidationFailed) as exc:
        replace(head, agency, [item_row("A", category="行政许口")], D1)
    problem = exc.value.extra["problems"][0]
    assert problem.field == "category"
    options = "行政许可、行政处罚、行政强制、行政征收、行政收费、行政检查、行政确认、行政给付、行政奖励、行政裁决、其他"
    assert problem.message == NOT_CHOICE.format(raw="行政许口", label="事项类别", options=options)


def test_backdated_change_is_refused(agency, head):
    replace(head, agency, [item_row("A")], D2)
    with pytest.raises(ValidationFailed) as exc:
        replace(head, agency, [item_row("A", name="新")], D1)
    assert exc.value.extra["problems"][0].message == DATE_NOT_AFTER.format(
        code="A", current=D2, new=D1
    )


def test_same_day_correction_supersedes_and_keeps_history(agency, head):
    replace(head, agency, [item_row("A", name="错字")], D1)
    report = replace(head, agency, [item_row("A", name="更正")], D1)
    assert report.changed == ["A"]
    versions = list(EnforcementItem.objects.filter(agency=agency, code="A").order_by("version"))
    assert [(v.name, v.effective_from, v.effective_to) for v in versions] == [
        ("错字", D1, D1),
        ("更正", D1, None),
    ]
    assert not versions[0].in_force_on(D1)
    assert versions[1].in_force_on(D1)


def test_benchmark_tiers_are_compared(agency, head):
    replace(head, agency, [benchmark_row()], D1, kind="benchmark")
    same = replace(head, agency, [benchmark_row()], D2, kind="benchmark")
    assert same.unchanged == ["JZ-001"]
    tiers = benchmark_row()["tiers"]
    tiers[1] = {**tiers[1], "fine_max": "6000"}
    changed = replace(head, agency, [benchmark_row(tiers=tiers)], D3, kind="benchmark")
    assert changed.changed == ["JZ-001"]
    current = catalog_rows_in_force(agency, "benchmark", D3).get()
    assert [t.fine_max for t in current.tiers.all()] == [None, Decimal("6000.00")]
    assert DiscretionBenchmark.objects.count() == 2


def test_benchmark_tier_problems(agency, head):
    tiers = [
        {"kind": "一般处罚", "conditions": "x", "fine_min": "500", "fine_max": "100"},
        {"kind": "一般处罚", "conditions": "y"},
    ]
    with pytest.raises(ValidationFailed) as exc:
        replace(head, agency, [benchmark_row(tiers=tiers)], D1, kind="benchmark")
    problems = {(p.field, p.tier) for p in exc.value.extra["problems"]}
    assert problems == {("fine_min", 0), ("kind", 1)}


def test_replace_refused_for_supervisor_and_other_agency(agency):
    supervisor = user_with_role(Role.SUPERVISOR, SupervisoryAgencyFactory())
    outsider = user_with_role(Role.AGENCY_HEAD, AgencyFactory())
    for actor in (supervisor, outsider):
        with pytest.raises(Forbidden) as exc:
            replace(actor, agency, [item_row("A")], D1)
        assert exc.value.message == NOT_ALLOWED
    assert EnforcementItem.objects.count() == 0


def test_installation_data_without_actor(agency):
    assert replace(None, agency, [item_row("A")], D1).added == ["A"]


def test_row_save_versions_one_row_only(agency, head):
    replace(head, agency, [item_row("A"), item_row("B")], D1)
    report = catalog_row_save(
        actor=head, agency=agency, kind="item", row=item_row("A", remarks="补充"), effective_from=D2
    )
    assert report.changed == ["A"]
    assert report.removed == []
    assert {r.code for r in catalog_rows_in_force(agency, "item", D2)} == {"A", "B"}


def test_law_create_new_version_and_refusals(agency, head):
    args = {
        "name": "测试法",
        "version_label": "2026年",
        "level": "law",
        "issuer": "人大",
        "promulgated_on": D1,
        "effective_from": D2,
        "articles": [{"number": "第一条", "text": "甲"}],
    }
    law = law_create(actor=head, **args)
    assert law.articles.count() == 1
    with pytest.raises(ValidationFailed) as exc:
        law_create(actor=head, **args)
    assert LAW_VERSION_EXISTS.format(name="测试法", version="2026年") in exc.value.message
    plain = user_with_role(Role.OFFICER, agency)
    with pytest.raises(Forbidden) as exc2:
        law_create(actor=plain, **{**args, "version_label": "2027年"})
    assert exc2.value.message == LAW_NOT_ALLOWED
    assert Law.objects.filter(name="测试法").count() == 1

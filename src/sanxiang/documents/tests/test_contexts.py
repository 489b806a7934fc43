"""The field contract of each 文书 kind: what is read from the case, what is refused when missing,
and how money and dates are written."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from sanxiang.cases.models import CaseStep
from sanxiang.cases.states import CaseAction
from sanxiang.cases.tests.factories import TODAY, act, add_record, make_world, register
from sanxiang.cases.tests.walks import apply, benchmarks, checked, decided, publish
from sanxiang.documents.contexts import (
    REGISTRY,
    DocumentFieldMissing,
    all_fields,
    build_context,
    spec_for,
)
from sanxiang.documents.contexts.formatting import (
    cn_date,
    money_figures,
    money_text,
    money_upper,
    remedy_text,
)
from sanxiang.documents.kinds import DocumentKind

A = CaseAction
K = DocumentKind


@pytest.fixture
def world():
    world = make_world()
    publish(world, "benchmark", benchmarks())
    return world


# --- formatting (no database) ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("amount", "expected"),
    [
        ("5000", "伍仟元整"),
        ("3000.00", "叁仟元整"),
        ("1005", "壹仟零伍元整"),
        ("10", "壹拾元整"),
        ("325.04", "叁佰贰拾伍元零肆分"),
        ("0.50", "伍角整"),
        ("0.05", "伍分"),
        ("1000.5", "壹仟元伍角整"),
        ("1680.32", "壹仟陆佰捌拾元叁角贰分"),
        ("100100", "壹拾万零壹佰元整"),
        ("110000", "壹拾壹万元整"),
        ("10000001", "壹仟万零壹元整"),
        ("100010000", "壹亿零壹万元整"),
        ("0", "零元整"),
    ],
)
def test_money_upper_writes_capitals_when_given_amount(amount, expected):
    assert money_upper(Decimal(amount)) == expected


def test_money_text_joins_capitals_and_figures_when_amount_has_thousands():
    assert money_text(Decimal("5000")) == "人民币伍仟元整（¥5,000.00）"
    assert money_figures("1234567.8") == "¥1,234,567.80"
    assert money_text(None) == ""


def test_money_upper_refuses_when_amount_negative():
    with pytest.raises(ValueError, match="negative"):
        money_upper("-1")


def test_cn_date_writes_chinese_style_when_given_date_or_iso_text():
    assert cn_date(dt.date(2026, 3, 11)) == "2026年3月11日"
    assert cn_date("2026-03-01") == "2026年3月1日"
    assert cn_date(None) == ""


def test_remedy_text_names_bodies_when_both_known():
    generic = remedy_text()
    assert "六十日内依法申请行政复议" in generic
    assert "六个月内依法向人民法院提起行政诉讼" in generic
    named = remedy_text("陵川县人民政府", "陵川县人民法院")
    assert "六十日内向陵川县人民政府申请行政复议" in named
    assert "向陵川县人民法院提起行政诉讼" in named
    assert remedy_text("陵川县人民政府", "") == generic


def test_every_kind_declares_a_spec_when_catalogue_loaded():
    for kind in K:
        spec = spec_for(kind)
        assert spec.kind == kind
        keys = [f.key for f in all_fields(kind)]
        assert len(keys) == len(set(keys)), f"{kind}: duplicate field keys"
    assert set(REGISTRY) == set(K)


# --- kinds built from a real case ---------------------------------------------------------------


@pytest.mark.django_db
def test_penalty_decision_reads_party_money_discretion_and_remedies_when_decided(world):
    case = checked(world)
    apply(world, case)
    case = act(world, case, A.ISSUE_NOTICE, fine=Decimal("1500"))
    for action in (A.RECEIVE_STATEMENT, A.SUBMIT_FOR_DECISION):
        case = act(world, case, action)
    case = act(world, case, A.DECIDE, fine=Decimal("1500"))
    values = build_context(kind=K.PENALTY_DECISION, case=case)
    assert values["decision_number"] == "测试局罚决〔2026〕1号"
    assert values["decided_on"] == "2026年3月11日"
    assert values["party_name"] == "某某商贸有限公司"
    assert values["party_identifier"] == "91140524MA0000001X"
    assert values["party_identifier_label"] == "统一社会信用代码"
    assert values["party_address"] == "陵川县崇文街1号"
    assert values["facts"] == "当事人销售超过保质期的食品12件"
    assert values["evidence_summary"] == "现场笔录、询问笔录、照片"
    assert values["evidence"][0]["name"] == "询问笔录（2026年3月11日）"
    assert values["penalty_basis"] == "第一百二十四条"
    assert values["violated_provision"] == "第三十四条"
    assert values["tier_label"] == "从轻处罚"
    assert "第1版" in values["benchmark_version"]
    assert "货值 300 元，当场下架" in values["discretion_explanation"]
    assert "从轻处罚" in values["discretion_explanation"]
    assert values["fine_text"] == "人民币壹仟伍佰元整（¥1,500.00）"
    assert values["penalty_text"] == "警告；罚款人民币壹仟伍佰元整（¥1,500.00）"
    assert "十五日内" in values["payment_text"]
    assert "百分之三" in values["payment_text"]
    assert "六十日" in values["remedy_text"]
    assert "六个月" in values["remedy_text"]
    assert values["correction_order"] == "立即停止销售过期食品"
    assert "陈述、申辩" in values["notice_summary"]
    assert set(values) == {f.key for f in spec_for(K.PENALTY_DECISION).fields}


@pytest.mark.django_db
def test_penalty_decision_explains_with_reasons_when_no_benchmark_applied(world):
    values = build_context(kind=K.PENALTY_DECISION, case=decided(world))
    assert values["tier_label"] == ""
    assert values["discretion_explanation"] == "适用一般裁量阶次"
    assert values["penalty_basis"] == "《中华人民共和国食品安全法》第一百二十四条"


@pytest.mark.django_db
def test_penalty_decision_names_review_body_when_caller_supplies_it(world):
    extra = {"review_body": "陵川县人民政府", "court": "陵川县人民法院"}
    values = build_context(kind=K.PENALTY_DECISION, case=decided(world), extra=extra)
    assert "向陵川县人民政府申请行政复议" in values["remedy_text"]


@pytest.mark.django_db
def test_penalty_decision_refused_naming_the_number_when_not_decided(world):
    case = act(world, checked(world), A.ISSUE_NOTICE)
    with pytest.raises(DocumentFieldMissing) as err:
        build_context(kind=K.PENALTY_DECISION, case=case)
    assert "决定书文号" in err.value.message
    assert "行政处罚决定书" in err.value.message
    assert err.value.code == "document_field_missing"


@pytest.mark.django_db
def test_penalty_decision_refused_naming_the_address_when_party_has_none(world):
    case = decided(world, party_address="")
    with pytest.raises(DocumentFieldMissing) as err:
        build_context(kind=K.PENALTY_DECISION, case=case)
    assert "当事人住所/地址" in err.value.message


@pytest.mark.django_db
def test_interview_record_reads_the_step_and_certificates_when_recorded(world):
    case = register(world)
    for action in (A.SUBMIT_FILING, A.APPROVE_FILING):
        case = act(world, case, action)
    add_record(world, case)
    step = CaseStep.objects.get(case=case, action="record")
    values = build_context(kind=K.INTERVIEW_RECORD, case=case, step=step)
    assert values["persons"] == "张某（店长）"
    assert values["place"] == "当事人经营场所"
    assert values["occurred_on"] == "2026年3月11日"
    assert values["record_text"].startswith("问：你店是否销售过期食品？")
    assert "出示执法证件" in values["certificate_statement"]
    names = [o["name"] for o in values["officers"]]
    assert names == [world.officer.officer.name, world.assistant.officer.name]
    number = world.officer.officer.certificates.get().number
    assert values["officers"][0]["certificate_number"] == number
    assert f"{world.officer.officer.name}（执法证号：{number}）" in values["officers_line"]
    assert values["evidence"] == []


@pytest.mark.django_db
def test_site_record_refused_naming_the_place_when_no_step_given(world):
    case = register(world)
    with pytest.raises(DocumentFieldMissing) as err:
        build_context(kind=K.SITE_RECORD, case=case)
    assert "时间" in err.value.message or "地点" in err.value.message


@pytest.mark.django_db
def test_on_site_decision_reads_summary_procedure_when_decided_on_spot(world):
    case = act(world, act(world, register(world), A.APPLY_SUMMARY), A.DECIDE_ON_SITE)
    values = build_context(kind=K.ON_SITE_DECISION, case=case)
    assert values["decision_number"] == case.decision_number
    assert values["place"] == "崇文街"
    assert values["facts"] == "占道经营"
    assert values["penalty_basis"] == "《某某条例》第十条"
    assert values["fine_text"] == "人民币壹佰元整（¥100.00）"
    assert values["officers_line"]


@pytest.mark.django_db
def test_no_penalty_decision_cites_article_33_when_first_violation(world):
    case = act(world, checked(world), A.ISSUE_NOTICE)
    for action in (A.RECEIVE_STATEMENT, A.SUBMIT_FOR_DECISION, A.DECIDE_NO_PENALTY):
        case = act(world, case, action)
    values = build_context(kind=K.NO_PENALTY_DECISION, case=case)
    assert values["outcome_label"] == "初次违法且危害后果轻微并及时改正"
    assert "第三十三条第一款" in values["legal_basis"]
    assert values["education"] == "已对当事人进行食品安全法律法规教育"
    assert "六十日" in values["remedy_text"]


@pytest.mark.django_db
def test_statement_record_says_waived_when_party_waived(world):
    case = act(world, checked(world), A.ISSUE_NOTICE)
    case = act(world, case, A.RECEIVE_STATEMENT, waived=True, statement="")
    values = build_context(kind=K.STATEMENT_RECORD, case=case)
    assert values["statement"] == "当事人明确表示放弃陈述、申辩的权利"
    assert values["adopted_label"] == ""
    assert values["notice_issued_on"] == cn_date(TODAY)


@pytest.mark.django_db
def test_hearing_notice_and_record_read_schedule_and_chair_when_hearing_held(world):
    from sanxiang.cases.tests.test_hearing import in_hearing, record, schedule

    case = in_hearing(world)
    schedule(world, case)
    notice = build_context(kind=K.HEARING_NOTICE, case=case)
    assert notice["hearing_date"] == "2026年3月30日"
    assert notice["hearing_place"] == "本局听证室"
    assert notice["chair_name"] == world.reviewer.officer.name
    assert notice["requested_on"] == "2026年3月18日"
    assert "责令停产停业" in notice["proposed_penalty"]
    record(world, case)
    step = CaseStep.objects.get(case=case, action="hearing_record")
    values = build_context(kind=K.HEARING_RECORD, case=case, step=step)
    assert values["held_on"] == "2026年3月30日"
    assert values["chair_name"] == world.reviewer.officer.name
    assert values["record_text"].startswith("调查人员陈述事实、证据")
    assert world.officer.officer.name in values["investigators"]


@pytest.mark.django_db
def test_hearing_notice_refused_naming_the_date_when_not_scheduled(world):
    from sanxiang.cases.tests.test_hearing import in_hearing

    with pytest.raises(DocumentFieldMissing) as err:
        build_context(kind=K.HEARING_NOTICE, case=in_hearing(world))
    assert "听证日期" in err.value.message


@pytest.mark.django_db
def test_deliberation_record_reads_minutes_and_decision_when_deliberated(world):
    case = act(world, checked(world, complex_or_major=True), A.ISSUE_NOTICE)
    for action in (A.RECEIVE_STATEMENT, A.SUBMIT_FOR_DECISION, A.SUBMIT_DELIBERATION):
        case = act(world, case, action)
    case = act(world, case, A.DECIDE, deliberation_minutes="局长等5人参加，一致同意")
    step = CaseStep.objects.get(case=case, action="decide")
    values = build_context(
        kind=K.DELIBERATION_RECORD, case=case, step=step, extra={"participants": "局长、副局长"}
    )
    assert values["minutes"] == "局长等5人参加，一致同意"
    assert values["deliberation_reason"] == "情节复杂"
    assert values["conclusion"].startswith("给予行政处罚：警告；罚款人民币叁仟元整")
    assert values["participants"] == "局长、副局长"


@pytest.mark.django_db
def test_payment_reminder_adds_late_fee_when_fine_overdue(world):
    case = decided(world)
    case = act(world, case, A.SERVE)
    extra = {"on": "2026-03-31", "performance_deadline": "2026-04-15", "payment_method": "银行缴款"}
    values = build_context(kind=K.PAYMENT_REMINDER, case=case, extra=extra)
    # Served 3-11, due 3-26; 3-27..3-31 = 5 days × 3% × 3000 = 450.
    assert values["late_fee_text"] == "人民币肆佰伍拾元整（¥450.00）"
    assert values["amount_text"] == "人民币叁仟肆佰伍拾元整（¥3,450.00）"
    assert values["performance_deadline"] == "2026年4月15日"


@pytest.mark.django_db
def test_payment_reminder_refused_naming_the_deadline_when_none_given(world):
    case = act(world, decided(world), A.SERVE)
    with pytest.raises(DocumentFieldMissing) as err:
        build_context(kind=K.PAYMENT_REMINDER, case=case, extra={"on": "2026-03-31"})
    assert "履行期限" in err.value.message


@pytest.mark.django_db
def test_service_receipt_reads_the_latest_service_when_decision_served(world):
    case = act(world, decided(world), A.SERVE)
    values = build_context(kind=K.SERVICE_RECEIPT, case=case)
    assert values["served_document"] == "行政处罚决定书"
    assert values["served_document_number"] == case.decision_number
    assert values["recipient"] == "某某商贸有限公司"
    assert values["method_label"] == "直接送达"
    assert values["served_on"] == "2026年3月11日"


@pytest.mark.django_db
def test_filing_approval_reads_proposal_and_approval_when_filed(world):
    case = register(world)
    for action in (A.SUBMIT_FILING, A.APPROVE_FILING):
        case = act(world, case, action)
    values = build_context(kind=K.FILING_APPROVAL, case=case)
    assert values["source_label"] == "监督检查发现"
    assert values["filing_reason"] == "符合立案条件，建议立案"
    assert values["approval_opinion"] == "同意立案"
    assert values["approver"] == world.unit_head.officer.name
    assert values["case_ref"] == "测试局立〔2026〕1号"


@pytest.mark.django_db
def test_file_index_refused_naming_the_entries_when_no_document_made(world):
    with pytest.raises(DocumentFieldMissing) as err:
        build_context(kind=K.FILE_INDEX, case=decided(world))
    assert "卷内文件" in err.value.message


@pytest.mark.django_db
def test_file_index_lists_generated_documents_with_pages_when_made(world):
    from sanxiang.documents.services import document_generate

    case = decided(world)
    doc = document_generate(
        user=world.officer, case_id=case.pk, kind=K.PENALTY_DECISION, today=TODAY
    )
    values = build_context(kind=K.FILE_INDEX, case=case)
    [entry] = values["entries"]
    assert entry["title"] == "行政处罚决定书"
    assert entry["number"] == case.decision_number
    assert entry["pages"] == ("1" if doc.pages == 1 else f"1–{doc.pages}")

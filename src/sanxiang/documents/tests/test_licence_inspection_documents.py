"""The 行政许可 and 行政检查 文书, made from cases walked through the licensing and inspections
services, rendered to real PDFs (LibreOffice) and read back with pdftotext."""

from __future__ import annotations

import datetime as dt
import subprocess

import pytest

from sanxiang.cases.models import DeadlineKind
from sanxiang.cases.states import CaseAction
from sanxiang.cases.tests.factories import TODAY
from sanxiang.core.errors import ValidationFailed
from sanxiang.documents import rendering
from sanxiang.documents.contexts import DocumentFieldMissing, build_context
from sanxiang.documents.contexts.formatting import cn_date
from sanxiang.documents.default_templates import build_template
from sanxiang.documents.forms import GenerateForm
from sanxiang.documents.kinds import DocumentKind
from sanxiang.documents.services import document_generate
from sanxiang.inspections.tests.factories import checked, inspect
from sanxiang.licensing.services import licence_decision_extend, licence_hearing_rights_notify
from sanxiang.licensing.tests.factories import (
    accepted,
    apply_at_counter,
    lact,
    licence_world,
    to_decision,
)

A = CaseAction
K = DocumentKind
pytestmark = pytest.mark.django_db


def pdf_text(kind: DocumentKind, case, step=None) -> str:
    """The kind's default template filled from the case, as LibreOffice prints it (pdftotext)."""
    values = build_context(kind=kind, case=case, step=step)
    values.update(
        agency_name=case.agency.name,
        document_title=kind.label,
        document_number="",
        case_number=case.number,
        generated_on=cn_date(TODAY),
        qr=rendering.ImageRef(rendering.qr_png("x"), 20),
        verify_url="https://example.invalid/verify/documents/x/",
        signatures=[],
    )
    pdf = rendering.docx_to_pdf(rendering.render_docx(build_template(kind), values))
    out = subprocess.run(
        ["pdftotext", "-layout", "-", "-"], input=pdf, capture_output=True, check=True
    ).stdout.decode()
    return "".join(out.split())  # CJK lines wrap anywhere: compare without whitespace


def squeeze(value: str) -> str:
    return "".join(value.split())


@pytest.fixture
def world():
    return licence_world()


# --- 行政许可 ---------------------------------------------------------------------------------------


def test_art42_acceptance_notice_states_acceptance_day_period_and_last_day(world):
    case = accepted(world)
    clock = case.deadlines.get(kind=DeadlineKind.LICENCE_DECISION)
    text = pdf_text(K.LICENCE_ACCEPTANCE, case)
    assert "受理行政许可申请通知书" in text
    assert "某某建设工程有限公司" in text
    assert "临时占用城市绿化用地审批" in text
    assert "予以受理" in text
    assert cn_date(TODAY) in text
    assert "二十个工作日" in text
    assert cn_date(clock.due_on) in text
    assert "example.invalid/verify/documents/x/" in text


def test_art32_correction_notice_lists_all_items_with_reasons_at_once(world):
    case = apply_at_counter(world)
    case = lact(
        world,
        case,
        A.LICENCE_REQUEST_CORRECTION,
        items=[
            {"name": "营业执照复印件", "reason": "未提交"},
            {"name": "绿地恢复方案", "reason": "缺少恢复期限和树种"},
        ],
    )
    text = pdf_text(K.LICENCE_CORRECTION_NOTICE, case)
    assert "一次性告知" in text
    assert "第三十二条" in text
    assert "营业执照复印件" in text
    assert "未提交" in text
    assert "绿地恢复方案" in text
    assert "缺少恢复期限和树种" in text
    assert "第一次补正告知" in text


def test_refusal_decision_gives_reasons_and_remedies(world):
    case = lact(world, apply_at_counter(world), A.LICENCE_REFUSE)
    text = pdf_text(K.LICENCE_REFUSAL, case)
    assert "不予受理行政许可申请决定书" in text
    assert "申请事项不属于本机关职权范围" in text
    assert "六十日" in text
    assert "六个月" in text


def test_art42_period_notice_gives_extension_reason_and_new_last_day(world):
    case = accepted(world)
    licence_decision_extend(
        user=world.agency_head,
        case_id=case.pk,
        data={"reason": "需要征求规划部门意见", "applicant_notified_on": TODAY},
        today=TODAY,
    )
    clock = case.deadlines.get(kind=DeadlineKind.LICENCE_DECISION)
    text = pdf_text(K.LICENCE_PERIOD_NOTICE, case)
    assert "需要征求规划部门意见" in text
    assert "延长十个工作日" in text
    assert "第四十二条" in text
    assert cn_date(clock.due_on) in text


def test_period_notice_refused_naming_the_matter_when_nothing_extended_or_excluded(world):
    case = accepted(world)
    with pytest.raises(DocumentFieldMissing) as caught:
        build_context(kind=K.LICENCE_PERIOD_NOTICE, case=case)
    assert "延长期限的理由或不计入期限的事项" in caught.value.message
    assert "行政许可期限告知书" in caught.value.message


def test_art47_hearing_notice_tells_the_five_day_right_and_its_last_day(world):
    case = accepted(world)
    licence_hearing_rights_notify(
        user=world.officer,
        case_id=case.pk,
        data={"told": "某某建设工程有限公司；相邻住户王某", "told_on": TODAY},
        today=TODAY,
    )
    clock = case.deadlines.get(kind=DeadlineKind.LICENCE_HEARING_REQUEST)
    text = pdf_text(K.LICENCE_HEARING_NOTICE, case)
    assert "第四十七条" in text
    assert "五日内" in text
    assert cn_date(clock.due_on) in text
    assert "相邻住户王某" in text


def test_art38_grant_decision_and_licence_show_content_validity_and_number(world):
    case = lact(world, to_decision(world), A.LICENCE_GRANT)
    licence = case.licences.get()
    decision = pdf_text(K.LICENCE_GRANT, case)
    assert "准予行政许可决定书" in decision
    assert squeeze(case.decision_number) in decision
    assert "准予临时占用崇文街绿地120平方米" in decision
    assert "临时占用城市绿地许可证" in decision
    valid_to = TODAY + dt.timedelta(days=30)
    assert f"自{cn_date(TODAY)}至{cn_date(valid_to)}" in decision
    assert "十个工作日内颁发、送达" in decision
    certificate = pdf_text(K.LICENCE_CERTIFICATE, case)
    assert squeeze(licence.number) in certificate
    assert "某某建设工程有限公司" in certificate
    assert "91140524MA0000002X" in certificate
    assert f"自{cn_date(TODAY)}至{cn_date(valid_to)}" in certificate
    assert "example.invalid/verify/documents/x/" in certificate


def test_art38_denial_decision_gives_reasons_and_60_day_6_month_remedies(world):
    case = lact(world, to_decision(world), A.LICENCE_DENY)
    text = pdf_text(K.LICENCE_DENIAL, case)
    assert "不予行政许可决定书" in text
    assert squeeze(case.decision_number) in text
    assert "占用绿地面积超过规定上限" in text
    assert "第三十八条第二款" in text
    assert "六十日" in text
    assert "六个月" in text


def test_grant_decision_refused_naming_the_number_when_not_decided(world):
    case = accepted(world)
    with pytest.raises(DocumentFieldMissing) as caught:
        build_context(kind=K.LICENCE_GRANT, case=case)
    assert "决定书文号" in caught.value.message


def test_licence_case_generates_its_signed_certificate_numbered_like_the_licence(world):
    case = lact(world, to_decision(world), A.LICENCE_GRANT)
    doc = document_generate(
        user=world.officer, case_id=case.pk, kind=K.LICENCE_CERTIFICATE, today=TODAY
    )
    assert doc.number == case.licences.get().number
    assert doc.pages >= 1
    assert doc.fields["holder_name"] == "某某建设工程有限公司"


def test_licence_case_refuses_a_penalty_decision_when_asked(world):
    case = lact(world, to_decision(world), A.LICENCE_GRANT)
    with pytest.raises(ValidationFailed) as caught:
        document_generate(user=world.officer, case_id=case.pk, kind=K.PENALTY_DECISION)
    assert caught.value.code == "document_kind_not_for_case"
    assert "行政许可案件不制作《行政处罚决定书》" in caught.value.message


def test_generate_form_offers_each_case_kind_its_own_documents():
    licence = {v for v, _ in GenerateForm(case_kind="licence").fields["kind"].choices}
    inspection = {v for v, _ in GenerateForm(case_kind="inspection").fields["kind"].choices}
    penalty = {v for v, _ in GenerateForm(case_kind="penalty").fields["kind"].choices}
    assert {K.LICENCE_GRANT, K.LICENCE_CERTIFICATE, K.LICENCE_CORRECTION_NOTICE} <= licence
    assert K.PENALTY_DECISION not in licence
    assert K.INSPECTION_RECORD not in licence
    assert {K.INSPECTION_RECORD, K.CORRECTION_ORDER, K.INSPECTION_RESULT} <= inspection
    assert K.PENALTY_NOTICE not in inspection
    assert K.LICENCE_GRANT not in inspection
    assert K.PENALTY_DECISION in penalty
    assert K.LICENCE_GRANT not in penalty


# --- 行政检查 ---------------------------------------------------------------------------------------


def test_inspection_record_shows_inspectors_certificates_items_and_findings(world):
    case = checked(world)
    step = case.steps.get(action="inspection_record")
    text = pdf_text(K.INSPECTION_RECORD, case, step)
    assert "现场检查笔录" in text
    assert "陵川县崇文街8号经营场所" in text
    assert "某某超市有限公司" in text
    for officer in (world.officer.officer, world.assistant.officer):
        cert = officer.certificates.get()
        assert f"{officer.name}（执法证号：{cert.number}）" in text
    assert "从业人员健康证明" in text
    assert "进货查验记录" in text
    assert "货架上有3件超过保质期的预包装食品" in text
    assert "出示执法证件" in text
    assert "李某（店长）" in text


def test_inspection_record_refused_naming_the_place_when_no_step_recorded(world):
    from sanxiang.inspections.tests.factories import open_inspection

    case = open_inspection(world)
    with pytest.raises(DocumentFieldMissing) as caught:
        build_context(kind=K.INSPECTION_RECORD, case=case)
    assert "检查时间" in caught.value.message


def test_correction_order_states_what_by_when_basis_and_consequence(world):
    case = inspect(world, checked(world), "inspection_order_correction")
    text = pdf_text(K.CORRECTION_ORDER, case)
    assert "责令改正通知书" in text
    assert "立即下架过期食品，建立进货查验记录" in text
    assert "《中华人民共和国食品安全法》第五十三条" in text
    assert cn_date(case.inspection.correction_due_on) in text
    assert "逾期不改正" in text


def test_inspection_result_notice_states_the_result(world):
    case = inspect(world, checked(world), "inspection_pass")
    text = pdf_text(K.INSPECTION_RESULT, case)
    assert "检查结果告知书" in text
    assert "未发现违法违规问题" in text
    assert "某某超市有限公司" in text
    assert "将依法向社会公开" in text

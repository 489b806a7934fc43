"""The packaged default templates: built reproducibly, using only (and every required one of) the
names their kind declares, and rendering real PDFs through LibreOffice."""

from __future__ import annotations

import io
import zipfile

import docx as python_docx
import pytest
from pypdf import PdfReader

from sanxiang.cases.models import CaseStep
from sanxiang.cases.services import measure_apply, measure_release
from sanxiang.cases.states import CaseAction
from sanxiang.cases.tests.factories import TODAY, act, add_record, make_world, register
from sanxiang.cases.tests.walks import apply, benchmarks, checked, publish
from sanxiang.documents import rendering
from sanxiang.documents.contexts import all_fields, build_context
from sanxiang.documents.default_layouts import LAYOUTS
from sanxiang.documents.default_templates import build_template, template_path
from sanxiang.documents.kinds import DocumentKind

A = CaseAction
K = DocumentKind
FONT = "Noto Serif CJK SC"


@pytest.mark.parametrize("kind", list(K))
def test_template_uses_only_declared_fields_when_built(kind):
    docx = build_template(kind)
    used = rendering.template_fields(docx)
    fields = all_fields(kind)
    declared = {f.key for f in fields}
    assert used <= declared, f"undeclared: {used - declared}"
    required = {f.key for f in fields if f.required}
    assert required <= used, f"required but unused: {required - used}"


@pytest.mark.parametrize("kind", list(K))
def test_packaged_template_matches_builder_when_committed(kind):
    path = template_path(kind)
    assert path.exists(), f"run python -m sanxiang.documents.default_templates ({path.name})"
    # Entry by entry (names, dates, contents; not the deflated bytes, which belong to the zlib
    # in use): a layout changed without rebuilding the packaged templates is caught.
    assert _entries(path.read_bytes()) == _entries(build_template(kind)), f"rebuild {path.name}"


def _entries(package: bytes) -> list[tuple[str, tuple[int, ...], bytes]]:
    with zipfile.ZipFile(io.BytesIO(package)) as z:
        return [(e.filename, e.date_time, z.read(e)) for e in z.infolist()]


def test_template_builds_to_the_same_bytes_every_time():
    assert build_template(K.PENALTY_DECISION) == build_template(K.PENALTY_DECISION)


def test_template_sets_a4_margins_and_chinese_font_when_built():
    docx = build_template(K.PENALTY_DECISION)
    section = python_docx.Document(io.BytesIO(docx)).sections[0]
    mm = 36000  # EMU per millimetre
    assert (round(section.page_width / mm), round(section.page_height / mm)) == (210, 297)
    assert round(section.top_margin / mm) == 37
    assert round(section.bottom_margin / mm) == 35
    assert round(section.left_margin / mm) == 28
    assert round(section.right_margin / mm) == 26
    styles = zipfile.ZipFile(io.BytesIO(docx)).read("word/styles.xml").decode()
    assert f'w:eastAsia="{FONT}"' in styles
    assert 'w:eastAsia="zh-CN"' in styles


# --- rendered through LibreOffice ----------------------------------------------------------------


def common(kind: DocumentKind) -> dict[str, object]:
    return {
        "agency_name": "陵川县测试执法局",
        "document_title": kind.label,
        "document_number": "",
        "case_number": "测试局立〔2026〕1号",
        "generated_on": "2026年3月11日",
        "qr": rendering.ImageRef(rendering.qr_png("x"), 20),
        "verify_url": "https://example.invalid/verify/documents/x/",
        "signatures": [
            {
                "role_label": "当事人",
                "name": "张某",
                "image": "",
                "refused": True,
                "refusal_note": "当事人拒绝签名，由见证人李某见证",
            }
        ],
    }


def pdf_text(kind: DocumentKind, values: dict[str, object]) -> str:
    docx = rendering.render_docx(build_template(kind), {**values, **common(kind)})
    pdf = rendering.docx_to_pdf(docx)
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)
    return "".join(text.split())  # CJK lines wrap anywhere: compare without whitespace


@pytest.mark.django_db
def test_penalty_decision_pdf_shows_party_amount_and_remedies_when_rendered():
    world = make_world()
    publish(world, "benchmark", benchmarks())
    case = checked(world)
    apply(world, case)
    case = act(world, case, A.ISSUE_NOTICE, fine="1500")
    for action in (A.RECEIVE_STATEMENT, A.SUBMIT_FOR_DECISION):
        case = act(world, case, action)
    case = act(world, case, A.DECIDE, fine="1500")
    text = pdf_text(K.PENALTY_DECISION, build_context(kind=K.PENALTY_DECISION, case=case))
    assert "行政处罚决定书" in text
    assert "测试局罚决〔2026〕1号" in text
    assert "某某商贸有限公司" in text
    assert "91140524MA0000001X" in text
    assert "人民币壹仟伍佰元整（¥1,500.00）" in text
    assert "六十日" in text
    assert "六个月" in text
    assert "从轻处罚" in text
    assert "2026年3月11日" in text
    assert "example.invalid/verify/documents/x/" in text
    assert "当事人拒绝签名，由见证人李某见证" in text


@pytest.mark.django_db
def test_interview_record_pdf_shows_text_and_certificate_numbers_when_rendered():
    world = make_world()
    case = register(world)
    for action in (A.SUBMIT_FILING, A.APPROVE_FILING):
        case = act(world, case, action)
    add_record(world, case)
    step = CaseStep.objects.get(case=case, action="record")
    values = build_context(kind=K.INTERVIEW_RECORD, case=case, step=step)
    text = pdf_text(K.INTERVIEW_RECORD, values)
    assert "询问笔录" in text
    assert "张某（店长）" in text
    assert "问：你店是否销售过期食品？答：是的。" in text
    assert world.officer.officer.certificates.get().number in text
    assert "申请回避" in text


def test_layouts_cover_every_kind_when_loaded():
    assert set(LAYOUTS) == set(K)


# --- every kind fills from one walked case (DOCX only: no conversion) ---------------------------


def measure(world, case, kind):
    payload = {
        "kind": kind,
        "items": [{"name": "过期乳制品", "spec": "250ml/盒", "quantity": "12", "unit": "盒"}],
        "place": "当事人经营场所仓库",
        "reason": "涉嫌销售超过保质期的食品，依据《食品安全法》第一百一十条",
        "officer_ids": [world.officer.officer.pk, world.assistant.officer.pk],
        "certificate_shown": True,
        "party_present": True,
        "rights_explained": True,
        "site_record": "执法人员出示证件，当场清点物品并制作清单",
        "signed_by_party": True,
        "handed_over": True,
    }
    return measure_apply(user=world.unit_head, case_id=case.pk, payload=payload, today=TODAY)


def docx_text(docx: bytes) -> str:
    doc = python_docx.Document(io.BytesIO(docx))
    cells = [c.text for t in doc.tables for r in t.rows for c in r.cells]
    return "\n".join([p.text for p in doc.paragraphs] + cells)


WALKED = {
    K.FILING_APPROVAL: ({}, "同意立案"),
    K.SITE_RECORD: ({}, "当场清点物品"),
    K.INTERVIEW_RECORD: ({}, "你店是否销售过期食品"),
    K.EVIDENCE_PRESERVATION_NOTICE: ({}, "第五十六条"),
    K.SEIZURE_DECISION: ({}, "扣押期限自2026年3月11日起至2026年4月10日止"),
    K.SEIZURE_LIST: ({}, "过期乳制品"),
    K.INVESTIGATION_REPORT: ({}, "建议给予警告并处罚款"),
    K.PENALTY_NOTICE: ({}, "五个工作日内（即2026年3月18日前）"),
    K.STATEMENT_RECORD: ({}, "初次违法，已下架"),
    K.PENALTY_DECISION: ({}, "人民币叁仟元整（¥3,000.00）"),
    K.SERVICE_ADDRESS_CONFIRMATION: (
        {"electronic_channel": "电子邮件", "electronic_address": "party@example.invalid"},
        "同意本机关采用电子邮件方式送达",
    ),
    K.SERVICE_RECEIPT: ({"witness": "李某"}, "直接送达"),
    K.PAYMENT_REMINDER: (
        {"on": "2026-03-31", "performance_deadline": "2026-04-15", "payment_method": "银行缴款"},
        "人民币叁仟肆佰伍拾元整（¥3,450.00）",
    ),
    K.CLOSING_APPROVAL: ({"summary": "拟结案"}, "拟结案"),
    K.FILE_COVER: ({"archive_number": "2026-永久-009"}, "2026-永久-009"),
    K.FILE_INDEX: (
        {"entries": [{"title": "行政处罚决定书", "number": "X", "date": "d", "pages": "1–2"}]},
        "1–2",
    ),
}


@pytest.mark.django_db
def test_every_walked_kind_renders_without_blanks_when_case_served():
    world = make_world()
    case = register(world)
    for action in (A.SUBMIT_FILING, A.APPROVE_FILING):
        case = act(world, case, action)
    add_record(world, case)
    for kind in ("preservation", "seizure"):
        taken = measure(world, case, kind)
        release = {"reason": "已检验完毕", "returned": True}
        measure_release(
            user=world.unit_head, case_id=case.pk, measure_id=taken.pk, payload=release, today=TODAY
        )
    for action in (A.CONCLUDE_INVESTIGATION, A.SUBMIT_CHECK, A.ISSUE_NOTICE):
        case = act(world, case, action)
    for action in (A.RECEIVE_STATEMENT, A.SUBMIT_FOR_DECISION, A.DECIDE, A.SERVE):
        case = act(world, case, action)
    steps = {
        K.SITE_RECORD: case.steps.filter(action="measure_apply").last(),
        K.INTERVIEW_RECORD: case.steps.get(action="record"),
        K.STATEMENT_RECORD: case.steps.get(action="receive_statement"),
    }
    for kind, (extra, expected) in WALKED.items():
        values = build_context(kind=kind, case=case, step=steps.get(kind), extra=extra)
        text = docx_text(rendering.render_docx(build_template(kind), {**values, **common(kind)}))
        assert "None" not in text, kind
        assert expected in text, kind
        assert "某某商贸有限公司" in text or kind == K.FILE_INDEX, kind

"""法制审核意见书 (处罚法 §58): generated through documents.services.document_generate from the
case's opinion, signed and ledgered like every 文书, and part of the 电子案卷."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from sanxiang.cases.tests.factories import TODAY, make_world
from sanxiang.cases.tests.walks import publish
from sanxiang.core.models import AuditEvent
from sanxiang.documents.contexts import DocumentFieldMissing, build_context
from sanxiang.documents.kinds import DocumentKind
from sanxiang.documents.models import Document
from sanxiang.documents.services import document_generate
from sanxiang.documents.services_casefile import casefile_pdf
from sanxiang.evidence.services import blob_read
from sanxiang.legal_review.services import review_submit
from sanxiang.legal_review.services_external import external_invite, external_opinion_record
from sanxiang.legal_review.tests.walks import (
    MAJOR_FINE_RULES,
    opine,
    routed_to_review,
    submit_and_assign,
)

K = DocumentKind
pytestmark = pytest.mark.django_db
QUALIFICATION = "A20201100000001"  # walks.qualify's default


@pytest.fixture(autouse=True)
def document_keys(settings, tmp_path) -> Path:
    settings.SANXIANG_DOCUMENT_KEY_DIR = tmp_path / "document-keys"
    return tmp_path / "document-keys"


@pytest.fixture
def world():
    world = make_world()
    publish(world, "major_decision", MAJOR_FINE_RULES)
    return world


def pdftotext(pdf: bytes, tmp_path: Path) -> str:
    path = tmp_path / "doc.pdf"
    path.write_bytes(pdf)
    out = subprocess.run(  # noqa: S603 — a fixed local binary on a file we wrote
        ["/usr/bin/pdftotext", "-enc", "UTF-8", str(path), "-"],
        capture_output=True,
        check=True,
    ).stdout.decode()
    return "".join(out.split())  # CJK lines wrap anywhere: compare without whitespace


def assigned(world, case=None):
    return submit_and_assign(
        case or routed_to_review(world),
        submitter=world.officer,
        head=world.agency_head,
        reviewer=world.reviewer,
    )


def modified_then_agreed(world):
    """Version 1: 建议修改 on 裁量基准 with a 法律顾问's opinion; version 2: 同意."""
    first = assigned(world)
    adviser = external_invite(
        user=world.reviewer,
        submission_id=first.pk,
        payload={
            "adviser_name": "王律师",
            "adviser_role": "legal_adviser",
            "organisation": "山西某某律师事务所",
        },
        today=TODAY,
    )
    external_opinion_record(
        user=world.reviewer,
        external_id=adviser.pk,
        payload={"conclusion": "modify", "opinion": "罚款幅度宜说明理由", "given_on": TODAY},
        today=TODAY,
    )
    opine(
        first,
        world.reviewer,
        conclusion="modify",
        comment="请在决定书中补充裁量理由后重新送审",
        discretion="未说明适用一般阶次的理由",
    )
    second = assigned(world, first.case)
    opine(second, world.reviewer)
    return first, second


def test_article_58_review_opinion_pdf_carries_the_findings_and_the_conclusion(world, tmp_path):
    first, _ = modified_then_agreed(world)
    doc = document_generate(
        user=world.officer,
        case_id=first.case_id,
        kind=K.REVIEW_OPINION,
        extra={"version": "1"},
        today=TODAY,
    )
    text = pdftotext(blob_read(doc.pdf), tmp_path)
    assert "法制审核意见书" in text
    assert doc.number == "测试局法审〔2026〕1号"
    assert doc.number in text
    assert "销售过期食品案" in text
    assert "某某商贸有限公司" in text
    assert "第1次送审" in text
    assert "2026年3月11日" in text
    assert "对法人处以较大数额罚款" in text  # the 目录清单 rule that routed it
    assert "拟给予警告；罚款人民币陆仟元整（¥6,000.00）" in text
    for label in ("主体合法与执法人员资格", "程序合法", "是否涉嫌犯罪需移送"):
        assert label in text
    assert "存在问题" in text
    assert "未说明适用一般阶次的理由" in text
    assert "审核结论：建议修改" in text
    assert "请在决定书中补充裁量理由后重新送审" in text
    assert "法律顾问王律师（山西某某律师事务所）：建议修改。罚款幅度宜说明理由" in text
    assert world.reviewer.officer.name in text
    assert QUALIFICATION in text
    generated = AuditEvent.objects.get(event="documents.document.generated")
    assert generated.new["kind"] == "review_opinion"
    assert generated.new["number"] == doc.number


def test_review_opinion_defaults_to_the_latest_opinion_and_numbers_each_opinion(world):
    first, second = modified_then_agreed(world)
    values = build_context(kind=K.REVIEW_OPINION, case=second.case)
    assert values["submission_version"] == "2"
    assert values["conclusion"] == "同意"
    assert values["opinion_number"] == "测试局法审〔2026〕2号"
    assert [f["result_label"] for f in values["findings"]] == ["符合"] * 9
    assert values["externals"] == []  # the adviser was on version 1
    older = build_context(kind=K.REVIEW_OPINION, case=first.case, extra={"version": "1"})
    assert older["opinion_number"] == "测试局法审〔2026〕1号"
    assert len(older["externals"]) == 1


def test_review_opinion_refused_with_a_clear_error_when_no_opinion_is_recorded(world):
    case = routed_to_review(world)
    with pytest.raises(DocumentFieldMissing) as err:
        document_generate(user=world.officer, case_id=case.pk, kind=K.REVIEW_OPINION, today=TODAY)
    assert err.value.code == "document_field_missing"
    assert "尚无法制审核人员出具的审核意见" in err.value.message
    assert err.value.extra["field"] == "conclusion"
    review_submit(user=world.officer, case_id=case.pk, today=TODAY)  # submitted, not yet opined
    with pytest.raises(DocumentFieldMissing):
        document_generate(user=world.officer, case_id=case.pk, kind=K.REVIEW_OPINION, today=TODAY)
    with pytest.raises(DocumentFieldMissing) as err:
        build_context(kind=K.REVIEW_OPINION, case=case, extra={"version": "7"})
    assert "第7次送审" in err.value.message
    assert not Document.objects.exists()


def test_review_opinion_is_part_of_the_electronic_case_file(world, tmp_path):
    submission = assigned(world)
    opine(submission, world.reviewer)
    document_generate(
        user=world.officer, case_id=submission.case_id, kind=K.REVIEW_OPINION, today=TODAY
    )
    text = pdftotext(casefile_pdf(user=world.officer, case_id=submission.case_id), tmp_path)
    assert "卷内目录" in text
    assert text.count("法制审核意见书") >= 2  # in the index and as the document itself
    assert "测试局法审〔2026〕1号" in text
    assert "审核结论：同意" in text

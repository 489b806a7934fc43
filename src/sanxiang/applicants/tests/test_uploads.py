"""applicant_upload: size and type limits decided by the bytes; sealed like evidence."""

from __future__ import annotations

import pytest

from sanxiang.applicants.models import ApplicantUpload
from sanxiang.applicants.services.uploads import MAX_UPLOAD_BYTES, applicant_upload, uploads_owned
from sanxiang.applicants.tests.factories import PDF_BYTES, jpeg_bytes, make_applicant, zip_bytes
from sanxiang.core.errors import NotFound, ValidationFailed
from sanxiang.evidence.integrity import check_items_sealed
from sanxiang.ledger.models import LedgerEntry
from sanxiang.organisations.tests.factories import AgencyFactory, user_with_role

pytestmark = pytest.mark.django_db


def test_pdf_upload_sealed_as_applicant_item_without_officer():
    agency = AgencyFactory()
    user = make_applicant()
    upload = applicant_upload(
        user=user, agency_id=agency.pk, filename="申请书.pdf", data=PDF_BYTES, purpose="申请书"
    )
    item = upload.item
    assert item.officer is None
    assert item.agency == agency
    assert item.blob.media_type == "application/pdf"
    assert item.activity == "申请人网上提交"
    entry = LedgerEntry.objects.get(kind="evidence.item.sealed")
    assert '"submitted_by":"party"' in entry.entry.replace(" ", "")
    assert list(check_items_sealed()) == []  # `sanxiang verify` matches it to its ledger entry


def test_jpeg_upload_accepted():
    upload = applicant_upload(
        user=make_applicant(), agency_id=AgencyFactory().pk, filename="照片.JPG", data=jpeg_bytes()
    )
    assert upload.item.blob.media_type == "image/jpeg"


def test_renamed_word_file_refused_with_clear_message():
    with pytest.raises(ValidationFailed) as exc:
        applicant_upload(
            user=make_applicant(),
            agency_id=AgencyFactory().pk,
            filename="营业执照.pdf",
            data=zip_bytes(),
        )
    assert exc.value.code == "upload_renamed"
    assert "扩展名与内容不符" in exc.value.message
    assert "Word 文档" in exc.value.message
    assert not ApplicantUpload.objects.exists()


def test_pdf_renamed_to_jpg_refused():
    with pytest.raises(ValidationFailed) as exc:
        applicant_upload(
            user=make_applicant(), agency_id=AgencyFactory().pk, filename="照片.jpg", data=PDF_BYTES
        )
    assert exc.value.code == "upload_renamed"
    assert "PDF" in exc.value.message


def test_other_types_refused():
    with pytest.raises(ValidationFailed) as exc:
        applicant_upload(
            user=make_applicant(),
            agency_id=AgencyFactory().pk,
            filename="说明.txt",
            data=b"hello world\n",
        )
    assert exc.value.code == "upload_type_refused"
    assert "只接受 PDF、JPEG 或 PNG" in exc.value.message


def test_too_large_and_empty_refused():
    user, agency = make_applicant(), AgencyFactory()
    big = PDF_BYTES + b"0" * MAX_UPLOAD_BYTES
    with pytest.raises(ValidationFailed) as exc:
        applicant_upload(user=user, agency_id=agency.pk, filename="大.pdf", data=big)
    assert exc.value.code == "upload_too_large"
    with pytest.raises(ValidationFailed) as exc:
        applicant_upload(user=user, agency_id=agency.pk, filename="空.pdf", data=b"")
    assert exc.value.code == "upload_empty"


def test_staff_cannot_upload_through_the_applicant_path():
    agency = AgencyFactory()
    with pytest.raises(NotFound):
        applicant_upload(
            user=user_with_role(agency=agency),
            agency_id=agency.pk,
            filename="a.pdf",
            data=PDF_BYTES,
        )


def test_only_own_uploads_may_be_attached():
    agency = AgencyFactory()
    alice, bob = make_applicant(), make_applicant()
    mine = applicant_upload(user=alice, agency_id=agency.pk, filename="a.pdf", data=PDF_BYTES)
    assert uploads_owned(user=alice, item_ids=[str(mine.item_id)], agency_id=agency.pk) == [mine]
    with pytest.raises(ValidationFailed) as exc:
        uploads_owned(user=bob, item_ids=[str(mine.item_id)], agency_id=agency.pk)
    assert exc.value.code == "upload_not_own"
    with pytest.raises(ValidationFailed):
        uploads_owned(user=alice, item_ids=[str(mine.item_id)], agency_id=AgencyFactory().pk)

"""`sanxiang verify`: applicants rows written outside the services are reported."""

from __future__ import annotations

import pytest

from sanxiang.applicants.integrity import check_rows_audited
from sanxiang.applicants.models import ApplicantProfile
from sanxiang.applicants.tests.factories import make_applicant, person_profile

pytestmark = pytest.mark.django_db


def test_rows_written_by_services_pass_and_a_bypassing_row_is_reported():
    make_applicant(consent=True)
    assert list(check_rows_audited()) == []
    from django.contrib.auth import get_user_model

    sneaky = get_user_model().objects.create_user(username="sneaky", password="x")
    row = ApplicantProfile.objects.create(user=sneaky, **person_profile())
    found = list(check_rows_audited())
    assert [d.code for d in found] == ["row_not_audited"]
    assert str(row.pk) in found[0].message

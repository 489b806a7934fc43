"""The workbench leads staff to every kind of matter; the public header to the public registers."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from sanxiang.organisations.models import Role
from sanxiang.organisations.tests.factories import AgencyFactory, user_with_role

pytestmark = pytest.mark.django_db


def test_workbench_links_licensing_inspections_and_spot_checks_for_staff():
    client = Client()
    client.force_login(user_with_role(Role.OFFICER, AgencyFactory()))
    body = client.get(reverse("accounts:home")).content.decode()
    for name in ("licensing:home", "inspections:list", "spotchecks:home", "cases:list"):
        assert f'href="{reverse(name)}"' in body


def test_public_header_links_the_licence_register_draws_and_applicant_service():
    body = Client().get(reverse("disclosure:home")).content.decode()
    for name in ("licensing_public:register", "spotchecks_public:list", "applicants:home"):
        assert f'href="{reverse(name)}"' in body

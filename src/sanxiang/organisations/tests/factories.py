"""Factories for agencies, officers, certificates and accounts (factory_boy).

USCCs are generated with a correct GB 32100 check character so services accept them.
"""

from __future__ import annotations

import datetime as dt
import itertools

import factory
from django.contrib.auth import get_user_model

from sanxiang.organisations.codes import uscc_check_character
from sanxiang.organisations.models import (
    Agency,
    Certificate,
    EnforcementField,
    Officer,
    Region,
    Role,
    RoleAssignment,
    SubjectType,
    Unit,
)

_serial = itertools.count(1)


def make_uscc(region: str = "140524") -> str:
    body = f"11{region}MA{next(_serial):07d}"[:17]
    body = body.replace("I", "J").replace("O", "P")
    return body + uscc_check_character(body)


class RegionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Region
        django_get_or_create = ("code",)

    code = "140524"
    name = "陵川县"


class FieldFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = EnforcementField
        django_get_or_create = ("code",)

    code = "forestry"
    name = "林业"


class AgencyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Agency

    name = factory.Sequence(lambda n: f"测试县第{n}执法局")
    uscc = factory.LazyFunction(make_uscc)
    subject_type = SubjectType.STATUTORY
    region = factory.SubFactory(RegionFactory)
    legal_basis = "《中华人民共和国森林法》第六十七条"
    supervision_channels = "监督电话 12345"
    remedy_channels = "行政复议、行政诉讼"


class SupervisoryAgencyFactory(AgencyFactory):
    name = factory.Sequence(lambda n: f"测试县第{n}司法局")
    is_supervisory = True


class UnitFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Unit

    agency = factory.SubFactory(AgencyFactory)
    name = factory.Sequence(lambda n: f"执法{n}股")


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    first_name = factory.Sequence(lambda n: f"用户{n}")
    password = factory.PostGenerationMethodCall("set_password", "Sanxiang-Test-2026")

    @factory.post_generation
    def _save(obj, create, extracted, **kwargs):  # noqa: N805
        if create:
            obj.save()


class OfficerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Officer

    agency = factory.SubFactory(AgencyFactory)
    name = factory.Sequence(lambda n: f"执法员{n}")
    title = "科员"


class CertificateFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Certificate
        skip_postgeneration_save = True

    officer = factory.SubFactory(OfficerFactory)
    number = factory.Sequence(lambda n: f"14052400{n:04d}")
    issuing_body = "山西省人民政府"
    valid_from = dt.date(2024, 1, 1)
    valid_to = dt.date(2029, 12, 31)

    @factory.post_generation
    def fields(obj, create, extracted, **kwargs):  # noqa: N805
        if create:
            obj.fields.set(extracted or [FieldFactory()])


def grant(user, role: str, agency: Agency) -> RoleAssignment:
    """Direct grant for test setup (bypasses the security-admin check, not the constraints)."""
    return RoleAssignment.objects.create(user=user, role=role, agency=agency)


def user_with_role(role: str = Role.OFFICER, agency: Agency | None = None, **kwargs) -> object:
    agency = agency or AgencyFactory()
    user = UserFactory(**kwargs)
    grant(user, role, agency)
    if role not in (Role.SYSTEM_ADMIN, Role.SECURITY_ADMIN, Role.AUDIT_ADMIN, Role.SUPERVISOR):
        OfficerFactory(agency=agency, user=user, name=user.first_name)
    return user

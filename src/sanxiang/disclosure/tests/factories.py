"""Portal test data: catalog rows created directly (not through catalog services).

`changzhi_garden_bureau()` builds 长治市园林局 with the 3 licences and 5 penalties that seed
001 "二、主要任务" lists, a 司法局 supervising it, and one certified officer.
"""

from __future__ import annotations

import datetime as dt
import itertools
from decimal import Decimal

import factory

from sanxiang.catalog.models import (
    DiscretionBenchmark,
    DiscretionTier,
    EnforcementItem,
    HearingThreshold,
    ItemCategory,
    Law,
    LawArticle,
    LawLevel,
    MajorDecisionRule,
    RecordingLevel,
    RecordingRequirement,
    ServiceGuide,
    SpotCheckItem,
    TierKind,
)
from sanxiang.organisations.models import Agency, EnforcementField, Officer, Region
from sanxiang.organisations.tests.factories import (
    AgencyFactory,
    CertificateFactory,
    OfficerFactory,
    SupervisoryAgencyFactory,
    UnitFactory,
)

START = dt.date(2020, 1, 1)
_codes = itertools.count(1)


class LawFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Law
        django_get_or_create = ("name", "version_label")

    name = "城市绿化条例"
    version_label = "2017年修订"
    level = LawLevel.ADMIN_REGULATION
    issuer = "国务院"
    effective_from = dt.date(2017, 3, 1)


class LawArticleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = LawArticle
        django_get_or_create = ("law", "number")

    law = factory.SubFactory(LawFactory)
    number = "第二十七条"
    text = "违反本条例规定，有下列行为之一的，由城市人民政府城市绿化行政主管部门责令停止侵害……"


class ItemFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = EnforcementItem
        skip_postgeneration_save = True

    agency = factory.SubFactory(AgencyFactory)
    code = factory.LazyFunction(lambda: f"CF-{next(_codes):04d}")
    name = factory.Sequence(lambda n: f"测试处罚事项{n}")
    category = ItemCategory.PENALTY
    legal_basis_text = "《城市绿化条例》第二十七条"
    effective_from = START

    @factory.post_generation
    def articles(obj, create, extracted, **kwargs):  # noqa: N805
        if create and extracted:
            obj.legal_basis.set(extracted)


class BenchmarkFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = DiscretionBenchmark

    agency = factory.SubFactory(AgencyFactory)
    code = factory.LazyFunction(lambda: f"BM-{next(_codes):04d}")
    item_code = "CF-0001"
    violation = factory.Sequence(lambda n: f"擅自占用城市绿地行为{n}")
    violated_provision = "《城市绿化条例》第二十条"
    penalty_basis = "《城市绿化条例》第二十七条"
    effective_from = START


def add_tiers(benchmark: DiscretionBenchmark) -> list[DiscretionTier]:
    return [
        DiscretionTier.objects.create(
            benchmark=benchmark,
            kind=TierKind.LENIENT,
            position=1,
            conditions="占用面积不足10平方米，及时改正",
            fine_min=Decimal("500"),
            fine_max=Decimal("2000"),
        ),
        DiscretionTier.objects.create(
            benchmark=benchmark,
            kind=TierKind.SEVERE,
            position=2,
            conditions="拒不改正",
            multiple_min=Decimal("1"),
            multiple_max=Decimal("3"),
            multiple_base="违法所得",
        ),
    ]


class SpotCheckFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SpotCheckItem

    agency = factory.SubFactory(AgencyFactory)
    code = factory.LazyFunction(lambda: f"SC-{next(_codes):04d}")
    name = factory.Sequence(lambda n: f"城市绿地保护情况检查{n}")
    target = "绿化工程建设单位"
    content = "是否擅自占用城市绿地"
    basis = "《城市绿化条例》"
    method = "现场检查"
    ratio = "5%"
    frequency = "每年一次"
    effective_from = START


class RecordingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = RecordingRequirement

    agency = factory.SubFactory(AgencyFactory)
    code = factory.LazyFunction(lambda: f"RR-{next(_codes):04d}")
    activity = factory.Sequence(lambda n: f"现场检查{n}")
    level = RecordingLevel.REQUIRED
    basis = "《长治市行政执法全过程记录制度》"
    effective_from = START


class MajorRuleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = MajorDecisionRule

    agency = factory.SubFactory(AgencyFactory)
    code = factory.LazyFunction(lambda: f"MD-{next(_codes):04d}")
    name = factory.Sequence(lambda n: f"较大数额罚款{n}")
    fine_threshold = Decimal("10000")
    basis = "《行政处罚法》第五十八条"
    effective_from = START


class HearingThresholdFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = HearingThreshold

    agency = factory.SubFactory(AgencyFactory)
    code = factory.LazyFunction(lambda: f"TZ-{next(_codes):04d}")
    party_kind = "organisation"
    fine_threshold = Decimal("100000")
    basis = "《行政处罚法》第六十三条"
    effective_from = START


class GuideFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ServiceGuide

    agency = factory.SubFactory(AgencyFactory)
    code = factory.LazyFunction(lambda: f"SG-{next(_codes):04d}")
    item_code = "XK-0001"
    name = factory.Sequence(lambda n: f"城市树木移植许可{n}")
    basis = "《城市绿化条例》第二十条"
    accepting_body = "行政审批科"
    approving_body = "市园林局"
    conditions = "具备移植方案"
    preferential_policies = "无"
    materials = "申请书；移植方案"
    procedure = "受理—审查—决定—送达"
    time_limit = "20个工作日"
    fees = "不收费"
    supervision = "监督电话 0355-1234567"
    accountability = "依法追究责任"
    remedy = "行政复议、行政诉讼"
    office_hours = "工作日 8:30-12:00，14:30-17:30"
    office_address = "长治市英雄中路1号"
    office_phone = "0355-7654321"
    effective_from = START


LICENCES = [
    "建设项目绿化意见书（含临时占用城市绿地许可、城市树木移植许可、城市树木砍伐许可）",
    "改变绿化规划、绿化用地的使用性质审批",
    "迁移城市古树名木审批",
]
PENALTIES = [
    "擅自侵占城市绿地的处罚",
    "损坏城市绿化及其设施的处罚",
    "擅自修剪、移植树木的处罚",
    "未经同意在公共绿地内开设商业、服务网点的处罚",
    "不服从公共绿地管理单位管理的商业、服务摊点的处罚",
]
PRIVATE_PHONE = "13912345678"
PRIVATE_QUALIFICATION = "A20191400000123"
PRIVATE_STAFF_NUMBER = "GH-998877"


def changzhi_garden_bureau() -> Agency:
    """长治市园林局 as seed 001 describes it, with one row of every public list."""
    region, _ = Region.objects.get_or_create(code="140400", defaults={"name": "长治市"})
    garden, _ = EnforcementField.objects.get_or_create(code="landscape", name="园林绿化")
    justice = SupervisoryAgencyFactory(name="长治市司法局", region=region)
    agency = AgencyFactory(
        name="长治市园林局",
        region=region,
        supervising_agency=justice,
        responsibilities="负责全市城市园林绿化管理",
        address="长治市英雄中路1号",
        phone="0355-2020202",
    )
    agency.fields.set([garden])
    article = LawArticleFactory()
    for n, name in enumerate(LICENCES, start=1):
        ItemFactory(
            agency=agency,
            code=f"XK-{n:04d}",
            name=name,
            category=ItemCategory.LICENCE,
            field=garden,
            time_limit_days=20,
        )
    for n, name in enumerate(PENALTIES, start=1):
        ItemFactory(
            agency=agency,
            code=f"CF-{n:04d}",
            name=name,
            category=ItemCategory.PENALTY,
            field=garden,
            articles=[article],
        )
    add_tiers(BenchmarkFactory(agency=agency, item_code="CF-0001", violation="擅自侵占城市绿地"))
    SpotCheckFactory(agency=agency)
    RecordingFactory(agency=agency, activity="现场检查")
    MajorRuleFactory(agency=agency)
    HearingThresholdFactory(agency=agency, party_kind="person", fine_threshold=Decimal("10000"))
    GuideFactory(agency=agency, item_code="XK-0002", name="改变绿化规划审批服务指南")
    unit = UnitFactory(agency=agency, name="执法监察科")
    officer = OfficerFactory(
        agency=agency,
        unit=unit,
        name="王建国",
        title="科长",
        phone=PRIVATE_PHONE,
        staff_number=PRIVATE_STAFF_NUMBER,
        has_legal_qualification=True,
        legal_qualification_number=PRIVATE_QUALIFICATION,
    )
    CertificateFactory(officer=officer, number="14040019001", fields=[garden])
    return agency


def officer_with_certificate(agency: Agency, name: str, **cert: object) -> Officer:
    officer = OfficerFactory(agency=agency, name=name)
    CertificateFactory(officer=officer, **cert)
    return officer

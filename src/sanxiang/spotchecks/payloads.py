"""What each spotchecks service accepts (one pydantic model each, parsed with `cases…parse`)."""

from __future__ import annotations

import datetime as dt
import uuid

from pydantic import BaseModel, ConfigDict, Field

from sanxiang.cases.models import PartyKind
from sanxiang.spotchecks.models import CreditGrade, EntityStatus, RiskGrade

STRICT = ConfigDict(extra="forbid", str_strip_whitespace=True)


class EntityData(BaseModel):
    """检查对象 (名录库 row)."""

    model_config = STRICT

    name: str = Field(title="名称", min_length=1, max_length=200)
    uscc: str = Field("", title="统一社会信用代码", max_length=18)
    party_kind: PartyKind = Field(PartyKind.ORGANISATION, title="对象类型")
    industry: str = Field("", title="行业", max_length=100)
    region_code: str = Field("", title="行政区划代码", max_length=6)
    region_name: str = Field("", title="行政区划", max_length=100)
    address: str = Field("", title="地址", max_length=300)
    legal_representative: str = Field("", title="法定代表人/负责人", max_length=100)
    risk_grade: RiskGrade = Field(RiskGrade.LOW, title="风险等级")
    credit_grade: CreditGrade = Field(CreditGrade.A, title="信用等级")
    status: EntityStatus = Field(EntityStatus.ACTIVE, title="状态")


class RelationData(BaseModel):
    model_config = STRICT

    officer_id: uuid.UUID = Field(title="执法人员")
    entity_id: uuid.UUID = Field(title="检查对象")
    reason: str = Field(title="回避事由", min_length=1, max_length=300)


class PartnerData(BaseModel):
    model_config = STRICT

    agency_id: uuid.UUID = Field(title="参与机关")
    inspectors_per_object: int = Field(title="每个对象的检查人员数", ge=1, le=10)


class TaskData(BaseModel):
    """抽查任务: what (清单事项), whom (对象范围, 数量或比例), who (人员数), when (检查期间)."""

    model_config = STRICT

    title: str = Field(title="任务名称", min_length=1, max_length=200)
    field_code: str = Field(title="执法领域", min_length=1, max_length=32)
    item_ids: list[uuid.UUID] = Field(title="抽查事项", min_length=1, max_length=50)
    filter_industry: str = Field("", title="对象范围：行业", max_length=100)
    filter_region_code: str = Field("", title="对象范围：行政区划代码", max_length=6)
    filter_risk_grade: RiskGrade | None = Field(None, title="对象范围：风险等级")
    count: int | None = Field(None, title="抽取数量", ge=1, le=10000)
    ratio_percent: int | None = Field(None, title="抽取比例（%）", ge=1, le=100)
    window_start: dt.date = Field(title="检查期间起")
    window_end: dt.date = Field(title="检查期间止")
    inspectors_per_object: int = Field(2, title="每个对象的本机关检查人员数", ge=1, le=10)
    partners: list[PartnerData] = Field(default_factory=list, title="联合抽查的参与机关")


class EntropySource(BaseModel):
    model_config = STRICT

    description: str = Field(title="随机数来源", min_length=1, max_length=300)
    known_after: dt.datetime = Field(title="公布时间（此后方可知道其值）")


class InputsData(BaseModel):
    model_config = STRICT

    entropy_sources: list[EntropySource] = Field(title="随机数来源", min_length=1, max_length=5)


class EntropyData(BaseModel):
    model_config = STRICT

    values: list[list[int]] = Field(title="随机数来源的值", min_length=1, max_length=5)


class OpenData(BaseModel):
    model_config = STRICT

    planned_on: dt.date = Field(title="检查日期")
    entity_ids: list[uuid.UUID] = Field(default_factory=list, title="检查对象（空为本机关全部）")


class AlertConfigData(BaseModel):
    model_config = STRICT

    threshold: int = Field(title="预警阈值", ge=1, le=50)
    window_days: int = Field(30, title="统计期间（日）", ge=1, le=366)

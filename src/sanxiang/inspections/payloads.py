"""What is submitted to open an inspection and with each 行政检查 action (one pydantic model each).

The action payloads extend `cases.payloads.Payload` (evidence ids and the 音像记录 absence reason),
so `case_transition` parses, seals-checks and records them like any penalty step; the step content
is what the 现场检查笔录 and the 责令改正通知书 render.
"""

from __future__ import annotations

import datetime as dt
import uuid

from pydantic import BaseModel, ConfigDict, Field

from sanxiang.cases.models import PartyKind
from sanxiang.cases.payloads import Payload
from sanxiang.inspections.models import InspectionSource

MAX_CORRECTION_DAYS = 365


class InspectionOpening(BaseModel):
    """开展行政检查: the object, the matter, when, and the two or more inspectors."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    title: str = Field(title="检查事由", min_length=1, max_length=300)
    field_code: str = Field(title="执法领域", min_length=1, max_length=50)
    item_code: str = Field("", title="检查事项编码", max_length=64)
    source: InspectionSource = Field(title="检查来源")
    source_detail: str = Field("", title="来源情况", max_length=20000)
    plan_id: uuid.UUID | None = Field(None, title="检查计划")
    spot_check_task_id: str = Field("", title="抽查任务", max_length=64)
    entity_id: str = Field("", title="检查对象（名录库）", max_length=64)
    party_kind: PartyKind = Field(title="检查对象类型")
    party_name: str = Field(title="检查对象", min_length=1, max_length=200)
    party_identifier: str = Field("", title="证件号码（身份证号/统一社会信用代码）", max_length=30)
    party_address: str = Field("", title="住所/地址", max_length=300)
    party_representative: str = Field("", title="法定代表人/负责人", max_length=100)
    planned_on: dt.date = Field(title="计划检查日期")
    inspector_ids: list[uuid.UUID] = Field(
        title="检查人员（第一位为主办人）", min_length=1, max_length=10
    )


class SiteInspection(Payload):
    """现场检查: what was checked and found, with the 执法证 shown and who was present."""

    inspected_on: dt.date = Field(title="检查日期")
    place: str = Field(title="检查地点", min_length=1, max_length=300)
    checked_items: list[str] = Field(title="检查项目", min_length=1, max_length=100)
    findings: str = Field(title="检查情况", min_length=1, max_length=50000)
    certificate_shown: bool = Field(title="已出示执法证件")
    party_present: str = Field("", title="当事人在场人员（姓名、职务）", max_length=500)
    attestor: str = Field("", title="见证人（当事人不在场时）", max_length=500)
    signed_by_party: bool = Field(False, title="当事人已核对签名")
    refusal_note: str = Field("", title="拒绝签名情况", max_length=2000)


class InspectionPass(Payload):
    conclusion: str = Field(title="检查结论", min_length=1, max_length=20000)


class CorrectionOrder(Payload):
    """责令改正: what, by when (days from the order date), on what legal basis."""

    items: str = Field(title="责令改正内容", min_length=1, max_length=20000)
    basis: str = Field(title="法律依据", min_length=1, max_length=20000)
    days: int = Field(title="改正期限（日）", ge=1, le=MAX_CORRECTION_DAYS)


class Recheck(Payload):
    """复查: done on or after the due date, or earlier when the party reports it corrected."""

    rechecked_on: dt.date = Field(title="复查日期")
    certificate_shown: bool = Field(title="已出示执法证件")
    findings: str = Field(title="复查情况", min_length=1, max_length=20000)
    party_reported_done: bool = Field(False, title="当事人已报告提前完成整改")
    corrected: bool = Field(title="已按要求改正")


class NotFoundResult(Payload):
    reason: str = Field(
        title="无法实施检查的原因（查无下落、已注销等）", min_length=1, max_length=20000
    )


class TransferToCase(Payload):
    """转立案: the suspected violation found, which becomes the new penalty case's 案由 and facts."""

    title: str = Field(title="涉嫌违法行为（案由）", min_length=1, max_length=300)
    facts: str = Field(title="涉嫌违法事实", min_length=1, max_length=20000)
    act_date: dt.date | None = Field(None, title="违法行为发生日期")
    act_continuing: bool = Field(False, title="违法行为仍处于连续或继续状态")
    item_code: str = Field("", title="处罚事项编码", max_length=64)
    # From 责令改正中: the 复查 that found the order not carried out.
    rechecked_on: dt.date | None = Field(None, title="复查日期（责令改正后未改正的）")
    recheck_findings: str = Field("", title="复查情况", max_length=20000)


class PlanData(BaseModel):
    """检查计划."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    year: int = Field(title="年度", ge=2000, le=2100)
    title: str = Field(title="计划名称", min_length=1, max_length=200)
    item_code: str = Field("", title="检查事项编码", max_length=64)
    scope: str = Field(title="检查对象范围", min_length=1, max_length=20000)
    content: str = Field(title="检查内容", min_length=1, max_length=20000)
    method: str = Field(title="检查方式", min_length=1, max_length=200)
    frequency: str = Field(title="检查频次", min_length=1, max_length=100)

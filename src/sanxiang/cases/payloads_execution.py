"""What an officer submits to the execution services (缴款, 延期/分期, 复议/诉讼, 催告, 申请强制执行).

Like `payloads.py`: one pydantic model per service, validating the API and titling the forms.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from enum import StrEnum

from pydantic import BaseModel, ConfigDict, Field

from sanxiang.cases.models import ServiceMethod
from sanxiang.cases.payloads import Payload


class Form(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)


class PaymentEntry(Form):
    """罚缴分离 (处罚法 §67): the bank's or the 电子支付 receipt, as the party paid it."""

    amount: Decimal = Field(title="缴款金额（元）", ge=0, max_digits=14, decimal_places=2)
    paid_on: dt.date = Field(title="缴款日期")
    receipt_number: str = Field(title="缴款凭证号", min_length=1, max_length=64)
    note: str = Field("", title="备注", max_length=2000)


class Instalment(Form):
    due_on: dt.date = Field(title="缴纳日期")
    amount: Decimal = Field(title="金额（元）", ge=0, max_digits=14, decimal_places=2)


class PaymentPlanApproval(Form):
    """延期或分期缴纳 (处罚法 §66 ②): the party's application and the 负责人's approval."""

    applied_on: dt.date = Field(title="当事人申请日期")
    reason: str = Field(title="经济困难情况及批准理由", min_length=1, max_length=20000)
    deferred_to: dt.date | None = Field(None, title="延期缴纳至")
    instalments: list[Instalment] = Field(default_factory=list, title="分期缴纳计划", max_length=36)


class RemedyKind(StrEnum):
    REVIEW = "review"
    LITIGATION = "litigation"


class RemedyStart(Form):
    kind: RemedyKind = Field(title="救济途径")
    started_on: dt.date = Field(title="申请复议/提起诉讼日期")
    authority: str = Field(title="复议机关/受理法院", min_length=1, max_length=200)
    note: str = Field("", title="情况说明", max_length=2000)


class RemedyEnd(Form):
    ended_on: dt.date = Field(title="复议决定书/裁判文书送达当事人日期")
    outcome: str = Field(title="复议或诉讼结果", min_length=1, max_length=2000)


class DemandService(Payload):
    """催告书 (强制法 §35, §38): 期限, 方式, 金额 incl. 加处罚款, 陈述申辩权; how it was served."""

    served_on: dt.date = Field(title="催告书送达日期")
    method: ServiceMethod = Field(ServiceMethod.DIRECT, title="送达方式")
    recipient: str = Field(title="受送达人", min_length=1, max_length=200)
    amount: Decimal | None = Field(
        None, title="催告金额（含加处罚款，元）", ge=0, max_digits=14, decimal_places=2
    )
    performance_deadline: dt.date = Field(title="履行期限")
    payment_method: str = Field(title="履行方式", min_length=1, max_length=500)
    content: str = Field(title="催告内容", min_length=1, max_length=20000)
    statement_rights_stated: bool = Field(title="已告知当事人陈述权和申辩权")


class CourtApplication(Form):
    """强制执行申请 (强制法 §53–§55), signed by the 行政机关负责人."""

    applied_on: dt.date = Field(title="申请日期")
    court: str = Field(title="受理法院", min_length=1, max_length=200)
    materials: str = Field(
        title="申请材料（申请书、决定书、当事人意见及催告情况、执行标的）",
        min_length=1,
        max_length=20000,
    )
    late_reason: str = Field("", title="超过三个月申请的正当理由", max_length=2000)

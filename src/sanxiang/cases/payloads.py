"""What an officer submits with each action: one pydantic model per action.

The same models validate the JSON API and drive the workbench forms (titles are the Chinese
labels), so the two cannot drift. The submitted content is stored on the step as the structured
text of the 全过程记录 until the documents module renders it into 文书.
"""

from __future__ import annotations

import datetime as dt
import uuid
from decimal import Decimal

from pydantic import BaseModel, ConfigDict, Field

from sanxiang.cases.models import (
    LeadSource,
    Outcome,
    PartyKind,
    PenaltyKind,
    RecordKind,
    ServiceMethod,
)
from sanxiang.cases.states import CaseAction

A = CaseAction


class Payload(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    evidence_ids: list[uuid.UUID] = Field(
        default_factory=list, title="音像记录/证据", max_length=200
    )
    av_absence_reason: str = Field("", title="未进行音像记录的原因", max_length=2000)


class Opinion(Payload):
    opinion: str = Field(title="意见", min_length=1, max_length=20000)


class OptionalOpinion(Payload):
    opinion: str = Field("", title="意见", max_length=20000)


class Reason(Payload):
    reason: str = Field(title="理由", min_length=1, max_length=20000)


class InvestigationConclusion(Payload):
    facts: str = Field(title="违法事实", min_length=1, max_length=20000)
    evidence_summary: str = Field(title="证据情况", min_length=1, max_length=20000)
    proposal: str = Field(title="处理意见", min_length=1, max_length=20000)


class Penalty(Payload):
    """Shared by the notice, the decision and the on-site decision."""

    penalties: list[PenaltyKind] = Field(title="处罚种类", min_length=1, max_length=13)
    fine: Decimal | None = Field(
        None, title="罚款金额（元）", ge=0, max_digits=14, decimal_places=2
    )
    confiscation: Decimal | None = Field(
        None, title="没收金额（元）", ge=0, max_digits=14, decimal_places=2
    )


class NoticeIssue(Penalty):
    facts: str = Field(title="违法事实", min_length=1, max_length=20000)
    reasons: str = Field(title="处罚理由", min_length=1, max_length=20000)
    basis: str = Field(title="处罚依据", min_length=1, max_length=20000)
    check_opinion: str = Field(title="案件审核意见", min_length=1, max_length=20000)
    served_on: dt.date = Field(title="告知书送达日期")
    service_method: ServiceMethod = Field(ServiceMethod.DIRECT, title="送达方式")


class StatementReceipt(Payload):
    waived: bool = Field(False, title="当事人明确放弃陈述申辩")
    statement: str = Field("", title="陈述申辩内容", max_length=20000)
    reconsideration: str = Field("", title="复核意见", max_length=20000)
    adopted: bool = Field(False, title="采纳陈述申辩意见")


class HearingRequest(Payload):
    requested_on: dt.date = Field(title="申请日期")


class Decision(Penalty):
    reasons: str = Field(title="决定理由（含裁量说明）", min_length=1, max_length=20000)
    correction_order: str = Field(title="责令改正内容", min_length=1, max_length=20000)
    deliberation_minutes: str = Field("", title="集体讨论记录", max_length=20000)


class NoPenaltyDecision(Payload):
    outcome: Outcome = Field(title="不予处罚情形")
    reasons: str = Field(title="理由", min_length=1, max_length=20000)
    education: str = Field("", title="教育情况（处罚法第三十三条）", max_length=20000)
    deliberation_minutes: str = Field("", title="集体讨论记录", max_length=20000)


class Transfer(Payload):
    receiving_authority: str = Field(title="移送机关", min_length=1, max_length=200)
    reason: str = Field(title="移送理由（涉嫌犯罪的事实）", min_length=1, max_length=20000)


class SummaryApplication(Penalty):
    facts: str = Field(title="违法事实", min_length=1, max_length=20000)
    basis: str = Field(title="处罚依据", min_length=1, max_length=20000)
    certificate_shown: bool = Field(title="已出示执法证件")
    statement: str = Field("", title="当事人陈述申辩", max_length=20000)
    place: str = Field(title="地点", min_length=1, max_length=300)


class OnSiteDecision(Payload):
    form_number: str = Field(
        title="当场处罚决定书编号（预定格式、编有号码）", min_length=1, max_length=64
    )
    correction_order: str = Field(title="责令改正内容", min_length=1, max_length=20000)
    handed_over: bool = Field(title="已当场交付当事人")
    refusal_note: str = Field("", title="当事人拒收情况", max_length=2000)


class Service(Payload):
    method: ServiceMethod = Field(title="送达方式")
    served_on: dt.date = Field(title="送达日期")
    recipient: str = Field(title="受送达人", min_length=1, max_length=200)
    address: str = Field("", title="送达地址", max_length=300)
    consent_evidence_id: uuid.UUID | None = Field(None, title="送达地址确认书（电子送达）")
    late_reason: str = Field("", title="超过七个工作日送达的原因", max_length=2000)


class Closing(Payload):
    summary: str = Field(title="结案报告", min_length=1, max_length=20000)


class Archiving(Payload):
    archive_number: str = Field(title="档案号", min_length=1, max_length=64)
    retention: str = Field("永久", title="保管期限", max_length=20)


PAYLOADS: dict[str, type[Payload]] = {
    A.SUBMIT_FILING: Opinion,
    A.APPROVE_FILING: Opinion,
    A.DECLINE_FILING: Reason,
    A.CONCLUDE_INVESTIGATION: InvestigationConclusion,
    A.SUBMIT_CHECK: OptionalOpinion,
    A.RETURN_FOR_INVESTIGATION: Reason,
    A.ISSUE_NOTICE: NoticeIssue,
    A.RECEIVE_STATEMENT: StatementReceipt,
    A.REQUEST_HEARING: HearingRequest,
    A.SUBMIT_LEGAL_REVIEW: OptionalOpinion,
    A.PASS_LEGAL_REVIEW: Opinion,
    A.SUBMIT_FOR_DECISION: OptionalOpinion,
    A.SUBMIT_DELIBERATION: Reason,
    A.DECIDE: Decision,
    A.DECIDE_NO_PENALTY: NoPenaltyDecision,
    A.TRANSFER: Transfer,
    A.APPLY_SUMMARY: SummaryApplication,
    A.DECIDE_ON_SITE: OnSiteDecision,
    A.SWITCH_TO_GENERAL: Reason,
    A.SERVE: Service,
    A.EXECUTE: OptionalOpinion,
    A.CLOSE: Closing,
    A.ARCHIVE: Archiving,
}


class LeadRegistration(BaseModel):
    """案源登记: what is known when a lead comes in (处罚法 §54; 市监 sector rule §18)."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    title: str = Field(title="案由", min_length=1, max_length=300)
    field_code: str = Field(title="执法领域", min_length=1, max_length=50)
    item_code: str = Field("", title="执法事项编码", max_length=64)
    source: LeadSource = Field(title="案源类型")
    source_detail: str = Field("", title="案源情况", max_length=20000)
    discovered_on: dt.date = Field(title="发现日期")
    act_date: dt.date | None = Field(None, title="违法行为发生日期")
    act_ended_on: dt.date | None = Field(None, title="连续或继续状态终了日期")
    act_continuing: bool = Field(False, title="违法行为仍处于连续或继续状态")
    harms_life_or_finance: bool = Field(False, title="涉及公民生命健康安全、金融安全且有危害后果")
    party_kind: PartyKind = Field(title="当事人类型")
    party_name: str = Field(title="当事人", min_length=1, max_length=200)
    party_identifier: str = Field("", title="证件号码（身份证号/统一社会信用代码）", max_length=30)
    party_address: str = Field("", title="住所/地址", max_length=300)
    party_phone: str = Field("", title="联系电话", max_length=30)
    party_birth_date: dt.date | None = Field(None, title="出生日期")
    party_representative: str = Field("", title="法定代表人/负责人", max_length=100)
    assistant_ids: list[uuid.UUID] = Field(
        default_factory=list, title="协办执法人员", max_length=10
    )
    complex_or_major: bool = Field(False, title="情节复杂或重大违法")


class RecordEntry(Payload):
    """笔录 (询问/现场检查/勘验) made during the investigation (处罚法 §55)."""

    kind: RecordKind = Field(title="笔录类型")
    occurred_on: dt.date = Field(title="日期")
    place: str = Field(title="地点", min_length=1, max_length=300)
    persons: str = Field(title="被询问人/在场人员", min_length=1, max_length=500)
    certificate_shown: bool = Field(title="已出示执法证件")
    text: str = Field(title="笔录内容", min_length=1, max_length=50000)
    signed_by_party: bool = Field(title="当事人已核对签名")
    refusal_note: str = Field("", title="拒绝签名情况（见证人）", max_length=2000)

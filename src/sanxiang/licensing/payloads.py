"""What is submitted with each 行政许可 action and service: one pydantic model each.

The case actions' models (registered with `cases.extensions.action_register`) also drive the
case page's generated forms, so titles are the Chinese labels people read.
"""

from __future__ import annotations

import datetime as dt
import uuid
from enum import StrEnum

from pydantic import BaseModel, ConfigDict, Field

from sanxiang.cases.models import PartyKind, ServiceMethod
from sanxiang.cases.payloads import Payload
from sanxiang.licensing.models import ExcludedKind

DENIAL_REMEDIES = (
    "如不服本决定，可以自收到本决定书之日起六十日内依法申请行政复议，"
    "或者自收到本决定书之日起六个月内依法向人民法院提起行政诉讼。"
)


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)


class MaterialEntry(Strict):
    name: str = Field(title="材料名称", min_length=1, max_length=300)
    note: str = Field("", title="说明（份数、原件/复印件）", max_length=500)


class CorrectionItem(Strict):
    name: str = Field(title="材料或事项", min_length=1, max_length=300)
    reason: str = Field(title="需要补正的内容", min_length=1, max_length=2000)


class OnlineMaterial(Strict):
    name: str = Field(title="材料名称", min_length=1, max_length=300)
    evidence_id: uuid.UUID = Field(title="已上传文件")


class CounterApplication(Strict):
    """窗口受理: what the applicant hands in at the counter (许可法 §29–§31)."""

    item_code: str = Field(title="许可事项编码", min_length=1, max_length=64)
    request: str = Field(title="申请事项及内容", min_length=1, max_length=20000)
    submitted_on: dt.date = Field(title="收到申请日期")
    applicant_kind: PartyKind = Field(title="申请人类型")
    applicant_name: str = Field(title="申请人", min_length=1, max_length=200)
    applicant_identifier: str = Field(
        title="证件号码（身份证号/统一社会信用代码）", min_length=1, max_length=30
    )
    applicant_address: str = Field("", title="住所/地址", max_length=300)
    applicant_phone: str = Field("", title="联系电话", max_length=30)
    applicant_representative: str = Field("", title="法定代表人/负责人", max_length=100)
    materials: list[MaterialEntry] = Field(default_factory=list, title="申请材料", max_length=100)
    joint_handling: bool = Field(False, title="统一办理、联合办理或集中办理")
    interested_parties: str = Field("", title="利害关系人", max_length=2000)


class OnlineApplication(Strict):
    """网上申请 (许可法 §29 第三款, §33): the applicant's own submission."""

    item_code: str = Field(title="许可事项编码", min_length=1, max_length=64)
    request: str = Field(title="申请事项及内容", min_length=1, max_length=20000)
    materials: list[OnlineMaterial] = Field(default_factory=list, title="申请材料", max_length=100)
    interested_parties: str = Field("", title="利害关系人", max_length=2000)


class AssignPayload(Strict):
    lead_officer_id: uuid.UUID = Field(title="主办人")
    assistant_ids: list[uuid.UUID] = Field(default_factory=list, title="协办人", max_length=5)


# -- case actions ------------------------------------------------------------------------------


class AcceptPayload(Payload):
    opinion: str = Field("", title="受理意见", max_length=20000)


class CorrectionRequestPayload(Payload):
    items: list[CorrectionItem] = Field(
        title="需要补正的全部内容（一次性告知）", min_length=1, max_length=100
    )
    note: str = Field("", title="说明", max_length=2000)


class CorrectionAnswerPayload(Payload):
    materials: list[MaterialEntry] = Field(
        default_factory=list, title="补正材料（窗口收取）", max_length=100
    )
    online_materials: list[OnlineMaterial] = Field(
        default_factory=list, title="补正材料（网上提交）", max_length=100
    )
    note: str = Field("", title="补正说明", max_length=5000)
    received_on: dt.date | None = Field(None, title="收到补正材料日期")


class RefusePayload(Payload):
    reason: str = Field(title="不予受理理由", min_length=1, max_length=20000)
    other_authority: str = Field("", title="告知向有关行政机关申请", max_length=300)


class WithdrawPayload(Payload):
    reason: str = Field("", title="撤回理由", max_length=5000)


class HearingKind(StrEnum):
    PUBLIC_INTEREST = "public_interest"  # 许可法 §46
    PARTY_REQUEST = "party_request"  # 许可法 §47


class HoldHearingPayload(Payload):
    kind: HearingKind = Field(title="听证类型（public_interest 公共利益 / party_request 依申请）")
    requested_on: dt.date | None = Field(None, title="申请人、利害关系人提出听证申请日期")
    requested_by: str = Field("", title="听证申请人", max_length=300)
    hearing_on: dt.date = Field(title="举行听证日期")
    place: str = Field(title="听证地点", min_length=1, max_length=300)
    notice_served_on: dt.date = Field(title="听证通知送达日期")
    chair: str = Field(title="听证主持人（非审查人员）", min_length=1, max_length=100)
    announced: bool = Field(False, title="已向社会公告（公共利益听证）")


class ConcludeHearingPayload(Payload):
    held_on: dt.date = Field(title="举行日期")
    record: str = Field(title="听证笔录", min_length=1, max_length=50000)
    participants: str = Field(title="参加人", min_length=1, max_length=2000)
    signed: bool = Field(title="听证参加人已确认并签字或盖章")


class SubmitDecisionPayload(Payload):
    opinion: str = Field("", title="审查意见", max_length=20000)


class GrantPayload(Payload):
    content: str = Field(title="准予许可的内容", min_length=1, max_length=20000)
    licence_name: str = Field(title="许可证件名称", min_length=1, max_length=200)
    valid_from: dt.date = Field(title="有效期起")
    valid_to: dt.date | None = Field(None, title="有效期止（长期有效则不填）")
    reasons: str = Field("", title="决定理由", max_length=20000)
    basis: str = Field("", title="法律依据", max_length=5000)


class DenyPayload(Payload):
    reasons: str = Field(title="不予许可的理由", min_length=1, max_length=20000)
    basis: str = Field("", title="法律依据", max_length=5000)
    remedies: str = Field(
        DENIAL_REMEDIES, title="申请行政复议或者提起行政诉讼的权利", min_length=1, max_length=2000
    )


class DeliverPayload(Payload):
    method: ServiceMethod = Field(title="送达方式")
    delivered_on: dt.date = Field(title="送达日期")
    recipient: str = Field(title="受送达人", min_length=1, max_length=200)
    consent: bool = Field(False, title="申请人已书面同意电子送达")
    late_reason: str = Field("", title="超过十个工作日送达的原因", max_length=2000)


# -- services beside the actions ---------------------------------------------------------------


class ExaminationPayload(Strict):
    """审查意见: the proposed decision the 法制审核 and the decider see (`legal_review.draft`)."""

    outcome: str = Field(title="拟作出的决定（grant 准予 / deny 不予）", pattern="^(grant|deny)$")
    content: str = Field("", title="拟准予的许可内容", max_length=20000)
    licence_name: str = Field("", title="许可证件名称", max_length=200)
    valid_from: dt.date | None = Field(None, title="有效期起")
    valid_to: dt.date | None = Field(None, title="有效期止")
    reasons: str = Field(title="理由", min_length=1, max_length=20000)
    site_check: str = Field("", title="现场核查情况", max_length=20000)


class ExtendPayload(Strict):
    reason: str = Field(title="延长理由（告知申请人）", min_length=1, max_length=5000)
    applicant_notified_on: dt.date = Field(title="告知申请人日期")


class ExcludedStartPayload(Strict):
    kind: ExcludedKind = Field(title="事项")
    reason: str = Field(title="说明", min_length=1, max_length=5000)
    started_on: dt.date = Field(title="开始日期")
    applicant_notified_on: dt.date = Field(title="书面告知申请人日期")


class ExcludedEndPayload(Strict):
    ended_on: dt.date = Field(title="结束日期")


class HearingRightsPayload(Strict):
    told: str = Field(title="告知的申请人、利害关系人", min_length=1, max_length=2000)
    told_on: dt.date = Field(title="告知日期")


class ChangePayload(Strict):
    request: str = Field(title="申请变更/延续的内容", min_length=1, max_length=20000)
    submitted_on: dt.date = Field(title="收到申请日期")
    materials: list[MaterialEntry] = Field(default_factory=list, title="申请材料", max_length=100)
    # 许可法 §50: "法律、法规、规章另有规定的，依照其规定" — the other period and its basis.
    renewal_days_by_law: int | None = Field(None, title="法律法规规定的延续申请期限（日）", ge=0)
    renewal_law_basis: str = Field("", title="该期限的依据", max_length=500)


class RevokePayload(Strict):
    ground: str = Field(title="撤销情形（许可法第六十九条）", min_length=1, max_length=300)
    reason: str = Field(title="撤销理由", min_length=1, max_length=20000)
    decided_on: dt.date = Field(title="撤销日期")


class CancelGround(StrEnum):
    """许可法 §70."""

    EXPIRED = "expired"
    HOLDER_GONE = "holder_gone"
    REVOKED_OR_WITHDRAWN = "revoked_or_withdrawn"
    IMPOSSIBLE = "impossible"
    OTHER_LAW = "other_law"


CANCEL_GROUND_LABELS = {
    CancelGround.EXPIRED: "行政许可有效期届满未延续的",
    CancelGround.HOLDER_GONE: "赋予公民特定资格的行政许可，该公民死亡或者丧失行为能力的；"
    "法人或者其他组织依法终止的",
    CancelGround.REVOKED_OR_WITHDRAWN: "行政许可依法被撤销、撤回，或者行政许可证件依法被吊销的",
    CancelGround.IMPOSSIBLE: "因不可抗力导致行政许可事项无法实施的",
    CancelGround.OTHER_LAW: "法律、法规规定的应当注销行政许可的其他情形",
}


class CancelPayload(Strict):
    ground: CancelGround = Field(title="注销情形（许可法第七十条）")
    reason: str = Field("", title="说明", max_length=20000)
    decided_on: dt.date = Field(title="注销日期")

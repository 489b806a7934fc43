"""The 执法文书 the platform generates (LEGAL_RULES.md §6.2), one identifier each."""

from __future__ import annotations

from django.db.models import TextChoices


class DocumentKind(TextChoices):
    FILING_APPROVAL = "filing_approval", "立案审批表"
    SITE_RECORD = "site_record", "现场笔录"
    INTERVIEW_RECORD = "interview_record", "询问笔录"
    EVIDENCE_PRESERVATION_NOTICE = "evidence_preservation_notice", "先行登记保存证据通知书"
    SEIZURE_DECISION = "seizure_decision", "查封（扣押）决定书"
    SEIZURE_LIST = "seizure_list", "查封（扣押）财物清单"
    INVESTIGATION_REPORT = "investigation_report", "案件调查终结报告"
    PENALTY_NOTICE = "penalty_notice", "行政处罚事先告知书"
    HEARING_NOTICE = "hearing_notice", "听证通知书"
    HEARING_RECORD = "hearing_record", "听证笔录"
    STATEMENT_RECORD = "statement_record", "陈述申辩笔录"
    DELIBERATION_RECORD = "deliberation_record", "重大案件集体讨论笔录"
    REVIEW_OPINION = "review_opinion", "法制审核意见书"
    PENALTY_DECISION = "penalty_decision", "行政处罚决定书"
    NO_PENALTY_DECISION = "no_penalty_decision", "不予行政处罚决定书"
    ON_SITE_DECISION = "on_site_decision", "当场行政处罚决定书"
    SERVICE_ADDRESS_CONFIRMATION = "service_address_confirmation", "送达地址确认书"
    SERVICE_RECEIPT = "service_receipt", "送达回证"
    PAYMENT_REMINDER = "payment_reminder", "履行催告书"
    CLOSING_APPROVAL = "closing_approval", "结案审批表"
    FILE_COVER = "file_cover", "案卷封面"
    FILE_INDEX = "file_index", "卷内目录"
    # 行政许可 (许可法 §32, §38, §39, §42, §45, §47)
    LICENCE_ACCEPTANCE = "licence_acceptance", "受理行政许可申请通知书"
    LICENCE_CORRECTION_NOTICE = "licence_correction_notice", "行政许可申请材料补正告知书"
    LICENCE_REFUSAL = "licence_refusal", "不予受理行政许可申请决定书"
    LICENCE_PERIOD_NOTICE = "licence_period_notice", "行政许可期限告知书"
    LICENCE_HEARING_NOTICE = "licence_hearing_notice", "行政许可听证告知书"
    LICENCE_GRANT = "licence_grant", "准予行政许可决定书"
    LICENCE_DENIAL = "licence_denial", "不予行政许可决定书"
    LICENCE_CERTIFICATE = "licence_certificate", "行政许可证件"
    # 行政检查
    INSPECTION_RECORD = "inspection_record", "现场检查笔录"
    CORRECTION_ORDER = "correction_order", "责令改正通知书"
    INSPECTION_RESULT = "inspection_result", "检查结果告知书"


# 笔录 are made from one recorded CaseStep (its content is the 笔录's text); the others from the case.
STEP_KINDS: frozenset[DocumentKind] = frozenset(
    {
        DocumentKind.SITE_RECORD,
        DocumentKind.INTERVIEW_RECORD,
        DocumentKind.HEARING_RECORD,
        DocumentKind.STATEMENT_RECORD,
        DocumentKind.DELIBERATION_RECORD,
        DocumentKind.INSPECTION_RECORD,
    }
)


K = DocumentKind
LICENCE_KINDS: tuple[DocumentKind, ...] = (
    K.LICENCE_ACCEPTANCE,
    K.LICENCE_CORRECTION_NOTICE,
    K.LICENCE_REFUSAL,
    K.LICENCE_PERIOD_NOTICE,
    K.LICENCE_HEARING_NOTICE,
    K.LICENCE_GRANT,
    K.LICENCE_DENIAL,
    K.LICENCE_CERTIFICATE,
)
INSPECTION_KINDS: tuple[DocumentKind, ...] = (
    K.INSPECTION_RECORD,
    K.CORRECTION_ORDER,
    K.INSPECTION_RESULT,
)
# Every kind of case is served and filed; 现场笔录 also records a licence's 现场核查.
FILING_KINDS = (K.SERVICE_ADDRESS_CONFIRMATION, K.SERVICE_RECEIPT, K.FILE_COVER, K.FILE_INDEX)
# The 文书 a case of each kind (cases.CaseKind value) may generate; a kind not listed has them all.
KINDS_BY_CASE_KIND: dict[str, tuple[DocumentKind, ...]] = {
    "penalty": tuple(k for k in DocumentKind if k not in LICENCE_KINDS + INSPECTION_KINDS),
    "licence": (*LICENCE_KINDS, K.SITE_RECORD, K.REVIEW_OPINION, *FILING_KINDS),
    "inspection": (*INSPECTION_KINDS, K.INTERVIEW_RECORD, *FILING_KINDS),
}


def kinds_for_case_kind(case_kind: str) -> tuple[DocumentKind, ...]:
    return KINDS_BY_CASE_KIND.get(str(case_kind), tuple(DocumentKind))


class SignerRole(TextChoices):
    PARTY = "party", "当事人"
    OFFICER = "officer", "执法人员"
    WITNESS = "witness", "见证人"
    RECORDER = "recorder", "记录人"

"""送达: 送达地址确认书 (处罚法 §61 ②: 电子送达 needs the party's consent) and 送达回证
(民事诉讼法 §87–§89: who received what, when, how; a refusal and its witness for 留置送达)."""

from __future__ import annotations

from typing import Any

from sanxiang.cases.models import Case, ServedDocument, ServiceMethod, ServiceRecord
from sanxiang.documents.contexts import ContextInput, FieldSpec, KindSpec, register
from sanxiang.documents.contexts.formatting import cn_date, text
from sanxiang.documents.contexts.sources import case_basics, extra_text, party, party_specs
from sanxiang.documents.kinds import DocumentKind

F = FieldSpec
K = DocumentKind
CASE_SPECS = (F("case_title", "案由", required=False), F("case_ref", "案号", required=False))
E_CONSENT = "受送达人同意本机关采用{channel}方式送达执法文书，电子送达地址为：{address}。"


def _address_confirmation(inp: ContextInput) -> dict[str, Any]:
    case: Case = inp.case
    extra = inp.extra
    channel = extra_text(extra, "electronic_channel")
    e_address = extra_text(extra, "electronic_address")
    return {
        **party(case),
        **case_basics(case),
        "recipient": extra_text(extra, "recipient", case.party_name),
        "service_address": extra_text(extra, "address", case.party_address),
        "contact_phone": extra_text(extra, "phone", case.party_phone),
        "contact_person": extra_text(extra, "contact_person", case.party_representative),
        "electronic_channel": channel,
        "electronic_address": e_address,
        "electronic_consent": E_CONSENT.format(channel=channel or "电子", address=e_address)
        if e_address
        else "",
    }


register(
    KindSpec(
        kind=K.SERVICE_ADDRESS_CONFIRMATION,
        fields=(
            *party_specs(),
            *CASE_SPECS,
            F("recipient", "受送达人"),
            F("service_address", "送达地址"),
            F("contact_phone", "联系电话", required=False),
            F("contact_person", "联系人", required=False),
            F("electronic_channel", "电子送达方式", required=False),
            F("electronic_address", "电子送达地址", required=False),
            F("electronic_consent", "同意电子送达", required=False),
        ),
        build=_address_confirmation,
    )
)


# --- 送达回证 -------------------------------------------------------------------------------------


def _record(inp: ContextInput) -> ServiceRecord | None:
    case: Case = inp.case
    chosen = inp.extra.get("service_record_id")
    records = case.service_records.all()
    if chosen:
        return records.filter(pk=chosen).first()
    return records.order_by("-served_on", "-created_at").first()


def _document_number(case: Case, record: ServiceRecord | None) -> str:
    if record is not None and record.document == ServedDocument.DECISION:
        return case.decision_number
    return ""


def _receipt(inp: ContextInput) -> dict[str, Any]:
    case: Case = inp.case
    extra = inp.extra
    record = _record(inp)
    served = record.get_document_display() if record else ""
    method = text(ServiceMethod(record.method).label) if record else ""
    return {
        **case_basics(case),
        "party_name": case.party_name,
        "served_document": extra_text(extra, "served_document", served),
        "served_document_number": extra_text(
            extra, "served_document_number", _document_number(case, record)
        ),
        "recipient": extra_text(extra, "recipient", record.recipient if record else ""),
        "service_address": extra_text(extra, "address", record.address if record else ""),
        "method_label": extra_text(extra, "method", method),
        "served_on": cn_date(record.served_on) if record else "",
        "note": extra_text(extra, "note", record.note if record else ""),
        "witness": extra_text(extra, "witness"),
    }


register(
    KindSpec(
        kind=K.SERVICE_RECEIPT,
        fields=(
            F("party_name", "当事人"),
            *CASE_SPECS,
            F("served_document", "送达文书名称"),
            F("served_document_number", "送达文书文号", required=False),
            F("recipient", "受送达人"),
            F("service_address", "送达地点", required=False),
            F("method_label", "送达方式", required=False),
            F("served_on", "送达日期", required=False),
            F("note", "送达情况说明（拒收事由等）", required=False),
            F("witness", "见证人", required=False),
        ),
        build=_receipt,
    )
)

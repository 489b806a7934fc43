"""Reading a case for its documents: the party, the officers and their 执法证号, recorded steps,
evidence, the 裁量基准 applied, and the measure or service record a document is about.

Read-only. Values come out as strings, lists and dicts of strings (JSON for `Document.fields`).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from django.db.models import Q
from django.utils import timezone

from sanxiang.cases.models import (
    Case,
    CaseStep,
    CoerciveMeasure,
    MeasureKind,
    OfficerRole,
    PartyKind,
)
from sanxiang.documents.contexts import ContextInput, FieldSpec
from sanxiang.documents.contexts.formatting import cn_date, penalty_text, text
from sanxiang.organisations.models import Certificate, CertificateStatus, Officer

ID_LABELS: dict[str, str] = {
    PartyKind.PERSON: "身份证号码",
    PartyKind.ORGANISATION: "统一社会信用代码",
}

PARTY_FIELDS = (
    "party_name",
    "party_kind_label",
    "party_identifier_label",
    "party_identifier",
    "party_address",
    "party_phone",
    "party_representative",
)


def party_specs(*, address_required: bool = False) -> tuple[FieldSpec, ...]:
    """The party's fields (`party`), its name always required."""
    return (
        FieldSpec("party_name", "当事人"),
        FieldSpec("party_kind_label", "当事人类型", required=False),
        FieldSpec("party_identifier_label", "证件类型", required=False),
        FieldSpec("party_identifier", "统一社会信用代码/身份证号码", required=False),
        FieldSpec("party_address", "当事人住所/地址", required=address_required),
        FieldSpec("party_representative", "法定代表人/负责人", required=False),
        FieldSpec("party_phone", "联系电话", required=False),
    )


def party(case: Case) -> dict[str, str]:
    """The party as the party's own documents print it (identifier included: these are served on
    the party, not published; publication redacts separately)."""
    return {
        "party_name": case.party_name,
        "party_kind_label": text(PartyKind(case.party_kind).label) if case.party_kind else "",
        "party_identifier_label": ID_LABELS.get(case.party_kind, "证件号码"),
        "party_identifier": case.party_identifier,
        "party_address": case.party_address,
        "party_phone": case.party_phone,
        "party_representative": case.party_representative,
    }


def case_basics(case: Case) -> dict[str, str]:
    return {
        "case_title": case.title,
        "case_ref": case.number or case.lead_number,
        "unit_name": case.unit.name if case.unit else "",
        "field_name": case.field.name if case.field_id else "",
        "filed_on": cn_date(case.filed_on),
    }


def certificate_number(officer: Officer, case: Case, on: dt.date | None = None) -> str:
    """The 执法证号 the officer enforces this case's field with on `on`: a valid certificate for
    the field first, else any active one, else the latest."""
    day = on or timezone.localdate()
    certs = Certificate.objects.filter(officer=officer).order_by("-valid_to")
    valid = certs.filter(status=CertificateStatus.ACTIVE, valid_from__lte=day, valid_to__gte=day)
    for qs in (valid.filter(fields=case.field_id), valid, certs):
        cert = qs.first()
        if cert is not None:
            return cert.number
    return ""


def officer_entry(
    officer: Officer, case: Case, role_label: str, on: dt.date | None = None
) -> dict[str, str]:
    return {
        "name": officer.name,
        "certificate_number": certificate_number(officer, case, on),
        "role_label": role_label,
    }


def case_officers(case: Case, on: dt.date | None = None) -> list[dict[str, str]]:
    """The active case team, 主办人 first, each with name and 执法证号."""
    rows = case.assignments.filter(active=True).select_related("officer").order_by("role")
    lead_first = sorted(rows, key=lambda a: (a.role != OfficerRole.LEAD, a.created_at))
    return [officer_entry(a.officer, case, a.get_role_display(), on) for a in lead_first]


def officers_line(officers: list[dict[str, str]]) -> str:
    """张三（执法证号：A001）、李四（执法证号：A002）"""
    return "、".join(
        f"{o['name']}（执法证号：{o['certificate_number']}）"
        if o.get("certificate_number")
        else o["name"]
        for o in officers
    )


def steps(case: Case, *actions: str) -> list[CaseStep]:
    return list(case.steps.filter(action__in=actions).order_by("sequence"))


def latest_step(case: Case, *actions: str) -> CaseStep | None:
    return case.steps.filter(action__in=actions).order_by("-sequence").first()


def latest_content(case: Case, *actions: str) -> dict[str, Any]:
    step = latest_step(case, *actions)
    return dict(step.content) if step is not None else {}


def step_of(inp: ContextInput, *actions: str) -> CaseStep | None:
    """The step the caller chose if it is one of `actions`, else the case's latest such step."""
    if inp.step is not None and inp.step.action in actions:
        return inp.step  # type: ignore[no-any-return]
    return latest_step(inp.case, *actions)


def evidence_entries(items: Any) -> list[dict[str, str]]:
    """Sealed evidence items as list rows: file name, capture time, SHA-256."""
    rows = []
    for item in items:
        taken = timezone.localtime(item.captured_at) if item.captured_at else None
        rows.append(
            {
                "name": item.filename,
                "captured_on": cn_date(taken.date()) if taken else "",
                "sha256": item.blob_id,
                "note": item.note,
            }
        )
    return rows


def step_evidence(step: CaseStep | None) -> list[dict[str, str]]:
    if step is None:
        return []
    return evidence_entries(step.evidence.order_by("captured_at", "created_at"))


RECORD_ACTIONS = ("record", "hearing_record", "measure_apply")


def case_evidence(case: Case) -> list[dict[str, str]]:
    """The 证据清单 of a case: each 笔录 made, then each sealed item recorded on its steps."""
    rows = [
        {
            "name": f"{s.label}（{cn_date(s.occurred_on)}）",
            "captured_on": cn_date(s.occurred_on),
            "sha256": "",
            "note": "",
        }
        for s in steps(case, "record", "hearing_record")
    ]
    seen: set[Any] = set()
    for step in case.steps.filter(evidence__isnull=False).distinct().order_by("sequence"):
        for item in step.evidence.order_by("captured_at", "created_at"):
            if item.pk not in seen:
                seen.add(item.pk)
                rows.extend(evidence_entries([item]))
    return rows


def discretion(case: Case) -> dict[str, str]:
    """裁量基准适用说明 (国办发〔2022〕27号): benchmark version, tier, circumstances and reason."""
    bench, tier = case.benchmark, case.tier
    if bench is None or tier is None:
        return {
            "benchmark_name": "",
            "benchmark_version": "",
            "tier_label": "",
            "discretion_circumstances": case.discretion_circumstances,
            "discretion_reason": case.discretion_reason,
        }
    issuer = f"{bench.issuer}" if bench.issuer else ""
    return {
        "benchmark_name": f"{issuer}《{bench.violation}》裁量基准（编码{bench.code}）",
        "benchmark_version": f"第{bench.version}版（{cn_date(bench.effective_from)}起施行）",
        "tier_label": text(tier.get_kind_display()),
        "discretion_circumstances": case.discretion_circumstances,
        "discretion_reason": case.discretion_reason,
    }


def discretion_explanation(case: Case, fallback: str = "") -> str:
    """One paragraph explaining the tier applied; without a benchmark, the decision's own
    reasons (the 决定 form asks for the 裁量说明 there)."""
    d = discretion(case)
    if not d["tier_label"]:
        return fallback
    parts = [
        f"本机关适用{d['benchmark_name']}{d['benchmark_version']}，"
        f"认定本案属于“{d['tier_label']}”阶次"
    ]
    if d["discretion_circumstances"]:
        parts.append(f"违法情节：{d['discretion_circumstances']}")
    if d["discretion_reason"]:
        parts.append(f"裁量理由：{d['discretion_reason']}")
    if case.outside_tier and case.outside_tier_reason:
        parts.append(f"超出裁量阶次的理由：{case.outside_tier_reason}")
    return "；".join(parts) + "。"


def item_basis(case: Case) -> str:
    """The 执法事项's legal basis: its text, else its linked articles."""
    item = case.item
    if item is None:
        return ""
    if item.legal_basis_text:
        return str(item.legal_basis_text)
    return "、".join(str(a) for a in item.legal_basis.select_related("law"))


def violated_provision(case: Case) -> str:
    return case.benchmark.violated_provision if case.benchmark else ""


def penalty_basis(case: Case, stated: str = "") -> str:
    """处罚依据: the benchmark's, else what the officer stated, else the item's legal basis."""
    if case.benchmark and case.benchmark.penalty_basis:
        return str(case.benchmark.penalty_basis)
    return stated or item_basis(case)


def decided_penalty(case: Case) -> str:
    return penalty_text(case.penalties or [], case.fine, case.confiscation)


def proposed_penalty(case: Case) -> str:
    return penalty_text(case.notice_penalties or [], case.notice_fine, case.notice_confiscation)


MEASURE_ACTIONS = (
    "measure_apply",
    "measure_approve",
    "measure_decide",
    "measure_extend",
    "measure_release",
)


def measure_of(inp: ContextInput, kinds: tuple[MeasureKind, ...]) -> CoerciveMeasure | None:
    """The measure a document is about: `extra["measure_id"]`, the chosen step's measure, else
    the case's latest measure of one of `kinds`."""
    case: Case = inp.case
    wanted = Q(kind__in=[str(k) for k in kinds])
    chosen = inp.extra.get("measure_id")
    if not chosen and inp.step is not None and inp.step.action in MEASURE_ACTIONS:
        chosen = inp.step.content.get("measure")
    if chosen:
        return case.measures.filter(wanted, pk=chosen).first()
    return case.measures.filter(wanted).order_by("-started_on", "-created_at").first()


def measure_items(measure: CoerciveMeasure | None) -> list[dict[str, str]]:
    if measure is None:
        return []
    return [
        {
            "no": str(i),
            "name": text(row.get("name")),
            "spec": text(row.get("spec")),
            "quantity": _quantity(row.get("quantity")),
            "unit": text(row.get("unit")),
            "note": text(row.get("note")),
        }
        for i, row in enumerate(measure.items or [], start=1)
    ]


def _quantity(value: Any) -> str:
    raw = text(value)
    if "." in raw:
        raw = raw.rstrip("0").rstrip(".")
    return raw


def measure_step(case: Case, measure: CoerciveMeasure | None) -> dict[str, Any]:
    """The content recorded when the measure was applied (its 现场笔录, officers, approval)."""
    if measure is None:
        return {}
    for step in steps(case, "measure_apply"):
        if step.content.get("measure") == str(measure.pk):
            return dict(step.content)
    return {}


def extra_text(extra: Mapping[str, Any], key: str, default: str = "") -> str:
    value = extra.get(key)
    return default if value in (None, "") else str(value)

"""Public projections for the 事前公开 portal and its JSON API.

Everything here is built from published catalog rows and the public officer registry (G3, G4):
never phone numbers, 工号, 法律职业资格证书编号 or accounts. Views and the API only render what
these functions return. Lists are "as in force on" a day; `updated_on` is the latest
`effective_from` (or creation date) among the rows shown.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import Model, Prefetch, Q, QuerySet
from django.utils import timezone

from sanxiang.catalog.models import (
    DiscretionBenchmark,
    DiscretionTier,
    EnforcementItem,
    HearingThreshold,
    ItemCategory,
    MajorDecisionRule,
    RecordingRequirement,
    ServiceGuide,
    SpotCheckItem,
)
from sanxiang.core.errors import NotFound, ValidationFailed
from sanxiang.core.ids import uuid_or_not_found
from sanxiang.organisations.models import Agency, Certificate, CertificateStatus
from sanxiang.organisations.selectors import certified_officers

BAD_DATE = "日期格式不正确，请使用 YYYY-MM-DD 格式，例如 2024-01-31"
DATE_OUT_OF_RANGE = "日期超出可查询范围（1949-10-01 至今）"
QUERY_MAX_LENGTH = 100
SEARCH_LIMIT = 50
EARLIEST_DAY = dt.date(1949, 10, 1)


def today() -> dt.date:
    return timezone.localdate()


def parse_day(value: str | None) -> dt.date:
    """`?date=` as a date; empty means today.

    Raises: ValidationFailed (code `invalid_date`) for anything but an ISO date in range.
    """
    if value is None or value.strip() == "":
        return today()
    text = value.strip()
    if len(text) != 10:
        raise ValidationFailed(BAD_DATE, code="invalid_date")
    try:
        day = dt.date.fromisoformat(text)
    except ValueError as exc:
        raise ValidationFailed(BAD_DATE, code="invalid_date") from exc
    if day < EARLIEST_DAY or day > today():
        raise ValidationFailed(DATE_OUT_OF_RANGE, code="invalid_date")
    return day


def _in_force[M: Model](qs: QuerySet[M], on: dt.date) -> QuerySet[M]:
    return qs.filter(effective_from__lte=on).filter(
        Q(effective_to__isnull=True) | Q(effective_to__gt=on)
    )


def _updated_on(rows: Iterable[Any], on: dt.date) -> dt.date | None:
    """Latest effective_from / creation date among `rows`, ignoring creations after `on`.

    A row entered today that has been in force since 2020 does not make the list "as of
    2021" look updated today.
    """
    days: list[dt.date] = []
    for row in rows:
        created = timezone.localtime(row.created_at).date()
        days.append(max(row.effective_from, created) if created <= on else row.effective_from)
    return max(days) if days else None


@dataclass(frozen=True)
class PublicList[T]:
    on: dt.date
    updated_on: dt.date | None
    results: list[T]


# --- agencies -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class AgencySummary:
    id: uuid.UUID
    name: str
    region_code: str
    region_name: str
    subject_type: str
    is_supervisory: bool


@dataclass(frozen=True)
class AgencyGroup:
    supervisor: AgencySummary | None
    region_name: str
    agencies: list[AgencySummary]


@dataclass(frozen=True)
class AgencyPublic:
    id: uuid.UUID
    name: str
    uscc: str
    subject_type: str
    subject_type_label: str
    entrusting_agency: AgencySummary | None
    region_code: str
    region_name: str
    legal_basis: str
    responsibilities: str
    address: str
    phone: str
    website: str
    supervision_channels: str
    remedy_channels: str
    supervising_agency: AgencySummary | None
    is_supervisory: bool
    fields: list[str]


def _summary(agency: Agency) -> AgencySummary:
    return AgencySummary(
        id=agency.pk,
        name=agency.name,
        region_code=agency.region_id,
        region_name=agency.region.name,
        subject_type=agency.get_subject_type_display(),
        is_supervisory=agency.is_supervisory,
    )


def _public_agencies() -> QuerySet[Agency]:
    return Agency.objects.filter(is_active=True).select_related("region")


def agencies_public() -> list[AgencySummary]:
    return [_summary(a) for a in _public_agencies().order_by("region_id", "name")]


def agencies_grouped() -> list[AgencyGroup]:
    """Agencies grouped under their supervising 司法局 (or their region when none)."""
    rows = list(
        _public_agencies()
        .select_related("supervising_agency__region")
        .order_by("region_id", "-is_supervisory", "name")
    )
    groups: dict[Any, AgencyGroup] = {}
    for agency in rows:
        sup = agency.supervising_agency if not agency.is_supervisory else agency
        key = sup.pk if sup is not None else f"region:{agency.region_id}"
        if key not in groups:
            groups[key] = AgencyGroup(
                supervisor=_summary(sup) if sup is not None else None,
                region_name=(sup or agency).region.name,
                agencies=[],
            )
        if not agency.is_supervisory:
            groups[key].agencies.append(_summary(agency))
    return list(groups.values())


def agency_public_get(*, agency_id: Any) -> AgencyPublic:
    """Raises: NotFound for a malformed id, a missing agency or an inactive one."""
    agency = (
        _public_agencies()
        .select_related("entrusting_agency__region", "supervising_agency__region")
        .prefetch_related("fields")
        .filter(pk=uuid_or_not_found(agency_id))
        .first()
    )
    if agency is None:
        raise NotFound("执法主体不存在")
    return AgencyPublic(
        id=agency.pk,
        name=agency.name,
        uscc=agency.uscc,
        subject_type=agency.subject_type,
        subject_type_label=agency.get_subject_type_display(),
        entrusting_agency=_summary(agency.entrusting_agency) if agency.entrusting_agency else None,
        region_code=agency.region_id,
        region_name=agency.region.name,
        legal_basis=agency.legal_basis,
        responsibilities=agency.responsibilities,
        address=agency.address,
        phone=agency.phone,
        website=agency.website,
        supervision_channels=agency.supervision_channels,
        remedy_channels=agency.remedy_channels,
        supervising_agency=(
            _summary(agency.supervising_agency) if agency.supervising_agency else None
        ),
        is_supervisory=agency.is_supervisory,
        fields=[f.name for f in agency.fields.all()],
    )


# --- officers (G4) ------------------------------------------------------------------------------


@dataclass(frozen=True)
class OfficerPublic:
    """Only the G4 fields. Deliberately no id, phone, 工号 or qualification number."""

    name: str
    agency_name: str
    unit_name: str
    title: str
    certificate_numbers: list[str]
    fields: list[str]


def officers_public(*, agency: AgencyPublic, on: dt.date) -> PublicList[OfficerPublic]:
    """Officers whose 执法证 is active and valid on `on`."""
    agency_row = Agency(pk=agency.id)
    rows = list(certified_officers(agency=agency_row, on=on).order_by("name"))
    results: list[OfficerPublic] = []
    days: list[dt.date] = []
    for officer in rows:
        certs = list(officer.certificates.all())
        fields = sorted({f.name for c in certs for f in c.fields.all()})
        days.extend(c.valid_from for c in certs)
        results.append(
            OfficerPublic(
                name=officer.name,
                agency_name=agency.name,
                unit_name=officer.unit.name if officer.unit else "",
                title=officer.title,
                certificate_numbers=sorted(c.number for c in certs),
                fields=fields,
            )
        )
    return PublicList(on=on, updated_on=max(days) if days else None, results=results)


# --- 执法事项清单 ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class LegalBasisPublic:
    law: str
    article: str
    text: str


@dataclass(frozen=True)
class ItemPublic:
    code: str
    version: int
    name: str
    category: str
    category_label: str
    field: str
    legal_basis_text: str
    legal_basis: list[LegalBasisPublic]
    responsible_unit: str
    time_limit: str
    remarks: str
    effective_from: dt.date
    effective_to: dt.date | None


def _time_limit(item: EnforcementItem) -> str:
    parts = []
    if item.time_limit_days is not None:
        parts.append(f"{item.time_limit_days}个{item.get_time_limit_day_count_display()}")
    if item.time_limit_note:
        parts.append(item.time_limit_note)
    return "；".join(parts)


def _item(item: EnforcementItem) -> ItemPublic:
    return ItemPublic(
        code=item.code,
        version=item.version,
        name=item.name,
        category=item.category,
        category_label=item.get_category_display(),
        field=item.field.name if item.field else "",
        legal_basis_text=item.legal_basis_text,
        legal_basis=[
            LegalBasisPublic(law=f"《{a.law.name}》", article=a.number, text=a.text)
            for a in item.legal_basis.all()
        ],
        responsible_unit=item.responsible_unit.name if item.responsible_unit else "",
        time_limit=_time_limit(item),
        remarks=item.remarks,
        effective_from=item.effective_from,
        effective_to=item.effective_to,
    )


def _items_qs(agency: AgencyPublic) -> QuerySet[EnforcementItem]:
    return (
        EnforcementItem.objects.filter(agency_id=agency.id)
        .select_related("field", "responsible_unit")
        .prefetch_related("legal_basis__law")
    )


def parse_category(value: str | None) -> str:
    """Raises: ValidationFailed (code `invalid_category`) for an unknown category."""
    if not value:
        return ""
    if value not in ItemCategory.values:
        raise ValidationFailed("事项类别不正确", code="invalid_category")
    return value


def items_public(
    *, agency: AgencyPublic, on: dt.date, category: str = ""
) -> PublicList[ItemPublic]:
    qs = _in_force(_items_qs(agency), on)
    if category:
        qs = qs.filter(category=category)
    rows = list(qs.order_by("category", "code"))
    return PublicList(on=on, updated_on=_updated_on(rows, on), results=[_item(r) for r in rows])


def item_versions(*, agency: AgencyPublic, code: str) -> list[ItemPublic]:
    """Every published version of one item, newest first (already effective ones only).

    Raises: NotFound when the agency has no such item.
    """
    rows = list(
        _items_qs(agency).filter(code=code, effective_from__lte=today()).order_by("-version")
    )
    if not rows:
        raise NotFound("执法事项不存在")
    return [_item(r) for r in rows]


def item_public_get(
    *, agency: AgencyPublic, code: str, on: dt.date, version: int | None = None
) -> tuple[ItemPublic, list[ItemPublic]]:
    """One item (the version in force on `on`, or the given version) and its history.

    Raises: NotFound when the item or version does not exist or was not in force on `on`.
    """
    history = item_versions(agency=agency, code=code)
    if version is not None:
        chosen = next((v for v in history if v.version == version), None)
    else:
        chosen = next(
            (
                v
                for v in history
                if v.effective_from <= on and (v.effective_to is None or on < v.effective_to)
            ),
            None,
        )
    if chosen is None:
        raise NotFound("该日期无有效的执法事项版本")
    return chosen, history


# --- 裁量基准 -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class TierPublic:
    kind: str
    kind_label: str
    conditions: str
    fine: str
    fine_min: Decimal | None
    fine_max: Decimal | None
    multiple_min: Decimal | None
    multiple_max: Decimal | None
    multiple_base: str
    other_penalties: str


@dataclass(frozen=True)
class BenchmarkPublic:
    code: str
    version: int
    item_code: str
    violation: str
    violated_provision: str
    penalty_basis: str
    issuer: str
    effective_from: dt.date
    tiers: list[TierPublic] = field(default_factory=list)


def _money(value: Decimal) -> str:
    return f"{value.normalize():f}" if value == value.to_integral() else f"{value:f}"


def _fine(tier: DiscretionTier) -> str:
    parts = []
    if tier.fine_min is not None or tier.fine_max is not None:
        lo = _money(tier.fine_min) if tier.fine_min is not None else "0"
        hi = _money(tier.fine_max) if tier.fine_max is not None else "—"
        parts.append(f"罚款 {lo} 元至 {hi} 元")
    if tier.multiple_min is not None or tier.multiple_max is not None:
        lo = _money(tier.multiple_min) if tier.multiple_min is not None else "0"
        hi = _money(tier.multiple_max) if tier.multiple_max is not None else "—"
        parts.append(f"{tier.multiple_base or '基数'}的 {lo} 倍至 {hi} 倍罚款")
    return "；".join(parts) or "不予罚款"


def _tier(t: DiscretionTier) -> TierPublic:
    return TierPublic(
        kind=t.kind,
        kind_label=t.get_kind_display(),
        conditions=t.conditions,
        fine=_fine(t),
        fine_min=t.fine_min,
        fine_max=t.fine_max,
        multiple_min=t.multiple_min,
        multiple_max=t.multiple_max,
        multiple_base=t.multiple_base,
        other_penalties=t.other_penalties,
    )


def benchmarks_public(*, agency: AgencyPublic, on: dt.date) -> PublicList[BenchmarkPublic]:
    qs = _in_force(DiscretionBenchmark.objects.filter(agency_id=agency.id), on).prefetch_related(
        Prefetch("tiers", queryset=DiscretionTier.objects.order_by("position"))
    )
    rows = list(qs.order_by("item_code", "code"))
    results = [
        BenchmarkPublic(
            code=b.code,
            version=b.version,
            item_code=b.item_code,
            violation=b.violation,
            violated_provision=b.violated_provision,
            penalty_basis=b.penalty_basis,
            issuer=b.issuer,
            effective_from=b.effective_from,
            tiers=[_tier(t) for t in b.tiers.all()],
        )
        for b in rows
    ]
    return PublicList(on=on, updated_on=_updated_on(rows, on), results=results)


# --- 随机抽查, 音像记录, 法制审核目录, 服务指南 ---------------------------------------------------------


@dataclass(frozen=True)
class SpotCheckPublic:
    code: str
    version: int
    name: str
    item_code: str
    check_type: str
    target: str
    content: str
    basis: str
    method: str
    ratio: str
    frequency: str
    effective_from: dt.date


def spot_checks_public(*, agency: AgencyPublic, on: dt.date) -> PublicList[SpotCheckPublic]:
    rows = list(_in_force(SpotCheckItem.objects.filter(agency_id=agency.id), on).order_by("code"))
    results = [
        SpotCheckPublic(
            code=r.code,
            version=r.version,
            name=r.name,
            item_code=r.item_code,
            check_type=r.check_type,
            target=r.target,
            content=r.content,
            basis=r.basis,
            method=r.method,
            ratio=r.ratio,
            frequency=r.frequency,
            effective_from=r.effective_from,
        )
        for r in rows
    ]
    return PublicList(on=on, updated_on=_updated_on(rows, on), results=results)


@dataclass(frozen=True)
class RecordingPublic:
    code: str
    version: int
    activity: str
    item_code: str
    level: str
    level_label: str
    basis: str
    note: str
    effective_from: dt.date


def recordings_public(*, agency: AgencyPublic, on: dt.date) -> PublicList[RecordingPublic]:
    qs = _in_force(RecordingRequirement.objects.filter(agency_id=agency.id), on)
    rows = list(qs.order_by("code"))
    results = [
        RecordingPublic(
            code=r.code,
            version=r.version,
            activity=r.activity,
            item_code=r.item_code,
            level=r.level,
            level_label=r.get_level_display(),
            basis=r.basis,
            note=r.note,
            effective_from=r.effective_from,
        )
        for r in rows
    ]
    return PublicList(on=on, updated_on=_updated_on(rows, on), results=results)


@dataclass(frozen=True)
class MajorRulePublic:
    code: str
    version: int
    name: str
    item_code: str
    party_kind: str
    party_kind_label: str
    fine_threshold: Decimal | None
    confiscation_threshold: Decimal | None
    penalty_kinds: str
    after_hearing: bool
    other_condition: str
    basis: str
    effective_from: dt.date


def major_rules_public(*, agency: AgencyPublic, on: dt.date) -> PublicList[MajorRulePublic]:
    qs = _in_force(MajorDecisionRule.objects.filter(agency_id=agency.id), on)
    rows = list(qs.order_by("code"))
    results = [
        MajorRulePublic(
            code=r.code,
            version=r.version,
            name=r.name,
            item_code=r.item_code,
            party_kind=r.party_kind,
            party_kind_label=r.get_party_kind_display(),
            fine_threshold=r.fine_threshold,
            confiscation_threshold=r.confiscation_threshold,
            penalty_kinds=r.penalty_kinds,
            after_hearing=r.after_hearing,
            other_condition=r.other_condition,
            basis=r.basis,
            effective_from=r.effective_from,
        )
        for r in rows
    ]
    return PublicList(on=on, updated_on=_updated_on(rows, on), results=results)


@dataclass(frozen=True)
class HearingThresholdPublic:
    code: str
    version: int
    party_kind: str
    party_kind_label: str
    item_code: str
    fine_threshold: Decimal | None
    confiscation_threshold: Decimal | None
    basis: str
    note: str
    effective_from: dt.date


def hearing_thresholds_public(
    *, agency: AgencyPublic, on: dt.date
) -> PublicList[HearingThresholdPublic]:
    """听证较大数额标准 (处罚法 §63): from which amount a party may ask for a hearing."""
    qs = _in_force(HearingThreshold.objects.filter(agency_id=agency.id), on)
    rows = list(qs.order_by("code"))
    results = [
        HearingThresholdPublic(
            code=r.code,
            version=r.version,
            party_kind=r.party_kind,
            party_kind_label=r.get_party_kind_display(),
            item_code=r.item_code,
            fine_threshold=r.fine_threshold,
            confiscation_threshold=r.confiscation_threshold,
            basis=r.basis,
            note=r.note,
            effective_from=r.effective_from,
        )
        for r in rows
    ]
    return PublicList(on=on, updated_on=_updated_on(rows, on), results=results)


@dataclass(frozen=True)
class GuidePublic:
    code: str
    version: int
    item_code: str
    name: str
    basis: str
    accepting_body: str
    approving_body: str
    conditions: str
    preferential_policies: str
    materials: str
    procedure: str
    time_limit: str
    fees: str
    supervision: str
    accountability: str
    remedy: str
    office_hours: str
    office_address: str
    office_phone: str
    effective_from: dt.date


def _guide(r: ServiceGuide) -> GuidePublic:
    return GuidePublic(
        code=r.code,
        version=r.version,
        item_code=r.item_code,
        name=r.name,
        basis=r.basis,
        accepting_body=r.accepting_body,
        approving_body=r.approving_body,
        conditions=r.conditions,
        preferential_policies=r.preferential_policies,
        materials=r.materials,
        procedure=r.procedure,
        time_limit=r.time_limit,
        fees=r.fees,
        supervision=r.supervision,
        accountability=r.accountability,
        remedy=r.remedy,
        office_hours=r.office_hours,
        office_address=r.office_address,
        office_phone=r.office_phone,
        effective_from=r.effective_from,
    )


def guides_public(*, agency: AgencyPublic, on: dt.date) -> PublicList[GuidePublic]:
    rows = list(_in_force(ServiceGuide.objects.filter(agency_id=agency.id), on).order_by("code"))
    return PublicList(on=on, updated_on=_updated_on(rows, on), results=[_guide(r) for r in rows])


def guide_public_get(*, agency: AgencyPublic, code: str, on: dt.date) -> GuidePublic:
    """Raises: NotFound when no version of the guide is in force on `on`."""
    row = (
        _in_force(ServiceGuide.objects.filter(agency_id=agency.id, code=code), on)
        .order_by("-version")
        .first()
    )
    if row is None:
        raise NotFound("服务指南不存在")
    return _guide(row)


# --- search -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class SearchHit:
    kind: str
    kind_label: str
    agency_id: uuid.UUID
    agency_name: str
    title: str
    code: str
    detail: str


@dataclass(frozen=True)
class SearchResults:
    query: str
    truncated: bool
    hits: list[SearchHit]


def normalise_query(value: str | None) -> tuple[str, bool]:
    """The query stripped, whitespace-collapsed and cut to QUERY_MAX_LENGTH; and whether cut."""
    text = " ".join((value or "").split())
    return text[:QUERY_MAX_LENGTH], len(text) > QUERY_MAX_LENGTH


def search_public(*, query: str | None, on: dt.date | None = None) -> SearchResults:
    """Case-insensitive substring search over published rows in force on `on` (default today).

    Officers are matched on the same rule as `certified_officers`: an active 执法证 valid
    on `on` held by an active officer of an active agency.
    """
    q, truncated = normalise_query(query)
    if not q:
        return SearchResults(query="", truncated=False, hits=[])
    on = on or today()
    active = Agency.objects.filter(is_active=True)
    hits: list[SearchHit] = []
    for a in active.filter(name__icontains=q).order_by("name")[:SEARCH_LIMIT]:
        hits.append(SearchHit("agency", "执法主体", a.pk, a.name, a.name, a.uscc, ""))
    items = _in_force(EnforcementItem.objects.filter(agency__in=active), on).filter(
        Q(name__icontains=q) | Q(code__icontains=q)
    )
    for i in items.select_related("agency").order_by("code")[:SEARCH_LIMIT]:
        hits.append(
            SearchHit(
                "item", "执法事项", i.agency_id, i.agency.name, i.name, i.code,
                i.get_category_display(),
            )
        )  # fmt: skip
    benches = _in_force(DiscretionBenchmark.objects.filter(agency__in=active), on).filter(
        violation__icontains=q
    )
    for b in benches.select_related("agency").order_by("code")[:SEARCH_LIMIT]:
        hits.append(
            SearchHit("benchmark", "裁量基准", b.agency_id, b.agency.name, b.violation, b.code, "")
        )
    guides = _in_force(ServiceGuide.objects.filter(agency__in=active), on).filter(
        Q(name__icontains=q) | Q(item_code__icontains=q)
    )
    for g in guides.select_related("agency").order_by("code")[:SEARCH_LIMIT]:
        hits.append(SearchHit("guide", "服务指南", g.agency_id, g.agency.name, g.name, g.code, ""))
    certs = (
        Certificate.objects.filter(
            status=CertificateStatus.ACTIVE,
            valid_from__lte=on,
            valid_to__gte=on,
            officer__is_active=True,
            officer__agency__is_active=True,
        )
        .filter(Q(number__icontains=q) | Q(officer__name__icontains=q))
        .select_related("officer__agency")
        .order_by("officer__name", "number")[:SEARCH_LIMIT]
    )
    for c in certs:
        o = c.officer
        hits.append(
            SearchHit("officer", "执法人员", o.agency_id, o.agency.name, o.name, c.number, o.title)
        )
    return SearchResults(query=q, truncated=truncated, hits=hits)

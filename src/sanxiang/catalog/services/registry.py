"""The catalog list kinds: sheet name, model and column spec (Chinese header -> field).

One registry serves the services (what a row may contain), the Excel import/export (which sheet,
which headers) and the UI (which columns to show), so the three cannot drift apart.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from django.db import models

from sanxiang.catalog.models import (
    DayCount,
    DiscretionBenchmark,
    DiscretionTier,
    EnforcementItem,
    HearingThreshold,
    ItemCategory,
    MajorDecisionRule,
    PartyKind,
    RecordingLevel,
    RecordingRequirement,
    ServiceGuide,
    SpotCheckItem,
    TierKind,
)

# Column value types understood by `cleaning.clean_value`.
STR = "str"
INT = "int"
DECIMAL = "decimal"
BOOL = "bool"
CHOICE = "choice"
FIELD = "field"  # EnforcementField, by Chinese name (or code)
UNIT = "unit"  # Unit of the agency, by name

ChoicesClass = type[models.TextChoices]
# A check across the cleaned values of one row: (field, Chinese problem) pairs, empty when fine.
RowCheck = Callable[[Mapping[str, Any]], list[tuple[str, str]]]


@dataclass(frozen=True)
class Column:
    header: str
    field: str
    type: str = STR
    required: bool = False
    choices: ChoicesClass | None = None
    default: Any = None
    tier: bool = False  # DiscretionTier column (one sheet row per tier)

    @property
    def label(self) -> str:
        """The header without unit suffixes, for messages: 罚款下限（元） -> 罚款下限."""
        return self.header.split("（")[0]


@dataclass(frozen=True)
class Kind:
    key: str
    sheet: str
    model: type[models.Model]
    columns: tuple[Column, ...]
    code_header: str
    tier_model: type[models.Model] | None = None
    extra: dict[str, Any] = field(default_factory=dict)
    row_check: RowCheck | None = None

    @property
    def row_columns(self) -> tuple[Column, ...]:
        return tuple(c for c in self.columns if not c.tier)

    @property
    def tier_columns(self) -> tuple[Column, ...]:
        return tuple(c for c in self.columns if c.tier)

    def max_length(self, column: Column) -> int | None:
        model = self.tier_model if column.tier else self.model
        if model is None:
            raise TypeError(f"{self.key}: tier column {column.field} without a tier model")
        return getattr(model._meta.get_field(column.field), "max_length", None)


def _code(header: str) -> Column:
    return Column(header, "code", required=True)


ITEM = Kind(
    key="item",
    sheet="执法事项清单",
    model=EnforcementItem,
    code_header="事项编码",
    columns=(
        _code("事项编码"),
        Column("事项名称", "name", required=True),
        Column("事项类别", "category", CHOICE, required=True, choices=ItemCategory),
        Column("执法类别", "field", FIELD),
        Column("法律依据", "legal_basis_text", required=True),
        Column("承办机构", "responsible_unit", UNIT),
        Column("办理时限（天）", "time_limit_days", INT),
        Column("时限计算", "time_limit_day_count", CHOICE, choices=DayCount, default="working"),
        Column("时限说明", "time_limit_note"),
        Column("备注", "remarks"),
    ),
)

BENCHMARK = Kind(
    key="benchmark",
    sheet="裁量基准",
    model=DiscretionBenchmark,
    tier_model=DiscretionTier,
    code_header="基准编码",
    columns=(
        _code("基准编码"),
        Column("事项编码", "item_code", required=True),
        Column("违法行为", "violation", required=True),
        Column("违反条款", "violated_provision", required=True),
        Column("处罚依据", "penalty_basis", required=True),
        Column("制定机关", "issuer"),
        Column("裁量阶次", "kind", CHOICE, required=True, choices=TierKind, tier=True),
        Column("适用条件", "conditions", required=True, tier=True),
        Column("罚款下限（元）", "fine_min", DECIMAL, tier=True),
        Column("罚款上限（元）", "fine_max", DECIMAL, tier=True),
        Column("倍数下限", "multiple_min", DECIMAL, tier=True),
        Column("倍数上限", "multiple_max", DECIMAL, tier=True),
        Column("倍数基数", "multiple_base", tier=True),
        Column("其他处罚", "other_penalties", tier=True),
    ),
)

SPOT_CHECK = Kind(
    key="spot_check",
    sheet="随机抽查事项清单",
    model=SpotCheckItem,
    code_header="抽查事项编码",
    columns=(
        _code("抽查事项编码"),
        Column("抽查事项", "name", required=True),
        Column("对应执法事项编码", "item_code"),
        Column("抽查类别", "check_type"),
        Column("抽查对象", "target", required=True),
        Column("抽查内容", "content", required=True),
        Column("抽查依据", "basis", required=True),
        Column("抽查方式", "method", required=True),
        Column("抽查比例", "ratio", required=True),
        Column("抽查频次", "frequency", required=True),
    ),
)

RECORDING = Kind(
    key="recording",
    sheet="音像记录事项清单",
    model=RecordingRequirement,
    code_header="编码",
    columns=(
        _code("编码"),
        Column("执法环节", "activity", required=True),
        Column("适用事项编码", "item_code"),
        Column("记录要求", "level", CHOICE, required=True, choices=RecordingLevel),
        Column("依据", "basis"),
        Column("说明", "note"),
    ),
)

MAJOR_DECISION = Kind(
    key="major_decision",
    sheet="重大执法决定法制审核目录清单",
    model=MajorDecisionRule,
    code_header="编码",
    columns=(
        _code("编码"),
        Column("审核事项", "name", required=True),
        Column("适用事项编码", "item_code"),
        Column("当事人类型", "party_kind", CHOICE, choices=PartyKind, default="any"),
        Column("罚款数额达到（元）", "fine_threshold", DECIMAL),
        Column("没收数额达到（元）", "confiscation_threshold", DECIMAL),
        Column("处罚种类", "penalty_kinds"),
        Column("经过听证", "after_hearing", BOOL, default=False),
        Column("其他情形", "other_condition"),
        Column("依据", "basis"),
    ),
)

HEARING_THRESHOLD_EMPTY = "应至少填写罚款数额或没收数额中的一项"


def _hearing_threshold_check(values: Mapping[str, Any]) -> list[tuple[str, str]]:
    # A row with neither amount would silently grant or deny nothing; say so at import time
    # (the database refuses it too).
    if values.get("fine_threshold") is None and values.get("confiscation_threshold") is None:
        return [("fine_threshold", HEARING_THRESHOLD_EMPTY)]
    return []


HEARING_THRESHOLD = Kind(
    key="hearing_threshold",
    sheet="听证较大数额标准",
    model=HearingThreshold,
    code_header="编码",
    columns=(
        _code("编码"),
        Column("当事人类型", "party_kind", CHOICE, required=True, choices=PartyKind),
        Column("罚款数额达到（元）", "fine_threshold", DECIMAL),
        Column("没收数额达到（元）", "confiscation_threshold", DECIMAL),
        Column("适用事项编码", "item_code"),
        Column("依据", "basis", required=True),
        Column("说明", "note"),
    ),
    row_check=_hearing_threshold_check,
)

SERVICE_GUIDE = Kind(
    key="service_guide",
    sheet="服务指南",
    model=ServiceGuide,
    code_header="指南编码",
    columns=(
        _code("指南编码"),
        Column("事项编码", "item_code", required=True),
        Column("事项名称", "name", required=True),
        Column("设定依据", "basis", required=True),
        Column("受理机构", "accepting_body", required=True),
        Column("审批机构", "approving_body"),
        Column("受理条件", "conditions", required=True),
        Column("优惠政策", "preferential_policies"),
        Column("申请材料", "materials", required=True),
        Column("办理流程", "procedure", required=True),
        Column("办理时限", "time_limit", required=True),
        Column("收费标准", "fees"),
        Column("监督方式", "supervision", required=True),
        Column("责任追究", "accountability"),
        Column("救济渠道", "remedy", required=True),
        Column("办公时间", "office_hours", required=True),
        Column("办公地址", "office_address", required=True),
        Column("办公电话", "office_phone", required=True),
    ),
)

KINDS: dict[str, Kind] = {
    k.key: k
    for k in (
        ITEM,
        BENCHMARK,
        SPOT_CHECK,
        RECORDING,
        MAJOR_DECISION,
        HEARING_THRESHOLD,
        SERVICE_GUIDE,
    )
}

UNKNOWN_KIND = "未知的清单类型：{kind}"


def kind_get(key: str) -> Kind:
    """Raises: ValidationFailed for an unknown kind key."""
    from sanxiang.core.errors import ValidationFailed

    try:
        return KINDS[key]
    except KeyError:
        raise ValidationFailed(UNKNOWN_KIND.format(kind=key), code="unknown_kind") from None

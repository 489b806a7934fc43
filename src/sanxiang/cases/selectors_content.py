"""Readable content of the recorded steps: each stored key with the Chinese label of the field
that produced it (the payload model's title), enum values as their labels, ids left out.

Keys added by services besides the submitted fields are labelled in EXTRA_LABELS; a key nobody
labelled keeps its name, so nothing recorded is ever hidden from the timeline.
"""

from __future__ import annotations

import enum
import types
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Union, get_args, get_origin

from pydantic import BaseModel

from sanxiang.cases.models import MeasureKind
from sanxiang.cases.payloads import PAYLOADS, LeadRegistration, RecordEntry
from sanxiang.cases.payloads_execution import (
    CourtApplication,
    DemandService,
    PaymentEntry,
    PaymentPlanApproval,
    RemedyEnd,
    RemedyStart,
)
from sanxiang.cases.rules.recording import AV_ABSENCE_APPROVED
from sanxiang.cases.services.coercion import (
    MeasureApplication,
    MeasureApproval,
    MeasureDecision,
    MeasureExtension,
    MeasureRelease,
)
from sanxiang.cases.services.discretion import APPLY_DISCRETION, DiscretionApplication
from sanxiang.cases.services.extension import Extension
from sanxiang.cases.services.hearing import HearingRecord, HearingSchedule
from sanxiang.cases.services.records import AvAbsence
from sanxiang.cases.services.recusal import OfficerAssignment, RecusalDecision, RecusalRequest


@dataclass(frozen=True)
class ContentItem:
    key: str
    label: str
    value: str


# Step actions that are not transitions, and the model whose titles label their content.
# Panels of other services add theirs with `register_step_model`.
STEP_MODELS: dict[str, type[BaseModel]] = {
    **PAYLOADS,
    "register_lead": LeadRegistration,
    "record": RecordEntry,
    AV_ABSENCE_APPROVED: AvAbsence,
    APPLY_DISCRETION: DiscretionApplication,
    "recusal_request": RecusalRequest,
    "recusal_decide": RecusalDecision,
    "case_officer_assign": OfficerAssignment,
    "case_extend": Extension,
    "hearing_schedule": HearingSchedule,
    "hearing_record": HearingRecord,
    "measure_apply": MeasureApplication,
    "measure_approve": MeasureApproval,
    "measure_decide": MeasureDecision,
    "measure_extend": MeasureExtension,
    "measure_release": MeasureRelease,
    "payment": PaymentEntry,
    "payment_plan": PaymentPlanApproval,
    "remedy_started": RemedyStart,
    "remedy_ended": RemedyEnd,
    "demand": DemandService,
    "court_application": CourtApplication,
}
# Content the handlers add to a step besides what the officer submitted.
EXTRA_LABELS: dict[str, str] = {
    "number": "案号",
    "decision_due": "办案期限届满日",
    "hearing_offered": "告知听证权利",
    "is_major": "属于重大执法决定",
    "statement_due": "陈述申辩期限届满日",
    "hearing_request_due": "听证申请期限届满日",
    "decision_number": "决定书文号",
    "service_due": "决定书送达期限届满日",
    "payment_due": "罚款缴纳期限届满日",
    "electronic_consent": "电子送达依据",
    "activity": "执法环节",
    # 裁量基准 (services/discretion.py)
    "benchmark_version": "裁量基准版本",
    "violation": "违法行为",
    "penalty_basis": "处罚依据",
    "tier_conditions": "阶次适用情形",
    "fine_range": "罚款幅度",
    "other_penalties": "其他处罚",
    "outside_tier": "超出裁量阶次",
    # 回避 and the case team (services/recusal.py)
    "officer_name": "执法人员",
    "left": "退出办案",
    "team_size": "在办执法人员人数",
    # 听证, 延长, 强制措施
    "chair_name": "听证主持人",
    "earliest_day": "最早可举行听证日期",
    "earliest_day_provisional": "最早日期为暂定（下一年度节假日安排未导入）",
    "due_before": "原届满日",
    "due_after": "延长后届满日",
    "approved_after_expiry": "期限届满后批准",
    "approval_due": "补办批准期限",
    "approved_by": "批准人",
    "due_on": "期限届满日",
    "officers": "实施执法人员",
    "at": "批准时间",
    # 执行 (services/execution.py, services/enforcement.py)
    "amount": "金额（元）",
    "to_fine": "抵缴罚款（元）",
    "to_late_fee": "抵缴加处罚款（元）",
    "fine_outstanding": "尚欠罚款（元）",
    "late_fee_accrued": "已加处罚款（元）",
    "late_fee_outstanding": "尚欠加处罚款（元）",
    "schedule": "缴纳计划",
    "court_application_after": "可申请强制执行日",
    "court_application_due": "申请强制执行期限届满日",
}
# Ids kept in the content for the record but meaningless to read (their names are shown).
HIDDEN_KEYS = frozenset({"measure", "recusal", "officer", "tier_label"})
# Labels of a key for one action where the same key means something else elsewhere.
STEP_LABELS: dict[str, dict[str, tuple[str, type[enum.Enum] | None]]] = {
    **{
        action: {"kind": ("措施", MeasureKind)}
        for action in (
            "measure_apply",
            "measure_approve",
            "measure_decide",
            "measure_extend",
            "measure_release",
        )
    },
    "payment_plan": {"kind": ("方式", None)},
    "remedy_started": {"kind": ("救济途径", None)},
    "remedy_ended": {"kind": ("救济途径", None)},
}
# Values of enums that carry no Chinese label of their own.
VALUE_LABELS: dict[str, str] = {
    "review": "行政复议",
    "litigation": "行政诉讼",
    "deferral": "延期缴纳",
    "instalments": "分期缴纳",
}


def register_step_model(action: str, model: type[BaseModel]) -> None:
    """Label the timeline content of steps recorded under `action` with `model`'s field titles."""
    STEP_MODELS[action] = model


# --- readable step content ---------------------------------------------------------------------


def _enum_of(annotation: Any) -> type[enum.Enum] | None:
    """The enum inside `X`, `list[X]` or `X | None`, if any."""
    if isinstance(annotation, type) and issubclass(annotation, enum.Enum):
        return annotation
    origin = get_origin(annotation)
    if origin in (list, tuple, set, frozenset, Union, types.UnionType):
        for arg in get_args(annotation):
            found = _enum_of(arg)
            if found is not None:
                return found
    return None


def _labels_of(model: type[BaseModel] | None) -> dict[str, tuple[str, type[enum.Enum] | None]]:
    if model is None:
        return {}
    return {
        name: (info.title or name, _enum_of(info.annotation))
        for name, info in model.model_fields.items()
    }


def _all_labels() -> dict[str, tuple[str, type[enum.Enum] | None]]:
    merged: dict[str, tuple[str, type[enum.Enum] | None]] = {}
    for model in STEP_MODELS.values():
        for name, found in _labels_of(model).items():
            merged.setdefault(name, found)
    return merged


def _format(value: Any, kind: type[enum.Enum] | None) -> str:
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, list | tuple):
        return "、".join(_format(v, kind) for v in value)
    if isinstance(value, Mapping):  # a person {"id", "name"} or a row such as an instalment
        if "name" in value:
            return str(value["name"])
        return " ".join(_format(v, None) for v in value.values() if v not in (None, ""))
    if kind is not None:
        try:
            member = kind(value)
        except ValueError:
            return str(value)
        label = getattr(member, "label", None)
        return str(label) if label else VALUE_LABELS.get(str(member.value), str(member.value))
    return VALUE_LABELS.get(value, str(value)) if isinstance(value, str) else str(value)


def readable_content(action: str, content: Mapping[str, Any]) -> list[ContentItem]:
    """The step's stored content as (label, text) pairs in the model's field order, empty values
    left out; keys no model knows keep their name so nothing recorded is hidden."""
    own = {**_labels_of(STEP_MODELS.get(action)), **STEP_LABELS.get(action, {})}
    fallback = _all_labels()
    order = list(own) + [k for k in content if k not in own]
    items = []
    for key in order:
        if key not in content:
            continue
        value = content[key]
        if value is None or value == "" or value == [] or key in HIDDEN_KEYS:
            continue
        extra = (EXTRA_LABELS[key], None) if key in EXTRA_LABELS else None
        label, kind = own.get(key) or extra or fallback.get(key) or (key, None)
        items.append(ContentItem(key=key, label=label, value=_format(value, kind)))
    return items

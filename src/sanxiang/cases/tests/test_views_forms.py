"""The form generated from a pydantic model: one widget per field type, values back to the model."""

from __future__ import annotations

import datetime as dt
import uuid
from decimal import Decimal

import pytest
from pydantic import BaseModel, Field

from sanxiang.cases.forms import PayloadForm, parse_rows
from sanxiang.cases.models import PenaltyKind, ServiceMethod
from sanxiang.cases.payloads import PAYLOADS, NoticeIssue
from sanxiang.cases.services.validation import parse
from sanxiang.core.errors import RuleViolation, ValidationFailed


class Item(BaseModel):
    name: str = Field(title="物品名称", min_length=1)
    quantity: Decimal = Field(title="数量")
    note: str = Field("", title="备注")


class Sample(BaseModel):
    title: str = Field(title="标题", min_length=1, max_length=100)
    text: str = Field("", title="正文", max_length=20000)
    method: ServiceMethod = Field(ServiceMethod.DIRECT, title="送达方式")
    kinds: list[PenaltyKind] = Field(title="处罚种类", min_length=1)
    agreed: bool = Field(title="已同意")
    on: dt.date = Field(title="日期")
    at: dt.datetime | None = Field(None, title="时间")
    fine: Decimal | None = Field(None, title="罚款（元）")
    days: int = Field(30, title="天数")
    items: list[Item] = Field(default_factory=list, title="物品清单")
    officer_id: uuid.UUID | None = Field(None, title="执法人员")


OFFICER = str(uuid.UUID(int=7))


def widgets(form):
    return {name: bound.widget_type for name, bound in ((n, form[n]) for n in form.fields)}


def test_each_field_type_gets_its_widget():
    form = PayloadForm(model=Sample, choices={"officer_id": [("a", "张三")]})
    assert widgets(form) == {
        "title": "text",
        "text": "textarea",
        "method": "select",
        "kinds": "checkboxselectmultiple",
        "agreed": "checkbox",
        "on": "date",
        "at": "datetime",
        "fine": "number",
        "days": "number",
        "items": "textarea",
        "officer_id": "select",
    }
    assert form.fields["title"].label == "标题"
    assert form.fields["title"].required
    assert not form.fields["agreed"].required  # unticked is a value (False), not a missing one
    assert form.fields["method"].initial == "direct"
    assert ("fine", "罚款") in form.fields["kinds"].choices
    assert "物品名称 | 数量 | 备注" in form.fields["items"].help_text


def test_cleaned_values_validate_against_the_model():
    form = PayloadForm(
        {
            "title": "标题",
            "method": "post",
            "kinds": ["warning", "fine"],
            "agreed": "on",
            "on": "2026-03-11",
            "at": "2026-03-11T09:30",
            "fine": "200.50",
            "days": "15",
            "items": "灭火器 | 2 | 过期\n\n宣传牌｜1",
            "officer_id": OFFICER,
        },
        model=Sample,
        choices={"officer_id": [(OFFICER, "张三")]},
    )
    assert form.is_valid(), form.errors
    payload = form.payload()
    assert payload["items"] == [
        {"name": "灭火器", "quantity": "2", "note": "过期"},
        {"name": "宣传牌", "quantity": "1"},
    ]
    assert "text" not in payload  # blank optional: the model's default applies
    model = Sample.model_validate(payload)
    assert model.fine == Decimal("200.50")
    assert model.at is not None
    assert model.at.hour == 9
    assert model.items[1].note == ""
    assert model.officer_id == uuid.UUID(int=7)


def test_unticked_required_bool_is_false_not_missing():
    form = PayloadForm({"title": "x", "kinds": ["fine"], "on": "2026-03-11"}, model=Sample)
    assert form.is_valid(), form.errors
    assert form.payload()["agreed"] is False


def test_missing_required_field_is_a_form_error_in_chinese():
    form = PayloadForm({"kinds": ["fine"], "on": "2026-03-11"}, model=Sample)
    assert not form.is_valid()
    assert form.errors["title"] == ["这个字段是必填项。"]


def test_unknown_choice_is_refused():
    form = PayloadForm({"title": "x", "kinds": ["flogging"], "on": "2026-03-11"}, model=Sample)
    assert not form.is_valid()
    assert "kinds" in form.errors


def test_service_validation_error_lands_on_the_named_field():
    form = PayloadForm({"title": "x", "kinds": ["fine"], "on": "2026-03-11"}, model=Sample)
    assert form.is_valid()
    with pytest.raises(ValidationFailed) as err:
        parse(NoticeIssue, {"penalties": ["fine"]})
    err.value.extra["errors"][0]["field"] = "title"
    form.add_service_error(err.value)
    assert form.errors["title"] == [err.value.message]
    assert form.non_field_errors() == [err.value.message]


def test_rule_violation_is_shown_at_the_top():
    form = PayloadForm({"title": "x", "kinds": ["fine"], "on": "2026-03-11"}, model=Sample)
    assert form.is_valid()
    form.add_service_error(RuleViolation("不得超过（《行政处罚法》第五十一条）", code="x"))
    assert form.non_field_errors() == ["不得超过（《行政处罚法》第五十一条）"]
    assert set(form.errors) == {"__all__"}


@pytest.mark.parametrize("action", sorted(PAYLOADS))
def test_every_action_payload_renders_and_round_trips_its_defaults(action):
    model = PAYLOADS[action]
    form = PayloadForm(model=model, prefix=action)
    assert set(form.fields) == set(model.model_fields)
    for name, field in form.fields.items():
        assert field.label, (action, name)
        assert not field.label.isascii(), (action, name)  # a Chinese label, not the field name


def test_parse_rows_leaves_blank_cells_to_the_model():
    assert parse_rows("a | | c\n", Item) == [{"name": "a", "note": "c"}]

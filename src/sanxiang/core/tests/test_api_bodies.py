"""The API's hand-read bodies: a JSON object or a clear error; OpenAPI keeps the Chinese titles."""

from __future__ import annotations

import pytest
from django.test import RequestFactory

from sanxiang.cases.models import RecordKind
from sanxiang.cases.payloads import RecordEntry
from sanxiang.core.api_bodies import body_schema, json_object_body
from sanxiang.core.errors import ValidationFailed


def test_body_schema_keeps_the_field_title_of_an_enum_field():
    schema = body_schema(RecordEntry)["requestBody"]["content"]["application/json"]["schema"]
    kind = schema["properties"]["kind"]
    assert kind["title"] == "笔录类型"
    assert set(kind["enum"]) == set(RecordKind.values)
    assert "$defs" not in schema


@pytest.mark.parametrize("raw", [b"not json", b"[1, 2]", b'"text"', b"\xff\xfe"])
def test_json_object_body_refuses_anything_but_an_object(raw):
    request = RequestFactory().post("/x", data=raw, content_type="application/json")
    with pytest.raises(ValidationFailed) as err:
        json_object_body(request)
    assert err.value.code == "invalid_json"


def test_json_object_body_reads_an_object():
    request = RequestFactory().post("/x", data=b'{"a": 1}', content_type="application/json")
    assert json_object_body(request) == {"a": 1}

"""uuid_or_not_found: a malformed id is the same 404 as a missing object."""

from __future__ import annotations

import uuid

import pytest

from sanxiang.core.errors import NotFound
from sanxiang.core.ids import uuid_or_not_found

AN_ID = uuid.UUID("12345678-1234-5678-1234-567812345678")


def test_uuid_or_not_found_reads_a_uuid_string():
    assert uuid_or_not_found("12345678-1234-5678-1234-567812345678") == AN_ID
    assert uuid_or_not_found("12345678123456781234567812345678") == AN_ID


def test_uuid_or_not_found_passes_a_uuid_object_through():
    assert uuid_or_not_found(AN_ID) is AN_ID


@pytest.mark.parametrize("value", ["garbage", "", None, 42, "12345678-1234-5678-1234-56781234567"])
def test_uuid_or_not_found_raises_the_plain_404_when_not_a_uuid(value):
    with pytest.raises(NotFound) as err:
        uuid_or_not_found(value)
    assert err.value.code == "not_found"
    assert err.value.status == 404
    assert err.value.message == NotFound().message


def test_uuid_or_not_found_carries_the_given_message():
    with pytest.raises(NotFound) as err:
        uuid_or_not_found("garbage", message="该公开信息不存在")
    assert err.value.message == "该公开信息不存在"
    assert isinstance(err.value.__cause__, ValueError)

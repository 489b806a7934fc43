"""RFC 8785 (JCS) canonical JSON for ledger entries.

Entries hold strings, integers, booleans, null, lists and objects. Floats are refused: amounts are
carried as decimal strings, so the bytes never depend on a float formatter.
"""

from __future__ import annotations

import json
from typing import Any

MAX_SAFE_INTEGER = 2**53 - 1


def _key(k: str) -> bytes:
    # JCS sorts object members by their UTF-16 code units, not by code points.
    return k.encode("utf-16-be")


def _encode_object(value: dict[Any, Any], out: list[str]) -> None:
    if not all(isinstance(k, str) for k in value):
        raise ValueError("object keys must be strings")
    out.append("{")
    for i, k in enumerate(sorted(value, key=_key)):
        if i:
            out.append(",")
        out.append(json.dumps(k, ensure_ascii=False))
        out.append(":")
        _encode(value[k], out)
    out.append("}")


def _encode_array(value: list[Any] | tuple[Any, ...], out: list[str]) -> None:
    out.append("[")
    for i, item in enumerate(value):
        if i:
            out.append(",")
        _encode(item, out)
    out.append("]")


def _encode(value: Any, out: list[str]) -> None:
    if value is None or isinstance(value, bool):
        out.append(json.dumps(value))
    elif isinstance(value, int):
        if abs(value) > MAX_SAFE_INTEGER:
            raise ValueError("integer outside the I-JSON safe range; send it as a string")
        out.append(str(value))
    elif isinstance(value, str):
        out.append(json.dumps(value, ensure_ascii=False))
    elif isinstance(value, (list, tuple)):
        _encode_array(value, out)
    elif isinstance(value, dict):
        _encode_object(value, out)
    else:
        raise ValueError(f"not canonicalisable: {type(value).__name__}")


def canonical_json(value: Any) -> bytes:
    out: list[str] = []
    _encode(value, out)
    return "".join(out).encode("utf-8")

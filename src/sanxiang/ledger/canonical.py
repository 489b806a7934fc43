"""RFC 8785 (JCS) canonical JSON for ledger entries.

Entries hold strings, integers, booleans, null, lists and objects. Floats are refused: amounts are
carried as decimal strings, so the bytes never depend on a float formatter.
"""

from __future__ import annotations

from json.encoder import encode_basestring
from typing import Any

MAX_SAFE_INTEGER = 2**53 - 1
# json.dumps(s, ensure_ascii=False) is exactly this C function behind a per-call encoder set-up
# that cost most of a ledger append's canonicalisation; the output bytes are the same.
_string = encode_basestring


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
        out.append(_string(k))
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
        out.append("null" if value is None else "true" if value else "false")
    elif isinstance(value, int):
        if abs(value) > MAX_SAFE_INTEGER:
            raise ValueError("integer outside the I-JSON safe range; send it as a string")
        out.append(str(value))
    elif isinstance(value, str):
        out.append(_string(value))
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

"""Object ids from URLs and forms: a malformed id is the same 404 as a missing object."""

from __future__ import annotations

import uuid

from sanxiang.core.errors import NotFound


def uuid_or_not_found(value: object, *, message: str | None = None) -> uuid.UUID:
    """`value` as a UUID. Raises: NotFound (with `message` if given) when it is not one.

    A UUID passes through; anything else is read through `str()`, so None, '' and garbage
    are all the 404 a missing object would give (`uuid.UUID(str(x))` raises only ValueError).
    """
    if isinstance(value, uuid.UUID):
        return value
    try:
        return uuid.UUID(str(value))
    except ValueError as exc:
        raise (NotFound() if message is None else NotFound(message)) from exc

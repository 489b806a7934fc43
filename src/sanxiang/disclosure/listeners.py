"""Listeners on the public state of a disclosure, called inside the changing transaction.

The portal's search index and the outbound push (公示平台) must change exactly when a
publication, correction, withdrawal or expiry commits — never otherwise. They register here on
import (their AppConfig.ready) instead of the lifecycle services importing them.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from sanxiang.disclosure.models import Disclosure, DisclosureVersion


@dataclass(frozen=True)
class PublicChange:
    disclosure: Disclosure
    version: DisclosureVersion | None  # the version now public, None when it left the portal
    event: str  # the DisclosureEvent value
    user: Any


Listener = Callable[[PublicChange], None]
LISTENERS: list[Listener] = []


def on_public_change(fn: Listener) -> Listener:
    """Register `fn` (once per qualified name)."""
    name = f"{fn.__module__}.{fn.__qualname__}"
    LISTENERS[:] = [f for f in LISTENERS if f"{f.__module__}.{f.__qualname__}" != name]
    LISTENERS.append(fn)
    return fn


def public_change(change: PublicChange) -> None:
    for listener in LISTENERS:
        listener(change)

"""`on_licence_changed`: what other apps do when a licence is issued or ends.

许可法 §40 makes 准予 decisions public, so the disclosure app (above licensing) subscribes here from
its AppConfig.ready and licensing never imports it. Listeners run inside the service's
transaction, after the change and its audit event, so a failing listener undoes the change.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from sanxiang.licensing.models import Licence


class LicenceEvent(StrEnum):
    ISSUED = "issued"  # 准予 decision: a new licence (also a 变更 / 延续 successor)
    CHANGED = "changed"  # replaced by the successor of a 变更
    RENEWED = "renewed"  # replaced by the successor of a 延续
    EXPIRED = "expired"  # 有效期届满
    REVOKED = "revoked"  # 撤销 (§69)
    CANCELLED = "cancelled"  # 注销 (§70)
    DELIVERED = "delivered"  # 发证送达 (§44)


@dataclass(frozen=True)
class LicenceChanged:
    licence: Licence
    event: LicenceEvent
    user: Any
    today: dt.date


Listener = Callable[[LicenceChanged], None]
LISTENERS: list[Listener] = []


def on_licence_changed(fn: Listener) -> Listener:
    """Subscribe `fn` (idempotent per function name, so a reloaded module replaces itself)."""
    name = f"{fn.__module__}.{fn.__qualname__}"
    LISTENERS[:] = [f for f in LISTENERS if f"{f.__module__}.{f.__qualname__}" != name]
    LISTENERS.append(fn)
    return fn


def licence_changed_notify(change: LicenceChanged) -> None:
    for listener in list(LISTENERS):
        listener(change)

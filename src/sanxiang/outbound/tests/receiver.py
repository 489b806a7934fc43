"""A real HTTP receiver for the push tests (http.server in a thread on 127.0.0.1, random port).

It behaves like a 公示平台 that dedupes by Idempotency-Key and verifies X-Sanxiang-Signature,
and misbehaves on purpose, per message, following a script of actions for its 1st, 2nd, …
request (then "ok"):

- "ok": keep the message (201), or answer 409 when it already has that key;
- "500": fail without keeping it;
- "slow": keep it, but answer only after the client's read timeout;
- "drop": keep it, then drop the connection without answering, so the client retries;
- "400": refuse it.
"""

from __future__ import annotations

import base64
import json
import re
import socket
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey
from cryptography.hazmat.primitives.serialization import load_pem_public_key

SIGNATURE = re.compile(r"^ed25519 keyid=(?P<keyid>[0-9a-f]{16}) sig=(?P<sig>[A-Za-z0-9+/=]+)$")
Script = Callable[[dict[str, Any]], list[str]]


@dataclass
class Receiver:
    server: ThreadingHTTPServer
    slow_seconds: float = 1.0
    script: Script = field(default=lambda body: [])
    public_keys: list[Ed25519PublicKey] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)
    raw_requests: int = 0
    seen: dict[str, int] = field(default_factory=dict)  # requests per key
    kept: dict[str, list[dict[str, Any]]] = field(default_factory=dict)  # bodies kept per key
    arrivals: list[tuple[str, str]] = field(default_factory=list)  # (path, key), first kept
    bad_signatures: list[str] = field(default_factory=list)
    paths: list[str] = field(default_factory=list)

    def url(self, name: str = "a") -> str:
        host, port = self.server.server_address[:2]
        return f"http://{host!s}:{port}/api/receive?target={name}"

    def trust(self, pem: bytes) -> None:
        key = load_pem_public_key(pem)
        assert isinstance(key, Ed25519PublicKey)
        self.public_keys.append(key)

    def verified(self, header: str, body: bytes) -> bool:
        match = SIGNATURE.match(header or "")
        if match is None:
            return False
        signature = base64.b64decode(match["sig"])
        for key in self.public_keys:
            try:
                key.verify(signature, body)
            except InvalidSignature:
                continue
            return True
        return False

    def action(self, key: str, body: dict[str, Any]) -> str:
        with self.lock:
            self.raw_requests += 1
            self.seen[key] = self.seen.get(key, 0) + 1
            nth = self.seen[key]
        plan = self.script(body)
        return plan[nth - 1] if nth <= len(plan) else "ok"

    def keep(self, key: str, body: dict[str, Any], path: str) -> bool:
        """Keep the body once per key; False if it was already there."""
        with self.lock:
            first = key not in self.kept
            self.kept.setdefault(key, [])
            if first:
                self.kept[key].append(body)
                self.arrivals.append((path, key))
            return first

    @classmethod
    @contextmanager
    def running(cls) -> Iterator[Receiver]:
        server = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
        server.daemon_threads = True
        receiver = cls(server=server)
        server.receiver = receiver  # type: ignore[attr-defined]
        thread = threading.Thread(target=server.serve_forever, daemon=True)
        thread.start()
        try:
            yield receiver
        finally:
            server.shutdown()
            server.server_close()


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - quiet test output
        return

    def do_POST(self) -> None:  # noqa: N802 - http.server's naming
        receiver: Receiver = self.server.receiver  # type: ignore[attr-defined]
        raw = self.rfile.read(int(self.headers.get("Content-Length", "0")))
        key = self.headers.get("Idempotency-Key", "")
        receiver.paths.append(self.path)
        if not receiver.verified(self.headers.get("X-Sanxiang-Signature", ""), raw):
            receiver.bad_signatures.append(key)
            self._answer(401, {"error": "签名无效"})
            return
        body = json.loads(raw)
        if body.get("idempotency_key") != key:
            self._answer(400, {"error": "幂等键与报文不一致"})
            return
        action = receiver.action(key, body)
        if action == "500":
            self._answer(500, {"error": "服务暂时不可用"})
        elif action == "400":
            self._answer(400, {"error": "缺少必填字段：处罚决定书文号"})
        elif action == "drop":
            receiver.keep(key, body, self.path)
            self.close_connection = True
            self.connection.shutdown(socket.SHUT_RDWR)
        elif action == "slow":
            receiver.keep(key, body, self.path)
            time.sleep(receiver.slow_seconds)
            self._answer(200, {"ok": True})
        else:
            first = receiver.keep(key, body, self.path)
            self._answer(201 if first else 409, {"ok": first})

    def _answer(self, status: int, payload: dict[str, Any]) -> None:
        data = json.dumps(payload, ensure_ascii=False).encode()
        try:
            self.send_response(status)
            self.send_header("Content-Type", "application/json; charset=utf-8")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)
        except OSError:
            pass  # the client gave up waiting (the "slow" case)

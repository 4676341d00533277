"""Limits that hold whatever the transport does.

- The request body is counted as it arrives, chunked or not: past the limit the answer is 413 at once and
  nothing more is read (a `Content-Length` over the limit is refused before reading anything).
- Enrolment and failed authentication are rate limited per address and per shop. The counts live in PostgreSQL,
  so every worker process and every host shares them; a worker also remembers an address it refused until its
  window ends, so a blocked address costs no database work.
"""

from __future__ import annotations

import datetime as dt
import json
import math
import threading
import time
from collections.abc import Awaitable, Callable, MutableMapping
from dataclasses import dataclass
from typing import Any, Final

from pos.cloud.db import CloudDB

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]

SMALL_BODY: Final = 16 * 1024  # every request but a push: an enrolment, an invite, a query


class BodyLimit:
    """ASGI middleware: a body larger than its path's limit gets 413 without being read past the limit."""

    def __init__(self, app: ASGIApp, limits: dict[str, int], default: int = SMALL_BODY) -> None:
        self.app = app
        self.limits = limits
        self.default = default

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        limit = self.limits.get(str(scope.get("path", "")), self.default)
        length = dict(scope.get("headers", [])).get(b"content-length")
        if length is not None and (not length.isdigit() or int(length) > limit):
            await _too_large(send, limit)
            return
        body = bytearray()
        while True:
            message = await receive()
            if message["type"] != "http.request":
                break  # the client went away
            body += message.get("body", b"")
            if len(body) > limit:
                await _too_large(send, limit)
                return
            if not message.get("more_body", False):
                break
        whole: list[Message] = [{"type": "http.request", "body": bytes(body), "more_body": False}]

        async def replay() -> Message:
            return whole.pop() if whole else await receive()

        await self.app(scope, replay, send)


async def _too_large(send: Send, limit: int) -> None:
    body = json.dumps({"detail": f"the request is larger than {limit} bytes"}).encode()
    await send(
        {
            "type": "http.response.start",
            "status": 413,
            # The rest of the body is never read: the connection cannot be used for another request.
            "headers": [
                (b"content-type", b"application/json"),
                (b"content-length", str(len(body)).encode()),
                (b"connection", b"close"),
            ],
        }
    )
    await send({"type": "http.response.body", "body": body})


@dataclass(frozen=True, slots=True)
class Rates:
    """Allowed per window: enrolment attempts, and failed authentications (bad or revoked tokens)."""

    window: dt.timedelta = dt.timedelta(minutes=1)
    enrol_per_address: int = 20
    enrol_per_shop: int = 10
    failed_per_address: int = 30
    failed_per_shop: int = 30


class TooMany(Exception):
    def __init__(self, retry_after: int) -> None:
        super().__init__("too many requests")
        self.retry_after = retry_after


class RateLimiter:
    def __init__(self, db: CloudDB, rates: Rates) -> None:
        self.db = db
        self.rates = rates
        self._blocked: dict[str, float] = {}  # bucket -> monotonic time its window ends
        self._lock = threading.Lock()

    def _window(self, now: dt.datetime) -> tuple[dt.datetime, float]:
        seconds = self.rates.window.total_seconds()
        start = math.floor(now.timestamp() / seconds) * seconds
        return dt.datetime.fromtimestamp(start, dt.UTC), start + seconds - now.timestamp()

    def check(self, bucket: str) -> None:
        """Refuse at once a bucket this worker already found over its limit, until its window ends."""
        with self._lock:
            until = self._blocked.get(bucket)
            if until is not None:
                left = until - time.monotonic()
                if left > 0:
                    raise TooMany(max(1, math.ceil(left)))
                del self._blocked[bucket]

    def hit(self, bucket: str, limit: int) -> None:
        """Count one more in `bucket`; TooMany once more than `limit` were counted in this window."""
        self.check(bucket)
        start, left = self._window(dt.datetime.now(dt.UTC))
        with self.db.transaction() as conn:
            row = conn.execute(
                "INSERT INTO rate_limits (bucket, window_start, hits) VALUES (%s, %s, 1) "
                "ON CONFLICT (bucket) DO UPDATE SET "
                "hits = CASE WHEN rate_limits.window_start = excluded.window_start "
                "THEN rate_limits.hits + 1 ELSE 1 END, "
                "window_start = excluded.window_start RETURNING hits",
                (bucket, start),
            ).fetchone()
            if row is not None and row[0] == 1 and hash(bucket) % 64 == 0:
                # Now and then, buckets of windows long gone are cleared.
                conn.execute("DELETE FROM rate_limits WHERE window_start < %s", (start - dt.timedelta(hours=1),))
        if row is not None and row[0] > limit:
            with self._lock:
                self._blocked[bucket] = time.monotonic() + left
            raise TooMany(max(1, math.ceil(left)))

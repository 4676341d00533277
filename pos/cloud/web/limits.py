"""Rate limits on signing in: failures counted per address and per login name in PostgreSQL, so every service
process counts the same; past the limit, attempts are refused (429 with Retry-After) until the window ends."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Final

from pos.cloud.db import CloudDB

WINDOW: Final = dt.timedelta(minutes=15)
PER_ADDRESS: Final = 20  # failed sign-ins (bad links, bad passwords) from one address in a window
PER_LOGIN: Final = 5  # wrong passwords for one login name in a window


def _limit(key: str) -> int:
    return PER_LOGIN if key.startswith("login:") else PER_ADDRESS


def retry_after(db: CloudDB, keys: Sequence[str], now: dt.datetime | None = None) -> int | None:
    """Seconds until the first of `keys` over its limit may try again, or None when none is."""
    when = now or dt.datetime.now(dt.UTC)
    with db.transaction() as conn:
        rows = conn.execute(
            "SELECT key, window_start, failures FROM web_attempts WHERE key = ANY(%s)", (list(keys),)
        ).fetchall()
    waits = [
        int((start + WINDOW - when).total_seconds()) + 1
        for key, start, failures in rows
        if failures >= _limit(key) and start + WINDOW > when
    ]
    return max(waits) if waits else None


def failed(db: CloudDB, keys: Sequence[str], now: dt.datetime | None = None) -> None:
    """Count a failed attempt against each key; a window that has run out starts again."""
    when = now or dt.datetime.now(dt.UTC)
    with db.transaction() as conn:
        for key in keys:
            conn.execute(
                "INSERT INTO web_attempts (key, window_start, failures) VALUES (%s, %s, 1) "
                "ON CONFLICT (key) DO UPDATE SET "
                "failures = CASE WHEN web_attempts.window_start + %s <= %s THEN 1 ELSE web_attempts.failures + 1 END, "
                "window_start = CASE WHEN web_attempts.window_start + %s <= %s THEN %s "
                "ELSE web_attempts.window_start END",
                (key, when, WINDOW, when, WINDOW, when, when),
            )


def cleared(db: CloudDB, keys: Sequence[str]) -> None:
    """A success forgets the failures of a login name (an address keeps its count)."""
    with db.transaction() as conn:
        conn.execute("DELETE FROM web_attempts WHERE key = ANY(%s)", ([k for k in keys if k.startswith("login:")],))

"""Web sessions of owner logins: a random token in an HttpOnly, Secure, SameSite cookie, stored only as its hash,
with a CSRF token of its own; they expire when idle and in any case, and the owner's counter can end them.

Cashiers never get one: a session starts only from a link an owner device made, or from the owner's password.
"""

from __future__ import annotations

import datetime as dt
import hmac
import secrets
import uuid
from dataclasses import dataclass
from typing import Final

from pos.cloud.auth import digest
from pos.cloud.db import CloudDB

IDLE: Final = dt.timedelta(days=14)  # unused this long, a session ends
LIFETIME: Final = dt.timedelta(days=60)  # and in any case this long after it started
TOUCH_EVERY: Final = dt.timedelta(minutes=5)  # last use is written at most this often
MAX_AGENT: Final = 120


@dataclass(frozen=True, slots=True)
class WebSession:
    session_id: uuid.UUID
    owner_id: uuid.UUID
    csrf: str
    shops: tuple[uuid.UUID, ...]

    def csrf_ok(self, sent: str | None) -> bool:
        return bool(sent) and hmac.compare_digest(self.csrf, str(sent))


def start(db: CloudDB, owner_id: uuid.UUID, agent: str, now: dt.datetime | None = None) -> str:
    """A new session for the owner login; returns the cookie's token."""
    when = now or dt.datetime.now(dt.UTC)
    token = secrets.token_urlsafe(32)
    with db.transaction() as conn:
        conn.execute(
            "INSERT INTO web_sessions (session_id, token_hash, owner_id, csrf, created_at, last_seen_at, expires_at, "
            "agent) VALUES (%s, %s, %s, %s, %s, %s, %s, %s)",
            (
                uuid.uuid4(),
                digest(token),
                owner_id,
                secrets.token_urlsafe(24),
                when,
                when,
                when + LIFETIME,
                agent[:MAX_AGENT],
            ),
        )
    return token


def current(db: CloudDB, token: str | None, now: dt.datetime | None = None) -> WebSession | None:
    """The live session of a cookie's token, with the owner's shops as they are now; None if there is none."""
    if not token:
        return None
    when = now or dt.datetime.now(dt.UTC)
    with db.transaction() as conn:
        row = conn.execute(
            "SELECT session_id, owner_id, csrf, last_seen_at, expires_at, ended_at FROM web_sessions "
            "WHERE token_hash = %s",
            (digest(token),),
        ).fetchone()
        if row is None or row[5] is not None or row[4] <= when or row[3] + IDLE <= when:
            return None
        if when - row[3] >= TOUCH_EVERY:
            conn.execute("UPDATE web_sessions SET last_seen_at = %s WHERE session_id = %s", (when, row[0]))
        shops = conn.execute(
            "SELECT shop_id FROM web_owner_shops WHERE owner_id = %s ORDER BY linked_at, shop_id", (row[1],)
        ).fetchall()
    return WebSession(row[0], row[1], str(row[2]), tuple(s[0] for s in shops))


def end(db: CloudDB, session_id: uuid.UUID, owner_id: uuid.UUID) -> bool:
    """End one of the owner's own sessions; False if the owner has no such live session."""
    with db.transaction() as conn:
        cur = conn.execute(
            "UPDATE web_sessions SET ended_at = now() WHERE session_id = %s AND owner_id = %s AND ended_at IS NULL",
            (session_id, owner_id),
        )
        return cur.rowcount > 0


@dataclass(frozen=True, slots=True)
class SessionInfo:
    session_id: uuid.UUID
    created_at: dt.datetime
    last_seen_at: dt.datetime
    expires_at: dt.datetime
    agent: str


def _live(owner_clause: str) -> str:
    return (
        "SELECT s.session_id, s.created_at, s.last_seen_at, LEAST(s.expires_at, s.last_seen_at + %s), s.agent "
        f"FROM web_sessions s WHERE {owner_clause} AND s.ended_at IS NULL AND s.expires_at > %s "
        "AND s.last_seen_at + %s > %s ORDER BY s.last_seen_at DESC"
    )


def listed(db: CloudDB, owner_id: uuid.UUID, now: dt.datetime | None = None) -> list[SessionInfo]:
    """The owner login's live sessions, most recently used first."""
    when = now or dt.datetime.now(dt.UTC)
    with db.transaction() as conn:
        rows = conn.execute(_live("s.owner_id = %s"), (IDLE, owner_id, when, IDLE, when)).fetchall()
    return [SessionInfo(*r) for r in rows]


def listed_for_shop(db: CloudDB, shop_id: uuid.UUID, now: dt.datetime | None = None) -> list[SessionInfo]:
    """Live sessions that can see the shop: those of the login it belongs to (what its owner counter shows)."""
    when = now or dt.datetime.now(dt.UTC)
    clause = "s.owner_id = (SELECT owner_id FROM web_owner_shops WHERE shop_id = %s)"
    with db.transaction() as conn:
        rows = conn.execute(_live(clause), (IDLE, shop_id, when, IDLE, when)).fetchall()
    return [SessionInfo(*r) for r in rows]


def end_for_shop(db: CloudDB, shop_id: uuid.UUID, session_id: uuid.UUID) -> bool:
    """End a session from the shop's owner counter; only one that can see the shop."""
    with db.transaction() as conn:
        cur = conn.execute(
            "UPDATE web_sessions SET ended_at = now() WHERE session_id = %s AND ended_at IS NULL "
            "AND owner_id = (SELECT owner_id FROM web_owner_shops WHERE shop_id = %s)",
            (session_id, shop_id),
        )
        return cur.rowcount > 0

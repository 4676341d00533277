"""Locking a user out after wrong PINs, counted the same on every counter of the shop.

Every try is an audit record (`pin.try`) written and committed *before* the PIN is checked, so guesses made at
the same moment all count, and a crash after the check still counts the try. A right PIN adds `pin.ok`, a PIN
changed by the owner `pin.reset`; the failures are the tries since the last of these. Audit records travel to
every counter with sync, so a user locked out at one counter is locked out at all of them once they have synced.

After FREE_TRIES failures the lock lasts FIRST_LOCK and doubles with every further failure, up to MAX_LOCK; it
does not start over when it lapses, only after a right PIN or a new one. That leaves 11 guesses in the first
hour and 16 in the first day (`tests/ledger/test_pin_lockout.py`).
"""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass
from typing import Final

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from pos.ledger.books import audit
from pos.ledger.schema import AuditRecord

FREE_TRIES: Final = 5
FIRST_LOCK: Final = dt.timedelta(minutes=1)
MAX_LOCK: Final = dt.timedelta(hours=24)
TRY: Final = "pin.try"
RIGHT: Final = "pin.ok"
WRONG: Final = "pin.wrong"
RESET: Final = "pin.reset"


@dataclass(frozen=True, slots=True)
class Lock:
    failures: int  # tries since the last right or new PIN (a try being checked now included)
    until: dt.datetime | None  # locked until then; None when not locked

    def locked(self, now: dt.datetime) -> bool:
        return self.until is not None and self.until > now


def lock_length(failures: int) -> dt.timedelta | None:
    """How long `failures` wrong tries lock a user out, counted from the last of them."""
    if failures < FREE_TRIES:
        return None
    length: dt.timedelta = FIRST_LOCK * (2 ** min(failures - FREE_TRIES, 20))
    return min(length, MAX_LOCK)


def state(session: Session, user_id: uuid.UUID, now: dt.datetime) -> Lock:
    """The user's lock as the audit log tells it. A reset dated in the future is ignored, so a device with a
    clock far ahead (or a dishonest one) cannot wipe the count for good."""
    reset = session.scalar(
        select(func.max(AuditRecord.at)).where(
            AuditRecord.user_id == user_id, AuditRecord.action.in_((RIGHT, RESET)), AuditRecord.at <= now
        )
    )
    tries = select(func.count(), func.max(AuditRecord.at)).where(
        AuditRecord.user_id == user_id, AuditRecord.action == TRY
    )
    if reset is not None:
        tries = tries.where(AuditRecord.at > reset)
    count, last = session.execute(tries).one()
    length = lock_length(int(count))
    return Lock(int(count), last + length if length is not None and last is not None else None)


def count_try(session: Session, user_ids: list[uuid.UUID], now: dt.datetime, what: str) -> None:
    """Count a try against each user before the PIN is checked (the caller commits before checking)."""
    for uid in user_ids:
        audit.record(session, TRY, at=now, user_id=uid, detail={"for": what})


def note_right(session: Session, user_id: uuid.UUID, now: dt.datetime, what: str) -> None:
    audit.record(session, RIGHT, at=now, user_id=user_id, detail={"for": what})


def note_wrong(session: Session, user_ids: list[uuid.UUID], now: dt.datetime, what: str) -> None:
    for uid in user_ids:
        locked = state(session, uid, now).locked(now)
        audit.record(session, WRONG, at=now, user_id=uid, detail={"for": what, "locked": locked})


def note_reset(session: Session, user_id: uuid.UUID, now: dt.datetime, by: uuid.UUID) -> None:
    audit.record(session, RESET, at=now, user_id=user_id, detail={"by": by.hex})

"""Hybrid logical clocks: timestamps that order edits across counters even when their clocks disagree.

A stamp is wall-clock milliseconds, a counter for edits within the same millisecond, and the device id as the
final tie-break, written as fixed-width text so that comparing strings compares stamps. A counter that receives a
stamp from the future moves its own clock past it, so its next edit still sorts after what it has seen.
"""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass

from sqlalchemy import text
from sqlalchemy.orm import Session

_STATE_KEY = "hlc"


@dataclass(frozen=True, slots=True, order=True)
class Stamp:
    wall_ms: int
    counter: int
    device: str  # device id hex

    def encode(self) -> str:
        return f"{self.wall_ms:013d}-{self.counter:05d}-{self.device}"

    @staticmethod
    def decode(text_: str) -> Stamp:
        wall, counter, device = text_.split("-", 2)
        return Stamp(int(wall), int(counter), device)


def _ms(at: dt.datetime) -> int:
    return int(at.timestamp() * 1000)


def _last(session: Session) -> Stamp | None:
    raw = session.execute(text("SELECT value FROM sequences WHERE name = :n"), {"n": _STATE_KEY}).scalar()
    if raw is None:
        return None
    value = int(raw)
    return Stamp(value // 100_000, value % 100_000, "")


def _store(session: Session, stamp: Stamp) -> None:
    # Kept in the sequences table as one integer (wall_ms * 100000 + counter), updated in the caller's transaction.
    session.execute(
        text(
            "INSERT INTO sequences (name, value) VALUES (:n, :v) "
            "ON CONFLICT (name) DO UPDATE SET value = excluded.value"
        ),
        {"n": _STATE_KEY, "v": stamp.wall_ms * 100_000 + stamp.counter},
    )


def tick(session: Session, device_id: uuid.UUID, now: dt.datetime) -> str:
    """A new stamp for a local edit: after every stamp this counter has issued or seen."""
    last = _last(session)
    wall = _ms(now)
    if last is None or wall > last.wall_ms:
        stamp = Stamp(wall, 0, device_id.hex)
    else:
        stamp = Stamp(last.wall_ms, last.counter + 1, device_id.hex)
    _store(session, stamp)
    return stamp.encode()


def observe(session: Session, seen: str, now: dt.datetime) -> None:
    """Move the local clock past a stamp received from another counter."""
    other = Stamp.decode(seen)
    last = _last(session)
    wall = max(_ms(now), other.wall_ms, last.wall_ms if last else 0)
    if last is not None and wall == last.wall_ms == other.wall_ms:
        counter = max(last.counter, other.counter) + 1
    elif last is not None and wall == last.wall_ms:
        counter = last.counter + 1
    elif wall == other.wall_ms:
        counter = other.counter + 1
    else:
        counter = 0
    _store(session, Stamp(wall, counter, ""))


def clamp(stamp: str, now: dt.datetime, max_ahead: dt.timedelta, floor: str = "") -> str:
    """The stamp, pulled back to `now + max_ahead` if its clock ran ahead of that (the server's guard).

    `floor` is the highest stamp already handed out in the same push: a stamp pulled back stays after it, so two
    edits of one field sent together keep their order (pulled back to the same millisecond they would tie, and
    counters would keep different ones).
    """
    parsed = Stamp.decode(stamp)
    limit = _ms(now + max_ahead)
    if parsed.wall_ms <= limit:
        return stamp
    pulled = Stamp(limit, parsed.counter, parsed.device)
    if floor:
        low = Stamp.decode(floor)
        if (pulled.wall_ms, pulled.counter) <= (low.wall_ms, low.counter):
            pulled = (
                Stamp(low.wall_ms, low.counter + 1, parsed.device)
                if low.counter < 99_999
                else Stamp(low.wall_ms + 1, 0, parsed.device)
            )
    return pulled.encode()


def pull_back(session: Session) -> None:
    """Bring this counter's clock back after the cloud pulled its stamps back (its wall clock had run ahead).

    The clock must stay after every stamp still in force here, so that a new edit wins over what this counter
    holds; but no further, or every later edit would carry the old skew and win over edits made after it
    elsewhere. The latest stamp in force is the highest field clock: a stamp this counter issued and the cloud
    pulled back was replaced by the pulled-back one (`replication.record_clamped`).
    """
    last = _last(session)
    if last is None:
        return
    top = session.execute(text("SELECT max(hlc) FROM field_clocks WHERE hlc <> ''")).scalar()
    floor = Stamp.decode(str(top)) if top else Stamp(0, 0, "")
    if (last.wall_ms, last.counter) > (floor.wall_ms, floor.counter):
        _store(session, Stamp(floor.wall_ms, floor.counter, ""))

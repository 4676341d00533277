"""Named gap-free counters advanced inside the caller's transaction (so a rolled-back sale uses no number)."""

from __future__ import annotations

from sqlalchemy import text
from sqlalchemy.orm import Session

_NEXT = text(
    "INSERT INTO sequences (name, value) VALUES (:name, 1) "
    "ON CONFLICT (name) DO UPDATE SET value = value + 1 RETURNING value"
)


def next_value(session: Session, name: str) -> int:
    """The next number of sequence `name`, starting at 1."""
    return int(session.execute(_NEXT, {"name": name}).scalar_one())


def current_value(session: Session, name: str) -> int:
    found = session.execute(text("SELECT value FROM sequences WHERE name = :name"), {"name": name}).scalar()
    return int(found or 0)

"""Events waiting to be pushed to the cloud, written in the same transaction as what they describe."""

from __future__ import annotations

import datetime as dt
import uuid

from sqlalchemy import BigInteger, Integer, LargeBinary, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from pos.ledger.schema.base import Base


class OutboxEvent(Base):
    __tablename__ = "outbox"
    # Kept in (device, sequence) order, the order it is pushed and pruned in: no second index (migration 0017).
    __table_args__ = {"sqlite_with_rowid": False}  # noqa: RUF012 (SQLAlchemy reads it)

    device_id: Mapped[uuid.UUID] = mapped_column(primary_key=True)
    # Gap-free per device, so the server can acknowledge "everything up to N" in one number.
    seq: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    id: Mapped[uuid.UUID]
    kind: Mapped[str] = mapped_column(String(40))
    schema_version: Mapped[int] = mapped_column(Integer)
    # Empty since migration 0011; the event is in `body`: a change's JSON zlib-compressed, a fact event's row keys
    # (`replication.fact_refs`). Read it with `outbox.events_json`.
    payload: Mapped[str] = mapped_column(Text)
    body: Mapped[bytes | None] = mapped_column(LargeBinary)
    created_at: Mapped[dt.datetime]

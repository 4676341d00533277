"""Events waiting to be pushed to the cloud, written in the same transaction as what they describe."""

from __future__ import annotations

import datetime as dt
import uuid

from sqlalchemy import BigInteger, Integer, LargeBinary, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from pos.ledger.schema.base import Base


class OutboxEvent(Base):
    __tablename__ = "outbox"
    __table_args__ = (UniqueConstraint("device_id", "seq"),)

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True)
    device_id: Mapped[uuid.UUID]
    # Gap-free per device, so the server can acknowledge "everything up to N" in one number.
    seq: Mapped[int] = mapped_column(BigInteger)
    kind: Mapped[str] = mapped_column(String(40))
    schema_version: Mapped[int] = mapped_column(Integer)
    # The event's JSON: zlib-compressed in `body` (with `payload` empty) since migration 0011, as text in
    # `payload` for events written before it. Read it with `outbox.event_json`.
    payload: Mapped[str] = mapped_column(Text)
    body: Mapped[bytes | None] = mapped_column(LargeBinary)
    created_at: Mapped[dt.datetime]

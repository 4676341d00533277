"""What sync keeps on a counter: a clock per field of shared master data, the sync cursors, events set aside."""

from __future__ import annotations

import datetime as dt
import uuid

from sqlalchemy import BigInteger, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from pos.ledger.schema.base import Base


class FieldClock(Base):
    """The hybrid-logical-clock stamp of the last write to one field of one master-data row."""

    __tablename__ = "field_clocks"

    entity: Mapped[str] = mapped_column(String(30), primary_key=True)
    key: Mapped[str] = mapped_column(String(64), primary_key=True)  # the row's id (hex) or natural key
    field: Mapped[str] = mapped_column(String(40), primary_key=True)
    hlc: Mapped[str] = mapped_column(String(60))


class SyncState(Base):
    """Sync settings and cursors of this counter: the cloud's address, the shop, what was pushed and pulled."""

    __tablename__ = "sync_state"

    key: Mapped[str] = mapped_column(String(40), primary_key=True)
    value: Mapped[str] = mapped_column(Text)


class HeldEvent(Base):
    """An event from the cloud this counter did not apply: refused by the shop's rules, or one it could not apply
    (yet), kept with the reason and shown to the owner; held ones are tried again at every sync."""

    __tablename__ = "sync_held"

    server_seq: Mapped[int] = mapped_column(BigInteger, primary_key=True)
    device_id: Mapped[uuid.UUID]
    # Its number in the sending device's log: the outbox never drops an event of this counter set aside here.
    device_seq: Mapped[int | None] = mapped_column(BigInteger)
    kind: Mapped[str] = mapped_column(String(40))
    payload: Mapped[str | None] = mapped_column(Text)  # the event's JSON; None when the cloud kept only the reason
    status: Mapped[str] = mapped_column(String(8))  # "refused" (by rule, for good) or "held" (tried again)
    msgid: Mapped[str] = mapped_column(Text)  # the reason, as a message id and its parameters (JSON)
    params: Mapped[str] = mapped_column(Text)
    held_at: Mapped[dt.datetime]
    version: Mapped[str] = mapped_column(String(20))  # the app version that last tried it

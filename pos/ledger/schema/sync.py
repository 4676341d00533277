"""What sync keeps on a counter: a clock per field of shared master data, and the sync cursors."""

from __future__ import annotations

from sqlalchemy import String, Text
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

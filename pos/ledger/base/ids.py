"""Identifiers: UUIDv7 for every row that syncs, typed so one kind of id cannot stand in for another."""

from __future__ import annotations

import uuid
from typing import NewType

import uuid6

EntryId = NewType("EntryId", uuid.UUID)
SaleId = NewType("SaleId", uuid.UUID)
ProductId = NewType("ProductId", uuid.UUID)
CustomerId = NewType("CustomerId", uuid.UUID)
DeviceId = NewType("DeviceId", uuid.UUID)
UserId = NewType("UserId", uuid.UUID)
ShiftId = NewType("ShiftId", uuid.UUID)


def new_id() -> uuid.UUID:
    """A fresh UUIDv7: time-ordered, so rows written together sit together in the index."""
    # uuid6.uuid7 returns its own UUID subclass; normalise so equality and hashing never depend on the library.
    return uuid.UUID(bytes=uuid6.uuid7().bytes)

"""Customers (kasbon) and, later, suppliers: the parties behind receivables and payables."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Final

from sqlalchemy import Boolean, CheckConstraint, String, false
from sqlalchemy.orm import Mapped, mapped_column

from pos.ledger.schema.base import Base, Rupiah

CUSTOMER_NAME_LENGTH: Final = 120  # checked where names come in, as SQLite would not


class Customer(Base):
    __tablename__ = "customers"
    __table_args__ = (CheckConstraint("credit_limit >= 0", name="credit_limit_not_negative"),)

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(CUSTOMER_NAME_LENGTH))
    phone: Mapped[str] = mapped_column(String(32), default="")
    address: Mapped[str] = mapped_column(String(200), default="")
    # Most a customer may owe; 0 means no kasbon without an owner's approval.
    credit_limit: Mapped[int] = mapped_column(Rupiah, default=0)
    is_active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[dt.datetime | None]
    # Asked not to receive promotions: outreach lists leave the customer out.
    opt_out: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    # The customer's group (its prices and kasbon limit); no foreign key, so adding it rebuilt no table.
    group_id: Mapped[uuid.UUID | None]
    hlc: Mapped[str] = mapped_column(String(40), default="")

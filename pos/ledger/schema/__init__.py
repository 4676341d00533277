"""Every table of the counter's database; importing this registers them all on the one MetaData."""

from __future__ import annotations

from pos.ledger.schema.accounts import Account
from pos.ledger.schema.base import Base, metadata
from pos.ledger.schema.catalog import Product, ProductBarcode
from pos.ledger.schema.journal import AccountDayTotal, JournalEntry, JournalLine
from pos.ledger.schema.outbox import OutboxEvent
from pos.ledger.schema.parties import Customer
from pos.ledger.schema.sales import Sale, SaleLine, SalePayment
from pos.ledger.schema.shop import Device, Sequence, Setting
from pos.ledger.schema.stock import StockLevel, StockMovement

__all__ = [
    "Account",
    "AccountDayTotal",
    "Base",
    "Customer",
    "Device",
    "JournalEntry",
    "JournalLine",
    "OutboxEvent",
    "Product",
    "ProductBarcode",
    "Sale",
    "SaleLine",
    "SalePayment",
    "Sequence",
    "Setting",
    "StockLevel",
    "StockMovement",
    "metadata",
]

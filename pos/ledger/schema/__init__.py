"""Every table of the counter's database; importing this registers them all on the one MetaData."""

from __future__ import annotations

from pos.ledger.schema.accounts import Account
from pos.ledger.schema.backoffice import (
    Category,
    PartyPayment,
    PriceChange,
    PrintJob,
    Purchase,
    PurchaseLine,
    StockCount,
    StockCountLine,
    Supplier,
)
from pos.ledger.schema.base import Base, core, metadata
from pos.ledger.schema.batches import StockBatch
from pos.ledger.schema.catalog import Product, ProductBarcode
from pos.ledger.schema.channels import Channel, ChannelPrice, ChannelSettlement
from pos.ledger.schema.consignment import Consignment, ConsignmentLine, SaleLineConsignment
from pos.ledger.schema.counter import AuditRecord, CashMovement, HeldCart, Shift, ShiftClose, User
from pos.ledger.schema.journal import AccountDayTotal, JournalEntry, JournalLine
from pos.ledger.schema.modifiers import Modifier, ModifierGroup, ProductModifierGroup, SaleLineOption
from pos.ledger.schema.opening import FixedAsset, OpeningItem
from pos.ledger.schema.orders import Order, OrderPayment
from pos.ledger.schema.outbox import OutboxEvent
from pos.ledger.schema.parties import Customer
from pos.ledger.schema.recipes import ProductionRun, RecipeLine, SaleLinePart
from pos.ledger.schema.returns import ReturnLine, SaleReturn, SaleVoid
from pos.ledger.schema.sales import Sale, SaleLine, SalePayment, SaleQris
from pos.ledger.schema.shop import Device, Sequence, Setting
from pos.ledger.schema.stock import StockLevel, StockMovement
from pos.ledger.schema.sync import FieldClock, HeldEvent, SyncState
from pos.ledger.schema.variants import ProductOption, ProductVariant

__all__ = [
    "Account",
    "AccountDayTotal",
    "AuditRecord",
    "Base",
    "CashMovement",
    "Category",
    "Channel",
    "ChannelPrice",
    "ChannelSettlement",
    "Consignment",
    "ConsignmentLine",
    "Customer",
    "Device",
    "FieldClock",
    "FixedAsset",
    "HeldCart",
    "HeldEvent",
    "JournalEntry",
    "JournalLine",
    "Modifier",
    "ModifierGroup",
    "OpeningItem",
    "Order",
    "OrderPayment",
    "OutboxEvent",
    "PartyPayment",
    "PriceChange",
    "PrintJob",
    "Product",
    "ProductBarcode",
    "ProductModifierGroup",
    "ProductOption",
    "ProductVariant",
    "ProductionRun",
    "Purchase",
    "PurchaseLine",
    "RecipeLine",
    "ReturnLine",
    "Sale",
    "SaleLine",
    "SaleLineConsignment",
    "SaleLineOption",
    "SaleLinePart",
    "SalePayment",
    "SaleQris",
    "SaleReturn",
    "SaleVoid",
    "Sequence",
    "Setting",
    "Shift",
    "ShiftClose",
    "StockBatch",
    "StockCount",
    "StockCountLine",
    "StockLevel",
    "StockMovement",
    "Supplier",
    "SyncState",
    "User",
    "core",
    "metadata",
]

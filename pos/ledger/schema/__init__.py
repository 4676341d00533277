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
from pos.ledger.schema.channels import Channel, ChannelPrice, ChannelSettlement, ChannelSettlementSale
from pos.ledger.schema.consignment import Consignment, ConsignmentLine, SaleLineConsignment
from pos.ledger.schema.counter import AuditRecord, CashMovement, HeldCart, Shift, ShiftClose, User
from pos.ledger.schema.journal import AccountDayTotal, JournalEntry, JournalLine
from pos.ledger.schema.modifiers import Modifier, ModifierGroup, ProductModifierGroup, SaleLineOption
from pos.ledger.schema.opening import FixedAsset, OpeningItem
from pos.ledger.schema.orders import Order, OrderPayment
from pos.ledger.schema.outbox import OutboxEvent
from pos.ledger.schema.parties import Customer
from pos.ledger.schema.prices import (
    CustomerGroup,
    GroupPrice,
    PointsMovement,
    PriceTier,
    Promotion,
    SaleEffect,
    Voucher,
    VoucherUse,
)
from pos.ledger.schema.recipes import ProductionRun, RecipeLine, SaleLinePart
from pos.ledger.schema.returns import ReturnLine, SaleReturn, SaleVoid
from pos.ledger.schema.sales import Sale, SaleLine, SalePayment, SaleQris
from pos.ledger.schema.seals import Checkpoint, PackStatement
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
    "ChannelSettlementSale",
    "Checkpoint",
    "Consignment",
    "ConsignmentLine",
    "Customer",
    "CustomerGroup",
    "Device",
    "FieldClock",
    "FixedAsset",
    "GroupPrice",
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
    "PackStatement",
    "PartyPayment",
    "PointsMovement",
    "PriceChange",
    "PriceTier",
    "PrintJob",
    "Product",
    "ProductBarcode",
    "ProductModifierGroup",
    "ProductOption",
    "ProductVariant",
    "ProductionRun",
    "Promotion",
    "Purchase",
    "PurchaseLine",
    "RecipeLine",
    "ReturnLine",
    "Sale",
    "SaleEffect",
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
    "Voucher",
    "VoucherUse",
    "core",
    "metadata",
]

"""A counter's products for sales with tiers, groups, promotions, vouchers and points: Indomie (Rp 3.500, cost
2.800), Kopi sachet (Rp 2.000, cost 1.200) and Roti sobek (Rp 4.000, cost 2.500), 100 of each on hand."""

from __future__ import annotations

import datetime as dt
import uuid

from builders import add_item, ean
from sqlalchemy import text
from sqlalchemy.orm import Session

from pos.ledger.base.money import Money, Qty
from pos.ledger.stock.purchases import PurchaseItem, add_supplier, receive_goods

INDOMIE, KOPI, ROTI = ean(21), ean(22), ean(23)
T0 = dt.datetime(2026, 12, 7, 3, 0, tzinfo=dt.UTC)  # 10:00 in Jakarta, a Monday


def stock_price_shop(s: Session) -> None:
    items = [
        add_item(s, "Indomie goreng", 3_500, cost=2_800, barcode=INDOMIE),
        add_item(s, "Kopi sachet", 2_000, cost=1_200, barcode=KOPI),
        add_item(s, "Roti sobek", 4_000, cost=2_500, barcode=ROTI),
    ]
    supplier = add_supplier(s, "Toko Grosir")
    receive_goods(
        s,
        None,
        [PurchaseItem(x.id, Qty(100_000), Money(x.cost * 100)) for x in items],
        supplier_id=supplier,
        paid_with="credit",
    )


def pid(s: Session, code: str) -> uuid.UUID:
    """The product a barcode rings up."""
    found = s.execute(text("SELECT product_id FROM product_barcodes WHERE barcode = :b"), {"b": code}).scalar_one()
    return uuid.UUID(bytes=bytes(found))

"""A delivery of many lines (a large shop's opening stock): every line booked, costs moved, one product twice."""

from __future__ import annotations

import uuid

import pytest
from builders import stock_shop
from sqlalchemy import text

from pos.ledger.base.db import Database
from pos.ledger.base.errors import NotFound
from pos.ledger.base.money import Money, Qty
from pos.ledger.books.check import check_books
from pos.ledger.stock.product_records import get_product
from pos.ledger.stock.purchases import PurchaseItem, add_supplier, receive_goods
from pos.ledger.stock.stock_levels import levels


def test_a_delivery_of_more_lines_than_one_read_holds(db: Database) -> None:
    with db.write() as s:
        items = stock_shop(s, 620)
        supplier = add_supplier(s, "CV Sumber Rejeki")
        # Each at a new cost (one more rupiah a piece), and the first product again at the end, dearer still.
        goods = [PurchaseItem(x.id, Qty.units(2), Money(2 * (x.cost + 1))) for x in items]
        goods.append(PurchaseItem(items[0].id, Qty.units(1), Money(items[0].cost + 50)))
        receive_goods(s, None, goods, supplier_id=supplier, paid_with="credit")
    with db.read() as s:
        held = levels(s, [x.id for x in items])
        assert held[items[0].id].qty_milli == 3_000 and held[items[-1].id].qty_milli == 2_000
        assert get_product(s, items[0].id).cost == Money(items[0].cost + 50)  # the last price paid
        assert get_product(s, items[-1].id).cost == Money(items[-1].cost + 1)
        history = s.execute(
            text("SELECT COUNT(*) FROM price_history WHERE product_id = :p"), {"p": items[0].id.bytes}
        ).scalar_one()
        assert history == 2  # one change of cost per line that moved it, the repeat included
        assert check_books(s).ok


def test_a_delivery_naming_an_unknown_product_writes_nothing(db: Database) -> None:
    with db.write() as s:
        items = stock_shop(s, 3)
    goods = [PurchaseItem(x.id, Qty.units(1), Money(1_000)) for x in items]
    with pytest.raises(NotFound), db.write() as s:
        receive_goods(s, None, [*goods, PurchaseItem(uuid.uuid4(), Qty.units(1), Money(1_000))])
    with db.read() as s:
        assert s.execute(text("SELECT COUNT(*) FROM purchases")).scalar_one() == 0

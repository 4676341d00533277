"""A quantity typed at the counter gets a second look beyond the shop's bound or far above the stock."""

from __future__ import annotations

import pytest
from shop_support import Counter, set_up_counter

from pos import i18n
from pos.ledger.base.db import Database
from pos.ledger.base.money import Qty
from pos.ledger.counter.cart import line_for_scan
from pos.ledger.counter.quantity_check import unusual_quantity
from pos.ledger.shop import settings
from pos.ledger.stock.barcodes import DEFAULT_FORMATS
from pos.ledger.stock.stock_levels import on_hand


@pytest.fixture
def counter(db: Database) -> Counter:
    return set_up_counter(db)


def _ask(counter: Counter, typed: str) -> str | None:
    with counter.db.read() as s:
        line = line_for_scan(s, counter.codes[0], DEFAULT_FORMATS)
        question = unusual_quantity(s, line, Qty.parse(typed))
        return str(question) if question else None


def test_an_ordinary_quantity_asks_nothing(counter: Counter) -> None:
    assert _ask(counter, "3") is None
    assert _ask(counter, "0,5") is None


def test_beyond_the_shops_bound_the_cashier_is_asked(counter: Counter) -> None:
    question = _ask(counter, "99999999")
    assert question is not None and "99.999.999" in question and "100" in question
    assert question.startswith("Jual 99.999.999")
    i18n.set_language("en")
    assert (_ask(counter, "101") or "").startswith("Sell 101 of")


def test_far_above_the_stock_the_cashier_is_asked_and_a_bound_of_0_never_asks(counter: Counter) -> None:
    with counter.db.read() as s:
        line = line_for_scan(s, counter.codes[0], DEFAULT_FORMATS)
        stock = on_hand(s, line.product_id) // 1000
    assert stock >= 0
    far = str(max(stock * 10 + 11, 60))
    with counter.db.write() as s:
        settings.put(s, "counter.confirm_qty_above", 1000)
    assert "stok" in (_ask(counter, far) or "").lower()
    with counter.db.write() as s:
        settings.put(s, "counter.confirm_qty_above", 0)
    assert _ask(counter, far) is None and _ask(counter, "99999999") is None

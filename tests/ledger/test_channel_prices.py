"""One price for a product on a channel, wherever it is read: the counter ringing it up on WhatsApp, a WhatsApp
order and the sale it becomes, the WhatsApp catalogue, the owner's price list for the channel, and the channel
report. And a catalogue made for a channel says which prices it shows and how to order there."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest
from builders import Item, add_item, counter, counter_template, fresh_db
from channel_support import cart_for, sell_on, whatsapp_customer
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import select

from pos.ledger.base.db import Database
from pos.ledger.base.money import Money
from pos.ledger.base.period import Period
from pos.ledger.channels.catalogue import build_catalogue, default_channel
from pos.ledger.channels.channels import (
    edit_channel,
    line_for_channel,
    price_for_channel,
    prices_on,
    set_channel_price,
)
from pos.ledger.counter.payments import cash
from pos.ledger.reports.channels import channel_report
from pos.ledger.schema import SaleLine
from pos.ledger.selling.orders import complete_order, get_order, new_order
from pos.ledger.shop import settings as shop_settings
from pos.ledger.stock.product_records import get_product

AT = dt.datetime(2026, 11, 22, 3, 0, tzinfo=dt.UTC)


@pytest.fixture(scope="module")
def counter_path(template_db: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    return counter_template(template_db, tmp_path_factory.mktemp("counter"))


@pytest.fixture
def db(counter_path: Path, tmp_path: Path) -> Iterator[Database]:
    made = fresh_db(counter_path, tmp_path / "shop")
    with made.write() as s:
        shop_settings.put(s, "shop.phone", "0812-2645-7781")
    yield made
    made.dispose()


def _every_price(db: Database, product: Item, code: str) -> dict[str, int]:
    """The price of one piece of `product` on channel `code` as each part of Laci has it."""
    found: dict[str, int] = {}
    with db.write() as s:
        cashier = counter(s).cashier
        ani = whatsapp_customer(s)
        at_counter = price_for_channel(s, cart_for(s, (product, 1), customer=ani), code)
        found["counter"] = at_counter.lines[0].unit_price.rupiah
        found["one line"] = line_for_channel(s, cart_for(s, (product, 1)).lines[0], code).unit_price.rupiah
        sale = sell_on(s, code, at_counter, [cash(1_000_000)], at=AT)
        found["counter sale"] = s.scalars(select(SaleLine.unit_price).where(SaleLine.sale_id == sale.sale_id)).one()
        order = new_order(s, cashier, price_for_channel(s, cart_for(s, (product, 1), customer=ani), code), channel=code)
        found["order"] = get_order(s, order.id).lines[0].unit_price
        done = complete_order(s, cashier, order.id, [cash(1_000_000)], at=AT)
        found["order sale"] = s.scalars(select(SaleLine.unit_price).where(SaleLine.sale_id == done.sale_id)).one()
        found["catalogue"] = build_catalogue(s, db.path.parent, [product.id], channel=code).items[0].price.rupiah
        listed = prices_on(s, code, {product.id: get_product(s, product.id).price})
        found["price list"] = listed[product.id].price.rupiah
        row = channel_report(s, Period(AT.date(), AT.date())).row(code)
        assert row is not None and row.sales == 2
        found["report"] = row.goods // 2
    return found


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    counter_price=st.integers(500, 60_000),
    markup_bp=st.sampled_from([0, 500, 1_667, 2_000]),
    price_round=st.sampled_from([1, 100, 500]),
    set_price=st.one_of(st.none(), st.integers(1_000, 70_000)),
)
def test_counter_orders_catalogue_price_list_and_report_agree_on_the_whatsapp_price(
    counter_path: Path,
    tmp_path_factory: pytest.TempPathFactory,
    counter_price: int,
    markup_bp: int,
    price_round: int,
    set_price: int | None,
) -> None:
    db = fresh_db(counter_path, tmp_path_factory.mktemp("prices"))
    try:
        with db.write() as s:
            owner = counter(s).owner
            item = add_item(s, "Es teh manis", counter_price, cost=500, n=931)
            edit_channel(s, owner, "whatsapp", markup_bp=markup_bp, price_round=price_round)
            if set_price is not None:
                set_channel_price(s, owner, "whatsapp", item.id, Money(set_price))
        prices = _every_price(db, item, "whatsapp")
        assert len(set(prices.values())) == 1, prices
    finally:
        db.dispose()


def test_the_issues_warung_charges_and_shows_rp_3500_on_whatsapp(db: Database) -> None:
    with db.write() as s:
        owner = counter(s).owner
        teh = add_item(s, "Es teh", 3_000, cost=800, n=932)
        edit_channel(s, owner, "whatsapp", markup_bp=1_666, price_round=500)  # Rp 3.000 -> Rp 3.500
    prices = _every_price(db, teh, "whatsapp")
    assert set(prices.values()) == {3_500}


def test_a_catalogue_says_whose_prices_it_shows_and_only_whatsapps_has_the_whatsapp_code(db: Database) -> None:
    with db.write() as s:
        owner = counter(s).owner
        teh = add_item(s, "Es teh", 3_000, cost=800, n=933)
        edit_channel(s, owner, "whatsapp", markup_bp=1_666, price_round=500)
        edit_channel(s, owner, "gofood", markup_bp=5_000)
        assert default_channel(s) == "whatsapp"
        made = {code: build_catalogue(s, db.path.parent, [teh.id], channel=code) for code in ("whatsapp", "gofood")}
        made["counter"] = build_catalogue(s, db.path.parent, [teh.id], channel="counter")
        made["default"] = build_catalogue(s, db.path.parent, [teh.id])
        edit_channel(s, owner, "whatsapp", is_active=False)
        assert default_channel(s) == "counter"
    shown = {key: (c.channel, c.items[0].price.rupiah, bool(c.whatsapp), c.order_on) for key, c in made.items()}
    assert shown == {
        "whatsapp": ("WhatsApp", 3_500, True, ""),
        "default": ("WhatsApp", 3_500, True, ""),
        "gofood": ("GoFood", 4_500, False, "GoFood"),
        "counter": ("Toko", 3_000, False, ""),
    }

"""The stock office's figures through the core's public API: a consignor's statement agrees with Utang titipan and
the shelf over sales, a return and a settlement; its slip is queued once however often it is asked; goods left with
new terms come in all or not at all; ingredient use shows waste beyond the recipes; write-offs carry their reason."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from builders import add_item, counter, counter_template, fresh_db, owner_approval, pay, row_counts, sell
from kinds_support import buy
from sqlalchemy import text

from pos.ledger.base.db import Database
from pos.ledger.base.errors import InvalidInput
from pos.ledger.base.money import MILLI, Qty
from pos.ledger.base.period import Period
from pos.ledger.counter.cart import Cart, line_for_product
from pos.ledger.reports.dashboard import shop_today
from pos.ledger.reports.ingredients import ingredient_use, recipe_costs
from pos.ledger.reports.write_offs import write_offs
from pos.ledger.schema import Product
from pos.ledger.selling.returns import return_items
from pos.ledger.shop import settings
from pos.ledger.slips.consignor_slips import print_again, queue_statement, settle_and_print
from pos.ledger.stock.batches import lots, set_tracks_expiry, write_off
from pos.ledger.stock.consignment import owed_to
from pos.ledger.stock.consignment_receiving import ConsignedItem, receive_on_terms
from pos.ledger.stock.consignor_statement import open_statement, settlement_statement
from pos.ledger.stock.product_records import get_product
from pos.ledger.stock.purchases import add_supplier
from pos.ledger.stock.recipes import Ingredient, set_made_to_order, set_recipe


@pytest.fixture(scope="module")
def counter_path(template_db: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    return counter_template(template_db, tmp_path_factory.mktemp("counter"))


@pytest.fixture
def db(counter_path: Path, tmp_path: Path) -> Iterator[Database]:
    database = fresh_db(counter_path, tmp_path / "shop")
    yield database
    database.dispose()


def sold(s: object, product: uuid.UUID, n: int) -> str:
    cart = Cart([line_for_product(get_product(s, product), Qty.units(n))])  # type: ignore[arg-type]
    return sell(s, cart, [pay("cash", 1_000_000)], by=counter(s).owner).receipt_no  # type: ignore[arg-type]


def test_a_consignor_statement_agrees_with_the_books_and_its_slip_prints_once(db: Database) -> None:
    with db.write() as s:
        owner = counter(s).owner
        settings.put(s, "printer.uri", "preview:")
        tini = add_supplier(s, "Bu Tini")
        keripik = add_item(s, "Keripik", 2_000, n=901).id
        kue = add_item(s, "Kue lapis", 5_000, n=902).id
        receive_on_terms(
            s,
            owner,
            tini,
            [
                ConsignedItem(keripik, Qty.units(20), price=1_500),
                ConsignedItem(kue, Qty.units(10), commission_bp=2_000),
            ],
        )
        sold(s, keripik, 4)
        receipt = sold(s, kue, 3)
        return_items(s, counter(s).cashier, receipt, [(1, Qty.units(1))], approvals=(owner_approval(s, "refund"),))
        before = open_statement(s, tini, shop_today(s))
        assert before.owed_after == owed_to(s, tini) == 6_000 + 8_000
        assert [(x.name, x.received, x.sold, x.after) for x in before.lines] == [
            ("Keripik", 20 * MILLI, 4 * MILLI, 16 * MILLI),
            ("Kue lapis", 10 * MILLI, 2 * MILLI, 8 * MILLI),
        ]
        done, job = settle_and_print(s, owner, tini, printed=True, returns={keripik: Qty.units(16)})
        assert job is not None and queue_statement(s, done.consignment_id) == job  # asked again: the same job
        after = settlement_statement(s, done.consignment_id)
        assert (after.earned, after.paid, after.owed_after) == (14_000, 14_000, 0)
        assert [(x.name, x.returned, x.after) for x in after.lines] == [
            ("Keripik", 16 * MILLI, 0),
            ("Kue lapis", 0, 8 * MILLI),
        ]
        copy = print_again(s, done.consignment_id)
        assert copy != job
        flags = (
            s.execute(text("SELECT is_copy FROM print_jobs WHERE kind = 'consignor' ORDER BY is_copy")).scalars().all()
        )
        assert flags == [0, 1]


def test_goods_left_on_new_terms_come_in_all_or_not_at_all(db: Database) -> None:
    with db.write() as s:
        owner = counter(s).owner
        tini = add_supplier(s, "Bu Tini")
        kue = add_item(s, "Kue lapis", 5_000, n=902).id
        own = add_item(s, "Gula", 15_000, n=903).id
        buy(s, own, 5 * MILLI, 60_000)  # the shop's own stock: it cannot become a consignor's
    with db.read() as s:
        before = row_counts(s)
    with pytest.raises(InvalidInput), db.write() as s:
        items = [ConsignedItem(kue, Qty.units(10), price=4_000), ConsignedItem(own, Qty.units(3), price=10_000)]
        receive_on_terms(s, counter(s).owner, tini, items)
    with db.read() as s:
        assert row_counts(s) == before
        assert s.get(Product, kue).consignor_id is None  # the first line's terms were not kept either
    with pytest.raises(InvalidInput), db.write() as s:
        receive_on_terms(s, owner, tini, [ConsignedItem(kue, Qty.units(10))])  # no terms for a product not theirs


def test_ingredient_use_shows_what_left_beyond_the_recipes(db: Database) -> None:
    with db.write() as s:
        owner = counter(s).owner
        today = shop_today(s)
        susu = add_item(s, "Susu", 20_000, n=904, unit="liter").id
        kopi = add_item(s, "Kopi susu", 12_000, n=905).id
        set_tracks_expiry(s, owner, susu, True)
        buy(s, susu, 10 * MILLI, 180_000, expires_on=today + dt.timedelta(days=3), batch_no="L1")
        set_recipe(s, owner, kopi, [Ingredient(susu, 250)])  # a quarter litre a glass
        set_made_to_order(s, owner, kopi, True)
        sold(s, kopi, 8)  # two litres by the recipe
        sold(s, susu, 1)  # a litre sold as it is
        [lot] = lots(s, [susu])[susu]
        write_off(s, owner.user_id, lot.batch_id, "terbuang", qty=Qty(500), note="tumpah")
        period = Period(today, today)
        [use] = ingredient_use(s, period).lines
        assert (use.by_recipes, use.sold_itself, use.by_sales, use.written_off) == (2_000, 1_000, 3_000, 500)
        assert (use.used, use.beyond_recipes) == (3_500, 500)
        [cost] = recipe_costs(s)
        assert (cost.recipe.name, cost.recipe.cost, cost.recipe.margin, cost.margin_bp) == (
            "Kopi susu",
            4_500,
            7_500,
            6_250,
        )
        [lost] = write_offs(s, period).lines
        assert (lost.product, lost.qty_milli, lost.value, lost.reason, lost.batch_no, lost.note) == (
            "Susu",
            500,
            9_000,
            "terbuang",
            "L1",
            "tumpah",
        )

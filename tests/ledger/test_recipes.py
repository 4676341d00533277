"""Recipes and add-ons at the sale: a drink made to order takes its ingredients from stock and its HPP is what
they cost; add-ons are revenue and theirs use stock too; the receipt carries them; a return leaves the ingredients
used, a void puts them back; and, over random sales, every ingredient's stock is its movements and HPP is the
ingredients' cost."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest
from builders import add_item, counter, counter_template, fresh_db, owner_approval, pay, readable, sell
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from kinds_support import Cafe, cafe, drink, on_hand, value_of
from sqlalchemy import text
from sqlalchemy.orm import Session

from pos.ledger.base.db import Database
from pos.ledger.base.errors import InvalidInput
from pos.ledger.base.money import MILLI, Qty
from pos.ledger.books import accounts
from pos.ledger.books.approvals import Actor
from pos.ledger.books.balances import trial_balance
from pos.ledger.books.check import check_books
from pos.ledger.counter.cart import Cart, line_for_product
from pos.ledger.selling.returns import return_items, void_sale
from pos.ledger.slips.receipts import receipt_for_sale
from pos.ledger.stock.modifiers import choose, groups_for, offer_groups
from pos.ledger.stock.products import get_product
from pos.ledger.stock.recipes import Ingredient, recipe_cost, recipe_of, set_recipe
from pos.ledger.stock.stock_levels import stock_value


@pytest.fixture(scope="module")
def built(template_db: Path, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Cafe]:
    path = counter_template(template_db, tmp_path_factory.mktemp("cafe"))
    db = fresh_db(path, tmp_path_factory.mktemp("cafe-built"))
    with db.write() as s:
        shop = cafe(s)
    db.dispose()
    return db.path, shop


@pytest.fixture
def shop(built: tuple[Path, Cafe], tmp_path: Path) -> Iterator[tuple[Database, Cafe]]:
    db = fresh_db(built[0], tmp_path / "shop")
    yield db, built[1]
    db.dispose()


def test_a_drink_made_to_order_takes_its_ingredients_and_costs_what_they_cost(shop: tuple[Database, Cafe]) -> None:
    db, c = shop
    with db.write() as s:
        line = drink(s, c.latte, "Sedikit gula", "Extra shot", qty=2, note="es sedikit")
        assert line.unit_price.rupiah == 18_000 + 5_000
        result = sell(s, Cart([line]), [pay("cash", 50_000)])
        # 2 lattes: 36 g beans + 2 extra shots of 18 g = 72 g at Rp 250, 300 ml milk at Rp 20, 2 cups at Rp 700.
        assert result.cost == 72 * 250 + 300 * 20 + 2 * 700
        assert on_hand(s, c.beans.id) == (1_000 - 72) * MILLI
        assert on_hand(s, c.milk.id) == (5_000 - 300) * MILLI
        assert on_hand(s, c.cup.id) == 98 * MILLI
        assert on_hand(s, c.latte.id) == 0  # never stocked itself
        tb = trial_balance(s)
        assert tb.balance(accounts.HPP) == result.cost
        assert tb.balance(accounts.PENDAPATAN) == 46_000  # the add-ons are revenue like the drink
        assert stock_value(s) == tb.balance(accounts.PERSEDIAAN)
        parts = s.execute(text("SELECT source, qty_milli, cost FROM sale_line_parts ORDER BY part_no")).all()
        assert [tuple(p) for p in parts] == [
            ("recipe", 36_000, 9_000),
            ("recipe", 300_000, 6_000),
            ("recipe", 2_000, 1_400),
            ("addon", 36_000, 9_000),
        ]
        receipt = receipt_for_sale(s, result.sale_id)
        assert receipt.lines[0].notes == ("Sedikit gula", "Extra shot +5.000", "es sedikit")
        assert check_books(s).ok


def test_a_required_choice_and_the_limits_are_kept(shop: tuple[Database, Cafe]) -> None:
    db, c = shop
    with db.read() as s:
        groups = groups_for(s, c.latte.id)
        with pytest.raises(InvalidInput) as err:
            choose(groups, [])
        assert readable(err.value, "Choose one of {group}.") == "Choose one of Gula."
        sugar = {ch.name: ch.id for ch in groups[0].choices}
        with pytest.raises(InvalidInput) as err:
            choose(groups, [sugar["Normal"], sugar["Tanpa gula"]])
        assert readable(err.value, "Choose at most {n} of {group}.") == "Choose at most 1 of Gula."
        other = groups_for(s, c.beans.id)
        assert other == ()


def test_a_return_of_a_drink_gives_the_money_back_and_keeps_the_ingredients_used(shop: tuple[Database, Cafe]) -> None:
    db, c = shop
    with db.write() as s:
        result = sell(s, Cart([drink(s, c.tea, "Normal", qty=3)]), [pay("cash", 20_000)])
        sugar_after_sale = on_hand(s, c.sugar.id)
        approval = owner_approval(s, "refund")
        back = return_items(s, owner_counter(s), result.receipt_no, [(1, Qty.units(1))], approvals=(approval,))
        assert back.amount == 6_000
        assert on_hand(s, c.sugar.id) == sugar_after_sale  # the tea was made: its sugar stays used
        assert trial_balance(s).balance(accounts.HPP) == result.cost  # and so its cost stays HPP
        assert stock_value(s) == trial_balance(s).balance(accounts.PERSEDIAAN)
        assert check_books(s).ok


def test_a_void_puts_the_ingredients_back(shop: tuple[Database, Cafe]) -> None:
    db, c = shop
    with db.write() as s:
        before = {p: (on_hand(s, p), value_of(s, p)) for p in (c.beans.id, c.milk.id, c.cup.id)}
        result = sell(s, Cart([drink(s, c.latte, "Normal", "Extra shot")]), [pay("cash", 30_000)])
        void_sale(s, owner_counter(s), result.receipt_no, reason="salah input")
        assert {p: (on_hand(s, p), value_of(s, p)) for p in before} == before
        assert trial_balance(s).balance(accounts.HPP) == 0
        assert check_books(s).ok


def test_a_recipes_cost_is_its_ingredients_at_their_average_cost(shop: tuple[Database, Cafe]) -> None:
    db, c = shop
    with db.read() as s:
        cost = recipe_cost(s, c.latte.id)
        assert [(x.name, x.cost) for x in cost.ingredients] == [
            ("Biji kopi", 4_500),
            ("Susu segar", 3_000),
            ("Gelas plastik", 700),
        ]
        assert cost.cost == 8_200 and cost.margin == 18_000 - 8_200


def owner_counter(s: Session) -> Actor:
    return counter(s).owner


Order = tuple[str, str, set[str], int]  # drink, sugar level, extras, how many
ORDERS = st.lists(
    st.tuples(
        st.sampled_from(["latte", "tea"]),
        st.sampled_from(["Normal", "Sedikit gula", "Tanpa gula"]),
        st.sets(st.sampled_from(["Extra shot", "Oat milk"])),
        st.integers(1, 4),
    ),
    min_size=1,
    max_size=4,
)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(sales=st.lists(ORDERS, min_size=1, max_size=4))
def test_random_sales_keep_every_ingredient_equal_to_its_movements_and_hpp_to_their_cost(
    built: tuple[Path, Cafe],
    tmp_path_factory: pytest.TempPathFactory,
    sales: list[list[tuple[str, str, set[str], int]]],
) -> None:
    path, c = built
    db = fresh_db(path, tmp_path_factory.mktemp("example"))
    try:
        with db.write() as s:
            start = {p: (on_hand(s, p), value_of(s, p)) for p in (c.beans.id, c.milk.id, c.sugar.id, c.cup.id)}
            hpp = 0
            used_beans = used_milk = used_sugar = used_cups = 0
            for order in sales:
                lines = []
                for which, sugar, extras, qty in order:
                    item = c.latte if which == "latte" else c.tea
                    lines.append(drink(s, item, sugar, *sorted(extras), qty=qty))
                    shots = qty if "Extra shot" in extras else 0
                    if which == "latte":
                        used_beans += 18 * qty
                        used_milk += 150 * qty
                    else:
                        used_sugar += 10 * qty
                    used_beans += 18 * shots
                    used_cups += qty
                cart = Cart()
                for line in lines:
                    cart.add(line)
                result = sell(s, cart, [pay("cash", 1_000_000)])
                parts_cost = s.execute(
                    text("SELECT COALESCE(SUM(cost), 0) FROM sale_line_parts WHERE sale_id = :s"),
                    {"s": result.sale_id.bytes},
                ).scalar_one()
                moved = s.execute(
                    text("SELECT COALESCE(-SUM(value), 0) FROM stock_movements WHERE source_id = :s"),
                    {"s": result.sale_id.bytes},
                ).scalar_one()
                assert result.cost == parts_cost == moved  # HPP is the ingredients' cost, moved out of stock
                hpp += result.cost
            for product, used in (
                (c.beans.id, used_beans),
                (c.milk.id, used_milk),
                (c.sugar.id, used_sugar),
                (c.cup.id, used_cups),
            ):
                kept = s.execute(
                    text("SELECT COALESCE(qty_milli, 0) FROM stock_levels WHERE product_id = :p"), {"p": product.bytes}
                ).scalar_one()
                assert kept == on_hand(s, product) == start[product][0] - used * MILLI
            tb = trial_balance(s)
            assert tb.balance(accounts.HPP) == hpp
            assert stock_value(s) == tb.balance(accounts.PERSEDIAAN)
            assert check_books(s).ok
    finally:
        db.dispose()


def test_a_recipe_that_comes_back_to_its_own_product_is_refused_at_any_depth(shop: tuple[Database, Cafe]) -> None:
    db, c = shop
    with db.write() as s:
        owner = counter(s).owner
        # Sugar syrup is made from sugar; sugar "made from" the syrup would loop through one product between.
        syrup = add_item(s, "Sirup gula", 0, unit="ml", n=601)
        set_recipe(s, owner, syrup.id, [Ingredient(c.sugar.id, 500 * MILLI)])
        with pytest.raises(InvalidInput) as err:
            set_recipe(s, owner, c.sugar.id, [Ingredient(syrup.id, MILLI)])
        said = readable(err.value, "{name} is already made from this product, so it cannot be one of its ingredients.")
        assert said.startswith("Sirup gula is already made")
        with pytest.raises(InvalidInput):
            set_recipe(s, owner, c.sugar.id, [Ingredient(c.sugar.id, MILLI)])
        assert recipe_of(s, c.sugar.id) == ()


def test_a_sale_refuses_add_ons_its_product_does_not_offer_now(shop: tuple[Database, Cafe]) -> None:
    db, c = shop
    with db.write() as s:
        owner = counter(s).owner
        latte = drink(s, c.latte, "Normal", "Extra shot", "Oat milk")
        # Carried onto a drink that never offered them (a line made by hand, or by a caller other than the counter).
        beans = add_item(s, "Kopi tubruk", 5_000, n=602)
        tubruk = replace(line_for_product(get_product(s, beans.id), Qty.units(1)), options=latte.options)
        with pytest.raises(InvalidInput) as err:
            sell(s, Cart([tubruk]), [pay("cash", 50_000)])
        assert readable(err.value, "{addon} is not offered on {name}.") == "Normal is not offered on Kopi tubruk."
        # Twice the one sugar level the group allows.
        doubled = replace(latte, options=(latte.options[0], latte.options[0]))
        with pytest.raises(InvalidInput):
            sell(s, Cart([doubled]), [pay("cash", 50_000)])
        # The owner stops offering the extras after the line was made: the sale refuses them rather than sell them.
        offer_groups(s, owner, c.latte.id, [c.sugar_level])
        with pytest.raises(InvalidInput):
            sell(s, Cart([latte]), [pay("cash", 50_000)])
        assert s.execute(text("SELECT COUNT(*) FROM sales")).scalar_one() == 0
        # What is still offered sells.
        assert sell(s, Cart([drink(s, c.latte, "Normal")]), [pay("cash", 50_000)]).sale_id

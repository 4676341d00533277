"""Over random sales of variants made to order, with add-ons that have recipes, some voided, and the ingredients
bought again at other prices in between: every ingredient's stock is the sum of its movements and what a model of
moving-average cost says, each ingredient a sale used cost what that model says, each sale's HPP is their sum,
and the books balance."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from pathlib import Path

import pytest
from builders import Item, add_item, counter, counter_template, fresh_db, pay, sell
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from kinds_support import Cafe, buy, cafe, drink, on_hand, value_of
from sqlalchemy import text

from pos.ledger.base.ids import ProductId
from pos.ledger.base.money import MILLI
from pos.ledger.books import accounts
from pos.ledger.books.balances import trial_balance
from pos.ledger.books.check import check_books
from pos.ledger.counter.cart import Cart
from pos.ledger.selling.returns import void_sale
from pos.ledger.stock.modifiers import offer_groups
from pos.ledger.stock.recipes import Ingredient, set_made_to_order, set_recipe
from pos.ledger.stock.stock_levels import stock_value
from pos.ledger.stock.variants import Option, set_options

# What one of each drink uses, in whole grams, millilitres and pieces: (beans, milk, sugar, cups).
USES = {
    "latte": (18, 150, 0, 1),
    "tea": (0, 0, 10, 1),
    "Reguler": (18, 120, 0, 1),
    "Besar": (27, 200, 0, 1),
}
SHOT = 18  # grams of beans in an extra shot


@dataclass(frozen=True, slots=True)
class Shop:
    cafe: Cafe
    drinks: dict[str, Item]

    @property
    def ingredients(self) -> tuple[uuid.UUID, ...]:
        return (self.cafe.beans.id, self.cafe.milk.id, self.cafe.sugar.id, self.cafe.cup.id)


@pytest.fixture(scope="module")
def built(template_db: Path, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Shop]:
    path = counter_template(template_db, tmp_path_factory.mktemp("cafe"))
    db = fresh_db(path, tmp_path_factory.mktemp("cafe-variants"))
    with db.write() as s:
        owner = counter(s).owner
        c = cafe(s)
        es_kopi = add_item(s, "Es kopi", 15_000, n=520)
        drinks = {"latte": c.latte, "tea": c.tea}
        for variant in set_options(s, owner, es_kopi.id, [Option("Ukuran", ("Reguler", "Besar"))]):
            size = variant.values[0]
            beans, milk, _sugar, cups = USES[size]
            set_recipe(
                s,
                owner,
                variant.product_id,
                [
                    Ingredient(c.beans.id, beans * MILLI),
                    Ingredient(c.milk.id, milk * MILLI),
                    Ingredient(c.cup.id, cups * MILLI),
                ],
            )
            set_made_to_order(s, owner, variant.product_id, True)
            offer_groups(s, owner, variant.product_id, [c.sugar_level, c.extras])
            drinks[size] = Item(ProductId(variant.product_id), variant.name, "", variant.price.rupiah, 0)
    db.dispose()
    return db.path, Shop(c, drinks)


def _half_up(numerator: int, denominator: int) -> int:
    return (2 * numerator + denominator) // (2 * denominator)


class Average:
    """Moving-average cost, kept apart from the core: what is on hand and what it is worth."""

    def __init__(self, qty_milli: int, value: int) -> None:
        self.qty_milli, self.value = qty_milli, value

    def take(self, qty_milli: int) -> int:
        assert 0 < qty_milli < self.qty_milli  # the examples keep every ingredient in stock
        cost = _half_up(self.value * qty_milli, self.qty_milli)
        self.qty_milli -= qty_milli
        self.value -= cost
        return cost

    def put(self, qty_milli: int, value: int) -> None:
        self.qty_milli += qty_milli
        self.value += value


Line = tuple[str, str, frozenset[str], int]  # drink, sugar level, extras, how many
LINES = st.lists(
    st.tuples(
        st.sampled_from(sorted(USES)),
        st.sampled_from(["Normal", "Sedikit gula", "Tanpa gula"]),
        st.frozensets(st.sampled_from(["Extra shot", "Oat milk"])),
        st.integers(1, 3),
    ),
    min_size=1,
    max_size=3,
    unique_by=lambda line: line[:3],  # the cart adds a drink rung up twice with the same choices to one line
)
# Each sale: its lines, whether it is voided after, and a restock of beans (grams, total price) before it.
SALES = st.lists(
    st.tuples(LINES, st.booleans(), st.one_of(st.none(), st.tuples(st.integers(100, 2_000), st.integers(1, 900_000)))),
    min_size=1,
    max_size=4,
)


@settings(max_examples=8, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(sales=SALES)
def test_random_sales_of_variants_keep_stock_to_its_movements_and_hpp_to_the_moving_average(
    built: tuple[Path, Shop],
    tmp_path_factory: pytest.TempPathFactory,
    sales: list[tuple[list[Line], bool, tuple[int, int] | None]],
) -> None:
    path, shop = built
    c = shop.cafe
    db = fresh_db(path, tmp_path_factory.mktemp("example"))
    try:
        with db.write() as s:
            # Enough of everything for any example, at a price that leaves the averages uneven.
            buy(s, c.beans.id, 3_000 * MILLI, 777_777)
            buy(s, c.milk.id, 10_000 * MILLI, 213_331)
            model = {p: Average(on_hand(s, p), value_of(s, p)) for p in shop.ingredients}
            hpp = 0
            for lines, voided, restock in sales:
                if restock is not None:
                    grams, total = restock
                    buy(s, c.beans.id, grams * MILLI, total)
                    model[c.beans.id].put(grams * MILLI, total)
                cart = Cart()
                expected: list[tuple[int, uuid.UUID, int, int]] = []  # line, ingredient, qty, cost
                for number, (which, sugar, extras, qty) in enumerate(lines, 1):
                    cart.add(drink(s, shop.drinks[which], sugar, *sorted(extras), qty=qty))
                    uses = [(p, per * qty * MILLI) for p, per in zip(shop.ingredients, USES[which], strict=True) if per]
                    if "Extra shot" in extras:
                        uses.append((c.beans.id, SHOT * qty * MILLI))
                    expected += [(number, p, q, model[p].take(q)) for p, q in uses]
                result = sell(s, cart, [pay("cash", 1_000_000)])
                parts = s.execute(
                    text(
                        "SELECT line_no, product_id, qty_milli, cost FROM sale_line_parts "
                        "WHERE sale_id = :s ORDER BY line_no, part_no"
                    ),
                    {"s": result.sale_id.bytes},
                ).all()
                assert [(n, uuid.UUID(bytes=bytes(p)), q, v) for n, p, q, v in parts] == expected
                assert result.cost == sum(v for _n, _p, _q, v in expected)
                if voided:
                    void_sale(s, counter(s).owner, result.receipt_no, reason="salah input")
                    for _n, p, q, v in expected:
                        model[p].put(q, v)
                else:
                    hpp += result.cost
            for product in shop.ingredients:
                kept = s.execute(
                    text("SELECT qty_milli, value FROM stock_levels WHERE product_id = :p"), {"p": product.bytes}
                ).one()
                assert (on_hand(s, product), value_of(s, product)) == tuple(kept)
                assert tuple(kept) == (model[product].qty_milli, model[product].value)
            for item in shop.drinks.values():
                assert on_hand(s, item.id) == 0  # made to order: never stocked itself
            tb = trial_balance(s)
            assert tb.balance(accounts.HPP) == hpp
            assert stock_value(s) == tb.balance(accounts.PERSEDIAAN)
            assert check_books(s).ok
    finally:
        db.dispose()

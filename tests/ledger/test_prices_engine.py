"""The price engine, rule by rule: tiers, group prices, item and cart promotions, buy X get Y, bundles, schedules,
the best-for-the-customer and priority rules, vouchers and points, each with what it says and saves."""

from __future__ import annotations

import dataclasses
import datetime as dt
import uuid

import pytest
from price_support import (
    BUYER,
    MONDAY_10,
    cart,
    discounted,
    due,
    line,
    pid,
    price,
    promo,
    saved,
    skipped,
    weighed,
)

from pos.ledger.base.errors import InvalidInput
from pos.ledger.base.money import Money
from pos.ledger.counter.pricing import Discount, PpnRule
from pos.ledger.prices.terms import (
    Bundle,
    BuyGet,
    CartOff,
    Group,
    GroupPrice,
    ItemOff,
    Moment,
    PointsTerms,
    PriceBook,
    Schedule,
    Tier,
    VoucherTerms,
)

INDOMIE, KOPI, ROTI, GULA = 1, 2, 3, 4
T = uuid.UUID(int=5)


def tiers(product: int, *steps: tuple[int, int], pack: int = 1000) -> dict[tuple[uuid.UUID, int], tuple[Tier, ...]]:
    return {(pid(product), pack): tuple(Tier(T, pid(product), pack, n * 1000, p) for n, p in steps)}


# --- 1. tiers -------------------------------------------------------------------------------------------------


def test_a_tier_applies_as_the_cart_crosses_it_and_is_undone_when_it_drops_back() -> None:
    book = PriceBook(tiers=tiers(INDOMIE, (12, 3_200), (40, 3_000)))
    assert due(price(cart(line(INDOMIE, 3_500, 11)), book)) == 11 * 3_500
    at_12 = price(cart(line(INDOMIE, 3_500, 12)), book)
    assert due(at_12) == 12 * 3_200
    [effect] = at_12.effects
    assert (effect.kind, effect.name, effect.saved) == ("tier", "12", 12 * 300)
    assert effect.why.msgid == "From {qty} in the cart: {price} each instead of {list}."
    assert due(price(cart(line(INDOMIE, 3_500, 40)), book)) == 40 * 3_000
    # Pieces scanned on separate lines count together.
    assert due(price(cart(line(INDOMIE, 3_500, 6), line(INDOMIE, 3_500, 6)), book)) == 12 * 3_200


def test_a_tier_is_per_pack_size_a_carton_counts_as_cartons() -> None:
    book = PriceBook(tiers=tiers(INDOMIE, (5, 120_000), pack=40_000))
    cartons = line(INDOMIE, 130_000, 5, pack=40_000)
    assert due(price(cart(cartons), book)) == 5 * 120_000
    # Pieces do not reach a carton tier, and cartons do not reach a piece tier.
    assert due(price(cart(line(INDOMIE, 3_500, 200)), book)) == 200 * 3_500


def test_a_price_changed_by_the_owner_keeps_its_price() -> None:
    book = PriceBook(tiers=tiers(INDOMIE, (12, 3_200)))
    by_hand = dataclasses.replace(line(INDOMIE, 3_500, 12), unit_price=Money(3_400))
    sale = price(cart(by_hand), book)
    assert due(sale) == 12 * 3_400 and sale.lines[0].price_from == "hand"


def test_tiers_and_group_prices_do_not_apply_on_a_platforms_prices() -> None:
    book = PriceBook(tiers=tiers(INDOMIE, (12, 3_200)), shop_prices=False)
    assert due(price(cart(line(INDOMIE, 4_000, 12)), book)) == 12 * 4_000


# --- 2. customer groups ---------------------------------------------------------------------------------------


def test_a_groups_price_for_a_product_beats_its_category_and_the_lowest_price_wins() -> None:
    category = uuid.UUID(int=900)
    group = Group(
        uuid.UUID(int=901),
        "Grosir",
        by_product={pid(INDOMIE): GroupPrice(price=3_100)},
        by_category={category: GroupPrice(percent_bp=1000)},
    )
    book = PriceBook(
        group=group, categories={pid(INDOMIE): category, pid(KOPI): category}, tiers=tiers(INDOMIE, (12, 3_000))
    )
    sale = price(cart(line(INDOMIE, 3_500, 2), line(KOPI, 2_000, 1)), book)
    assert [s.unit_price for s in sale.lines] == [3_100, 1_800]
    assert [(e.kind, e.name) for e in sale.effects] == [("group", "Grosir"), ("group", "Grosir")]
    # From 12 the tier is lower than the group's price, and wins.
    assert price(cart(line(INDOMIE, 3_500, 12)), book).lines[0].unit_price == 3_000


def test_a_groups_fixed_price_is_per_piece_a_carton_takes_only_a_percent() -> None:
    group = Group(uuid.UUID(int=1), "Member", by_product={pid(INDOMIE): GroupPrice(price=3_000)})
    carton = price(cart(line(INDOMIE, 130_000, 1, pack=40_000)), PriceBook(group=group))
    assert carton.lines[0].unit_price == 130_000


# --- 3. promotions --------------------------------------------------------------------------------------------


def test_percent_and_rupiah_off_a_product_or_a_category() -> None:
    drinks = uuid.UUID(int=50)
    book = PriceBook(
        promotions=(
            promo("Kopi 10%", ItemOff(products=frozenset({pid(KOPI)}), percent_bp=1000)),
            promo("Minuman -500", ItemOff(categories=frozenset({drinks}), rupiah=500)),
        ),
        categories={pid(ROTI): drinks},
    )
    sale = price(cart(line(KOPI, 2_050, 3), line(ROTI, 4_000, 2)), book)
    # Per piece, rounded half up: 10% of 2.050 is 205 a piece.
    assert saved(sale, name="Kopi 10%") == 3 * 205
    assert saved(sale, name="Minuman -500") == 2 * 500
    assert due(sale) == 3 * 2_050 + 2 * 4_000 - 615 - 1_000


def test_rupiah_off_never_takes_a_piece_below_zero() -> None:
    book = PriceBook(promotions=(promo("Rp 5.000", ItemOff(products=frozenset({pid(KOPI)}), rupiah=5_000)),))
    sale = price(cart(line(KOPI, 2_000, 2)), book)
    assert due(sale) == 0 and saved(sale) == 4_000


def test_a_weighed_line_takes_a_percent_on_the_line_and_rupiah_per_kg() -> None:
    book = PriceBook(promotions=(promo("Gula -1.000/kg", ItemOff(products=frozenset({pid(GULA)}), rupiah=1_000)),))
    sale = price(cart(weighed(GULA, 16_000, 1_250)), book)
    assert saved(sale) == 1_250 and due(sale) == 20_000 - 1_250


def test_buy_two_get_one_free_splits_the_free_piece_onto_its_own_line_at_zero() -> None:
    book = PriceBook(promotions=(promo("Beli 2 gratis 1", BuyGet(pid(KOPI), 2, pid(KOPI), 1)),))
    sale = price(cart(line(KOPI, 2_000, 7)), book)
    # 7 pieces: two applications (6 pieces), the seventh is paid.
    assert [(s.line.qty.milli, s.unit_price, s.free) for s in sale.lines] == [(5000, 2_000, False), (2000, 0, True)]
    assert due(sale) == 5 * 2_000
    [free] = [e for e in sale.effects if e.kind == "free"]
    assert (free.line, free.saved, free.qty_milli) == (1, 4_000, 2000)
    assert all(p.priced.gross >= 0 and p.unit_price >= 0 for p in sale.lines)


def test_buy_one_product_get_another_free() -> None:
    book = PriceBook(promotions=(promo("Kopi dapat roti", BuyGet(pid(KOPI), 3, pid(ROTI), 1)),))
    sale = price(cart(line(KOPI, 2_000, 3), line(ROTI, 4_000, 1)), book)
    assert due(sale) == 6_000 and saved(sale, "free") == 4_000
    # Without the roti in the cart nothing is given: the customer takes the free item to the counter.
    alone = price(cart(line(KOPI, 2_000, 3)), book)
    assert due(alone) == 6_000
    assert skipped(alone, "Kopi dapat roti") == "It needs {items} in the cart."


def test_second_item_half_price() -> None:
    book = PriceBook(promotions=(promo("Kedua setengah harga", BuyGet(pid(ROTI), 1, pid(ROTI), 1, 5_000)),))
    sale = price(cart(line(ROTI, 4_000, 3)), book)
    assert due(sale) == 3 * 4_000 - 2_000
    assert len(sale.lines) == 1  # half off is a discount on the line, not free goods


def test_a_bundle_at_a_fixed_price_spreads_its_saving_over_its_items() -> None:
    book = PriceBook(promotions=(promo("Paket sarapan", Bundle(((pid(KOPI), 1), (pid(ROTI), 2)), 9_000)),))
    sale = price(cart(line(KOPI, 2_000, 1), line(ROTI, 4_000, 3)), book)
    assert due(sale) == 9_000 + 4_000
    assert saved(sale) == 1_000
    assert sum(s.priced.promo_off for s in sale.lines) == 1_000


def test_a_bundle_priced_above_its_items_does_not_apply_and_says_why() -> None:
    book = PriceBook(promotions=(promo("Paket mahal", Bundle(((pid(KOPI), 2),), 5_000)),))
    sale = price(cart(line(KOPI, 2_000, 2)), book)
    assert due(sale) == 4_000
    assert skipped(sale, "Paket mahal") == "Its price {price} is not below what the items cost anyway."


def test_lines_discounted_by_hand_take_no_promotion() -> None:
    book = PriceBook(promotions=(promo("Kopi 10%", ItemOff(products=frozenset({pid(KOPI)}), percent_bp=1000)),))
    sale = price(cart(discounted(line(KOPI, 2_000, 3), Discount(rupiah=100))), book)
    assert saved(sale) == 0 and due(sale) == 5_900
    assert skipped(sale, "Kopi 10%") == "Its items have a price or discount set by hand."


def test_a_cart_promotion_needs_its_minimum_measured_before_promotions() -> None:
    book = PriceBook(
        promotions=(
            promo("Belanja 50 ribu", CartOff(rupiah=5_000, min_spend=50_000)),
            promo("Kopi 50%", ItemOff(products=frozenset({pid(KOPI)}), percent_bp=5000)),
        )
    )
    # The cart is worth Rp 50.000 at its prices; the item promotion takes it below, and both still apply.
    sale = price(cart(line(KOPI, 2_000, 25)), book)
    assert due(sale) == 25_000 - 5_000
    small = price(cart(line(KOPI, 2_000, 24)), book)
    assert skipped(small, "Belanja 50 ribu") == "It needs a cart of {minimum}; this one is {value}."


def test_only_one_cart_promotion_the_best_or_the_first_by_priority() -> None:
    ten = promo("10%", CartOff(percent_bp=1000), priority=2)
    fixed = promo("Rp 3.000", CartOff(rupiah=3_000), priority=1)
    c = cart(line(KOPI, 2_000, 20))
    best = price(c, PriceBook(promotions=(ten, fixed)))
    assert due(best) == 36_000 and skipped(best, "Rp 3.000").startswith("Only one cart promotion")
    first = price(c, PriceBook(mode="priority", promotions=(ten, fixed)))
    assert due(first) == 37_000


def test_best_for_the_customer_against_the_owners_order() -> None:
    ten = promo("Kopi 10%", ItemOff(products=frozenset({pid(KOPI)}), percent_bp=1000), priority=1)
    free = promo("Beli 2 gratis 1", BuyGet(pid(KOPI), 2, pid(KOPI), 1), priority=2)
    c = cart(line(KOPI, 3_000, 3))
    # Best: the free piece (Rp 3.000) beats 10% of three (Rp 900).
    assert due(price(c, PriceBook(promotions=(ten, free)))) == 6_000
    # Priority: 10% comes first and takes every piece; buy 2 get 1 finds none left, and says so.
    by_order = price(c, PriceBook(mode="priority", promotions=(ten, free)))
    assert due(by_order) == 8_100
    assert skipped(by_order, "Beli 2 gratis 1") == "A promotion before it in the owner's order took these items."


def test_a_piece_takes_one_promotion_the_rest_get_the_single_piece_offer() -> None:
    ten = promo("Kopi 10%", ItemOff(products=frozenset({pid(KOPI)}), percent_bp=1000))
    free = promo("Beli 2 gratis 1", BuyGet(pid(KOPI), 2, pid(KOPI), 1))
    sale = price(cart(line(KOPI, 3_000, 4)), PriceBook(promotions=(ten, free)))
    # Three pieces go to buy 2 get 1, the fourth gets 10%.
    assert due(sale) == 2 * 3_000 + 2_700


@pytest.mark.parametrize(
    ("schedule", "at", "why"),
    [
        (Schedule(from_minute=17 * 60, to_minute=19 * 60), MONDAY_10, "It holds only from {start} to {end}."),
        (Schedule(ends_on=dt.date(2026, 12, 6)), MONDAY_10, "It ended on {date}."),
        (Schedule(starts_on=dt.date(2026, 12, 8)), MONDAY_10, "It starts on {date}."),
        (Schedule(days=64), MONDAY_10, "It does not hold on {day}."),
        (Schedule(channels=frozenset({"gofood"})), MONDAY_10, "It does not hold on this sales channel."),
        (
            Schedule(counters=frozenset({"B"})),
            Moment(MONDAY_10.day, 600, "counter", "A"),
            "It does not hold at this counter.",
        ),
    ],
)
def test_a_promotion_outside_its_dates_days_hours_channels_or_counters_says_why(
    schedule: Schedule, at: Moment, why: str
) -> None:
    happy = promo("Happy hour", CartOff(percent_bp=2000), schedule=schedule)
    sale = price(cart(line(KOPI, 2_000, 5)), PriceBook(promotions=(happy,)), at)
    assert due(sale) == 10_000
    assert skipped(sale, "Happy hour") == why


def test_hours_across_midnight() -> None:
    night = promo("Malam", CartOff(percent_bp=1000), schedule=Schedule(from_minute=22 * 60, to_minute=2 * 60))
    c, book = cart(line(KOPI, 2_000, 5)), PriceBook(promotions=(night,))
    assert due(price(c, book, Moment(MONDAY_10.day, 23 * 60))) == 9_000
    assert due(price(c, book, Moment(MONDAY_10.day, 60))) == 9_000
    assert due(price(c, book, Moment(MONDAY_10.day, 3 * 60))) == 10_000


# --- 4. vouchers ----------------------------------------------------------------------------------------------

VOUCHER = VoucherTerms(uuid.UUID(int=70), "HEMAT10", "Hemat", percent_bp=1000, max_off=3_000, min_spend=20_000)


def test_a_voucher_takes_its_percent_up_to_its_cap_after_promotions() -> None:
    c = cart(line(KOPI, 2_000, 20))
    c.voucher = "HEMAT10"
    sale = price(c, PriceBook(voucher_code="HEMAT10", voucher=VOUCHER))
    assert sale.voucher_off == 3_000 and due(sale) == 37_000


@pytest.mark.parametrize(
    ("voucher", "why"),
    [
        (None, "No voucher has the code {code}."),
        (dataclasses.replace(VOUCHER, uses=1), "Voucher {code} has been used up: {uses} of {limit} uses."),
        (dataclasses.replace(VOUCHER, expires_on=dt.date(2026, 12, 6)), "Voucher {code} expired on {date}."),
        (
            dataclasses.replace(VOUCHER, min_spend=50_000),
            "Voucher {code} needs a cart of {minimum}; this one is {value}.",
        ),
        (dataclasses.replace(VOUCHER, is_active=False), "Voucher {code} is no longer valid."),
    ],
)
def test_a_voucher_that_cannot_be_used_says_why(voucher: VoucherTerms | None, why: str) -> None:
    sale = price(cart(line(KOPI, 2_000, 20)), PriceBook(voucher_code="HEMAT10", voucher=voucher))
    assert sale.voucher is None and due(sale) == 40_000
    assert skipped(sale, "HEMAT10") == why


# --- 5. points ------------------------------------------------------------------------------------------------


def test_points_redeemed_never_take_more_than_is_left_and_are_earned_on_what_is_paid() -> None:
    book = PriceBook(points=PointsTerms(balance=500, value=100, earn_per=10_000))
    c = cart(line(KOPI, 2_000, 10), customer=BUYER)
    c.points = 300
    sale = price(c, book)
    # 300 points would be Rp 30.000; the cart is Rp 20.000, so 200 are used.
    assert (sale.points_used, sale.points_value, due(sale), sale.points_earned) == (200, 20_000, 0, 0)
    c.points = 50
    sale = price(c, book)
    assert (sale.points_used, due(sale), sale.points_earned) == (50, 15_000, 1)


def test_points_beyond_the_balance_or_without_a_customer_are_refused() -> None:
    c = cart(line(KOPI, 2_000, 10), customer=BUYER)
    c.points = 501
    with pytest.raises(InvalidInput) as err:
        price(c, PriceBook(points=PointsTerms(balance=500, value=100, earn_per=0)))
    assert err.value.msgid == "The customer has only {points} points."
    c.customer_id = None
    with pytest.raises(InvalidInput):
        price(c, PriceBook())


# --- the whole ------------------------------------------------------------------------------------------------


def test_with_ppn_inclusive_the_discounts_are_booked_without_their_ppn() -> None:
    book = PriceBook(promotions=(promo("Kopi 10%", ItemOff(products=frozenset({pid(KOPI)}), percent_bp=1000)),))
    sale = price(cart(line(KOPI, 11_100, 1)), book, rule=PpnRule("inclusive"))
    p = sale.priced
    assert p.net == 9_990 and p.ppn + p.revenue == p.net and p.discount == 1_110


def test_everything_at_once_never_goes_below_zero_and_is_explained() -> None:
    book = PriceBook(
        promotions=(
            promo("Kopi gratis", BuyGet(pid(KOPI), 1, pid(KOPI), 1)),
            promo("Semua 90%", CartOff(percent_bp=9000)),
        ),
        voucher_code="X",
        voucher=VoucherTerms(uuid.UUID(int=8), "X", amount=50_000),
        points=PointsTerms(balance=10_000, value=100, earn_per=1_000),
    )
    c = cart(line(KOPI, 2_000, 4), line(ROTI, 4_000, 1), discount=Discount(percent_bp=500), customer=BUYER)
    c.voucher, c.points = "X", 10
    sale = price(c, book)
    assert due(sale) == 0
    assert sale.points_used == 0  # nothing was left for points to pay
    assert sale.saved == sum(e.saved for e in sale.effects)
    assert all(e.why.text() for e in sale.effects)

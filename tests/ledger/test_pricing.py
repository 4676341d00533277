"""Tests of cart pricing as pure arithmetic: line totals, discounts and their allocation, PPN and rounding."""

from __future__ import annotations

import pytest
from builders import half_up, readable
from hypothesis import given
from hypothesis import strategies as st

from pos.ledger.base.errors import InvalidInput
from pos.ledger.base.money import Money, Qty
from pos.ledger.counter.pricing import (
    NO_DISCOUNT,
    Discount,
    LineInput,
    PpnRule,
    RoundingRule,
    allocate,
    milli_of_base,
    price_cart,
    rounded_due,
)
from pos.ledger.shop.choices import PPN_MODES

NONE = PpnRule("none")
INCLUSIVE = PpnRule("inclusive")
EXCLUSIVE = PpnRule("exclusive")


def line(price: int, qty_milli: int = 1000, discount: Discount = NO_DISCOUNT, exempt: bool = False) -> LineInput:
    return LineInput(Qty(qty_milli), Money(price), discount, exempt)


# --- line totals ----------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("price", "qty_milli", "total"),
    [
        (16_000, 1_250, 20_000),  # 1,25 kg gula at Rp 16.000/kg
        (3_500, 3_000, 10_500),  # 3 pieces
        (1_999, 333, 666),  # 665,667 rounds up
        (15, 100, 2),  # 1,5 is a half: up
        (25, 10, 0),  # 0,25 rupiah: nothing
        (12_500, 1, 13),  # 12,5: up
        (0, 5_000, 0),  # free item
    ],
)
def test_line_total_is_price_times_qty_rounded_half_up(price: int, qty_milli: int, total: int) -> None:
    priced = price_cart([line(price, qty_milli)], NO_DISCOUNT, NONE)
    assert priced.lines[0].gross == total
    assert priced.exact_due == total


@given(price=st.integers(0, 10_000_000), qty=st.integers(1, 1_000_000))
def test_line_total_matches_reference_rounding(price: int, qty: int) -> None:
    assert price_cart([line(price, qty)], NO_DISCOUNT, NONE).lines[0].gross == half_up(price * qty, 1000)


@pytest.mark.parametrize("qty_milli", [0, -1, -1000])
def test_zero_or_negative_quantity_is_refused(qty_milli: int) -> None:
    with pytest.raises(InvalidInput) as caught:
        price_cart([line(5_000), line(5_000, qty_milli)], NO_DISCOUNT, NONE)
    readable(caught.value, "The quantity must be more than zero.")


def test_negative_price_is_refused() -> None:
    with pytest.raises(InvalidInput) as caught:
        price_cart([line(-100)], NO_DISCOUNT, NONE)
    readable(caught.value, "A price cannot be negative.")


# --- discounts ------------------------------------------------------------------------------------------------


def test_line_discount_in_rupiah_and_percent() -> None:
    priced = price_cart(
        [line(10_000, 3_000, Discount(rupiah=2_500)), line(7_777, 1_000, Discount(percent_bp=1_000))],
        NO_DISCOUNT,
        NONE,
    )
    first, second = priced.lines
    assert (first.gross, first.line_discount, first.net) == (30_000, 2_500, 27_500)
    # 10% of Rp 7.777 is Rp 777,7: Rp 778 off.
    assert (second.gross, second.line_discount, second.net) == (7_777, 778, 6_999)
    assert priced.discount == 3_278
    assert priced.exact_due == 34_499


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"rupiah": -1}, "A discount cannot be negative."),
        ({"percent_bp": -1}, "A discount cannot be negative."),
        ({"rupiah": 100, "percent_bp": 100}, "Give a discount either in rupiah or in percent, not both."),
        ({"percent_bp": 10_001}, "A discount cannot be more than 100%."),
    ],
)
def test_bad_discounts_are_refused(kwargs: dict[str, int], message: str) -> None:
    with pytest.raises(InvalidInput) as caught:
        Discount(**kwargs)
    readable(caught.value, message)


def test_discount_larger_than_the_line_is_refused() -> None:
    with pytest.raises(InvalidInput) as caught:
        price_cart([line(5_000, 1_000, Discount(rupiah=5_001))], NO_DISCOUNT, NONE)
    readable(caught.value, "The discount is larger than the amount it applies to.")


def test_discount_of_the_whole_amount_makes_it_free() -> None:
    priced = price_cart([line(5_000, 2_000, Discount(percent_bp=10_000))], Discount(), NONE)
    assert priced.lines[0].net == 0 and priced.exact_due == 0


def test_cart_discount_is_spread_by_largest_remainder() -> None:
    # Rp 100 off three lines of Rp 1.000 each: 33,33 each, the one rupiah left goes to the first line.
    priced = price_cart([line(1_000)] * 3, Discount(rupiah=100), NONE)
    assert [x.cart_discount for x in priced.lines] == [34, 33, 33]
    assert priced.exact_due == 2_900


def test_cart_discount_is_spread_over_what_is_left_after_line_discounts() -> None:
    # Lines after their own discounts: Rp 9.000 and Rp 3.000, so Rp 1.000 off splits 750 / 250.
    priced = price_cart([line(10_000, 1_000, Discount(rupiah=1_000)), line(3_000)], Discount(rupiah=1_000), NONE)
    assert [x.cart_discount for x in priced.lines] == [750, 250]
    assert [x.net for x in priced.lines] == [8_250, 2_750]


def test_cart_discount_in_percent() -> None:
    # 5% of Rp 33.333 is Rp 1.666,65: Rp 1.667 off, split 1.000,05 / 666,95 -> 1.000 / 667.
    priced = price_cart([line(20_000), line(13_333)], Discount(percent_bp=500), NONE)
    assert sum(x.cart_discount for x in priced.lines) == 1_667
    assert [x.cart_discount for x in priced.lines] == [1_000, 667]


def test_cart_discount_larger_than_the_cart_is_refused() -> None:
    with pytest.raises(InvalidInput) as caught:
        price_cart([line(1_000), line(2_000)], Discount(rupiah=3_001), NONE)
    readable(caught.value, "The discount is larger than the amount it applies to.")


@pytest.mark.parametrize(
    ("total", "weights", "shares"),
    [
        (10, [1, 1, 1], [4, 3, 3]),
        (10, [0, 0], [0, 0]),
        (0, [5, 7], [0, 0]),
        (7, [0, 3, 0], [0, 7, 0]),
        (5, [2, 2, 1], [2, 2, 1]),
        (1, [1, 1], [1, 0]),  # a tie goes to the earlier line
        (2, [1, 2, 3], [0, 1, 1]),  # remainders 1/3, 2/3, 0 -> the two largest get the rupiah
    ],
)
def test_allocate(total: int, weights: list[int], shares: list[int]) -> None:
    assert allocate(total, weights) == shares


@given(
    total=st.integers(0, 10_000_000),
    weights=st.lists(st.integers(0, 5_000_000), min_size=1, max_size=12),
)
def test_allocated_shares_add_up_and_stay_within_a_rupiah(total: int, weights: list[int]) -> None:
    shares = allocate(total, weights)
    weight_sum = sum(weights)
    if weight_sum == 0:
        assert shares == [0] * len(weights)
        return
    assert sum(shares) == total
    for share, weight in zip(shares, weights, strict=True):
        exact_floor = total * weight // weight_sum
        assert exact_floor <= share <= exact_floor + 1


# --- PPN ------------------------------------------------------------------------------------------------------


def test_no_ppn_by_default() -> None:
    priced = price_cart([line(11_100)], NO_DISCOUNT, PpnRule())
    assert (priced.ppn, priced.dpp, priced.revenue, priced.exact_due) == (0, 0, 11_100, 11_100)


def test_inclusive_ppn_is_inside_the_price() -> None:
    # Rp 11.100 with 11% inside: PPN 11.100 x 11/111 = 1.100, revenue 10.000, DPP 10.000 x 11/12 = 9.166,67.
    priced = price_cart([line(11_100)], NO_DISCOUNT, INCLUSIVE)
    (x,) = priced.lines
    assert (x.net, x.ppn, x.revenue, x.dpp) == (11_100, 1_100, 10_000, 9_167)
    assert priced.exact_due == 11_100


def test_exclusive_ppn_is_added_on_top() -> None:
    # Rp 10.000 + 11% = Rp 11.100; DPP 10.000 x 11/12 = 9.166,67 -> 9.167, and 12% of the DPP is the PPN.
    priced = price_cart([line(10_000)], NO_DISCOUNT, EXCLUSIVE)
    (x,) = priced.lines
    assert (x.net, x.ppn, x.revenue, x.dpp) == (10_000, 1_100, 10_000, 9_167)
    assert priced.exact_due == 11_100


def test_exclusive_ppn_after_a_line_discount() -> None:
    # 3 x Rp 10.000 less 10% = Rp 27.000; PPN 11% = Rp 2.970; due Rp 29.970; DPP 27.000 x 11/12 = 24.750.
    priced = price_cart([line(10_000, 3_000, Discount(percent_bp=1_000))], NO_DISCOUNT, EXCLUSIVE)
    (x,) = priced.lines
    assert (x.gross, x.line_discount, x.net, x.ppn, x.dpp) == (30_000, 3_000, 27_000, 2_970, 24_750)
    assert x.dpp * 12 // 100 == x.ppn
    assert priced.exact_due == 29_970


def test_inclusive_ppn_with_cart_discount_and_an_exempt_line() -> None:
    # Worked example (also rung up in test_sales):
    #   minyak 2 x Rp 36.000 = 72.000 (taxable); beras 1 x Rp 18.000 = 18.000 (PPN exempt)
    #   cart discount Rp 9.000 over 72.000 : 18.000 = 4 : 1 -> 7.200 and 1.800
    #   nets 64.800 and 16.200; the customer owes 81.000
    #   PPN inside minyak: 64.800 x 11/111 = 6.421,6 -> 6.422; revenue 64.800 - 6.422 = 58.378
    #   DPP 58.378 x 11/12 = 53.513,2 -> 53.513
    #   discount without PPN: 7.200 x 100/111 = 6.486,5 -> 6.486; beras keeps its 1.800
    priced = price_cart([line(36_000, 2_000), line(18_000, 1_000, exempt=True)], Discount(rupiah=9_000), INCLUSIVE)
    minyak, beras = priced.lines
    assert (minyak.gross, minyak.cart_discount, minyak.net) == (72_000, 7_200, 64_800)
    assert (minyak.ppn, minyak.revenue, minyak.dpp, minyak.discount_ex_ppn) == (6_422, 58_378, 53_513, 6_486)
    assert (beras.gross, beras.cart_discount, beras.net) == (18_000, 1_800, 16_200)
    assert (beras.ppn, beras.revenue, beras.dpp, beras.discount_ex_ppn) == (0, 16_200, 0, 1_800)
    assert (priced.exact_due, priced.ppn, priced.revenue, priced.discount_ex_ppn) == (81_000, 6_422, 74_578, 8_286)


def test_ppn_rate_and_base_come_from_the_rule() -> None:
    # Plain 11% on the full price (the rule before 2025): 10% would be rate 1000 on base 1/1.
    priced = price_cart([line(20_000)], NO_DISCOUNT, PpnRule("exclusive", 1_000, 1, 1))
    assert priced.ppn == 2_000 and priced.dpp == 20_000


lines_strategy = st.lists(
    st.builds(
        line,
        price=st.integers(0, 500_000),
        qty_milli=st.integers(1, 50_000),
        exempt=st.booleans(),
        discount=st.one_of(st.just(NO_DISCOUNT), st.builds(Discount, percent_bp=st.integers(0, 10_000))),
    ),
    min_size=1,
    max_size=8,
)


@pytest.mark.slow
@given(lines=lines_strategy, cart_bp=st.integers(0, 10_000), mode=st.sampled_from(PPN_MODES))
def test_priced_cart_adds_up(lines: list[LineInput], cart_bp: int, mode: str) -> None:
    rule = PpnRule(mode)  # type: ignore[arg-type]
    priced = price_cart(lines, Discount(percent_bp=cart_bp), rule)
    assert priced.gross - priced.discount == priced.net
    for x, given_line in zip(priced.lines, lines, strict=True):
        assert x.net == x.gross - x.line_discount - x.cart_discount >= 0
        assert 0 <= x.discount_ex_ppn <= x.line_discount + x.cart_discount
        if mode == "none" or given_line.ppn_exempt:
            assert x.ppn == 0 and x.revenue == x.net
        elif mode == "exclusive":
            assert x.revenue == x.net and x.ppn == half_up(x.net * 11, 100)
        else:
            assert x.revenue + x.ppn == x.net and x.ppn == half_up(x.net * 11, 111)
    if mode == "exclusive":
        assert priced.exact_due == priced.net + priced.ppn
    else:
        assert priced.exact_due == priced.net


# --- rounding of the amount due -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("rule", "amount", "rounded"),
    [
        (RoundingRule(0), 12_345, 12_345),
        (RoundingRule(100), 12_345, 12_300),
        (RoundingRule(100, direction="nearest"), 12_345, 12_300),
        (RoundingRule(100, direction="nearest"), 12_350, 12_400),
        (RoundingRule(500), 12_499, 12_000),
        (RoundingRule(500, direction="nearest"), 12_250, 12_500),
        (RoundingRule(1_000), 12_999, 12_000),
        (RoundingRule(1_000, direction="nearest"), 12_499, 12_000),
        (RoundingRule(100), 12_300, 12_300),
        (RoundingRule(100), 0, 0),
    ],
)
def test_rounding_rule(rule: RoundingRule, amount: int, rounded: int) -> None:
    assert rule.apply(amount) == rounded


def test_rounding_for_cash_only_leaves_non_cash_exact() -> None:
    rule = RoundingRule(100)
    assert rounded_due(12_345, 0, has_cash=True, rule=rule) == 12_300
    assert rounded_due(12_345, 0, has_cash=False, rule=rule) == 12_345  # all QRIS: exact
    # Rp 5.000 by QRIS, the rest (7.345) in cash, rounded to 7.300.
    assert rounded_due(12_345, 5_000, has_cash=True, rule=rule) == 12_300


def test_rounding_for_all_methods_rounds_the_whole_amount() -> None:
    rule = RoundingRule(500, scope="all")
    assert rounded_due(12_345, 0, has_cash=False, rule=rule) == 12_000
    assert rounded_due(12_345, 5_000, has_cash=True, rule=rule) == 12_000


@given(
    amount=st.integers(1, 10_000_000),
    increment=st.sampled_from([100, 500, 1_000]),
    direction=st.sampled_from(["down", "nearest"]),
)
def test_rounding_moves_less_than_one_increment(amount: int, increment: int, direction: str) -> None:
    rounded = RoundingRule(increment, "cash", direction).apply(amount)  # type: ignore[arg-type]
    if rounded == amount and amount < increment:
        return  # less than one coin is charged as it is: rounding never gives the goods away
    assert rounded % increment == 0
    assert rounded > 0
    if direction == "down":
        assert amount - increment < rounded <= amount
    else:
        assert abs(rounded - amount) * 2 <= increment


# --- packs ----------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("qty_milli", "pack_milli", "base_milli"),
    [(1_000, 1_000, 1_000), (2_000, 40_000, 80_000), (1_250, 1_000, 1_250), (1_000, 625, 625), (3, 500, 2)],
)
def test_packs_in_base_units(qty_milli: int, pack_milli: int, base_milli: int) -> None:
    assert milli_of_base(Qty(qty_milli), pack_milli) == base_milli

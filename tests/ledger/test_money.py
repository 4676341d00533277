"""Money and quantities: exact integers, refusing floats, rounding half away from zero."""

from __future__ import annotations

import dataclasses

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pos.ledger.base.errors import InvalidInput
from pos.ledger.base.money import Money, Qty, div_round_half_up, parse_rupiah


def test_money_refuses_floats_and_bools() -> None:
    with pytest.raises(TypeError):
        Money(12.5)  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        Money(True)
    with pytest.raises(TypeError):
        Qty(0.25)  # type: ignore[arg-type]


def test_money_is_immutable() -> None:
    price = Money(12_500)
    with pytest.raises(dataclasses.FrozenInstanceError):
        price.rupiah = 1  # type: ignore[misc]


def test_price_times_weighed_quantity_rounds_half_up() -> None:
    # 0,25 kg of sugar at Rp 16.000/kg is Rp 4.000 exactly; 0,333 kg at Rp 15.500 is 5161,5 -> 5162.
    assert Money(16_000).times(Qty(250)) == Money(4_000)
    assert Money(15_500).times(Qty(333)) == Money(5_162)
    assert Money(3_500).times(Qty.units(3)) == Money(10_500)


def test_percent_in_basis_points() -> None:
    assert Money(10_000).percent(1_250) == Money(1_250)
    assert Money(999).percent(5_000) == Money(500)  # 499,5 rounds up


@pytest.mark.parametrize(
    ("text", "rupiah"),
    [
        ("12500", 12_500),
        ("12.500", 12_500),
        ("Rp 12.500", 12_500),
        ("Rp12.500,00", 12_500),
        ("rp. 1.250.000", 1_250_000),
        ("-5.000", -5_000),
        ("Rp -5.000", -5_000),
        (" 7 ", 7),
        ("1 000", 1_000),
    ],
)
def test_parse_rupiah_as_shopkeepers_write_it(text: str, rupiah: int) -> None:
    assert parse_rupiah(text) == rupiah


@pytest.mark.parametrize("text", ["", "Rp", "12,50", "1.2.3", "abc", "12.50", "1.000,5"])
def test_parse_rupiah_refuses_what_is_not_whole_rupiah(text: str) -> None:
    with pytest.raises(InvalidInput):
        parse_rupiah(text)


@pytest.mark.parametrize(("text", "milli"), [("3", 3000), ("0,25", 250), ("0.25", 250), ("1,5", 1500), ("2,125", 2125)])
def test_parse_quantity(text: str, milli: int) -> None:
    assert Qty.parse(text) == Qty(milli)


@pytest.mark.parametrize("text", ["", "x", "1,2345", "1/2", "--1"])
def test_parse_quantity_refuses_garbage(text: str) -> None:
    with pytest.raises(InvalidInput):
        Qty.parse(text)


@given(st.integers(-(10**15), 10**15), st.integers(1, 10**6))
def test_round_half_up_matches_exact_fraction(numerator: int, denominator: int) -> None:
    from fractions import Fraction

    exact = Fraction(numerator, denominator)
    result = div_round_half_up(numerator, denominator)
    assert abs(Fraction(result) - exact) <= Fraction(1, 2)
    if abs(Fraction(result) - exact) == Fraction(1, 2):
        assert abs(result) > abs(exact)  # ties go away from zero


@given(st.integers(0, 10**12))
def test_parse_accepts_what_format_writes(value: int) -> None:
    from pos.ledger.base import fmt

    assert parse_rupiah(fmt.rupiah(value)) == value

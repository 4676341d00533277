"""How amounts, quantities and dates read: Indonesian by default, English on request."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pos import i18n
from pos.ledger.base import fmt
from pos.ledger.base.errors import InvalidInput
from pos.ledger.base.money import Money, Qty


def test_rupiah_in_indonesian() -> None:
    assert fmt.rupiah(Money(12_500)) == "Rp 12.500"
    assert fmt.rupiah(1_250_000) == "Rp 1.250.000"
    assert fmt.rupiah(0) == "Rp 0"
    assert fmt.rupiah(-5_000) == "-Rp 5.000"


def test_english_keeps_indonesian_number_conventions() -> None:
    # CLDR's en_ID: English words, Indonesian numbers, so receipts and reports read the same in both languages.
    assert fmt.rupiah(12_500, "en") == "Rp 12.500"


def test_quantities_show_decimals_only_when_there_are_some() -> None:
    assert fmt.qty(Qty(3_000)) == "3"
    assert fmt.qty(Qty(250)) == "0,25"
    assert fmt.qty(Qty(1_500), "en") == "1,5"
    assert fmt.qty(Qty(-2_125)) == "-2,125"


def test_dates_follow_the_language() -> None:
    day = dt.date(2026, 11, 22)
    assert fmt.date(day) == "22 Nov 2026"
    assert fmt.date(dt.date(2026, 8, 17)) == "17 Agu 2026"
    assert fmt.date(dt.date(2026, 8, 17), "en") == "17 Aug 2026"


def test_current_language_is_used_when_none_is_given() -> None:
    i18n.set_language("en")
    assert fmt.date(dt.date(2026, 8, 17)) == "17 Aug 2026"
    i18n.set_language("id")
    assert fmt.date(dt.date(2026, 8, 17)) == "17 Agu 2026"


def test_a_percentage_reads_one_way_everywhere() -> None:
    # At most two decimals, trailing zeros dropped, Indonesian marks in both languages.
    shown = [fmt.percent(bp, "id") for bp in (1250, 1000, 1234, 5, -50, 0, 10_000)]
    assert shown == ["12,5%", "10%", "12,34%", "0,05%", "-0,5%", "0%", "100%"]
    assert fmt.percent(1250, "en") == "12,5%"
    assert [fmt.percent(bp, signed=True) for bp in (1250, 0, -300)] == ["+12,5%", "0%", "-3%"]
    assert fmt.percent_figure(1125) == "11,25"


def test_a_typed_percentage_reads_back_in_basis_points() -> None:
    typed = ("12", "0,5", "12.5", " 12,5 % ", "100", "7%", "0,05")
    assert [fmt.parse_percent(t) for t in typed] == [1200, 50, 1250, 1250, 10_000, 700, 5]
    for bad in ("", "abc", "12,345", "-5", "1000", "1e3", "12,5%%", "1.000"):
        with pytest.raises(InvalidInput, match="bukan persentase"):
            fmt.parse_percent(bad)


@given(st.integers(min_value=0, max_value=99_999))
def test_what_is_shown_is_read_back_as_it_was(bp: int) -> None:
    assert fmt.parse_percent(fmt.percent(bp)) == bp

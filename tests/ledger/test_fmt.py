"""How amounts, quantities and dates read: Indonesian by default, English on request."""

from __future__ import annotations

import datetime as dt

from pos import i18n
from pos.ledger.base import fmt
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

"""How money, quantities, percentages and dates read on screen and paper: `Rp 12.500`, `0,25`, `12,5%`,
`22 Nov 2026`; and a percentage as people type it, read back into basis points."""

from __future__ import annotations

import datetime as dt
import re
from functools import lru_cache
from typing import Final

from babel import Locale
from babel.dates import format_date as _babel_date
from babel.dates import format_datetime as _babel_datetime
from babel.numbers import format_decimal

from pos import i18n
from pos.i18n import N_
from pos.ledger.base.errors import InvalidInput
from pos.ledger.base.money import MILLI, Money, Qty

_BABEL_LOCALES = {"id": "id_ID", "en": "en_ID"}
# A percentage as people type it: `12`, `0,5`, `12.5`, `12,5 %`; never finer than a basis point, never past 999%.
_TYPED_PERCENT: Final = re.compile(r"\s*(\d{1,3})(?:[.,](\d{1,2}))?\s*%?\s*")


@lru_cache(maxsize=8)
def _locale(lang: str) -> Locale:
    return Locale.parse(_BABEL_LOCALES.get(lang, "id_ID"))


def _lang(lang: str | None) -> str:
    return lang or i18n.language()


def rupiah(amount: Money | int, lang: str | None = None) -> str:
    """`Rp 12.500` (Indonesian grouping) or `Rp 12,500` (English); negative amounts as `-Rp 12.500`."""
    value = amount.rupiah if isinstance(amount, Money) else amount
    digits = format_decimal(abs(value), format="#,##0", locale=_locale(_lang(lang)))
    return f"-Rp {digits}" if value < 0 else f"Rp {digits}"


def number(value: int, lang: str | None = None) -> str:
    """A whole number with the language's grouping, without a currency (for receipts' narrow columns)."""
    return format_decimal(value, format="#,##0", locale=_locale(_lang(lang)))


def qty(quantity: Qty | int, lang: str | None = None) -> str:
    """A quantity with up to three decimals and no trailing zeros: `3`, `0,25`, `1,5`."""
    milli = quantity.milli if isinstance(quantity, Qty) else quantity
    whole, frac = divmod(abs(milli), MILLI)
    sign = "-" if milli < 0 else ""
    if not frac:
        return f"{sign}{number(whole, lang)}"
    sep = _locale(_lang(lang)).number_symbols["latn"]["decimal"]
    return f"{sign}{number(whole, lang)}{sep}{str(frac).rjust(3, '0').rstrip('0')}"


def percent_figure(basis_points: int, lang: str | None = None) -> str:
    """Basis points as the number of a percentage, without the sign: 1250 -> `12,5`, 1000 -> `10`, 1234 ->
    `12,34`. The one rule for every percentage shown: at most two decimals (a basis point is the finest a shop
    states), trailing zeros dropped, the language's decimal mark, as a quantity reads."""
    return qty(basis_points * 10, lang)  # a basis point is a thousandth of a percent's tenth: 1250 bp = 12,500


def percent(basis_points: int, lang: str | None = None, *, signed: bool = False) -> str:
    """`12,5%`, `10%`, `-0,5%`; with `signed`, a rise reads `+12,5%` (a change against another day)."""
    text = f"{percent_figure(basis_points, lang)}%"
    return f"+{text}" if signed and basis_points > 0 else text


def parse_percent(text: str) -> int:
    """A percentage as typed (`12`, `0,5`, `12.5`, `12,5%`) in basis points (1200, 50, 1250); either decimal mark
    is read, at most two decimals. `InvalidInput` when it is not one; the range is the caller's rule."""
    match = _TYPED_PERCENT.fullmatch(text)
    if not match:
        raise InvalidInput(N_("'{text}' is not a percentage."), text=text)
    return int(match.group(1)) * 100 + int((match.group(2) or "0").ljust(2, "0"))


def date(day: dt.date, lang: str | None = None) -> str:
    """`22 Nov 2026`."""
    return _babel_date(day, format="d MMM y", locale=_locale(_lang(lang)))


def month(day: dt.date, lang: str | None = None) -> str:
    """`Nov 2026`: the month `day` falls in."""
    return _babel_date(day, format="MMM y", locale=_locale(_lang(lang)))


def datetime(moment: dt.datetime, lang: str | None = None) -> str:
    """`22 Nov 2026 14.05` in the shop's local time (pass a local datetime)."""
    return _babel_datetime(moment, format="d MMM y HH.mm", locale=_locale(_lang(lang)))

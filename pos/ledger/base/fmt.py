"""How money, quantities and dates read on screen and paper: `Rp 12.500`, `0,25`, `22 Nov 2026`."""

from __future__ import annotations

import datetime as dt
from functools import lru_cache

from babel import Locale
from babel.dates import format_date as _babel_date
from babel.dates import format_datetime as _babel_datetime
from babel.numbers import format_decimal

from pos import i18n
from pos.ledger.base.money import MILLI, Money, Qty

_BABEL_LOCALES = {"id": "id_ID", "en": "en_ID"}


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


def date(day: dt.date, lang: str | None = None) -> str:
    """`22 Nov 2026`."""
    return _babel_date(day, format="d MMM y", locale=_locale(_lang(lang)))


def month(day: dt.date, lang: str | None = None) -> str:
    """`Nov 2026`: the month `day` falls in."""
    return _babel_date(day, format="MMM y", locale=_locale(_lang(lang)))


def datetime(moment: dt.datetime, lang: str | None = None) -> str:
    """`22 Nov 2026 14.05` in the shop's local time (pass a local datetime)."""
    return _babel_datetime(moment, format="d MMM y HH.mm", locale=_locale(_lang(lang)))

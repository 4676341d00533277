"""How the dashboard words its figures: percentages, changes against another day, weekdays and method names."""

from __future__ import annotations

import datetime as dt
from functools import lru_cache

from babel import Locale
from babel.dates import format_date

from pos import i18n
from pos.i18n import N_, _
from pos.ledger.base import fmt

_METHOD_NAMES = {
    "cash": N_("Cash"),
    "transfer": N_("Transfer"),
    "ewallet": N_("E-wallet"),
    "platform": N_("Platform"),
    "deposit": N_("Down payment"),
}
_SAME_IN_BOTH = {"qris": "QRIS", "kasbon": "Kasbon"}  # the same word in both languages
_BABEL = {"id": "id_ID", "en": "en_ID"}


@lru_cache(maxsize=4)
def _locale(lang: str) -> Locale:
    return Locale.parse(_BABEL.get(lang, "id_ID"))


def method_name(method: str) -> str:
    return _(_METHOD_NAMES[method]) if method in _METHOD_NAMES else _SAME_IN_BOTH.get(method, method)


def change(bp: int | None) -> str:
    """A change against another day: `▲ 12,5%`, `▼ 3%`, `0%`, or a dash when that day had nothing to compare."""
    if bp is None:
        return "–"
    if bp == 0:
        return fmt.percent(0)
    return f"{'▲' if bp > 0 else '▼'} {fmt.percent(abs(bp))}"


def long_day(day: dt.date) -> str:
    """`Minggu, 22 November 2026`."""
    return format_date(day, "EEEE, d MMMM y", locale=_locale(i18n.language()))


def weekday(day: dt.date) -> str:
    """`Minggu`."""
    return format_date(day, "EEEE", locale=_locale(i18n.language()))


def hour_span(hour: int) -> str:
    """`08.00–09.00`, as Indonesian clocks are written."""
    return f"{hour:02d}.00–{(hour + 1) % 24:02d}.00"


def quantity(qty_milli: int, unit: str) -> str:
    """`12 pcs`, `2,5 kg`."""
    return f"{fmt.qty(qty_milli)} {unit}".strip()

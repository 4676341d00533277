"""Words and figures on the page: the pack's own language (whatever the app's), rupiah, months and dates."""

from __future__ import annotations

import datetime as dt

from babel.dates import format_date

from pos import i18n
from pos.ledger.base import fmt

_LOCALES = {"id": "id_ID", "en": "en_ID"}
NBSP = "\u00a0"


class Words:
    """Translations into the pack's language, without switching the language of the rest of the app."""

    def __init__(self, lang: str) -> None:
        self.lang = lang if lang in i18n.LANGUAGES else i18n.DEFAULT_LANGUAGE
        self._catalogue = i18n.catalogue(self.lang)

    def __call__(self, msgid: str, **params: object) -> str:
        text = self._catalogue.gettext(msgid)
        return text.format(**params) if params else text

    def money(self, amount: int) -> str:
        """`Rp 12.500`; a deduction in brackets, as statements print it: `(Rp 12.500)`. The space after "Rp" does
        not break, so an amount is never split over two lines."""
        text = f"({fmt.rupiah(-amount, self.lang)})" if amount < 0 else fmt.rupiah(amount, self.lang)
        return text.replace(" ", NBSP)

    def date(self, day: dt.date) -> str:
        return format_date(day, format="d MMMM y", locale=_LOCALES[self.lang])

    def short_date(self, day: dt.date) -> str:
        return fmt.date(day, self.lang)

    def month(self, day: dt.date) -> str:
        return format_date(day, format="MMM y", locale=_LOCALES[self.lang])

    def span(self, start: dt.date, end: dt.date) -> str:
        """A period as a column heading: `2026`, `Jun 2026`, `Jan – Jun 2026`, else `1 Jan 2026 – 15 Feb 2026`."""
        whole_months = start.day == 1 and (end + dt.timedelta(days=1)).day == 1
        if not whole_months:
            return f"{self.short_date(start)} – {self.short_date(end)}"
        if start.year == end.year and start.month == 1 and end.month == 12:
            return str(start.year)
        if (start.year, start.month) == (end.year, end.month):
            return self.month(start)
        if start.year == end.year:
            return f"{format_date(start, format='MMM', locale=_LOCALES[self.lang])} – {self.month(end)}"
        return f"{self.month(start)} – {self.month(end)}"

    def percent(self, basis_points: int) -> str:
        """2345 basis points as `23,45%`, 2350 as `23,5%`: the one rule `fmt.percent` states."""
        return fmt.percent(basis_points, self.lang)

    def count(self, n: int) -> str:
        return fmt.number(n, self.lang)

    def qty(self, milli: int) -> str:
        return fmt.qty(milli, self.lang)

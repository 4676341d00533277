"""What the pages of a loan pack share: margins, paragraph styles, and a writer holding the figures, the signed
statement and the language."""

from __future__ import annotations

import datetime as dt
from typing import Final

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_JUSTIFY
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Paragraph

from pos.i18n import N_
from pos.ledger.base.period import Period
from pos.ledger.reports.pack_seal import SealedPack
from pos.printing.statements import fonts
from pos.printing.statements.text import Words

MARGIN: Final = 20 * mm
WIDTH: Final = A4[0] - 2 * MARGIN
INK = colors.HexColor("#1f2933")
MUTED = colors.HexColor("#6b7280")


def styles() -> dict[str, ParagraphStyle]:
    base = ParagraphStyle("body", fontName=fonts.REGULAR, fontSize=9.5, leading=13, textColor=INK)
    return {
        "body": base,
        "bold": ParagraphStyle("bold", parent=base, fontName=fonts.BOLD),
        "justify": ParagraphStyle("justify", parent=base, alignment=TA_JUSTIFY),
        "small": ParagraphStyle("small", parent=base, fontSize=8, leading=10, textColor=MUTED),
        "title": ParagraphStyle("title", parent=base, fontName=fonts.BOLD, fontSize=15, leading=19, spaceAfter=2),
        "subtitle": ParagraphStyle("subtitle", parent=base, fontSize=10, textColor=MUTED, spaceAfter=10),
        "note": ParagraphStyle("note", parent=base, fontName=fonts.BOLD, fontSize=10.5, spaceBefore=10, spaceAfter=4),
        "cover-kicker": ParagraphStyle(
            "cover-kicker", parent=base, fontName=fonts.BOLD, fontSize=13, alignment=TA_CENTER, textColor=MUTED
        ),
        "cover-shop": ParagraphStyle(
            "cover-shop", parent=base, fontName=fonts.BOLD, fontSize=26, leading=32, alignment=TA_CENTER
        ),
        "cover-period": ParagraphStyle("cover-period", parent=base, fontSize=12, leading=16, alignment=TA_CENTER),
        "center-small": ParagraphStyle(
            "center-small", parent=base, fontSize=8.5, leading=11, alignment=TA_CENTER, textColor=MUTED
        ),
    }


def esc(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


class Writer:
    """What every part of one pack is written with: the pack's figures, its language and its paragraph styles."""

    def __init__(self, sealed: SealedPack) -> None:
        self.sealed = sealed
        self.pack = sealed.pack
        self.w = Words(sealed.lang)
        self.s = styles()

    def p(self, text: str, style: str = "body") -> Paragraph:
        return Paragraph(text, self.s[style])

    def period_text(self, period: Period) -> str:
        return self.w(
            N_("for the period {start} to {end}"), start=self.w.date(period.start), end=self.w.date(period.end)
        )

    def span(self, period: Period) -> str:
        return self.w.span(period.start, period.end)

    def column(self, period: Period) -> str:
        """A period's column heading, saying so when the books start inside it or after it."""
        start = self.pack.books_start
        if start is None or start <= period.start:
            return self.span(period)
        if start > period.end:
            return self.w(N_("{span} (before the books start)"), span=self.span(period))
        return self.w(
            N_("{span}, books start {date}"), span=self.w.span(start, period.end), date=self.w.short_date(start)
        )

    def day_column(self, day: dt.date) -> str:
        start = self.pack.books_start
        if start is not None and day < start:
            return self.w(N_("{date} (before the books start)"), date=self.w.short_date(day))
        return self.w.short_date(day)

    def heading(self, title: str, subtitle: str) -> list[Flowable]:
        shop = esc(self.pack.shop.name)
        unit = self.w(N_("in rupiah"))
        return [
            self.p(esc(title), "title"),
            self.p(f"{shop}<br/>{esc(subtitle)} · {esc(unit)}", "subtitle"),
        ]

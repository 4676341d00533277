"""One catalogue page: the shop's band, category headings over rows of product cards, the way to order.

Everything is measured in layout units (a sheet 1080 wide) and drawn through a `Painter`, so the PDF page and
the pictures for WhatsApp and Instagram come from the same code.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from PIL import Image

from pos.ledger.base import fmt
from pos.ledger.channels.catalogue import CatalogueItem
from pos.printing.catalogue import look
from pos.printing.catalogue.bands import MARGIN, draw_footer, draw_header
from pos.printing.catalogue.look import PageText, fit_lines, shorten
from pos.printing.catalogue.paging import Room, Segment, Shelf
from pos.printing.catalogue.painter import Painter
from pos.printing.catalogue.sheets import WIDTH, Sheet
from pos.printing.catalogue.tiles import fit_picture, initials, tile_colours

GAP = 22.0
INSET = 12.0  # between a card's edge and its picture
PAD = 16.0  # between a card's edge and its words
RADIUS = 20.0
SMALLEST_RATIO, LARGEST_RATIO = 0.5, 1.0  # a picture's height over its width: never a letterbox, never a tower
SHORT_UNITS = frozenset({"pcs", "pc", "buah", "biji"})  # "per piece" goes without saying on a price

Pictures = Callable[[CatalogueItem], Image.Image | None]


@dataclass(frozen=True, slots=True)
class Geometry:
    """Where things go on one sheet, worked out once for all its pages."""

    sheet: Sheet
    card_width: float
    picture_height: float
    row_height: float
    heading_size: float
    heading_height: float
    body_top: float
    body_bottom: float

    @property
    def picture_ratio(self) -> float:
        return self.picture_height / (self.card_width - 2 * INSET)

    def room(self) -> Room:
        return Room(self.body_bottom - self.body_top, self.heading_height, self.row_height, GAP)


def geometry(sheet: Sheet) -> Geometry:
    """Card and picture sizes chosen so that `sheet.rows` shelves fill the body, even with a heading over each."""
    columns = sheet.columns
    card_width = (WIDTH - 2 * MARGIN - (columns - 1) * GAP) / columns
    heading_size = sheet.name_size * 1.1
    heading_height = heading_size * 1.8
    body_top = sheet.header + 30
    body_bottom = sheet.height - sheet.footer - 16
    words = _words_height(sheet)
    row = (body_bottom - body_top - sheet.rows * heading_height - (sheet.rows - 1) * GAP) / sheet.rows
    picture_width = card_width - 2 * INSET
    ratio = min(LARGEST_RATIO, max(SMALLEST_RATIO, (row - INSET - words) / picture_width))
    picture_height = ratio * picture_width
    return Geometry(
        sheet,
        card_width,
        picture_height,
        INSET + picture_height + words,
        heading_size,
        heading_height,
        body_top,
        body_bottom,
    )


def _words_height(sheet: Sheet) -> float:
    """The part of a card under its picture: name lines, then the price on the card's foot."""
    return 14 + sheet.name_lines * sheet.name_size * 1.25 + 10 + sheet.price_size * 1.2 + 14


def draw_page(
    p: Painter,
    g: Geometry,
    text: PageText,
    shelves: Sequence[Shelf[CatalogueItem]],
    page: int,
    pages: int,
    pictures: Pictures,
) -> None:
    sheet = g.sheet
    p.rect(0, 0, WIDTH, sheet.height, look.PAPER)
    mark = f"{page}/{pages}" if pages > 1 else ""
    draw_header(p, sheet, text, mark)
    y = g.body_top
    for shelf in shelves:
        if shelf.headed:
            for segment in shelf.segments:
                if segment.heading:
                    _heading(p, g, text, segment, y)
            y += g.heading_height
        for segment in shelf.segments:
            for offset, item in enumerate(segment.items):
                _card(p, g, text, item, _column_x(g, segment.column + offset), y, pictures(item))
        y += g.row_height + GAP
    draw_footer(p, sheet, text, mark)


def _column_x(g: Geometry, column: int) -> float:
    return MARGIN + column * (g.card_width + GAP)


def _heading(p: Painter, g: Geometry, text: PageText, segment: Segment[CatalogueItem], y: float) -> None:
    """The category's name over its segment, with a rule running to the segment's end."""
    size = g.heading_size
    left = _column_x(g, segment.column)
    right = _column_x(g, segment.column + len(segment.items) - 1) + g.card_width
    name = segment.category or text.other
    if segment.continued:
        name = text.continued.format(category=name)
    baseline = y + size * 1.05
    p.rect(left, y + size * 0.12, 8, size * 1.0, look.ACCENT, radius=4)
    label = shorten(p, name, size, right - left - 22, bold=True)
    p.text(left + 22, baseline, label, size, look.BAND, bold=True)
    rule_from = left + 22 + p.measure(label, size, bold=True) + 20
    if rule_from < right - 20:
        p.rect(rule_from, baseline - size * 0.35, right - rule_from, 2, look.CARD_EDGE)


def _card(
    p: Painter, g: Geometry, text: PageText, item: CatalogueItem, x: float, y: float, picture: Image.Image | None
) -> None:
    sheet, w = g.sheet, g.card_width
    p.rect(x, y, w, g.row_height, look.CARD, radius=RADIUS, outline=look.CARD_EDGE, line=2)
    px, py, pw, ph = x + INSET, y + INSET, w - 2 * INSET, g.picture_height
    if picture is not None:
        p.picture(fit_picture(picture, ph / pw), px, py, pw, ph, radius=RADIUS - INSET / 2)
    else:
        _tile(p, item.name, px, py, pw, ph)
    # A product with variants gives its last name line to what it comes in ("S, M, L · Merah, Biru").
    name_lines = max(1, sheet.name_lines - 1) if item.options else sheet.name_lines
    size, lines = fit_lines(p, item.name, sheet.name_size, w - 2 * PAD, name_lines, sheet.name_size * 0.8)
    baseline = py + ph + 14 + sheet.name_size
    for line in lines:
        p.text(x + PAD, baseline, line, size, look.INK)
        baseline += size * 1.25
    if item.options:
        small = sheet.name_size * 0.8
        p.text(x + PAD, baseline, shorten(p, item.options, small, w - 2 * PAD), small, look.MUTED)
    _price(p, g, text, item, x + PAD, y + g.row_height - 16 - sheet.price_size * 0.2, w - 2 * PAD)


def _price(
    p: Painter, g: Geometry, text: PageText, item: CatalogueItem, x: float, baseline: float, width: float
) -> None:
    """`Rp 12.500`, and `/ kg` after it for anything not sold by the piece; smaller rather than cut off. A product
    whose variants differ in price shows its lowest, after a small `mulai`."""
    price = fmt.rupiah(item.price, text.lang)
    unit = item.unit.strip()
    unit = f" / {unit}" if unit and unit.lower() not in SHORT_UNITS else ""
    size = g.sheet.price_size

    def lead(at: float) -> float:
        return p.measure(f"{text.starting} ", at * 0.6) if item.from_price else 0.0

    while (
        size > g.sheet.price_size * 0.6
        and lead(size) + p.measure(price, size, True) + p.measure(unit, size * 0.6) > width
    ):
        size -= 1
    if item.from_price:
        p.text(x, baseline, text.starting, size * 0.6, look.MUTED)
        x += lead(size)
        width -= lead(size)
    p.text(x, baseline, price, size, look.PRICE, bold=True)
    if unit and p.measure(price, size, True) + p.measure(unit, size * 0.6) <= width:
        p.text(x + p.measure(price, size, bold=True), baseline, unit, size * 0.6, look.MUTED)


def _tile(p: Painter, name: str, x: float, y: float, w: float, h: float) -> None:
    """A product with no photo: its initials, big, on a soft colour of its own."""
    back, ink = tile_colours(name)
    p.rect(x, y, w, h, back, radius=RADIUS - INSET / 2)
    letters = initials(name)
    size = min(h * 0.42, w * 0.32)
    p.text(x + w / 2, y + h / 2 + size * 0.36, letters, size, ink, bold=True, align="centre")

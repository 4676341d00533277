"""The bands above and below the products: the shop's name and title, its address, and how to order.

A WhatsApp status has room for a large ordering code under the products; the smaller sheets keep the code in
the shop's band, beside its name.
"""

from __future__ import annotations

from pos.printing.catalogue import look
from pos.printing.catalogue.look import PageText, fit_size, shorten, wrap
from pos.printing.catalogue.painter import Painter
from pos.printing.catalogue.sheets import WIDTH, Sheet
from pos.printing.catalogue.tiles import qr_modules

MARGIN = 44.0
QUIET = 2  # modules of white around the code inside its square; the white card or tile around it adds more


def draw_header(p: Painter, sheet: Sheet, text: PageText, mark: str) -> None:
    h = sheet.header
    p.rect(0, 0, WIDTH, h, look.BAND)
    right = WIDTH - MARGIN
    if sheet.qr_in_header and text.whatsapp:
        side = h - 60
        # A soft ring behind the code ties it to the band instead of leaving a white hole in it.
        centre_x, centre_y, radius = right - side / 2 + 40, -0.1 * h, 1.1 * h
        p.rect(centre_x - radius, centre_y - radius, 2 * radius, 2 * radius, look.BAND_DEEP, radius=radius)
        p.rect(right - side, 30, side, side, "#FFFFFF", radius=16)
        draw_qr(p, text.whatsapp, right - side + 10, 40, side - 20)
        right -= side + 32
    else:
        radius = 0.8 * h  # a ring reaching just to the band's foot, never over the products
        p.rect(WIDTH - 80 - radius, 0.2 * h - radius, 2 * radius, 2 * radius, look.BAND_DEEP, radius=radius)
    if mark and not sheet.qr_in_header:
        width = p.measure(mark, 26, bold=True) + 40
        p.rect(right - width, 40, width, 48, look.BAND_DEEP, radius=24, outline=look.ON_BAND_SOFT, line=2)
        p.text(right - width / 2, 40 + 34, mark, 26, look.ON_BAND, bold=True, align="centre")
        name_right = right - width - 24
    else:
        name_right = right
    size = fit_size(p, text.shop_name, sheet.shop_size, name_right - MARGIN, True, sheet.shop_size * 0.7)
    baseline = 34 + size * 0.98
    p.text(MARGIN, baseline, shorten(p, text.shop_name, size, name_right - MARGIN, bold=True), size, look.ON_BAND, True)
    pill = sheet.shop_size * 0.5
    date_size = sheet.shop_size * 0.36
    # On a status the date sits beside the title, which leaves it room; other sheets date the line under the products.
    date_room = 0.0 if sheet.qr_in_header else p.measure(text.as_of, date_size) + 24
    title = shorten(p, text.title, pill, right - MARGIN - 40 - date_room, bold=True)
    top = baseline + 18
    width = p.measure(title, pill, bold=True) + 40
    p.rect(MARGIN, top, width, pill * 1.75, look.ACCENT, radius=pill * 0.875)
    p.text(MARGIN + 20, top + pill * 1.22, title, pill, look.INK, bold=True)
    if date_room:
        p.text(MARGIN + width + 24, top + pill * 1.22, text.as_of, date_size, look.ON_BAND_SOFT)
    small = sheet.shop_size * 0.42
    y = top + pill * 1.75 + small * 1.5
    if sheet.qr_in_header:
        if text.whatsapp:
            _order_line(p, text, MARGIN, y, small, right - MARGIN)
            y += small * 1.45
        elif text.elsewhere:
            p.text(MARGIN, y, shorten(p, text.elsewhere, small, right - MARGIN, bold=True), small, look.ON_BAND, True)
            y += small * 1.45
        room = 0 if y + 12 > h else min(2, 1 + int((h - 12 - y) // (small * 1.35)))
        for line in wrap(p, text.address, small, right - MARGIN, room):
            p.text(MARGIN, y, line, small, look.ON_BAND_SOFT)
            y += small * 1.35
    else:
        for line in wrap(p, text.address, small, right - MARGIN, 2):
            p.text(MARGIN, y, line, small, look.ON_BAND_SOFT)
            y += small * 1.35


def _order_line(p: Painter, text: PageText, x: float, baseline: float, size: float, width: float) -> None:
    """ "Pesan lewat WhatsApp  0812-…" on one line, the number in bold."""
    lead = f"{text.order}  "
    lead_width = p.measure(lead, size)
    if lead_width + p.measure(text.phone, size, bold=True) > width:
        lead, lead_width = "", 0.0
    p.text(x, baseline, lead, size, look.ON_BAND_SOFT)
    p.text(x + lead_width, baseline, text.phone, size, look.ON_BAND, bold=True)


def draw_footer(p: Painter, sheet: Sheet, text: PageText, mark: str) -> None:
    if sheet.qr_in_header:
        _thin_footer(p, sheet, text, mark)
    else:
        _order_card(p, sheet, text)


def _thin_footer(p: Painter, sheet: Sheet, text: PageText, mark: str) -> None:
    size = 23.0
    baseline = sheet.height - sheet.footer / 2 + size * 0.35
    right = WIDTH - MARGIN
    if mark:
        p.text(right, baseline, mark, size * 1.1, look.BAND, bold=True, align="right")
        right -= p.measure(mark, size * 1.1, bold=True) + 28
    p.rect(MARGIN, sheet.height - sheet.footer, WIDTH - 2 * MARGIN, 2, look.CARD_EDGE)
    p.text(MARGIN, baseline, shorten(p, text.as_of, size, right - MARGIN), size, look.MUTED)


def _order_card(p: Painter, sheet: Sheet, text: PageText) -> None:
    """The WhatsApp status's foot: a white card with a large code, the number, and how to use it."""
    if not text.whatsapp and not text.elsewhere and not text.address:
        return  # nothing to tell but the shop's name, which heads the page already
    top = sheet.height - sheet.footer + 6
    height = sheet.footer - 6 - MARGIN
    p.rect(MARGIN, top, WIDTH - 2 * MARGIN, height, look.CARD, radius=28, outline=look.CARD_EDGE, line=2)
    x = MARGIN + 36
    if text.whatsapp:
        side = height - 48
        draw_qr(p, text.whatsapp, MARGIN + 24, top + 24, side)
        x = MARGIN + 24 + side + 32
    width = WIDTH - MARGIN - 32 - x
    if text.whatsapp:
        p.text(x, top + 62, text.order, fit_size(p, text.order, 38, width, True, 26), look.BAND, bold=True)
        p.text(x, top + 128, text.phone, fit_size(p, text.phone, 54, width, True, 32), look.INK, bold=True)
        y = top + 180
        for line in wrap(p, text.scan_hint, 26, width, 2):
            p.text(x, y, line, 26, look.MUTED)
            y += 34
    else:
        heading = text.elsewhere or text.visit
        p.text(x, top + 70, heading, fit_size(p, heading, 40, width, True, 28), look.BAND, bold=True)
        y = top + 130
        for line in wrap(p, text.address, 32, width, 3):
            p.text(x, y, line, 32, look.INK)
            y += 42


def draw_qr(p: Painter, payload: str, x: float, y: float, side: float) -> None:
    """The QR code of `payload` on a white square `side` wide, its quiet zone inside the square."""
    modules = qr_modules(payload)
    count = len(modules)
    dot = side / (count + 2 * QUIET)
    p.rect(x, y, side, side, "#FFFFFF")
    for r, row in enumerate(modules):
        c = 0
        while c < count:
            if not row[c]:
                c += 1
                continue
            start = c
            while c < count and row[c]:
                c += 1
            # One box per run of dark modules, a hair taller and wider so neighbours meet without a seam.
            p.rect(x + (QUIET + start) * dot, y + (QUIET + r) * dot, (c - start) * dot + 0.3, dot + 0.3, "#000000")

"""Rendering a catalogue to share: the chosen products as an A4 PDF and as pictures for WhatsApp and Instagram.

Layout only: the products, prices and pictures come from `pos.ledger.channels.catalogue`.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import re
from collections.abc import Sequence
from pathlib import Path

from PIL import Image
from reportlab.pdfgen.canvas import Canvas

from pos.i18n import N_
from pos.ledger.channels.catalogue import Catalogue, CatalogueItem
from pos.printing.catalogue.look import PAPER, PageText
from pos.printing.catalogue.page import Geometry, draw_page, geometry
from pos.printing.catalogue.paging import Shelf, paginate
from pos.printing.catalogue.painter import PicturePainter
from pos.printing.catalogue.pdf import PdfPainter
from pos.printing.catalogue.sheets import FILE_NAMES, SHEETS, Kind
from pos.printing.catalogue.tiles import load_picture
from pos.printing.statements.text import Words

__all__ = ["page_text", "render_catalogue"]

TITLE = N_("Catalogue")


def page_text(catalogue: Catalogue, words: Words, title: str | None, made_on: dt.date) -> PageText:
    """The words around the products, in the language of `words`."""
    return PageText(
        shop_name=catalogue.shop_name,
        address=catalogue.address,
        phone=catalogue.phone,
        whatsapp=catalogue.whatsapp,
        title=(title or "").strip() or words(TITLE),
        order=words(N_("Order on WhatsApp")),
        scan_hint=words(N_("Scan the code with your phone camera and send the message.")),
        visit=words(N_("Visit us at the shop")),
        as_of=(
            words(N_("{channel} prices as of {date}"), channel=catalogue.channel, date=words.short_date(made_on))
            if catalogue.channel
            else words(N_("Prices as of {date}"), date=words.short_date(made_on))
        ),
        continued=words(N_("{category} (continued)")),
        elsewhere=words(N_("Order on {channel}"), channel=catalogue.order_on) if catalogue.order_on else "",
        other=words(N_("Other")),
        # TRANSLATORS: before the lowest price of a product whose variants cost different amounts ("from Rp 85.000").
        starting=words(N_("from")),
        lang=words.lang,
    )


class _Pictures:
    """Each product's photo, read from disk once however many sheets show it."""

    def __init__(self) -> None:
        self._seen: dict[Path, Image.Image | None] = {}

    def __call__(self, item: CatalogueItem) -> Image.Image | None:
        if item.picture is None:
            return None
        if item.picture not in self._seen:
            self._seen[item.picture] = load_picture(item.picture)
        return self._seen[item.picture]


def pages_of(catalogue: Catalogue, kind: Kind) -> tuple[Geometry, list[list[Shelf[CatalogueItem]]]]:
    """The sheet's geometry and the shelves of products on each of its pages."""
    g = geometry(SHEETS[kind])
    return g, paginate(catalogue.sections(), SHEETS[kind].columns, g.room())


def _clear_old(out_dir: Path, kind: Kind) -> None:
    """Remove pictures of this size left by an earlier, longer catalogue, so no stale page is shared."""
    pattern = re.compile(re.escape(FILE_NAMES[kind]).replace(re.escape("{page}"), r"\d+") + "$")
    for old in out_dir.glob("catalogue-*.png"):
        if pattern.match(old.name):
            with contextlib.suppress(FileNotFoundError):
                old.unlink()


def render_catalogue(
    catalogue: Catalogue,
    out_dir: Path,
    kinds: Sequence[Kind] = ("pdf", "status", "square"),
    *,
    lang: str = "id",
    title: str | None = None,
    made_on: dt.date,
) -> list[Path]:
    """Write the catalogue into `out_dir` in each of `kinds`; returns the files written, in order.

    The PDF is `catalogue.pdf` (one A4 page per sheet of products); pictures are `catalogue-status-1.png` and
    so on, numbered alike in every size (with leading zeros once one size runs to ten pages or more). `made_on`
    is the day the prices are quoted for.
    """
    words = Words(lang)
    text = page_text(catalogue, words, title, made_on)
    pictures = _Pictures()
    out_dir.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    laid_out = {kind: pages_of(catalogue, kind) for kind in dict.fromkeys(kinds)}
    most = max((len(pages) for kind, (_g, pages) in laid_out.items() if kind != "pdf"), default=1)
    digits = len(str(most)) if most >= 10 else 1
    for kind, (g, pages) in laid_out.items():
        if kind == "pdf":
            written.append(_write_pdf(out_dir / FILE_NAMES["pdf"], g, text, pages, pictures))
            continue
        _clear_old(out_dir, kind)
        for number, shelves in enumerate(pages, start=1):
            painter = PicturePainter((int(g.sheet.size[0]), int(g.sheet.size[1])), g.sheet.scale, PAPER)
            draw_page(painter, g, text, shelves, number, len(pages), pictures)
            path = out_dir / FILE_NAMES[kind].format(page=str(number).zfill(digits))
            painter.finished().save(path, "PNG")
            written.append(path)
    return written


def _write_pdf(
    path: Path, g: Geometry, text: PageText, pages: list[list[Shelf[CatalogueItem]]], pictures: _Pictures
) -> Path:
    canvas = Canvas(str(path), pagesize=g.sheet.size, pageCompression=1)
    canvas.setTitle(f"{text.title} – {text.shop_name}")
    canvas.setAuthor(text.shop_name)
    for number, shelves in enumerate(pages, start=1):
        draw_page(PdfPainter(canvas, g.sheet.scale, g.sheet.size[1]), g, text, shelves, number, len(pages), pictures)
        canvas.showPage()
    canvas.save()
    return path

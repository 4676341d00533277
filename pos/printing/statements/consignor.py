"""A consignor's statement as an A4 PDF, set like the loan pack's tables: the shop, the consignor and the period,
the goods product by product, the money, a line for each side to sign, and "Halaman X dari Y" at the foot."""

from __future__ import annotations

import io
from pathlib import Path
from typing import BinaryIO

from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer

from pos.i18n import N_
from pos.ledger.base import fmt
from pos.ledger.slips.slip_types import ShopHeader
from pos.ledger.stock.consignor_statement import ConsignedLine, ConsignorStatement
from pos.printing.statements import fonts
from pos.printing.statements.canvas import numbered_canvas
from pos.printing.statements.tables import figure_table, grid
from pos.printing.statements.text import Words
from pos.printing.statements.writer import MARGIN, MUTED, WIDTH, esc, styles


def _terms(line: ConsignedLine, w: Words) -> str:
    if line.price is not None:
        return w(N_("{amount} a unit"), amount=w.money(line.price))
    return w(N_("{percent}% to the shop"), percent=fmt.percent_figure(line.commission_bp or 0, w.lang))


def _story(statement: ConsignorStatement, shop: ShopHeader, w: Words) -> list[object]:
    s = styles()
    period = statement.period
    span = w.date(period.start) if period.start == period.end else f"{w.date(period.start)} – {w.date(period.end)}"
    story: list[object] = [
        Paragraph(esc(shop.name), s["bold"]),
        Paragraph(esc(" · ".join(x for x in (shop.address, shop.phone) if x)), s["small"]),
        Spacer(1, 6 * mm),
        Paragraph(esc(w(N_("Consignment statement"))), s["title"]),
        Paragraph(esc(w(N_("{consignor}, {period}"), consignor=statement.consignor, period=span)), s["subtitle"]),
    ]
    header = [
        w(N_("Product")),
        w(N_("Left with us")),
        w(N_("Sold")),
        w(N_("Returned")),
        w(N_("Other")),
        w(N_("On the shelf")),
    ]
    # The terms go under the name: in a column of their own they would be set as small as a figure.
    body = [
        [
            f"{x.name} ({x.unit}) · {_terms(x, w)}",
            fmt.qty(x.before + x.received, w.lang),
            fmt.qty(x.sold, w.lang),
            fmt.qty(x.returned, w.lang),
            fmt.qty(x.other, w.lang),
            fmt.qty(x.after, w.lang),
        ]
        for x in statement.lines
    ]
    narrow = WIDTH * 0.13
    widths = [WIDTH - 5 * narrow, *([narrow] * 5)]
    story.append(figure_table(header, body or [[w(N_("No goods in this period.")), "", "", "", "", ""]], widths))
    story.append(Spacer(1, 6 * mm))
    money = [
        [w(N_("Owed when the period began")), w.money(statement.owed_before)],
        [w(N_("Your share of what sold")), w.money(statement.earned)],
        [w(N_("Paid to you in the period")), w.money(-statement.paid)],
    ]
    total = [w(N_("Still owed to you")), w.money(statement.owed_after)]
    story.append(figure_table([w(N_("Money")), w(N_("Amount"))], money, [WIDTH * 0.7, WIDTH * 0.3], total))
    story.append(Spacer(1, 18 * mm))
    line = "(" + "_" * 28 + ")"
    signs = [
        [Paragraph(esc(w(N_("For the shop"))), s["body"]), Paragraph(esc(w(N_("Consignor"))), s["body"])],
        ["", ""],
        [line, line],
        [Paragraph(esc(shop.name), s["small"]), Paragraph(esc(statement.consignor), s["small"])],
    ]
    story.append(grid(signs, [WIDTH * 0.5, WIDTH * 0.5], [("TOPPADDING", (0, 1), (-1, 1), 14 * mm)]))
    return story


def render_consignor_statement(
    statement: ConsignorStatement, shop: ShopHeader, out: Path | BinaryIO, *, lang: str = "id"
) -> None:
    """Write the statement as a PDF to `out` (a path or a binary file), in `lang`."""
    fonts.register()
    w = Words(lang)

    def footer(canvas: Canvas, page: int, pages: int) -> None:
        canvas.setFont(fonts.REGULAR, 8)
        canvas.setFillColor(MUTED)
        canvas.drawRightString(A4[0] - MARGIN, 10 * mm, w(N_("Page {page} of {pages}"), page=page, pages=pages))

    doc = SimpleDocTemplate(
        str(out) if isinstance(out, Path) else out,
        pagesize=A4,
        leftMargin=MARGIN,
        rightMargin=MARGIN,
        topMargin=18 * mm,
        bottomMargin=18 * mm,
        title=w(N_("Consignment statement")) + f" · {statement.consignor}",
        author=shop.name,
        creator="Laci",
        initialFontName=fonts.REGULAR,
        lang="en" if w.lang == "en" else "id-ID",
    )
    doc.build(_story(statement, shop, w), canvasmaker=numbered_canvas(footer))


def consignor_statement_pdf(statement: ConsignorStatement, shop: ShopHeader, *, lang: str = "id") -> bytes:
    buffer = io.BytesIO()
    render_consignor_statement(statement, shop, buffer, lang=lang)
    return buffer.getvalue()

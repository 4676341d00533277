"""The loan pack as a PDF: cover, statements with comparatives, notes, the owner's signature and the code.

Posisi keuangan and laba rugi beside their comparison, arus kas, the notes (see `notes`), and the verification code
as text and QR on the last page. "Halaman X dari Y" on every page; only the embedded fonts are used.
"""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any, BinaryIO

from reportlab.graphics.barcode.qr import QrCodeWidget
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    Flowable,
    KeepTogether,
    PageBreak,
    SimpleDocTemplate,
    Spacer,
)

from pos.i18n import N_
from pos.ledger.reports.pack import LoanPack
from pos.printing.statements import fonts
from pos.printing.statements.canvas import numbered_canvas
from pos.printing.statements.chart import FontDrawing
from pos.printing.statements.notes import notes
from pos.printing.statements.tables import grid, statement_table
from pos.printing.statements.writer import INK, MARGIN, MUTED, WIDTH, Writer, esc


class _Pack(Writer):
    """Builds the story of one pack; one instance per rendering."""

    pages = 0  # known once the canvas has laid out every page

    # --- pages -------------------------------------------------------------------------------------------------

    def cover(self) -> list[Flowable]:
        w, shop = self.w, self.pack.shop
        identity = [
            (w(N_("Owner")), shop.owner),
            (w(N_("Address")), shop.address),
            (w(N_("Phone")), shop.phone),
            ("NIB", shop.nib),
            ("NPWP", shop.npwp),
        ]
        table = grid(
            [[self.p(esc(k), "small"), self.p(esc(v or "–"))] for k, v in identity],
            [40 * mm, 100 * mm],
            [
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LINEBELOW", (0, 0), (-1, -2), 0.3, colors.HexColor("#d0d5db")),
                ("TOPPADDING", (0, 0), (-1, -1), 5),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 5),
            ],
        )
        contents = grid(
            [[self.p(esc(w(N_("Contents"))), "bold"), ""]]
            + [
                [self.p(str(n)), self.p(esc(c))]
                for n, c in enumerate(
                    (
                        w(N_("Statement of financial position")),
                        w(N_("Income statement")),
                        w(N_("Statement of cash flows")),
                        w(N_("Notes to the financial statements")),
                    ),
                    1,
                )
            ],
            [10 * mm, 130 * mm],
            [
                ("SPAN", (0, 0), (1, 0)),
                ("TOPPADDING", (0, 0), (-1, -1), 1),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 1),
                ("BOTTOMPADDING", (0, 0), (-1, 0), 4),
            ],
        )
        return [
            Spacer(1, 38 * mm),
            self.p(esc(w(N_("FINANCIAL STATEMENTS"))), "cover-kicker"),
            Spacer(1, 6 * mm),
            self.p(esc(shop.name), "cover-shop"),
            Spacer(1, 4 * mm),
            self.p(esc(self.period_text(self.pack.period)), "cover-period"),
            Spacer(1, 16 * mm),
            table,
            Spacer(1, 14 * mm),
            contents,
            Spacer(1, 22 * mm),
            self.p(esc(w(N_("Prepared under SAK EMKM from the shop's own books."))), "center-small"),
            self.p(esc(w(N_("Made with Laci on {date}."), date=w.date(self.pack.made_on))), "center-small"),
            PageBreak(),
        ]

    def position(self) -> list[Flowable]:
        pos = self.pack.position
        columns = [self.w.short_date(pos.current.as_of)]
        if pos.previous is not None:
            columns.append(self.w.short_date(pos.previous.as_of))
        subtitle = self.w(N_("as of {date}"), date=self.w.date(pos.current.as_of))
        return [
            *self.heading(self.w(N_("STATEMENT OF FINANCIAL POSITION")), subtitle),
            statement_table(pos.rows(), self.w, columns, WIDTH),
            PageBreak(),
        ]

    def pnl(self) -> list[Flowable]:
        pnl = self.pack.pnl
        columns = [self.span(pnl.current.period)]
        if pnl.previous is not None:
            columns.append(self.span(pnl.previous.period))
        return [
            *self.heading(self.w(N_("INCOME STATEMENT")), self.period_text(pnl.current.period)),
            statement_table(pnl.rows(), self.w, columns, WIDTH),
            Spacer(1, 4 * mm),
            self.p(
                esc(self.w(N_("Gross margin: {margin} of net sales."), margin=self.w.percent(pnl.current.margin_bp))),
                "small",
            ),
            PageBreak(),
        ]

    def cash_flow(self) -> list[Flowable]:
        flow = self.pack.cash_flow
        return [
            *self.heading(self.w(N_("STATEMENT OF CASH FLOWS")), self.period_text(flow.period)),
            statement_table(flow.rows(), self.w, [self.span(flow.period)], WIDTH),
            Spacer(1, 4 * mm),
            self.p(
                esc(
                    self.w(
                        N_(
                            "Direct method. Cash means Kas, Bank, the QRIS balance and e-wallets together; moves "
                            "between them are not flows."
                        )
                    )
                ),
                "small",
            ),
            PageBreak(),
        ]

    def closing(self) -> list[Flowable]:
        w, pack = self.w, self.pack
        place = f"{pack.shop.city}, " if pack.shop.city else ""
        signature = grid(
            [
                [self.p(esc(f"{place}{w.date(pack.made_on)}"))],
                [self.p(esc(w(N_("Owner"))))],
                [Spacer(1, 20 * mm)],
                [self.p(f"<b>{esc(pack.shop.owner or ' ')}</b>")],
            ],
            [70 * mm],
            [("LINEBELOW", (0, 3), (0, 3), 0.6, INK), ("LEFTPADDING", (0, 0), (-1, -1), 0)],
        )
        qr = QrCodeWidget(pack.verification_code)
        x0, y0, x1, y1 = qr.getBounds()
        size = 30 * mm
        drawing = FontDrawing(size, size, transform=[size / (x1 - x0), 0, 0, size / (y1 - y0), 0, 0])
        drawing.add(qr)
        check = [
            self.p(esc(w(N_("Verification code"))), "bold"),
            self.p(f"<font size=11><b>{esc(pack.verification_code)}</b></font>"),
            Spacer(1, 2 * mm),
            self.p(
                esc(
                    w(
                        N_(
                            'The code is taken from the hash chain of the shop\'s journal. Run "laci verify {code}" '
                            "on the shop's books to see that they still say what these pages say."
                        ),
                        code=pack.verification_code,
                    )
                ),
                "small",
            ),
        ]
        verification = grid(
            [[drawing, check]],
            [size + 6 * mm, WIDTH - size - 6 * mm],
            [
                ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                ("BOX", (0, 0), (-1, -1), 0.5, colors.HexColor("#c5ccd3")),
                ("BACKGROUND", (0, 0), (-1, -1), colors.HexColor("#f7f9fb")),
            ],
        )
        statement = w(
            N_(
                "I declare that these financial statements were prepared from the shop's books and present its "
                "financial position and results fairly."
            )
        )
        return [
            KeepTogether(
                [
                    Spacer(1, 8 * mm),
                    self.p(esc(statement), "justify"),
                    Spacer(1, 6 * mm),
                    grid([["", signature]], [WIDTH - 72 * mm, 72 * mm]),
                    Spacer(1, 8 * mm),
                    verification,
                ]
            )
        ]

    def story(self) -> list[Flowable]:
        return [*self.cover(), *self.position(), *self.pnl(), *self.cash_flow(), *notes(self), *self.closing()]

    # --- page furniture ----------------------------------------------------------------------------------------

    def header(self, canvas: Canvas, doc: Any) -> None:
        canvas.saveState()
        canvas.setFont(fonts.REGULAR, 7.5)
        canvas.setFillColor(MUTED)
        top = A4[1] - 12 * mm
        canvas.drawString(MARGIN, top, self.pack.shop.name)
        canvas.drawRightString(A4[0] - MARGIN, top, self.span(self.pack.period))
        canvas.setStrokeColor(colors.HexColor("#d0d5db"))
        canvas.setLineWidth(0.4)
        canvas.line(MARGIN, top - 2.5 * mm, A4[0] - MARGIN, top - 2.5 * mm)
        canvas.restoreState()

    def footer(self, canvas: Canvas, page: int, pages: int) -> None:
        self.pages = pages
        canvas.saveState()
        canvas.setFont(fonts.REGULAR, 8)
        canvas.setFillColor(MUTED)
        canvas.drawCentredString(A4[0] / 2, 10 * mm, self.w(N_("Page {page} of {pages}"), page=page, pages=pages))
        canvas.setFont(fonts.REGULAR, 6.5)
        canvas.drawRightString(A4[0] - MARGIN, 10 * mm, self.pack.verification_code)
        canvas.restoreState()


def render_loan_pack(pack: LoanPack, out: Path | BinaryIO, lang: str = "id") -> int:
    """Write the loan pack of `pack` as a PDF to `out` (a path or a binary file), in `lang` ('id' or 'en').

    Returns the number of pages.
    """
    fonts.register()
    builder = _Pack(pack, lang)
    words = builder.w
    doc = SimpleDocTemplate(
        str(out) if isinstance(out, Path) else out,
        pagesize=A4,
        leftMargin=MARGIN,
        rightMargin=MARGIN,
        topMargin=20 * mm,
        bottomMargin=18 * mm,
        title=words(N_("FINANCIAL STATEMENTS")) + f" · {pack.shop.name}",
        author=pack.shop.owner or pack.shop.name,
        subject=builder.period_text(pack.period),
        creator="Laci",
        # Every page starts in the embedded font, so no unembedded standard font is referenced anywhere.
        initialFontName=fonts.REGULAR,
        lang="en" if words.lang == "en" else "id-ID",
    )
    doc.build(
        builder.story(),
        onFirstPage=lambda canvas, doc: None,
        onLaterPages=builder.header,
        canvasmaker=numbered_canvas(builder.footer),
    )
    return builder.pages


def loan_pack_pdf(pack: LoanPack, lang: str = "id") -> bytes:
    """The loan pack as PDF bytes (for a preview or an upload)."""
    buffer = io.BytesIO()
    render_loan_pack(pack, buffer, lang)
    return buffer.getvalue()

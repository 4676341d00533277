"""The loan pack as a PDF: cover and contents, statements with comparatives, notes, the signature and the code.

Posisi keuangan and laba rugi beside their comparison, perubahan ekuitas (what ties the two together), arus kas,
the notes (see `notes`), and on the last page the signed statement's code as text and as a QR code to the
verification page. "Halaman X dari Y" on every page and the contents with page numbers: the pages are laid out
once to learn where each part begins, then again with those numbers. The signed statement and the figures it
binds are also written into the file's metadata, so `laci verify` can check a PDF on its own.
"""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any, BinaryIO, Final

from reportlab.graphics.barcode.qr import QrCodeWidget
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable, KeepTogether, PageBreak, SimpleDocTemplate, Spacer

from pos.i18n import N_
from pos.ledger.reports.pack_seal import SealedPack
from pos.printing.statements import embedded, fonts
from pos.printing.statements.canvas import numbered_canvas
from pos.printing.statements.chart import FontDrawing
from pos.printing.statements.notes import notes
from pos.printing.statements.tables import grid, statement_table
from pos.printing.statements.writer import INK, MARGIN, MUTED, WIDTH, Writer, esc

PARTS: Final = ("position", "pnl", "equity", "cash_flow", "notes")


class Mark(Flowable):  # type: ignore[misc]
    """An invisible flowable that notes the page it lands on, for the contents."""

    def __init__(self, key: str, pages: dict[str, int]) -> None:
        super().__init__()
        self.key, self.pages = key, pages
        self.width = self.height = 0

    def draw(self) -> None:
        self.pages[self.key] = self.canv.getPageNumber()


class _Pack(Writer):
    """Builds the story of one pack; one instance per rendering."""

    pages = 0  # known once the canvas has laid out every page

    def __init__(self, sealed: SealedPack, numbers: dict[str, int] | None = None) -> None:
        super().__init__(sealed)
        self.numbers = numbers or {}  # where each part began in the first layout
        self.found: dict[str, int] = {}

    def mark(self, key: str) -> Mark:
        return Mark(key, self.found)

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
        titles = (
            w(N_("Statement of financial position")),
            w(N_("Income statement")),
            w(N_("Statement of changes in equity")),
            w(N_("Statement of cash flows")),
            w(N_("Notes to the financial statements")),
        )
        contents = grid(
            [[self.p(esc(w(N_("Contents"))), "bold"), "", ""]]
            + [
                [self.p(str(n)), self.p(esc(title)), str(self.numbers.get(key, ""))]
                for n, (key, title) in enumerate(zip(PARTS, titles, strict=True), 1)
            ],
            [10 * mm, 115 * mm, 15 * mm],
            [
                ("SPAN", (0, 0), (2, 0)),
                ("ALIGN", (2, 1), (2, -1), "RIGHT"),
                ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                ("TOPPADDING", (0, 0), (-1, -1), 1),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 1),
                ("BOTTOMPADDING", (0, 0), (-1, 0), 4),
            ],
        )
        return [
            Spacer(1, 34 * mm),
            self.p(esc(w(N_("FINANCIAL STATEMENTS"))), "cover-kicker"),
            Spacer(1, 6 * mm),
            self.p(esc(shop.name), "cover-shop"),
            Spacer(1, 4 * mm),
            self.p(esc(self.period_text(self.pack.period)), "cover-period"),
            Spacer(1, 14 * mm),
            table,
            Spacer(1, 12 * mm),
            contents,
            Spacer(1, 18 * mm),
            self.p(esc(w(N_("Prepared under SAK EMKM from the shop's own books."))), "center-small"),
            self.p(esc(w(N_("Made with Laci on {date}."), date=w.date(self.pack.made_on))), "center-small"),
            PageBreak(),
        ]

    def position(self) -> list[Flowable]:
        pos = self.pack.position
        columns = [self.w.short_date(pos.current.as_of)]
        if pos.previous is not None:
            columns.append(self.day_column(pos.previous.as_of))
        subtitle = self.w(N_("as of {date}"), date=self.w.date(pos.current.as_of))
        story: list[Flowable] = [
            self.mark("position"),
            *self.heading(self.w(N_("STATEMENT OF FINANCIAL POSITION")), subtitle),
            statement_table(pos.rows(), self.w, columns, WIDTH),
        ]
        if not self.pack.period.is_calendar_year:
            story += [
                Spacer(1, 4 * mm),
                self.p(
                    esc(
                        self.w(
                            N_(
                                "Profit for the year runs from 1 January to {date}; the statement of changes in "
                                "equity ties it to the net profit of the period."
                            ),
                            date=self.w.date(pos.current.as_of),
                        )
                    ),
                    "small",
                ),
            ]
        return [*story, PageBreak()]

    def pnl(self) -> list[Flowable]:
        pnl = self.pack.pnl
        columns = [self.column(pnl.current.period)]
        if pnl.previous is not None:
            columns.append(self.column(pnl.previous.period))
        return [
            self.mark("pnl"),
            *self.heading(self.w(N_("INCOME STATEMENT")), self.period_text(pnl.current.period)),
            statement_table(pnl.rows(), self.w, columns, WIDTH),
            Spacer(1, 4 * mm),
            self.p(
                esc(self.w(N_("Gross margin: {margin} of net sales."), margin=self.w.percent(pnl.current.margin_bp))),
                "small",
            ),
            PageBreak(),
        ]

    def equity(self) -> list[Flowable]:
        changes = self.pack.equity
        return [
            self.mark("equity"),
            *self.heading(self.w(N_("STATEMENT OF CHANGES IN EQUITY")), self.period_text(changes.period)),
            statement_table(changes.rows(), self.w, [self.span(changes.period)], WIDTH),
            Spacer(1, 4 * mm),
            self.p(
                esc(
                    self.w(
                        N_(
                            "The equity at the end of the period is the total equity of the statement of financial "
                            "position; the net profit is the income statement's."
                        )
                    )
                ),
                "small",
            ),
            Spacer(1, 10 * mm),
        ]

    def cash_flow(self) -> list[Flowable]:
        flow = self.pack.cash_flow
        return [
            self.mark("cash_flow"),
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

    def verification(self) -> Flowable:
        w, sealed = self.w, self.sealed
        # The service's page for a witnessed pack; the code alone otherwise (the signed statement itself is too
        # long for a code a phone reads off paper, and travels in the file's metadata instead).
        qr = QrCodeWidget(sealed.page_url or sealed.code, barLevel="M")
        x0, y0, x1, y1 = qr.getBounds()
        size = 32 * mm
        drawing = FontDrawing(size, size, transform=[size / (x1 - x0), 0, 0, size / (y1 - y0), 0, 0])
        drawing.add(qr)
        when = w.date(sealed.signed_at.date())
        if sealed.witnessed:
            claim = w(
                N_(
                    "Witnessed and signed on {date} by the Laci sync service, which held this shop's books up to "
                    "that moment. The code stands for the figures on these pages and for the books behind them. Scan "
                    "it, or open {page} and type it, to see the figures the service signed, when, and whether the "
                    "shop's books at the service still agree with them. Without a network, 'laci verify' checks this "
                    "file against the service's published key {key}."
                ),
                date=when,
                page=sealed.page_url.rsplit("/", 1)[0] if sealed.page_url else "",
                key=sealed.key_id,
            )
        else:
            claim = w(
                N_(
                    "Signed on {date} with this shop's own key {key}. The code stands for the figures on these "
                    "pages: 'laci verify' shows whether any of them was changed since. No outside service "
                    "witnessed the books behind them."
                ),
                date=when,
                key=sealed.key_id,
            )
        check = [
            self.p(esc(w(N_("Verification code"))), "bold"),
            self.p(f"<font size=12><b>{esc(sealed.code)}</b></font>"),
            Spacer(1, 2 * mm),
            self.p(esc(claim), "small"),
        ]
        return grid(
            [[drawing, check]],
            [size + 6 * mm, WIDTH - size - 6 * mm],
            [
                ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                ("BOX", (0, 0), (-1, -1), 0.5, colors.HexColor("#c5ccd3")),
                ("BACKGROUND", (0, 0), (-1, -1), colors.HexColor("#f7f9fb")),
            ],
        )

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
                    self.verification(),
                ]
            )
        ]

    def story(self) -> list[Flowable]:
        return [
            *self.cover(),
            *self.position(),
            *self.pnl(),
            *self.equity(),
            *self.cash_flow(),
            self.mark("notes"),
            *notes(self),
            *self.closing(),
        ]

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
        canvas.drawRightString(A4[0] - MARGIN, 10 * mm, self.sealed.code)
        canvas.restoreState()


def _build(builder: _Pack, out: Path | BinaryIO | io.BytesIO) -> None:
    pack, words = builder.pack, builder.w
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
        keywords=embedded.keywords(builder.sealed.token, builder.sealed.lines),
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


def render_loan_pack(sealed: SealedPack, out: Path | BinaryIO) -> int:
    """Write the sealed loan pack as a PDF to `out` (a path or a binary file), in its language.

    Returns the number of pages.
    """
    fonts.register()
    first = _Pack(sealed)
    _build(first, io.BytesIO())  # only to learn the page each part starts on
    final = _Pack(sealed, first.found)
    _build(final, out)
    return final.pages


def loan_pack_pdf(sealed: SealedPack) -> bytes:
    """The loan pack as PDF bytes (for a preview or an upload)."""
    buffer = io.BytesIO()
    render_loan_pack(sealed, buffer)
    return buffer.getvalue()

"""The loan pack as a PDF: cover, posisi keuangan and laba rugi with comparatives, arus kas, the notes (SAK EMKM
basis and policies, cash, kasbon ageing, stock, monthly sales and gross profit with a chart, PPh Final), the owner's
signature, and the verification code as text and QR. "Halaman X dari Y" on every page; fonts embedded.
"""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any, BinaryIO, Final

from reportlab.graphics.barcode.qr import QrCodeWidget
from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_JUSTIFY
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    Flowable,
    KeepTogether,
    ListFlowable,
    ListItem,
    PageBreak,
    Paragraph,
    SimpleDocTemplate,
    Spacer,
)

from pos.i18n import N_
from pos.ledger import accounts
from pos.ledger.reports.pack import LoanPack
from pos.ledger.reports.period import Period
from pos.printing.statements import fonts
from pos.printing.statements.canvas import numbered_canvas
from pos.printing.statements.chart import FontDrawing, monthly_chart
from pos.printing.statements.tables import figure_table, grid, statement_table
from pos.printing.statements.text import Words

MARGIN: Final = 20 * mm
WIDTH: Final = A4[0] - 2 * MARGIN
INK = colors.HexColor("#1f2933")
MUTED = colors.HexColor("#6b7280")
TOP_PRODUCTS: Final = 10
TOP_CUSTOMERS: Final = 10


def _styles() -> dict[str, ParagraphStyle]:
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


def _esc(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


class _Pack:
    """Builds the story of one pack; one instance per rendering."""

    def __init__(self, pack: LoanPack, lang: str) -> None:
        self.pack = pack
        self.w = Words(lang)
        self.s = _styles()
        self.pages = 0

    def p(self, text: str, style: str = "body") -> Paragraph:
        return Paragraph(text, self.s[style])

    def period_text(self, period: Period) -> str:
        return self.w(
            N_("for the period {start} to {end}"), start=self.w.date(period.start), end=self.w.date(period.end)
        )

    def span(self, period: Period) -> str:
        return self.w.span(period.start, period.end)

    def heading(self, title: str, subtitle: str) -> list[Flowable]:
        shop = _esc(self.pack.shop.name)
        unit = self.w(N_("in rupiah"))
        return [
            self.p(_esc(title), "title"),
            self.p(f"{shop}<br/>{_esc(subtitle)} · {_esc(unit)}", "subtitle"),
        ]

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
            [[self.p(_esc(k), "small"), self.p(_esc(v or "–"))] for k, v in identity],
            [40 * mm, 100 * mm],
            [
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LINEBELOW", (0, 0), (-1, -2), 0.3, colors.HexColor("#d0d5db")),
                ("TOPPADDING", (0, 0), (-1, -1), 5),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 5),
            ],
        )
        contents = grid(
            [[self.p(_esc(w(N_("Contents"))), "bold"), ""]]
            + [
                [self.p(str(n)), self.p(_esc(c))]
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
            self.p(_esc(w(N_("FINANCIAL STATEMENTS"))), "cover-kicker"),
            Spacer(1, 6 * mm),
            self.p(_esc(shop.name), "cover-shop"),
            Spacer(1, 4 * mm),
            self.p(_esc(self.period_text(self.pack.period)), "cover-period"),
            Spacer(1, 16 * mm),
            table,
            Spacer(1, 14 * mm),
            contents,
            Spacer(1, 22 * mm),
            self.p(_esc(w(N_("Prepared under SAK EMKM from the shop's own books."))), "center-small"),
            self.p(_esc(w(N_("Made with Laci on {date}."), date=w.date(self.pack.made_on))), "center-small"),
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
                _esc(self.w(N_("Gross margin: {margin} of net sales."), margin=self.w.percent(pnl.current.margin_bp))),
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
                _esc(
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

    def notes(self) -> list[Flowable]:
        w, pack, shop = self.w, self.pack, self.pack.shop
        story: list[Flowable] = [
            *self.heading(w(N_("NOTES TO THE FINANCIAL STATEMENTS")), self.period_text(pack.period)),
            self.p(_esc(w(N_("1. General information"))), "note"),
            self.p(
                _esc(
                    w(
                        N_("{shop} is a retail shop owned and run by {owner}, at {address}."),
                        shop=shop.name,
                        owner=shop.owner or "–",
                        address=shop.address or "–",
                    )
                ),
                "justify",
            ),
            self.p(_esc(w(N_("2. Basis of preparation"))), "note"),
            self.p(
                _esc(
                    w(
                        N_(
                            "These financial statements are prepared in accordance with SAK EMKM (Standar Akuntansi "
                            "Keuangan Entitas Mikro, Kecil, dan Menengah), the Indonesian financial accounting "
                            "standard for micro, small and medium entities. They consist of the statement of "
                            "financial position, the income statement and these notes; the statement of cash flows "
                            "is added for the reader. Amounts are in whole rupiah."
                        )
                    )
                ),
                "justify",
            ),
            self.p(_esc(w(N_("3. Accounting policies"))), "note"),
            ListFlowable(
                [ListItem(self.p(_esc(t), "justify"), leftIndent=12, value="•") for t in self.policies()],
                bulletType="bullet",
                bulletFontName=fonts.REGULAR,
                start="•",
            ),
            KeepTogether(self.cash_note()),
            KeepTogether(self.kasbon_note()),
            KeepTogether(self.stock_note()),
            KeepTogether(self.monthly_note()),
            KeepTogether(self.pph_note()),
        ]
        return story

    def policies(self) -> list[str]:
        w, rule = self.w, self.pack.pph.policy
        return [
            w(N_("Accrual basis: income and costs are recorded when they happen, not when cash moves.")),
            w(N_("Historical cost: assets are recorded at what they cost.")),
            w(
                N_(
                    "Inventory is valued at moving-average cost; the cost of goods sold is recorded with every sale "
                    "at that average."
                )
            ),
            w(
                N_(
                    "Revenue is recognised at the sale, net of discounts, returns and PPN; a voided sale is reversed "
                    "in full."
                )
            ),
            w(
                N_(
                    "Kasbon (sales on credit to known customers) is a receivable at the amount owed; payments settle "
                    "the oldest charges first."
                )
            ),
            w(
                N_(
                    "PPh Final is {rate} of monthly gross turnover (PP 55/2022), recognised as an expense of the month "
                    "and owed until paid; the first {exemption} of an individual's turnover each year is not taxed."
                ),
                rate=w.percent(rule.rate_bp),
                exemption=w.money(rule.yearly_exemption or rule.exemption),
            ),
        ]

    def cash_note(self) -> list[Flowable]:
        w, pos = self.w, self.pack.position
        money = [x for x in pos.current.current_assets if x.account.code in accounts.MONEY_ACCOUNTS]
        before = {x.account.code: x.amount for x in pos.previous.current_assets} if pos.previous else {}
        header = [w(N_("Account")), w.short_date(pos.current.as_of)]
        if pos.previous is not None:
            header.append(w.short_date(pos.previous.as_of))
        body = [
            [
                x.account.caption(w.lang),
                w.money(x.amount),
                *([w.money(before.get(x.account.code, 0))] if before else []),
            ]
            for x in money
        ]
        total = [w(N_("Total")), w.money(sum(x.amount for x in money))]
        if pos.previous is not None:
            total.append(w.money(sum(before.get(x.account.code, 0) for x in money)))
        widths = [WIDTH - 35 * mm * (len(header) - 1), *([35 * mm] * (len(header) - 1))]
        return [
            self.p(_esc(w(N_("4. Cash and cash equivalents"))), "note"),
            figure_table(header, body, widths, total),
        ]

    def kasbon_note(self) -> list[Flowable]:
        w, report = self.w, self.pack.kasbon
        header = [
            w(N_("Customer")),
            w(N_("0–30 days")),
            w(N_("31–60 days")),
            w(N_("61–90 days")),
            w(N_("over 90 days")),
        ]
        header.append(w(N_("Total")))
        body = [[c.name, *(w.money(b) for b in c.buckets), w.money(c.total)] for c in report.customers[:TOP_CUSTOMERS]]
        rest = report.customers[TOP_CUSTOMERS:]
        if rest:
            sums = [sum(c.buckets[i] for c in rest) for i in range(4)]
            body.append([w(N_("{n} other customers"), n=len(rest)), *(w.money(x) for x in sums), w.money(sum(sums))])
        total = [w(N_("Total")), *(w.money(b) for b in report.buckets), w.money(report.total)]
        widths = [WIDTH - 5 * 25 * mm, *([25 * mm] * 5)]
        intro = w(N_("What customers owed on {date}, by how long it has been unpaid."), date=w.date(report.as_of))
        return [
            self.p(_esc(w(N_("5. Kasbon receivables"))), "note"),
            self.p(_esc(intro), "justify"),
            Spacer(1, 2 * mm),
            figure_table(header, body, widths, total)
            if report.customers
            else self.p(_esc(w(N_("No customer owed anything."))), "small"),
        ]

    def stock_note(self) -> list[Flowable]:
        w, stock = self.w, self.pack.stock
        header = [w(N_("Product")), w(N_("Quantity")), w(N_("Value"))]
        body = [[x.name, f"{w.qty(x.qty_milli)} {x.unit}", w.money(x.value)] for x in stock.top(TOP_PRODUCTS)]
        rest = stock.lines[TOP_PRODUCTS:]
        if rest:
            body.append([w(N_("{n} other products"), n=len(rest)), "", w.money(sum(x.value for x in rest))])
        total = [w(N_("Total")), "", w.money(stock.total_value)]
        intro = w(
            N_("Goods on hand on {date} at moving-average cost: {value} over {n} products."),
            date=w.date(stock.as_of),
            value=w.money(stock.total_value),
            n=stock.products,
        )
        story: list[Flowable] = [
            self.p(_esc(w(N_("6. Inventory"))), "note"),
            self.p(_esc(intro), "justify"),
            Spacer(1, 2 * mm),
            figure_table(header, body, [WIDTH - 70 * mm, 30 * mm, 40 * mm], total),
        ]
        if stock.negative:
            story.append(
                self.p(
                    _esc(
                        w(
                            N_("{n} products were sold beyond the stock in the books; a purchase or count is missing."),
                            n=len(stock.negative),
                        )
                    ),
                    "small",
                )
            )
        return story

    def monthly_note(self) -> list[Flowable]:
        w, monthly = self.w, self.pack.monthly
        header = [w(N_("Month")), w(N_("Sales")), w(N_("Net sales")), w(N_("Cost of goods sold"))]
        header += [w(N_("Gross profit")), w(N_("Margin"))]
        body = [
            [
                w.month(m.month),
                w.qty(m.sales * 1000),
                w.money(m.net_sales),
                w.money(m.cogs),
                w.money(m.gross_profit),
                w.percent(m.margin_bp),
            ]
            for m in monthly.months
        ]
        total = [
            w(N_("Total")),
            w.qty(monthly.sales * 1000),
            w.money(monthly.net_sales),
            w.money(monthly.cogs),
            w.money(monthly.gross_profit),
            w.percent(monthly.margin_bp),
        ]
        rest = (WIDTH - 66 * mm) / 3
        widths = [24 * mm, 24 * mm, rest, rest, rest, 18 * mm]
        return [
            self.p(_esc(w(N_("7. Monthly sales and gross profit"))), "note"),
            figure_table(header, body, widths, total),
            Spacer(1, 4 * mm),
            monthly_chart(monthly.months, w, WIDTH, 62 * mm),
        ]

    def pph_note(self) -> list[Flowable]:
        w, pph = self.w, self.pack.pph
        header = [w(N_("Month")), w(N_("Turnover")), w(N_("Year to date")), w(N_("Not taxed"))]
        header += [w(N_("Taxed")), w(N_("PPh Final"))]
        body = [
            [
                w.month(m.month),
                w.money(m.turnover),
                w.money(m.year_to_date),
                w.money(m.exempt),
                w.money(m.taxable),
                w.money(m.tax),
            ]
            for m in pph.months
        ]
        total = [w(N_("Total")), w.money(pph.turnover), "", w.money(sum(m.exempt for m in pph.months))]
        total += [w.money(pph.taxable), w.money(pph.tax)]
        column = (WIDTH - 22 * mm) / 5
        kind = w(N_("individual")) if pph.policy.taxpayer == "individual" else w(N_("company"))
        intro = w(
            N_("Rate {rate} of gross turnover; taxpayer: {kind}; tax-free turnover a year: {exemption}."),
            rate=w.percent(pph.policy.rate_bp),
            kind=kind,
            exemption=w.money(pph.policy.yearly_exemption),
        )
        return [
            self.p(_esc(w(N_("8. PPh Final"))), "note"),
            self.p(_esc(intro), "justify"),
            Spacer(1, 2 * mm),
            figure_table(header, body, [22 * mm, *([column] * 5)], total),
        ]

    def closing(self) -> list[Flowable]:
        w, pack = self.w, self.pack
        place = f"{pack.shop.city}, " if pack.shop.city else ""
        signature = grid(
            [
                [self.p(_esc(f"{place}{w.date(pack.made_on)}"))],
                [self.p(_esc(w(N_("Owner"))))],
                [Spacer(1, 20 * mm)],
                [self.p(f"<b>{_esc(pack.shop.owner or ' ')}</b>")],
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
            self.p(_esc(w(N_("Verification code"))), "bold"),
            self.p(f"<font size=11><b>{_esc(pack.verification_code)}</b></font>"),
            Spacer(1, 2 * mm),
            self.p(
                _esc(
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
                    self.p(_esc(statement), "justify"),
                    Spacer(1, 6 * mm),
                    grid([["", signature]], [WIDTH - 72 * mm, 72 * mm]),
                    Spacer(1, 8 * mm),
                    verification,
                ]
            )
        ]

    def story(self) -> list[Flowable]:
        return [*self.cover(), *self.position(), *self.pnl(), *self.cash_flow(), *self.notes(), *self.closing()]

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

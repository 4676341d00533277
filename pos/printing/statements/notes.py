"""The notes to the statements (catatan atas laporan keuangan): SAK EMKM basis, policies, and the figures behind.

After the basis and the policies come cash, kasbon ageing, stock, monthly sales and gross profit with a chart, and
PPh Final month by month. Which rows a note lists (the largest debts, the most valuable stock) is decided with the
figures the pack's code binds (`pos.ledger.reports.pack_figures`), so the two never differ.
"""

from __future__ import annotations

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, KeepTogether, ListFlowable, ListItem, Spacer

from pos.i18n import N_
from pos.ledger.reports.pack_figures import money_rows, top_customers, top_products
from pos.printing.statements import fonts
from pos.printing.statements.chart import monthly_chart
from pos.printing.statements.tables import figure_table
from pos.printing.statements.writer import WIDTH, Writer, esc


def notes(d: Writer) -> list[Flowable]:
    w, pack, shop = d.w, d.pack, d.pack.shop
    story: list[Flowable] = [
        *d.heading(w(N_("NOTES TO THE FINANCIAL STATEMENTS")), d.period_text(pack.period)),
        d.p(esc(w(N_("1. General information"))), "note"),
        d.p(
            esc(
                w(
                    N_("{shop} is a retail shop owned and run by {owner}, at {address}."),
                    shop=shop.name,
                    owner=shop.owner or "–",
                    address=shop.address or "–",
                )
            ),
            "justify",
        ),
        *books_start_note(d),
        d.p(esc(w(N_("2. Basis of preparation"))), "note"),
        d.p(
            esc(
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
        d.p(esc(w(N_("3. Accounting policies"))), "note"),
        ListFlowable(
            [ListItem(d.p(esc(t), "justify"), leftIndent=12, value="•") for t in policies(d)],
            bulletType="bullet",
            bulletFontName=fonts.REGULAR,
            start="•",
        ),
        KeepTogether(cash_note(d)),
        KeepTogether(kasbon_note(d)),
        KeepTogether(stock_note(d)),
        KeepTogether(monthly_note(d)),
        KeepTogether(pph_note(d)),
    ]
    return story


def books_start_note(d: Writer) -> list[Flowable]:
    """When the books in Laci begin after a column of the statements starts, say so plainly: the column holds only
    the days from then, and no comparison can be read as growth."""
    w, pack = d.w, d.pack
    start = pack.books_start
    earliest = pack.pnl.previous.period.start if pack.pnl.previous else pack.period.start
    if start is None or start <= earliest:
        return []
    return [
        d.p(
            esc(
                w(
                    N_(
                        "The shop's books in Laci begin on {date}. Figures for days before it are not in these "
                        "statements: a column that starts earlier holds only the days from {date} on, and the "
                        "comparison with it is not a measure of growth."
                    ),
                    date=w.date(start),
                )
            ),
            "justify",
        )
    ]


def policies(d: Writer) -> list[str]:
    w, rule = d.w, d.pack.pph.policy
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


def cash_note(d: Writer) -> list[Flowable]:
    w, pos = d.w, d.pack.position
    names = {x.account.code: x.account.caption(w.lang) for x in pos.current.current_assets}
    money = money_rows(d.pack)
    header = [w(N_("Account")), w.short_date(pos.current.as_of)]
    if pos.previous is not None:
        header.append(d.day_column(pos.previous.as_of))
    body = [
        [names[code], w.money(now), *([w.money(before)] if before is not None else [])] for code, now, before in money
    ]
    total = [w(N_("Total")), w.money(sum(now for _, now, _b in money))]
    if pos.previous is not None:
        total.append(w.money(sum(before or 0 for *_, before in money)))
    widths = [WIDTH - 35 * mm * (len(header) - 1), *([35 * mm] * (len(header) - 1))]
    return [
        d.p(esc(w(N_("4. Cash and cash equivalents"))), "note"),
        figure_table(header, body, widths, total),
    ]


def kasbon_note(d: Writer) -> list[Flowable]:
    w, report = d.w, d.pack.kasbon
    header = [
        w(N_("Customer")),
        w(N_("0–30 days")),
        w(N_("31–60 days")),
        w(N_("61–90 days")),
        w(N_("over 90 days")),
    ]
    header.append(w(N_("Total")))
    shown, rest, others = top_customers(d.pack)
    body = [[c.name, *(w.money(b) for b in c.buckets), w.money(c.total)] for c in shown]
    if rest is not None:
        body.append([w(N_("{n} other customers"), n=w.count(others)), *(w.money(x) for x in rest), w.money(sum(rest))])
    total = [w(N_("Total")), *(w.money(b) for b in report.buckets), w.money(report.total)]
    widths = [WIDTH - 5 * 25 * mm, *([25 * mm] * 5)]
    intro = w(N_("What customers owed on {date}, by how long it has been unpaid."), date=w.date(report.as_of))
    return [
        d.p(esc(w(N_("5. Kasbon receivables"))), "note"),
        d.p(esc(intro), "justify"),
        Spacer(1, 2 * mm),
        figure_table(header, body, widths, total)
        if report.customers
        else d.p(esc(w(N_("No customer owed anything."))), "small"),
    ]


def stock_note(d: Writer) -> list[Flowable]:
    w, stock = d.w, d.pack.stock
    header = [w(N_("Product")), w(N_("Quantity")), w(N_("Value"))]
    top, others, rest_value = top_products(d.pack)
    body = [[x.name, f"{w.qty(x.qty_milli)} {x.unit}", w.money(x.value)] for x in top]
    if others:
        body.append([w(N_("{n} other products"), n=w.count(others)), "", w.money(rest_value)])
    total = [w(N_("Total")), "", w.money(stock.total_value)]
    intro = w(
        N_("Goods on hand on {date} at moving-average cost: {value} over {n} products."),
        date=w.date(stock.as_of),
        value=w.money(stock.total_value),
        n=w.count(stock.products),
    )
    story: list[Flowable] = [
        d.p(esc(w(N_("6. Inventory"))), "note"),
        d.p(esc(intro), "justify"),
        Spacer(1, 2 * mm),
        figure_table(header, body, [WIDTH - 70 * mm, 30 * mm, 40 * mm], total),
    ]
    if stock.negative:
        story.append(
            d.p(
                esc(
                    w(
                        N_("{n} products were sold beyond the stock in the books; a purchase or count is missing."),
                        n=w.count(stock.negative),
                    )
                ),
                "small",
            )
        )
    return story


def monthly_note(d: Writer) -> list[Flowable]:
    w, monthly = d.w, d.pack.monthly
    header = [w(N_("Month")), w(N_("Sales")), w(N_("Net sales")), w(N_("Cost of goods sold"))]
    header += [w(N_("Gross profit")), w(N_("Margin"))]
    body = [
        [
            w.month(m.month),
            w.count(m.sales),
            w.money(m.net_sales),
            w.money(m.cogs),
            w.money(m.gross_profit),
            w.percent(m.margin_bp),
        ]
        for m in monthly.months
    ]
    total = [
        w(N_("Total")),
        w.count(monthly.sales),
        w.money(monthly.net_sales),
        w.money(monthly.cogs),
        w.money(monthly.gross_profit),
        w.percent(monthly.margin_bp),
    ]
    rest = (WIDTH - 66 * mm) / 3
    widths = [24 * mm, 24 * mm, rest, rest, rest, 18 * mm]
    return [
        d.p(esc(w(N_("7. Monthly sales and gross profit"))), "note"),
        figure_table(header, body, widths, total),
        Spacer(1, 4 * mm),
        monthly_chart(monthly.months, w, WIDTH, 62 * mm),
    ]


def pph_note(d: Writer) -> list[Flowable]:
    w, pph = d.w, d.pack.pph
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
    unbooked = d.pack.position.current.pph_payable
    end = w.date(d.pack.period.end)
    if unbooked:
        booked = w(
            N_(
                "PPh Final of {amount} on the turnover up to {date} is not in the journal yet: the statement of "
                "financial position shows it as owed, and an export of the journal holds it once it is booked."
            ),
            amount=w.money(unbooked),
            date=end,
        )
    else:
        booked = w(N_("PPh Final of every month up to {date} is booked in the journal."), date=end)
    return [
        d.p(esc(w(N_("8. PPh Final"))), "note"),
        d.p(esc(intro), "justify"),
        Spacer(1, 2 * mm),
        figure_table(header, body, [22 * mm, *([column] * 5)], total),
        Spacer(1, 2 * mm),
        d.p(esc(booked), "small"),
    ]

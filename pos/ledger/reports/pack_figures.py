"""Every figure a loan pack prints, as plain lines: what its code's digest binds and what the PDF lays out.

A line is `[section, key, caption, values...]`: the section of the pack (posisi keuangan, laba rugi, a note), a key
that does not depend on the language, the caption as printed in the pack's language, and the whole numbers
printed on that line (rupiah, counts, thousandths of a unit, basis points; None for a blank cell). The notes'
tables take their rows from here too (the ten largest debts and "n other customers", say), so the digest and the
paper cannot drift apart. The key figures are the few a bank officer compares first.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, Final

from pos import i18n
from pos.ledger.books import accounts
from pos.ledger.people.kasbon import Ageing
from pos.ledger.reports.pack import LoanPack
from pos.ledger.reports.rows import Row
from pos.ledger.stock.stock_levels import StockLine

TOP_PRODUCTS: Final = 10
TOP_CUSTOMERS: Final = 10

Line = list[Any]

KEY_FIGURES: Final = ("revenue", "gross_profit", "net_profit", "total_assets", "cash", "stock", "kasbon")


def _statement(section: str, rows: Sequence[Row], lang: str) -> list[Line]:
    return [[section, row.key, row.caption(lang), row.amount, row.compare] for row in rows if row.style != "heading"]


def top_customers(pack: LoanPack) -> tuple[tuple[Ageing, ...], tuple[int, int, int, int] | None, int]:
    """The largest debts the kasbon note lists, the other customers' buckets summed (None when there are none),
    and how many those others are."""
    customers = pack.kasbon.customers
    shown, rest = customers[:TOP_CUSTOMERS], customers[TOP_CUSTOMERS:]
    if not rest:
        return shown, None, 0
    sums = [sum(c.buckets[i] for c in rest) for i in range(4)]
    return shown, (sums[0], sums[1], sums[2], sums[3]), len(rest)


def top_products(pack: LoanPack) -> tuple[tuple[StockLine, ...], int, int]:
    """The most valuable products the stock note lists, how many others there are, and their value."""
    others, value = pack.stock.rest(TOP_PRODUCTS)
    return pack.stock.top[:TOP_PRODUCTS], others, value


def money_rows(pack: LoanPack) -> list[tuple[str, int, int | None]]:
    """The cash note: each money account at the period's end, and the day before it began."""
    position = pack.position
    before = {x.account.code: x.amount for x in position.previous.current_assets} if position.previous else None
    return [
        (x.account.code, x.amount, before.get(x.account.code, 0) if before is not None else None)
        for x in position.current.current_assets
        if x.account.code in accounts.MONEY_ACCOUNTS
    ]


def _notes(pack: LoanPack, lang: str) -> list[Line]:
    lines: list[Line] = []
    names = {x.account.code: x.account.caption(lang) for x in pack.position.current.current_assets}
    cash = money_rows(pack)
    lines += [["cash", code, names[code], now, before] for code, now, before in cash]
    lines.append(
        ["cash", "total", "", sum(now for _, now, _b in cash), *([sum(b or 0 for *_, b in cash)] if cash else [])]
    )
    shown, rest, others = top_customers(pack)
    lines += [["kasbon", c.customer_id.hex, c.name, *c.buckets, c.total] for c in shown]
    if rest is not None:
        lines.append(["kasbon", "others", "", others, *rest, sum(rest)])
    lines.append(["kasbon", "total", "", *pack.kasbon.buckets, pack.kasbon.total])
    top, others, rest_value = top_products(pack)
    lines += [["stock", x.product_id.hex, x.name, x.qty_milli, x.value] for x in top]
    if others:
        lines.append(["stock", "others", "", others, rest_value])
    lines.append(["stock", "total", "", pack.stock.products, pack.stock.total_value, pack.stock.negative])
    monthly = pack.monthly
    for m in monthly.months:
        lines.append(["monthly", m.month.isoformat(), "", m.sales, m.net_sales, m.cogs, m.gross_profit, m.margin_bp])
    lines.append(
        [
            "monthly",
            "total",
            "",
            monthly.sales,
            monthly.net_sales,
            monthly.cogs,
            monthly.gross_profit,
            monthly.margin_bp,
        ]
    )
    pph = pack.pph
    for p in pph.months:
        lines.append(["pph", p.month.isoformat(), "", p.turnover, p.year_to_date, p.exempt, p.taxable, p.tax])
    lines.append(["pph", "total", "", pph.turnover, sum(p.exempt for p in pph.months), pph.taxable, pph.tax])
    rule = pph.policy
    lines.append(["pph", "policy", rule.taxpayer, rule.rate_bp, rule.yearly_exemption, rule.exemption])
    return lines


def printed_lines(pack: LoanPack, lang: str) -> list[Line]:
    """Every figure of the pack in `lang`, in the order the pages print them."""
    lang = lang if lang in i18n.LANGUAGES else i18n.DEFAULT_LANGUAGE
    return [
        *_statement("position", pack.position.rows(), lang),
        *_statement("pnl", pack.pnl.rows(), lang),
        *_statement("equity", pack.equity.rows(), lang),
        *_statement("cash_flow", pack.cash_flow.rows(), lang),
        ["pnl", "margin_bp", "", pack.pnl.current.margin_bp],
        *_notes(pack, lang),
    ]


def key_figures(pack: LoanPack) -> dict[str, int]:
    """The figures a bank officer compares first: revenue, gross and net profit, assets, cash, stock, kasbon."""
    now = pack.position.current
    pnl = pack.pnl.current
    return {
        "revenue": pnl.net_sales,
        "gross_profit": pnl.gross_profit,
        "net_profit": pnl.net_profit,
        "total_assets": now.total_assets,
        "cash": sum(now.account(code) for code in accounts.MONEY_ACCOUNTS),
        "stock": now.account(accounts.PERSEDIAAN),
        "kasbon": now.account(accounts.PIUTANG),
    }

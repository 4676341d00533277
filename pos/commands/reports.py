"""`laci report` and `laci export`: the books read and exported (`statements` makes and checks the loan pack)."""

from __future__ import annotations

import argparse
import datetime as dt
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from sqlalchemy.orm import Session

from pos.commands import backoffice
from pos.commands.common import EXIT_OK, open_shop_db, print_json
from pos.commands.common import table as _table
from pos.commands.stock_reports import STOCK_REPORTS, stock_report_extra, write_offs_text
from pos.i18n import N_, _
from pos.ledger.base import fmt
from pos.ledger.base.clock import business_date, utc_now
from pos.ledger.base.errors import InvalidInput
from pos.ledger.base.period import Period, month_of, parse_date, year_of
from pos.ledger.books.exports import FORMATS, export
from pos.ledger.reports.cashflow import cash_flow
from pos.ledger.reports.channels import ChannelReport, ChannelRow, channel_report
from pos.ledger.reports.daily import DailyReport, daily_report
from pos.ledger.reports.inventory import StockReport, stock_report
from pos.ledger.reports.margins import GrossProfit, gross_profit
from pos.ledger.reports.pnl import profit_and_loss
from pos.ledger.reports.position import financial_position
from pos.ledger.reports.pph import PphReport, pph_report
from pos.ledger.reports.receivables import KasbonReport, kasbon_report
from pos.ledger.reports.rows import Row
from pos.ledger.reports.sales import MethodBreakdown, SalesBreakdown, SalesRow, sales_by, sales_by_method
from pos.ledger.reports.write_offs import write_offs
from pos.ledger.shop import settings

REPORTS = (
    "daily",
    "pnl",
    "balance",
    "cashflow",
    "sales",
    "margin",
    "kasbon",
    "stock",
    "pph",
    "channels",
    *STOCK_REPORTS,
)
SALES_BY = ("day", "hour", "method", "product", "category", "cashier")
METHOD_NAMES = {
    "cash": N_("Cash"),
    "qris": "QRIS",
    "transfer": N_("Transfer"),
    "ewallet": N_("E-wallet"),
    "kasbon": "Kasbon",
    "platform": N_("Platform"),
    "deposit": N_("Down payment"),
}


def register(sub: Any) -> None:
    report = sub.add_parser("report", help=_("print a report of the books: daily, pnl, balance, cashflow, ..."))
    report.add_argument("name", choices=REPORTS, help=_("which report"))
    _dates(report)
    report.add_argument("--by", choices=SALES_BY, default="day", help=_("how to group sales (report sales)"))
    report.add_argument(
        "--days", type=int, metavar="N", help=_("how many days ahead (report expiring; default: the shop's setting)")
    )
    report.add_argument("--json", action="store_true", help=_("print the figures as JSON"))
    report.set_defaults(handler=run_report)

    exporter = sub.add_parser(
        "export",
        help=_("export the journal (and sales) as csv, xlsx, hledger or beancount, or products or customers"),
    )
    exporter.add_argument(
        "format", choices=(*FORMATS, *backoffice.SHEETS), help=_("the file format, or products or customers")
    )
    exporter.add_argument("file", nargs="?", metavar="FILE", help=_("the file to write (or --out)"))
    exporter.add_argument("--out", metavar="PATH", help=_("the file to write"))
    _dates(exporter, period_only=True)
    exporter.set_defaults(handler=run_export)


def _dates(parser: argparse.ArgumentParser, *, period_only: bool = False) -> None:
    if not period_only:
        parser.add_argument("--date", metavar="DATE", help=_("one day (or the day a balance is taken), YYYY-MM-DD"))
    parser.add_argument("--from", dest="start", metavar="DATE", help=_("first day, YYYY-MM-DD"))
    parser.add_argument("--to", dest="end", metavar="DATE", help=_("last day, YYYY-MM-DD"))


def _today(session: Session) -> dt.date:
    return business_date(utc_now(), settings.load(session).timezone)


def _period(args: argparse.Namespace, default: Period) -> Period:
    if getattr(args, "date", None):
        day = parse_date(args.date)
        return Period(day, day)
    start = parse_date(args.start) if args.start else None
    end = parse_date(args.end) if args.end else None
    if start is None and end is None:
        return default
    if start is None:
        assert end is not None
        return Period(min(default.start, end.replace(day=1)), end)
    return Period(start, end or max(start, default.end))


def _as_of(args: argparse.Namespace, today: dt.date) -> dt.date:
    raw = args.date or args.end
    return parse_date(raw) if raw else today


# --- printing figures on a terminal -------------------------------------------------------------------------------


def _money(amount: int | None) -> str:
    if amount is None:
        return ""
    return f"({fmt.rupiah(-amount)})" if amount < 0 else fmt.rupiah(amount)


def _statement(title: str, rows: Sequence[Row], columns: Sequence[str]) -> str:
    lines: list[list[str]] = []
    for row in rows:
        if row.style == "heading":
            lines.append([row.caption()])
            continue
        caption = ("  " if row.style == "item" else "") + row.caption()
        amounts = [_money(row.amount)] + ([_money(row.compare)] if len(columns) > 1 else [])
        lines.append([caption.upper() if row.style == "total" else caption, *amounts])
    return f"{title}\n\n{_table(lines, ['', *columns])}"


def _noted(text: str, note: str) -> str:
    """A statement with the sentence it carries (the books' start before its comparison), if any."""
    return f"{text}\n\n{note}" if note else text


def _span(period: Period) -> str:
    if period.start == period.end:
        return fmt.date(period.start)
    return f"{fmt.date(period.start)} – {fmt.date(period.end)}"


def _daily_text(report: DailyReport) -> str:
    lines = [
        [_("Sales ({n})").format(n=report.sales_count), _money(report.total)],
        [_("Discounts"), _money(report.discounts)],
        *[[f"  {_(METHOD_NAMES.get(m, m))}", _money(a)] for m, a in report.by_method.items()],
        [_("Voids ({n})").format(n=report.voids_count), _money(report.voids_total)],
        [_("Refunds ({n})").format(n=report.refunds_count), _money(report.refunds_total)],
        [_("Cash in"), _money(report.cash_in)],
        [_("Cash out"), _money(report.cash_out)],
        [_("Kasbon payments received"), _money(report.kasbon_received)],
        [_("Cash taken in the day"), _money(report.cash_takings)],
    ]
    shifts = [
        [
            f"{s.counter} · {s.cashier}",
            fmt.rupiah(s.report.total),
            _money(s.counted) if s.counted is not None else _("open"),
            _money(s.difference) if s.difference is not None else "",
        ]
        for s in report.shifts
    ]
    if report.deposits_received or report.deposits_refunded:
        lines.insert(-1, [_("Down payments on orders"), _money(report.deposits_received)])
        lines.insert(-1, [_("Down payments paid back"), _money(-report.deposits_refunded)])
    text = _("Daily report (Z) for {day}").format(day=fmt.date(report.day)) + "\n\n" + _table(lines)
    if any(r.channel != "counter" for r in report.by_channel):
        text += "\n\n" + _channel_table(report.by_channel)
    if shifts:
        header = [_("Shift"), _("Sales"), _("Counted"), _("Difference")]
        text += "\n\n" + _table(shifts, header)
    return text


def _channel_cells(row: ChannelRow) -> list[str]:
    return [
        str(row.sales),
        _money(row.goods),
        _money(row.delivery_fees),
        _money(-row.commission),
        _money(-row.refunds),
        _money(row.net),
    ]


def _channel_table(rows: Sequence[ChannelRow], total: ChannelRow | None = None) -> str:
    lines = [[r.name or r.channel, *_channel_cells(r)] for r in rows]
    if total is not None:
        lines.append([_("Total"), *_channel_cells(total)])
    header = [_("Channel"), _("Sales"), _("Goods"), _("Delivery fee"), _("Commission"), _("Refunds"), _("Net")]
    return _table(lines, header)


def _channels_text(report: ChannelReport) -> str:
    text = _("Sales by channel for {period}").format(period=_span(report.period))
    text += "\n\n" + _channel_table(report.rows, report.total)
    if report.platforms:
        lines = [[p.name, _money(p.settled), _money(p.owed)] for p in report.platforms]
        text += "\n\n" + _table(lines, [_("Platform"), _("Paid out"), _("Still owed")])
    return text


def _sales_text(report: SalesBreakdown | MethodBreakdown) -> str:
    title = _("Sales for {period}").format(period=_span(report.period))
    if isinstance(report, MethodBreakdown):
        lines = [
            [_(METHOD_NAMES.get(r.method, r.method)), str(r.sales), _money(r.amount), _money(-r.refunded)]
            for r in report.rows
        ]
        lines.append([_("Total"), "", _money(report.total), _money(report.net - report.total)])
        return f"{title}\n\n" + _table(lines, [_("Method"), _("Sales"), _("Amount"), _("Refunds")])

    def label(key: str, text: str) -> str:
        if report.dimension == "hour":
            return f"{int(key):02d}.00"
        if report.dimension == "day":
            return fmt.date(dt.date.fromisoformat(key))
        return text or (_("No category") if report.dimension == "category" else key[:8])

    def line(r: SalesRow, name: str) -> list[str]:
        return [
            name,
            str(r.sales) if r.sales else "",
            _money(r.net_revenue),
            _money(-r.returned_revenue) if r.returned_revenue else "",
            _money(r.gross_profit),
            fmt.percent(r.margin_bp),
        ]

    lines = []
    for top, variants in report.entries():
        lines.append(line(top, label(top.key, top.label)))
        # A variant is named "Kaos S / Merah"; under its product's total "S / Merah" is enough.
        lines.extend(line(v, f"  {v.label.removeprefix(top.label).strip() or v.label}") for v in variants)
    lines.append(line(report.total, _("Total")))
    header = ["", _("Sales"), _("Net sales"), _("Returns"), _("Gross profit"), _("Margin")]
    return f"{title}\n\n" + _table(lines, header)


def _margin_text(report: GrossProfit) -> str:
    lines = [
        [
            m.month.strftime("%Y-%m"),
            str(m.sales),
            _money(m.net_sales),
            _money(m.cogs),
            _money(m.gross_profit),
            fmt.percent(m.margin_bp),
        ]
        for m in report.months
    ]
    lines.append(
        [
            _("Total"),
            str(report.sales),
            _money(report.net_sales),
            _money(report.cogs),
            _money(report.gross_profit),
            fmt.percent(report.margin_bp),
        ]
    )
    header = [_("Month"), _("Sales"), _("Net sales"), _("Cost of goods sold"), _("Gross profit"), _("Margin")]
    return _("Gross profit for {period}").format(period=_span(report.period)) + "\n\n" + _table(lines, header)


def _kasbon_text(report: KasbonReport) -> str:
    lines = [
        [c.name, *(_money(b) for b in c.buckets), _money(c.total), _money(c.credit) if c.credit else ""]
        for c in report.customers
    ]
    lines.append([_("Total"), *(_money(b) for b in report.buckets), _money(report.total), _money(report.credit)])
    header = [
        _("Customer"),
        _("0–30 days"),
        _("31–60 days"),
        _("61–90 days"),
        _("over 90 days"),
        _("Total"),
        _("Credit kept"),
    ]
    return _("Kasbon owed on {day}").format(day=fmt.date(report.as_of)) + "\n\n" + _table(lines, header)


def _stock_text(report: StockReport) -> str:
    lines = [[x.name, f"{fmt.qty(x.qty_milli)} {x.unit}", _money(x.value)] for x in report.lines]
    lines.append([_("Total"), "", _money(report.total_value)])
    header = [_("Product"), _("Quantity"), _("Value")]
    return _("Stock on {day}").format(day=fmt.date(report.as_of)) + "\n\n" + _table(lines, header)


def _pph_text(report: PphReport) -> str:
    lines = [
        [
            m.month.strftime("%Y-%m"),
            _money(m.turnover),
            _money(m.year_to_date),
            _money(m.exempt),
            _money(m.taxable),
            _money(m.tax),
        ]
        for m in report.months
    ]
    lines.append([_("Total"), _money(report.turnover), "", "", _money(report.taxable), _money(report.tax)])
    header = [_("Month"), _("Turnover"), _("Year to date"), _("Not taxed"), _("Taxed"), _("PPh Final")]
    return _("PPh Final for {period}").format(period=_span(report.period)) + "\n\n" + _table(lines, header)


class _Joined:
    """Figures already as JSON-ready values."""

    def __init__(self, data: dict[str, Any]) -> None:
        self.data = data

    def as_dict(self) -> dict[str, Any]:
        return self.data


# --- handlers -----------------------------------------------------------------------------------------------------


def _read(args: argparse.Namespace, work: Callable[[Session], Any]) -> Any:
    db = open_shop_db(args)
    try:
        with db.read() as session:
            return work(session)
    finally:
        db.dispose()


def run_report(args: argparse.Namespace) -> int:
    def work(session: Session) -> tuple[Any, str]:
        today = _today(session)
        name = args.name
        if name == "daily":
            daily = daily_report(session, _as_of(args, today))
            return daily, _daily_text(daily)
        if name == "pnl":
            pnl = profit_and_loss(session, _period(args, month_of(today)))
            columns = [_span(pnl.current.period)] + ([_span(pnl.previous.period)] if pnl.previous else [])
            return pnl, _noted(_statement(_("INCOME STATEMENT"), pnl.rows(), columns), pnl.note)
        if name == "balance":
            position = financial_position(session, _as_of(args, today))
            dates = [position.current.as_of] + ([position.previous.as_of] if position.previous else [])
            title = _("STATEMENT OF FINANCIAL POSITION")
            return position, _noted(_statement(title, position.rows(), [fmt.date(d) for d in dates]), position.note)
        if name == "cashflow":
            flow = cash_flow(session, _period(args, month_of(today)))
            return flow, _noted(_statement(_("STATEMENT OF CASH FLOWS"), flow.rows(), [_span(flow.period)]), flow.note)
        if name == "sales":
            period = _period(args, month_of(today))
            sales = sales_by_method(session, period) if args.by == "method" else sales_by(session, period, args.by)
            return sales, _sales_text(sales)
        if name == "margin":
            margin = gross_profit(session, _period(args, year_of(today)))
            return margin, _margin_text(margin)
        if name == "kasbon":
            kasbon = kasbon_report(session, _as_of(args, today))
            return kasbon, _kasbon_text(kasbon)
        if name == "stock":
            # The stock on the day, and what was written off in its month up to it.
            stock = stock_report(session, _as_of(args, today))
            since = parse_date(args.start) if args.start else stock.as_of.replace(day=1)
            lost = write_offs(session, Period(since, stock.as_of))
            data = _Joined({**stock.as_dict(), "written_off": lost.as_dict()})
            return data, _stock_text(stock) + "\n\n" + write_offs_text(lost)
        if name in STOCK_REPORTS:
            as_of = _as_of(args, today)
            extra, text = stock_report_extra(session, name, as_of, _period(args, month_of(today)), args.days)
            return _Joined(extra), text
        if name == "channels":
            channels = channel_report(session, _period(args, month_of(today)))
            return channels, _channels_text(channels)
        pph = pph_report(session, _period(args, year_of(today)))
        return pph, _pph_text(pph)

    report, text = _read(args, work)
    if args.json:
        print_json(report.as_dict())
    else:
        print(text)
    return EXIT_OK


def run_export(args: argparse.Namespace) -> int:
    if args.file and args.out:
        raise InvalidInput(N_("Give the file once: as FILE or as --out, not both."))
    target = args.file or args.out
    if not target:
        raise InvalidInput(N_("Say which file to write, e.g. --out books.xlsx."))
    if (args.start or args.end) and args.format not in ("csv", "xlsx"):
        # A journal for hledger or beancount holds the whole books, so every balance in it is complete; a silent
        # whole journal would look like the period asked for.
        raise InvalidInput(
            N_(
                "--from and --to choose the dates of a csv or xlsx export only. The {format} export holds the "
                "whole books; leave out the dates (hledger and beancount choose their own: hledger -b and -e)."
            ),
            format=args.format,
        )
    if args.format in backoffice.SHEETS:
        return backoffice.run_export(argparse.Namespace(**{**vars(args), "what": args.format, "file": target}))
    period = None
    if args.start or args.end:
        if not (args.start and args.end):
            raise InvalidInput(N_("Give both --from and --to, or neither."))
        period = Period(parse_date(args.start), parse_date(args.end))
    out = Path(target)
    written = _read(args, lambda session: export(session, args.format, out, period))
    for path in written:
        print(_("Written: {path}").format(path=path))
    return EXIT_OK

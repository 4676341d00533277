"""The books in other tools' formats: CSV and XLSX (journal lines and sales), hledger and beancount journals.

Rows are streamed from SQLite to the file, so the export of years of books never sits in memory. The hledger and
beancount files load in those tools as they are: accounts named `Aset:Kas` (hledger) and `Assets:Kas`
(beancount), amounts in IDR, one balanced transaction per journal entry; the beancount file also asserts each
account's balance after the last day, so `bean-check` proves it sums to the same trial balance as Laci.
"""

from __future__ import annotations

import csv
import datetime as dt
import re
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any, Final

from sqlalchemy import text
from sqlalchemy.orm import Session

from pos.i18n import N_, _
from pos.ledger.base.clock import local
from pos.ledger.base.period import Period
from pos.ledger.books.balances import trial_balance
from pos.ledger.shop import settings

FORMATS: Final = ("csv", "xlsx", "hledger", "beancount")
BATCH: Final = 5_000

HLEDGER_ROOTS: Final = {"asset": "Aset", "liability": "Liabilitas", "equity": "Ekuitas", "revenue": "Pendapatan"}
HLEDGER_TYPES: Final = {"asset": "A", "liability": "L", "equity": "E", "revenue": "R", "expense": "X"}
BEANCOUNT_ROOTS: Final = {
    "asset": "Assets",
    "liability": "Liabilities",
    "equity": "Equity",
    "revenue": "Income",
    "expense": "Expenses",
}


@dataclass(frozen=True, slots=True)
class ChartAccount:
    code: str
    name: str
    kind: str


def chart_accounts(session: Session) -> list[ChartAccount]:
    rows = session.execute(text("SELECT code, name, kind FROM accounts ORDER BY code")).all()
    return [ChartAccount(str(c), str(n), str(k)) for c, n, k in rows]


def hledger_account(account: ChartAccount) -> str:
    """`Aset:Kas`, `Beban:Beban gaji`: the kind's Indonesian root, then the name with what hledger reads specially
    (colons, brackets, semicolons, runs of spaces) taken out."""
    root = HLEDGER_ROOTS.get(account.kind, "Beban")
    name = re.sub(r"[:;()\[\]]", " ", account.name)
    return f"{root}:{' '.join(name.split())}"


def beancount_account(account: ChartAccount) -> str:
    """`Assets:Kas`, `Assets:Piutang-Usaha-Kasbon`: beancount's five roots and capitalised, dash-joined words."""
    words = re.findall(r"[A-Za-z0-9]+", account.name) or [account.code.replace("-", "")]
    component = "-".join(w[:1].upper() + w[1:] for w in words)
    if not component[:1].isupper() and not component[:1].isdigit():
        component = "A" + component
    return f"{BEANCOUNT_ROOTS[account.kind]}:{component}"


def _period_filter(period: Period | None, column: str) -> tuple[str, dict[str, str]]:
    if period is None:
        return "", {}
    return f" WHERE {column} BETWEEN :start AND :end", {
        "start": period.start.isoformat(),
        "end": period.end.isoformat(),
    }


_JOURNAL = (
    "SELECT e.business_date, e.created_at, e.id, d.code, e.device_seq, e.kind, e.memo, e.reverses_id, "
    "l.line_no, l.account_code, a.name, l.debit, l.credit, l.party_id "
    "FROM journal_entries e JOIN journal_lines l ON l.entry_id = e.id JOIN accounts a ON a.code = l.account_code "
    "LEFT JOIN devices d ON d.id = e.device_id"
)
_JOURNAL_ORDER = " ORDER BY e.business_date, e.created_at, e.device_id, e.device_seq, l.line_no"


def _hex(raw: Any) -> str:
    return uuid.UUID(bytes=bytes(raw)).hex if raw is not None else ""


def journal_rows(session: Session, period: Period | None = None) -> Iterator[tuple[Any, ...]]:
    """Every journal line with its entry, oldest first: date, time, entry, counter, seq, kind, memo, reverses,
    line, account code, account name, debit, credit, party."""
    where, params = _period_filter(period, "e.business_date")
    result = session.execute(text(_JOURNAL + where + _JOURNAL_ORDER), params)
    for row in result.yield_per(BATCH):
        day, created, eid, counter, seq, kind, memo, reverses, line, code, name, dr, cr, party = row
        yield (
            str(day),
            str(created),
            _hex(eid),
            counter or "",
            int(seq),
            kind,
            memo,
            _hex(reverses),
            int(line),
            code,
            name,
            int(dr),
            int(cr),
            _hex(party),
        )


JOURNAL_COLUMNS: Final = (
    "date",
    "created_at",
    "entry_id",
    "counter",
    "seq",
    "kind",
    "memo",
    "reverses",
    "line",
    "account_code",
    "account_name",
    "debit",
    "credit",
    "party_id",
)

SALES_COLUMNS: Final = (
    "receipt_no",
    "date",
    "time",
    "counter",
    "cashier",
    "customer",
    "gross",
    "discount",
    "ppn",
    "rounding",
    "total",
    "cost",
    "payments",
    "voided",
    "returned",
)


def sales_rows(session: Session, period: Period | None = None) -> Iterator[tuple[Any, ...]]:
    """One row per sale, oldest first, with its payments, whether it was voided and what was returned of it."""
    tz = settings.load(session).timezone
    where, params = _period_filter(period, "s.business_date")
    result = session.execute(
        text(
            "SELECT s.receipt_no, s.business_date, s.created_at, d.code, u.name, c.name, s.gross, s.discount, s.ppn, "
            "s.rounding, s.total, s.cost, "
            "(SELECT group_concat(p.method || ':' || p.amount, ' ') FROM sale_payments p WHERE p.sale_id = s.id), "
            "EXISTS (SELECT 1 FROM sale_voids v WHERE v.sale_id = s.id), "
            "(SELECT COALESCE(SUM(r.amount), 0) FROM sale_returns r WHERE r.sale_id = s.id) "
            "FROM sales s LEFT JOIN devices d ON d.id = s.device_id LEFT JOIN users u ON u.id = s.cashier_id "
            f"LEFT JOIN customers c ON c.id = s.customer_id{where} ORDER BY s.business_date, s.created_at"
        ),
        params,
    )
    for row in result.yield_per(BATCH):
        receipt, day, created, counter, cashier, customer, *money, payments, voided, returned = row
        at = local(dt.datetime.fromisoformat(str(created)), tz)
        yield (
            receipt,
            str(day),
            at.strftime("%H:%M:%S"),
            counter or "",
            cashier or "",
            customer or "",
            *(int(x) for x in money),
            payments or "",
            int(voided),
            int(returned),
        )


def _sales_path(path: Path) -> Path:
    return path.with_name(f"{path.stem}-sales{path.suffix or '.csv'}")


# What Excel reads right when a CSV is opened with a double-click on an Indonesian Windows: the byte order mark tells
# it the text is UTF-8 (else names with "é" or "−" come out garbled), and the list separator of the Indonesian
# locale is ';' (the comma is its decimal mark, so a comma-separated file lands in one column). Amounts are whole
# rupiah, so no decimal mark is ever written. The product and customer sheets are written the same way.
CSV_ENCODING: Final = "utf-8-sig"
CSV_SEPARATOR: Final = ";"


def export_csv(session: Session, path: Path, period: Period | None = None) -> list[Path]:
    """Journal lines to `path`, and sales beside it as `<name>-sales.csv`; a header row, then a line each, in the
    form Excel in the Indonesian locale opens in columns (`CSV_ENCODING`, `CSV_SEPARATOR`)."""
    sales_path = _sales_path(path)
    for target, columns, rows in (
        (path, JOURNAL_COLUMNS, journal_rows(session, period)),
        (sales_path, SALES_COLUMNS, sales_rows(session, period)),
    ):
        with target.open("w", newline="", encoding=CSV_ENCODING) as fh:
            writer = csv.writer(fh, delimiter=CSV_SEPARATOR)
            writer.writerow(columns)
            writer.writerows(rows)
    return [path, sales_path]


# XLSX headings are for people; the CSV keeps stable column names for programs.
_JOURNAL_HEADINGS: Final = (
    N_("Date"),
    N_("Time"),
    N_("Entry"),
    N_("Counter"),
    N_("No."),
    N_("Kind"),
    N_("Memo"),
    N_("Reverses"),
    N_("Line"),
    N_("Account"),
    N_("Account name"),
    N_("Debit"),
    N_("Credit"),
    N_("Customer or supplier"),
)
_SALES_HEADINGS: Final = (
    N_("Receipt"),
    N_("Date"),
    N_("Time"),
    N_("Counter"),
    N_("Cashier"),
    N_("Customer"),
    N_("Gross"),
    N_("Discount"),
    N_("PPN"),
    N_("Rounding"),
    N_("Total"),
    N_("Cost"),
    N_("Payments"),
    N_("Voided"),
    N_("Returned"),
)


def export_xlsx(session: Session, path: Path, period: Period | None = None) -> list[Path]:
    """One workbook: a sheet of journal lines and a sheet of sales, amounts as whole-rupiah numbers."""
    from openpyxl import Workbook  # only this export needs it
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font

    book = Workbook(write_only=True)
    for title, headings, rows, money in (
        (N_("Journal"), _JOURNAL_HEADINGS, journal_rows(session, period), {11, 12}),
        (N_("Sales"), _SALES_HEADINGS, sales_rows(session, period), {6, 7, 8, 9, 10, 11, 14}),
    ):
        sheet = book.create_sheet(_(title))
        bold = []
        for heading in headings:
            cell = WriteOnlyCell(sheet, value=_(heading))
            cell.font = Font(bold=True)
            bold.append(cell)
        sheet.append(bold)
        for row in rows:
            cells = []
            for i, value in enumerate(row):
                cell = WriteOnlyCell(sheet, value=value)
                if i in money:
                    cell.number_format = "#,##0"
                cells.append(cell)
            sheet.append(cells)
    book.save(path)
    return [path]


def _ledger_text(value: str) -> str:
    # hledger ends a description at ';' and both tools end it at a newline; beancount strings need escaping.
    return " ".join(value.replace(";", ",").split())


def _bean_string(value: str) -> str:
    return '"' + _ledger_text(value).replace("\\", "\\\\").replace('"', '\\"') + '"'


def _entries(session: Session) -> Iterator[tuple[str, str, str, int, str, list[tuple[str, int, int]]]]:
    """Each entry once with its lines: (date, entry id, counter, seq, kind and memo, [(code, debit, credit)])."""
    current: list[Any] | None = None
    for day, _created, eid, counter, seq, kind, memo, _rev, _line, code, _name, dr, cr, _party in journal_rows(session):
        if current is None or current[1] != eid:
            if current is not None:
                yield current[0], current[1], current[2], current[3], current[4], current[5]
            current = [day, eid, counter, seq, f"{memo} ({kind})" if memo else kind, []]
        current[5].append((code, dr, cr))
    if current is not None:
        yield current[0], current[1], current[2], current[3], current[4], current[5]


def _first_day(session: Session) -> dt.date:
    found = session.execute(text("SELECT MIN(business_date) FROM journal_entries")).scalar()
    return dt.date.fromisoformat(str(found)) if found else dt.date.today()


def _write_hledger(session: Session, out: IO[str]) -> None:
    chart = chart_accounts(session)
    names = {a.code: hledger_account(a) for a in chart}
    shop = settings.load(session).shop_name
    out.write(f"; {_ledger_text(shop)}: Laci journal export\n\ncommodity IDR 1000.\n\n")
    for kind, root in (*HLEDGER_ROOTS.items(), ("expense", "Beban")):
        out.write(f"account {root}  ; type: {HLEDGER_TYPES[kind]}\n")
    for a in chart:
        out.write(f"account {names[a.code]}  ; code: {a.code}\n")
    for day, eid, counter, seq, description, lines in _entries(session):
        out.write(f"\n{day} * {_ledger_text(description)}  ; laci: {eid}, counter: {counter}-{seq}\n")
        for code, dr, cr in lines:
            out.write(f"    {names[code]}  IDR {dr - cr}\n")


def _write_beancount(session: Session, out: IO[str]) -> None:
    chart = chart_accounts(session)
    names = {a.code: beancount_account(a) for a in chart}
    shop = settings.load(session).shop_name
    first = _first_day(session)
    out.write(f'option "title" {_bean_string(shop or "Laci")}\noption "operating_currency" "IDR"\n\n')
    for a in chart:
        out.write(f"{first.isoformat()} open {names[a.code]} IDR\n")
    last = first
    for day, eid, counter, seq, description, lines in _entries(session):
        last = max(last, dt.date.fromisoformat(day))
        out.write(f'\n{day} * {_bean_string(description)}\n  laci: "{eid}"\n  counter: "{counter}-{seq}"\n')
        for code, dr, cr in lines:
            out.write(f"  {names[code]}  {dr - cr} IDR\n")
    # Balances are asserted at the start of a day, so the day after the last entry.
    check_day = last + dt.timedelta(days=1)
    out.write("\n")
    for balance in trial_balance(session).accounts:
        amount = balance.debit - balance.credit
        out.write(f"{check_day.isoformat()} balance {names[balance.code]}  {amount} IDR\n")


def export_ledger(session: Session, fmt: str, path: Path) -> list[Path]:
    """The whole journal as an hledger (`hledger`) or beancount (`beancount`) file at `path`."""
    writer = {"hledger": _write_hledger, "beancount": _write_beancount}.get(fmt)
    if writer is None:
        raise ValueError(f"unknown export format {fmt!r}")  # `laci export` offers only the formats it knows
    with path.open("w", encoding="utf-8") as out:
        writer(session, out)
    return [path]


def export(session: Session, fmt: str, path: Path, period: Period | None = None) -> list[Path]:
    """Write the books as `fmt` (csv, xlsx, hledger, beancount) to `path`; returns the files written.

    `period` limits CSV and XLSX to entries and sales dated inside it; the hledger and beancount journals always
    hold the whole books, so every balance in them is complete.
    """
    if fmt == "csv":
        return export_csv(session, path, period)
    if fmt == "xlsx":
        return export_xlsx(session, path, period)
    return export_ledger(session, fmt, path)

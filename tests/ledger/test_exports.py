"""Exports: CSV and XLSX of journal lines and sales, and hledger and beancount files those tools load and agree with."""

from __future__ import annotations

import csv
import datetime as dt
import re
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from ledger.test_reports_shop import built_books, open_books
from openpyxl import load_workbook
from sqlalchemy import text

from pos import i18n
from pos.ledger.base.db import Database
from pos.ledger.base.period import Period
from pos.ledger.books.balances import trial_balance
from pos.ledger.books.exports import ChartAccount, beancount_account, chart_accounts, export, hledger_account

BEAN_CHECK = Path(sys.executable).with_name("bean-check.exe" if sys.platform == "win32" else "bean-check")
ACCOUNT = re.compile(r"^(Assets|Liabilities|Equity|Income|Expenses)(:[A-Z0-9][A-Za-z0-9-]*)+$")


@pytest.fixture(scope="module")
def books(template_db: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Database]:
    db = open_books(built_books(template_db, tmp_path_factory))
    yield db
    db.dispose()


def _count(db: Database, sql: str) -> int:
    with db.read() as s:
        return int(s.execute(text(sql)).scalar_one())


@pytest.mark.slow
def test_csv_has_every_journal_line_and_every_sale(books: Database, tmp_path: Path) -> None:
    with books.read() as s:
        written = export(s, "csv", tmp_path / "jurnal.csv")
    assert written == [tmp_path / "jurnal.csv", tmp_path / "jurnal-sales.csv"]
    with written[0].open(encoding="utf-8-sig", newline="") as fh:
        lines = list(csv.DictReader(fh, delimiter=";"))
    assert len(lines) == _count(books, "SELECT COUNT(*) FROM journal_lines")
    assert sum(int(x["debit"]) for x in lines) == sum(int(x["credit"]) for x in lines) > 0
    assert lines[0]["date"] <= lines[-1]["date"]
    with written[1].open(encoding="utf-8-sig", newline="") as fh:
        sales = list(csv.DictReader(fh, delimiter=";"))
    assert len(sales) == _count(books, "SELECT COUNT(*) FROM sales")
    voided = [x for x in sales if x["voided"] == "1"]
    assert len(voided) == 1 and voided[0]["total"] == "78000"
    assert [x["returned"] for x in sales if x["returned"] != "0"] == ["18500"]
    assert sales[0]["time"] == "09:00:00"  # the shop's wall clock, not UTC
    assert sales[0]["payments"] == "cash:88000"


def test_csv_for_a_period_keeps_to_it(books: Database, tmp_path: Path) -> None:
    june = Period(dt.date(2026, 6, 1), dt.date(2026, 6, 30))
    with books.read() as s:
        export(s, "csv", tmp_path / "juni.csv", june)
    with (tmp_path / "juni.csv").open(encoding="utf-8-sig", newline="") as fh:
        days = {row["date"] for row in csv.DictReader(fh, delimiter=";")}
    assert days and min(days) >= "2026-06-01" and max(days) <= "2026-06-30"


def test_csv_opens_in_columns_in_indonesian_excel(books: Database, tmp_path: Path) -> None:
    # Excel on an Indonesian Windows opens a double-clicked CSV with the locale's list separator (';', the comma
    # being the decimal mark) and reads it as UTF-8 only when the file starts with a byte order mark.
    with books.read() as s:
        for path in export(s, "csv", tmp_path / "jurnal.csv"):
            raw = path.read_bytes()
            assert raw.startswith(b"\xef\xbb\xbf"), path.name
            header = raw[3:].decode("utf-8").splitlines()[0]
            assert header.count(";") >= 10 and "," not in header, header
            # Every amount is whole rupiah: no decimal mark that Excel could read the wrong way.
            rows = list(csv.reader(raw[3:].decode("utf-8").splitlines()[1:50], delimiter=";"))
            assert all(len(row) == header.count(";") + 1 for row in rows)


def test_xlsx_has_a_sheet_of_journal_lines_and_one_of_sales(books: Database, tmp_path: Path) -> None:
    i18n.set_language("en")
    with books.read() as s:
        export(s, "xlsx", tmp_path / "books.xlsx")
    book = load_workbook(tmp_path / "books.xlsx", read_only=True)
    assert book.sheetnames == ["Journal", "Sales"]
    journal = list(book["Journal"].iter_rows(values_only=True))
    sales = list(book["Sales"].iter_rows(values_only=True))
    assert journal[0][:3] == ("Date", "Time", "Entry")
    assert len(journal) - 1 == _count(books, "SELECT COUNT(*) FROM journal_lines")
    assert len(sales) - 1 == _count(books, "SELECT COUNT(*) FROM sales")
    assert all(isinstance(row[11], int) for row in journal[1:])  # amounts stay numbers, not text
    book.close()


def test_account_names_fit_each_tool() -> None:
    chart = [
        ChartAccount("1-200", "Piutang usaha (kasbon)", "asset"),
        ChartAccount("3-200", "Prive", "equity"),
        ChartAccount("4-900", "Pendapatan lain-lain", "revenue"),
        ChartAccount("5-100", "Harga pokok penjualan", "expense"),
        ChartAccount("2-100", "utang: usaha;  lama", "liability"),
    ]
    assert [hledger_account(a) for a in chart] == [
        "Aset:Piutang usaha kasbon",
        "Ekuitas:Prive",
        "Pendapatan:Pendapatan lain-lain",
        "Beban:Harga pokok penjualan",
        "Liabilitas:utang usaha lama",
    ]
    assert [beancount_account(a) for a in chart] == [
        "Assets:Piutang-Usaha-Kasbon",
        "Equity:Prive",
        "Income:Pendapatan-Lain-Lain",
        "Expenses:Harga-Pokok-Penjualan",
        "Liabilities:Utang-Usaha-Lama",
    ]


def test_the_hledger_journal_loads_and_matches_the_trial_balance(books: Database, tmp_path: Path) -> None:
    path = tmp_path / "books.journal"
    with books.read() as s:
        export(s, "hledger", path)
        chart = {a.code: hledger_account(a) for a in chart_accounts(s)}
        tb = trial_balance(s)
    check = subprocess.run(["hledger", "-f", str(path), "check"], capture_output=True, text=True)
    assert check.returncode == 0, check.stderr
    result = subprocess.run(
        ["hledger", "-f", str(path), "balance", "--flat", "--no-total", "-O", "csv"],
        capture_output=True,
        text=True,
        check=True,
    )
    theirs = {
        name: int(amount.removeprefix("IDR ")) for name, amount in list(csv.reader(result.stdout.splitlines()))[1:]
    }
    for a in tb.accounts:
        assert theirs.get(chart[a.code], 0) == a.debit - a.credit, a.name
    printed = subprocess.run(["hledger", "-f", str(path), "print"], capture_output=True, text=True, check=True)
    transactions = [line for line in printed.stdout.splitlines() if re.match(r"^\d{4}-\d{2}-\d{2} ", line)]
    assert len(transactions) == _count(books, "SELECT COUNT(*) FROM journal_entries")


def test_the_beancount_file_passes_bean_check(books: Database, tmp_path: Path) -> None:
    from beancount import loader

    path = tmp_path / "books.beancount"
    with books.read() as s:
        export(s, "beancount", path)
    check = subprocess.run([str(BEAN_CHECK), str(path)], capture_output=True, text=True)
    assert check.returncode == 0, check.stdout + check.stderr
    assert check.stdout == "" and check.stderr == ""
    entries, errors, options = loader.load_file(str(path))
    assert errors == []
    assert options["operating_currency"] == ["IDR"]
    opened = {e.account for e in entries if type(e).__name__ == "Open"}
    assert opened and all(ACCOUNT.match(a) for a in opened)
    # The file asserts every account's balance after its last day; bean-check proved them all.
    assert sum(1 for e in entries if type(e).__name__ == "Balance") == len(opened)
    assert sum(1 for e in entries if type(e).__name__ == "Transaction") == _count(
        books, "SELECT COUNT(*) FROM journal_entries"
    )


def test_an_unknown_format_is_a_fault_in_the_code_and_writes_nothing(books: Database, tmp_path: Path) -> None:
    # `laci export` and the screens offer only the formats there are: another can come from a bug alone.
    with pytest.raises(ValueError, match="unknown export format 'qif'"), books.read() as s:
        export(s, "qif", tmp_path / "x.qif")
    assert not (tmp_path / "x.qif").exists()

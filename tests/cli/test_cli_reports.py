"""`laci report`, `laci statement`, `laci verify` and `laci export` as a shopkeeper's terminal runs them."""

from __future__ import annotations

import datetime as dt
import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from cli_support import laci
from ledger.test_reports_shop import at, built_books, open_books
from pypdf import PdfReader

from pos.ledger.base import fmt
from pos.ledger.base.clock import business_date, utc_now
from pos.ledger.base.money import Money
from pos.ledger.base.period import Period
from pos.ledger.books import cash_entries
from pos.ledger.reports.pnl import profit_and_loss
from pos.ledger.reports.position import financial_position

H1 = ("--from", "2026-01-01", "--to", "2026-06-30")


@pytest.fixture
def shop(template_db: Path, tmp_path_factory: pytest.TempPathFactory, tmp_path: Path) -> Path:
    """A data folder holding a copy of the seven-month shop."""
    folder = tmp_path / "shop"
    folder.mkdir()
    shutil.copyfile(built_books(template_db, tmp_path_factory), folder / "laci.sqlite3")
    return folder


def test_report_pnl_as_json_equals_the_core(shop: Path) -> None:
    result = laci("--data-dir", str(shop), "report", "pnl", *H1, "--json")
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    db = open_books(shop / "laci.sqlite3")
    with db.read() as s:
        core = profit_and_loss(s, Period(dt.date(2026, 1, 1), dt.date(2026, 6, 30)))
    db.dispose()
    assert data["current"]["net_profit"] == core.current.net_profit
    assert data["previous"]["period"] == {"start": "2025-07-01", "end": "2025-12-31"}
    assert [r["key"] for r in data["rows"]] == [r.key for r in core.rows()]


def test_report_balance_prints_a_balanced_statement(shop: Path) -> None:
    result = laci("--data-dir", str(shop), "--lang", "en", "report", "balance", "--date", "2026-06-30")
    assert result.returncode == 0, result.stderr
    db = open_books(shop / "laci.sqlite3")
    with db.read() as s:
        position = financial_position(s, dt.date(2026, 6, 30))
    db.dispose()
    lines = result.stdout.splitlines()
    assert lines[0] == "STATEMENT OF FINANCIAL POSITION"
    total = fmt.rupiah(position.current.total_assets)
    assert any(line.startswith("TOTAL ASSETS") and total in line for line in lines)
    assert any(line.startswith("TOTAL LIABILITIES AND EQUITY") and total in line for line in lines)


@pytest.mark.parametrize(
    ("name", "extra", "expected"),
    [
        ("daily", ("--date", "2026-06-29"), "Rp 205.500"),
        ("cashflow", H1, "Rp 17.147.000"),
        ("sales", (*H1, "--by", "method"), "Rp 12.985.500"),
        ("sales", (*H1, "--by", "product"), "Beras 5 kg"),
        ("margin", H1, "22,3%"),
        ("kasbon", ("--date", "2026-06-30"), "Pak Joko"),
        ("stock", ("--date", "2026-06-30"), "Rp 2.855.900"),
        ("pph", H1, "Rp 17.639.000"),
    ],
)
def test_every_report_prints(shop: Path, name: str, extra: tuple[str, ...], expected: str) -> None:
    result = laci("--data-dir", str(shop), "report", name, *extra)
    assert result.returncode == 0, result.stderr
    assert expected in result.stdout
    as_json = laci("--data-dir", str(shop), "report", name, *extra, "--json")
    assert as_json.returncode == 0 and json.loads(as_json.stdout)


def test_statement_then_verify_then_the_books_change(shop: Path, tmp_path: Path) -> None:
    out = tmp_path / "pack.pdf"
    made = laci("--data-dir", str(shop), "statement", *H1, "--out", str(out))
    assert made.returncode == 0, made.stderr
    code = next(line.split()[-1] for line in made.stdout.splitlines() if "LACI-" in line)
    assert re.fullmatch(r"LACI(-[A-Z2-7]{4}){4}", code)
    assert "kunci toko sendiri" in made.stdout  # not enrolled: the shop's own key, and it says what that means
    pdf = PdfReader(out)
    assert code in pdf.pages[-1].extract_text()

    # The bank's copy: the PDF alone, checked on another computer with no shop on it.
    elsewhere = laci("--data-dir", str(tmp_path / "nobody"), "--lang", "en", "verify", str(out))
    assert elsewhere.returncode == 0, elsewhere.stdout + elsewhere.stderr
    assert "Every figure of the pack is the one it signed" in elsewhere.stdout
    assert "no outside service witnessed the books" in elsewhere.stdout

    # On the shop's own computer, by its code: the books still agree.
    ok = laci("--data-dir", str(shop), "--lang", "en", "verify", code)
    assert ok.returncode == 0, ok.stdout + ok.stderr
    assert "These books still agree with the pack." in ok.stdout

    db = open_books(shop / "laci.sqlite3")
    with db.write() as s:
        cash_entries.record_expense(s, "lain", Money(50_000), at=at(dt.date(2026, 4, 2)))
    db.dispose()
    changed = laci("--data-dir", str(shop), "--lang", "en", "verify", code, "--json")
    assert changed.returncode == 1
    found = json.loads(changed.stdout)
    assert found["code"] == code and found["period"] == ["2026-01-01", "2026-06-30"]
    assert found["signature_ok"] and found["figures_ok"] and found["books_agree"] is False and not found["ok"]


def test_statement_in_english(shop: Path, tmp_path: Path) -> None:
    out = tmp_path / "pack-en.pdf"
    made = laci("--data-dir", str(shop), "statement", *H1, "--out", str(out), "--lang", "en")
    assert made.returncode == 0, made.stderr
    assert "STATEMENT OF FINANCIAL POSITION" in PdfReader(out).pages[1].extract_text()


def test_the_pack_covers_closed_days_only(shop: Path, tmp_path: Path) -> None:
    # The shop's today, in its own zone: in the evening (UTC) Jakarta is already on the next day.
    today = business_date(utc_now())
    refused = laci(
        "--data-dir", str(shop), "statement", "--from", "2026-01-01", "--to", today.isoformat(), "--out", "x.pdf"
    )
    assert refused.returncode == 2 and "sebelum hari ini" in refused.stderr
    out = tmp_path / "last-month.pdf"
    made = laci("--data-dir", str(shop), "statement", "--out", str(out))  # the default: the last whole month
    assert made.returncode == 0, made.stderr
    assert PdfReader(out).metadata["/Subject"].endswith(f"{today.replace(day=1) - dt.timedelta(days=1):%Y}")


def test_a_mistyped_code_is_a_bad_input(shop: Path) -> None:
    result = laci("--data-dir", str(shop), "verify", "LACI-123")
    assert result.returncode == 2
    assert "Laci" in result.stderr


def test_export_hledger_loads_in_hledger(shop: Path, tmp_path: Path) -> None:
    out = tmp_path / "books.journal"
    result = laci("--data-dir", str(shop), "export", "hledger", "--out", str(out))
    assert result.returncode == 0, result.stderr
    assert str(out) in result.stdout
    check = subprocess.run(["hledger", "-f", str(out), "check"], capture_output=True, text=True)
    assert check.returncode == 0, check.stderr


def test_export_hledger_with_dates_says_it_holds_the_whole_books_and_writes_nothing(shop: Path, tmp_path: Path) -> None:
    out = tmp_path / "juni.journal"
    result = laci(
        "--lang", "en", "--data-dir", str(shop), "export", "hledger", "--out", str(out), "--from", "2026-06-01"
    )
    assert result.returncode == 2
    assert "The hledger export holds the whole books" in result.stderr and "hledger -b" in result.stderr
    assert not out.exists()


def test_export_csv_for_a_period_writes_journal_and_sales(shop: Path, tmp_path: Path) -> None:
    out = tmp_path / "juni.csv"
    result = laci(
        "--data-dir", str(shop), "export", "csv", "--out", str(out), "--from", "2026-06-01", "--to", "2026-06-30"
    )
    assert result.returncode == 0, result.stderr
    assert out.exists() and (tmp_path / "juni-sales.csv").exists()
    half = laci("--data-dir", str(shop), "export", "csv", "--out", str(out), "--from", "2026-06-01")
    assert half.returncode == 2

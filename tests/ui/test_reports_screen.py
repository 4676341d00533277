"""The reports screen on the seven-month shop: it shows the core's figures and saves the PDF and XLSX on workers.

With LACI_SCREENSHOTS set to a folder, the screen is also saved there as `reports-screen.png`.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from ledger.test_reports_shop import books_copy, set_pph
from openpyxl import load_workbook
from pypdf import PdfReader
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QMessageBox, QTableWidget

from pos.ledger.base import fmt
from pos.ledger.base.db import Database
from pos.ledger.base.period import Period
from pos.ledger.reports.pnl import profit_and_loss
from pos.ledger.reports.position import financial_position
from pos.ledger.reports.pph_booking import unbooked_months
from pos.ledger.reports.sales import sales_by_method
from pos.ui.reports import ReportsScreen
from pos.ui.tasks import TaskManager

H1 = Period(dt.date(2026, 1, 1), dt.date(2026, 6, 30))


@pytest.fixture
def books(template_db: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Database]:
    db = books_copy(template_db, tmp_path_factory)
    yield db
    db.dispose()


@pytest.fixture
def screen(qapp: Any, qtbot: Any, books: Database) -> Iterator[ReportsScreen]:
    tasks = TaskManager(books)
    made = ReportsScreen(tasks)
    qtbot.addWidget(made)
    made.resize(1280, 800)
    made.show()
    assert tasks.wait_idle(30)
    made.set_custom_period(H1)
    assert tasks.wait_idle(30)
    yield made
    tasks.shutdown()


def _cell(table: QTableWidget, key: str, column: int = 1) -> str:
    for row in range(table.rowCount()):
        item = table.item(row, 0)
        if item is not None and item.data(Qt.ItemDataRole.UserRole) == key:
            cell = table.item(row, column)
            return cell.text() if cell is not None else ""
    raise AssertionError(f"no row {key}")


def test_the_screen_shows_the_cores_figures(screen: ReportsScreen, books: Database) -> None:
    with books.read() as s:
        pnl = profit_and_loss(s, H1)
        position = financial_position(s, H1.end, dt.date(2025, 12, 31))
        methods = sales_by_method(s, H1)
    assert screen.view is not None and screen.view.period == H1
    assert _cell(screen.pnl_table, "net_profit") == fmt.rupiah(pnl.current.net_profit)
    assert _cell(screen.pnl_table, "net_sales") == fmt.rupiah(pnl.current.net_sales)
    assert pnl.previous is not None
    assert _cell(screen.pnl_table, "net_profit", 2) == f"({fmt.rupiah(-pnl.previous.net_profit)})"
    assert _cell(screen.position_table, "total_assets") == fmt.rupiah(position.current.total_assets)
    assert position.previous is not None
    assert _cell(screen.position_table, "total_assets", 2) == fmt.rupiah(position.previous.total_assets)
    total_row = screen.methods_table.rowCount() - 1
    assert screen.methods_table.item(total_row, 2).text() == fmt.rupiah(methods.net)
    assert sum(v for _label, v in screen.days_chart.bars) == pnl.current.net_sales
    assert len(screen.days_chart.bars) == 61
    if os.environ.get("LACI_SCREENSHOTS"):
        screen.grab().save(str(Path(os.environ["LACI_SCREENSHOTS"]) / "reports-screen.png"))


def test_simpan_pdf_makes_the_loan_pack_on_the_workers(screen: ReportsScreen, tmp_path: Path, qtbot: Any) -> None:
    target = tmp_path / "pack.pdf"
    screen.choose_path = lambda title, name, pattern: str(target)
    saved: list[str] = []
    screen.saved.connect(saved.append)
    screen.pdf_button.click()
    assert screen.progress.isVisible() and not screen.pdf_button.isEnabled()
    qtbot.waitUntil(lambda: bool(saved), timeout=30_000)
    QApplication.processEvents()
    assert saved == [str(target)]
    assert not screen.progress.isVisible() and screen.pdf_button.isEnabled()
    pages = PdfReader(target).pages
    assert len(pages) >= 6 and screen.view is not None
    assert screen.view.pnl.current.period == H1


def test_simpan_pdf_offers_to_book_pph_final_first(
    screen: ReportsScreen, books: Database, tmp_path: Path, qtbot: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    set_pph(books, taxpayer="company")  # a company owes PPh Final from the first rupiah: every month is due
    asked: list[str] = []

    def answer(_parent: Any, _title: str, text: str, *_rest: Any) -> QMessageBox.StandardButton:
        asked.append(text)
        return QMessageBox.StandardButton.Yes

    monkeypatch.setattr(QMessageBox, "question", answer)
    target = tmp_path / "pack.pdf"
    screen.choose_path = lambda title, name, pattern: str(target)
    with qtbot.waitSignal(screen.saved, timeout=60_000):
        screen.pdf_button.click()
    assert len(asked) == 1 and "PPh Final" in asked[0]
    with books.read() as s:
        assert unbooked_months(s, H1.end, dt.date(2026, 12, 31)) == []
    assert target.exists() and "Kode" in screen.message.text()


def test_simpan_xlsx_writes_the_periods_journal_and_sales(screen: ReportsScreen, tmp_path: Path, qtbot: Any) -> None:
    target = tmp_path / "books.xlsx"
    screen.choose_path = lambda title, name, pattern: str(target)
    with qtbot.waitSignal(screen.saved, timeout=30_000):
        screen.xlsx_button.click()
    book = load_workbook(target, read_only=True)
    assert len(book.sheetnames) == 2
    dates = {row[0] for row in book.worksheets[0].iter_rows(min_row=2, values_only=True)}
    assert min(dates) >= "2026-01-01" and max(dates) <= "2026-06-30"
    book.close()


def test_choosing_no_file_saves_nothing(screen: ReportsScreen, tmp_path: Path) -> None:
    screen.choose_path = lambda title, name, pattern: None
    screen.pdf_button.click()
    assert screen.tasks.wait_idle(30)
    assert not screen.progress.isVisible() and not screen.tasks.busy and not list(tmp_path.glob("*.pdf"))


def test_the_named_periods_read_without_error(screen: ReportsScreen) -> None:
    for index in range(4):
        screen.period_choice.setCurrentIndex(index)
        assert screen.tasks.wait_idle(30)
        assert screen.view is not None and screen.message.text() == ""
    assert not screen.start_edit.isVisible()

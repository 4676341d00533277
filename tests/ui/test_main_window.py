"""The main window shows the shop's name and the state of its books, read on the worker."""

from __future__ import annotations

import argparse
from pathlib import Path

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication

from pos import i18n
from pos.ledger.base.db import Database
from pos.ledger.base.money import Money
from pos.ledger.books import accounts
from pos.ledger.books.cash_entries import record_capital
from pos.ledger.shop import settings
from pos.ledger.shop.opening import is_initialised
from pos.paths import data_dir, database_path
from pos.ui.app import create_main_window, open_shop, run_gui
from pos.ui.main_window import MainWindow
from pos.ui.models import AccountsModel
from pos.ui.tasks import TaskManager


def _row(window: MainWindow, code: str) -> dict[str, str]:
    model = window.accounts_model
    for row in range(model.rowCount()):
        if model.account(row).code == code:
            return {
                "code": model.index(row, AccountsModel.CODE).data(),
                "name": model.index(row, AccountsModel.NAME).data(),
                "balance": model.index(row, AccountsModel.BALANCE).data(),
            }
    raise AssertionError(f"no account {code} in the window")


def test_the_window_shows_the_shop_and_its_books(db: Database, tasks: TaskManager, qtbot) -> None:
    with db.write() as session:
        record_capital(session, Money(5_000_000))

    window = create_main_window(db, tasks)
    qtbot.addWidget(window)
    assert tasks.wait_idle()

    assert window.windowTitle() == "Laci — Warung Bu Sri"
    assert window.shop_name.text() == "Warung Bu Sri"
    assert _row(window, accounts.KAS) == {"code": "1-100", "name": "Kas", "balance": "Rp 5.000.000"}
    assert _row(window, accounts.MODAL)["balance"] == "Rp 5.000.000"
    assert window.books_status.text() == i18n._("The books are in order.")
    assert "Rp 5.000.000" in window.totals.text()


def test_balances_are_right_aligned_and_names_follow_the_language(db: Database, tasks: TaskManager, qtbot) -> None:
    i18n.set_language("en")
    window = create_main_window(db, tasks)
    qtbot.addWidget(window)
    assert tasks.wait_idle()
    assert _row(window, accounts.KAS)["name"] == "Cash"
    model = window.accounts_model
    alignment = model.index(0, AccountsModel.BALANCE).data(Qt.ItemDataRole.TextAlignmentRole)
    assert alignment & Qt.AlignmentFlag.AlignRight


def test_refresh_reads_the_books_again(db: Database, tasks: TaskManager, qtbot) -> None:
    window = create_main_window(db, tasks)
    qtbot.addWidget(window)
    assert tasks.wait_idle()
    assert _row(window, accounts.KAS)["balance"] == "Rp 0"

    with db.write() as session:
        record_capital(session, Money(250_000))
    window.refresh_action.trigger()
    window.refresh_action.trigger()  # a second press while reading is folded into one more read
    assert tasks.wait_idle()
    assert _row(window, accounts.KAS)["balance"] == "Rp 250.000"
    assert window.refresh_action.isEnabled()


def test_first_start_on_an_empty_data_folder_creates_the_shop(tmp_path: Path, qapp, qtbot) -> None:
    args = argparse.Namespace(data_dir=str(tmp_path / "fresh"), lang=None)
    directory = data_dir(args.data_dir)
    assert not database_path(directory).exists()

    db = open_shop(directory)
    tasks = TaskManager(db)
    try:
        assert database_path(directory).exists()
        with db.read() as session:
            assert is_initialised(session)
        window = create_main_window(db, tasks)
        qtbot.addWidget(window)
        assert tasks.wait_idle()
        assert window.windowTitle() == "Laci — Toko Saya"
        assert window.books_status.text() == i18n._("The books are in order.")
    finally:
        tasks.shutdown()
        db.dispose()


def test_opening_again_keeps_the_existing_shop(db: Database, qapp) -> None:
    db.dispose()
    again = open_shop(db.path.parent)
    try:
        with again.read() as session:
            assert settings.load(session).shop_name == "Warung Bu Sri"
    finally:
        again.dispose()


@pytest.mark.slow
def test_run_gui_starts_and_stops_on_a_new_data_folder(tmp_path: Path, qapp) -> None:
    # The person closes the window as soon as it is up: run_gui's whole path, without waiting for anyone.
    def close_the_window() -> None:
        for widget in QApplication.topLevelWidgets():
            if isinstance(widget, MainWindow) and widget.isVisible():
                widget.close()

    QTimer.singleShot(0, close_the_window)
    assert run_gui(argparse.Namespace(data_dir=str(tmp_path / "shop"), lang="en")) == 0
    assert i18n.language() == "en"
    assert database_path(tmp_path / "shop").exists()

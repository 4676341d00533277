"""Putting a backup back from the window (Settings, Backups), with no terminal: the owner chooses the file, Laci
checks it, closes the shop, restores, and opens again on the restored books, the replaced data kept beside them."""

from __future__ import annotations

import argparse
import sqlite3
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt, QTimer
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QMessageBox
from shop_support import sell, set_up_counter

from pos.ledger.counter.payments import cash
from pos.ledger.shop import backup
from pos.ledger.shop.opening import init_shop, open_database
from pos.ui.app import run_gui
from pos.ui.main_window import MainWindow
from pos.ui.widgets import file_dialogs


def _sales(path: Path) -> int:
    conn = sqlite3.connect(path)
    try:
        return int(conn.execute("SELECT COUNT(*) FROM sales").fetchone()[0])
    finally:
        conn.close()


def test_the_owner_restores_a_backup_from_the_settings(
    tmp_path: Path, qapp: object, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "shop"
    db = open_database(folder / "laci.sqlite3")
    with db.write() as s:
        init_shop(s, "Warung Bu Sri")
    counter = set_up_counter(db)
    sell(counter, counter.cashier, [(counter.codes[0], 1)], [cash(5_000)])
    made = backup.take_backup(db.path, tmp_path / "usb", "manual")
    for _ in range(2):
        sell(counter, counter.cashier, [(counter.codes[0], 1)], [cash(5_000)])
    db.dispose()
    asked: list[str] = []
    # The owner picks the copy on the USB stick in Laci's own file dialog.
    monkeypatch.setattr(file_dialogs, "open_file", lambda *a, **k: made.path)

    def question(parent: Any, title: str, text: str, *a: Any, **k: Any) -> QMessageBox.StandardButton:
        asked.append(text)
        return QMessageBox.StandardButton.Yes

    monkeypatch.setattr(QMessageBox, "question", question)
    windows: list[MainWindow] = []
    seen: dict[str, Any] = {}

    def shown(window: MainWindow) -> None:
        windows.append(window)
        QTimer.singleShot(30_000, window.close)  # never hang a test
        if len(windows) == 1:
            restore_button = window.settings.backup.restore_button
            window.settings.set_actor(counter.cashier)
            seen["cashier may"] = restore_button.isEnabled()
            window.settings.set_actor(counter.owner)
            QTest.mouseClick(restore_button, Qt.MouseButton.LeftButton)
        else:
            seen["note"] = window.statusBar().currentMessage()
            seen["sales"] = _sales(folder / "laci.sqlite3")
            QTimer.singleShot(0, window.close)  # from the event loop: closed before it runs, the app would not end

    assert run_gui(argparse.Namespace(data_dir=str(folder), lang=None), on_shown=shown) == 0
    assert len(windows) == 2  # closed, restored, opened again
    assert seen["cashier may"] is False
    assert asked and made.path.name in asked[0]
    assert seen["sales"] == 1
    assert seen["note"].startswith(f"Dipulihkan dari {made.path}.")
    (kept,) = folder.glob("laci.replaced-*.sqlite3")
    assert _sales(kept) == 3  # the data it replaced, whole, beside it


def test_a_file_that_is_not_a_backup_is_refused_before_anything_closes(
    tmp_path: Path, qapp: object, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "shop"
    db = open_database(folder / "laci.sqlite3")
    with db.write() as s:
        init_shop(s, "Warung Bu Sri")
    counter = set_up_counter(db)
    db.dispose()
    bogus = tmp_path / "foto.sqlite3"
    bogus.write_bytes(b"not a database at all" * 100)
    monkeypatch.setattr(file_dialogs, "open_file", lambda *a, **k: bogus)
    seen: dict[str, Any] = {}

    def shown(window: MainWindow) -> None:
        QTimer.singleShot(30_000, window.close)
        window.settings.set_actor(counter.owner)
        section = window.settings.backup
        QTest.mouseClick(section.restore_button, Qt.MouseButton.LeftButton)
        # Wait for what the owner sees, not for every task: the check shares the I/O pool with the start's own
        # work (today's backup, the print worker), which on a loaded machine may still be running.
        for _tick in range(250):
            if "foto.sqlite3" in section.backup_status.text():
                break
            QTest.qWait(100)
        seen["status"] = section.backup_status.text()
        seen["open"] = window.isVisible()
        QTimer.singleShot(0, window.close)

    assert run_gui(argparse.Namespace(data_dir=str(folder), lang=None), on_shown=shown) == 0
    assert seen["open"] and "foto.sqlite3" in seen["status"]
    assert not list(folder.glob("laci.replaced-*"))

"""The owner's day on the demo warung, through the main window: every tab shows the shop's data, and the
drawer is counted at the end of the shift.

With LACI_SCREENSHOTS set to a folder, the pictures of the user guide (docs/panduan.md) are saved there:
`LACI_SCREENSHOTS=docs/screenshots pytest tests/ui/test_guide_screens.py`.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from counter_support import CounterDriver
from PySide6.QtWidgets import QApplication, QWidget

from pos.demo.shop import build_demo_shop
from pos.ledger.base.db import Database
from pos.ledger.base.money import Money
from pos.ledger.books.approvals import Actor
from pos.ledger.counter.shifts import open_shift
from pos.ledger.people.users import list_users
from pos.ui.counter.shift_close import CloseShiftDialog
from pos.ui.main_window import MainWindow
from pos.ui.tasks import TaskManager

TODAY = dt.date(2026, 11, 23)
DEMO_OWNER_PIN = "1234"


def save(widget: QWidget, name: str, tmp_path: Path) -> Path:
    folder = Path(os.environ.get("LACI_SCREENSHOTS") or tmp_path)
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{name}.png"
    QApplication.processEvents()
    assert widget.grab().save(str(path))
    return path


@pytest.fixture
def demo(db: Database) -> Database:
    build_demo_shop(db, products=80, days=10, seed=5, today=TODAY)
    with db.write() as s:
        owner = next(u for u in list_users(s) if u.role == "owner")
        open_shift(s, Actor(owner.id, owner.name, "owner"), Money(300_000))
    return db


@pytest.fixture
def owner_window(demo: Database, qapp: Any, qtbot: Any) -> Iterator[tuple[MainWindow, CounterDriver]]:
    tasks = TaskManager(demo)
    window = MainWindow(tasks)
    qtbot.addWidget(window)
    window.resize(1366, 696)  # maximised on a 1366x768 laptop
    window.show()
    window.activateWindow()
    qtbot.waitActive(window)
    driver = CounterDriver(window, tasks, qtbot)
    driver.log_in("1", DEMO_OWNER_PIN)
    yield window, driver
    tasks.shutdown()


def test_every_owner_tab_shows_the_shop(owner_window: tuple[MainWindow, CounterDriver], tmp_path: Path) -> None:
    window, driver = owner_window
    assert window.tabs.isTabVisible(window.books_tab)
    window.tabs.setCurrentWidget(window.dashboard)
    driver.idle()
    window.dashboard.show_day(TODAY - dt.timedelta(days=1))  # the last day the demo warung traded
    driver.idle()
    save(window, "guide-today", tmp_path)
    window.tabs.setCurrentWidget(window.products)
    driver.idle()
    assert window.products.model.rowCount() == 80
    window.tabs.setCurrentWidget(window.customers)
    driver.idle()
    window.tabs.setCurrentWidget(window.money)
    driver.idle()
    window.tabs.setCurrentWidget(window.reports)
    driver.idle()
    window.tabs.setCurrentWidget(window.settings)
    driver.idle()
    settings = window.settings
    for section, name in ((settings.printer, "printer"), (settings.backup, "backup"), (settings.sync, "sync")):
        settings.list.setCurrentRow(settings.sections.index(section))
        driver.idle()
        assert settings.pages.currentWidget() is section
        save(window, f"guide-settings-{name}", tmp_path)
    window.tabs.setCurrentWidget(window.books)
    driver.idle()
    assert window.status is not None and window.status.books_ok


def test_the_shift_is_closed_with_a_count_of_the_drawer(
    owner_window: tuple[MainWindow, CounterDriver], tmp_path: Path
) -> None:
    window, driver = owner_window
    window.tabs.setCurrentIndex(window.counter_tab)
    actor = window.counter.checkout.session.actor
    dialog = CloseShiftDialog(driver.tasks, actor, window)
    dialog.show()
    driver.idle()
    dialog.set_count(100_000, 2)
    dialog.set_count(50_000, 2)
    dialog.set_count(2_000, 5)
    driver.idle()
    assert dialog.counted_total() == 310_000
    save(dialog, "guide-shift-close", tmp_path)
    dialog.reject()

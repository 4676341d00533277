"""Every screen, tab and dialog fits the screens of Indonesian shops, with no text cut off (see fit_support).

The window is sized to what a maximised window gets on each screen, the owner of the demo warung logs in and
visits every tab (and every tab and section inside one); then each dialog is opened over it.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from counter_support import CounterDriver
from fit_support import ALL_SCREENS, Screen, problems, too_big
from PySide6.QtWidgets import QApplication, QTabWidget, QWidget
from tests_support import copy_db

from pos.demo.shop import build_demo_shop
from pos.ledger.approvals import Actor
from pos.ledger.db import Database
from pos.ledger.money import Money
from pos.ledger.shifts import open_shift
from pos.ledger.shop import init_shop, open_database
from pos.ledger.users import list_users
from pos.ui.app import make_application
from pos.ui.main_window import MainWindow
from pos.ui.tasks import TaskManager

TODAY = dt.date(2026, 11, 23)
OWNER_PIN = "1234"


@pytest.fixture(scope="module")
def demo_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("demo") / "laci.sqlite3"
    db = open_database(path)
    with db.write() as s:
        init_shop(s, "Toko Saya")
    build_demo_shop(db, products=60, days=14, seed=3, today=TODAY)
    with db.write() as s:
        owner = next(u for u in list_users(s) if u.role == "owner")
        open_shift(s, Actor(owner.id, owner.name, "owner"), Money(300_000))
    db.dispose()
    return path


@pytest.fixture
def owner_window(
    demo_template: Path, tmp_path: Path, qapp: Any, qtbot: Any
) -> Iterator[tuple[MainWindow, CounterDriver]]:
    make_application()  # the app's own type size
    db: Database = copy_db(demo_template, tmp_path / "shop")
    tasks = TaskManager(db)
    window = MainWindow(tasks)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    driver = CounterDriver(window, tasks, qtbot)
    driver.log_in("1", OWNER_PIN)
    yield window, driver
    window.close()
    tasks.shutdown()
    db.dispose()


def _sized(window: QWidget, screen: Screen, driver: CounterDriver) -> None:
    window.resize(screen.window_area)
    driver.idle()


def _inner_tabs(widget: QWidget) -> list[QTabWidget]:
    return [tabs for tabs in widget.findChildren(QTabWidget) if tabs.isVisibleTo(widget)]


def _visit(window: MainWindow, driver: CounterDriver, screen: Screen) -> list[str]:
    found: list[str] = []

    def look(where: str) -> None:
        driver.idle()
        QApplication.processEvents()
        big = too_big(window, screen.window_area)
        if big:
            found.append(f"{screen} {where}: {big}")
        found.extend(f"{screen} {where}: {p}" for p in problems(window))

    for index in range(window.tabs.count()):
        if not window.tabs.isTabVisible(index):
            continue
        window.tabs.setCurrentIndex(index)
        name = window.tabs.tabText(index)
        look(name)
        page = window.tabs.widget(index)
        for inner in _inner_tabs(page):
            for sub in range(inner.count()):
                inner.setCurrentIndex(sub)
                look(f"{name} / {inner.tabText(sub)}")
        if page is window.settings:
            for row in range(window.settings.list.count()):
                window.settings.list.setCurrentRow(row)
                look(f"{name} / {window.settings.list.item(row).text()}")
    return found


@pytest.mark.parametrize("screen", ALL_SCREENS, ids=str)
def test_every_tab_fits(screen: Screen, owner_window: tuple[MainWindow, CounterDriver]) -> None:
    window, driver = owner_window
    _sized(window, screen, driver)
    found = _visit(window, driver, screen)
    # Having seen every tab, the window still comes down to the screen: no tab's size stays behind.
    window.tabs.setCurrentIndex(window.counter_tab)
    driver.idle()
    big = too_big(window, screen.window_area)
    if big:
        found.append(f"{screen} after every tab: {big}")
    assert not found, "\n".join(found)

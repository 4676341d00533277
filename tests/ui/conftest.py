"""Fixtures for the window tests: headless Qt, a task manager on the test's shop database, and a counter driver."""

from __future__ import annotations

import os
from collections.abc import Iterator
from typing import Any

import pytest

# Chosen before any QApplication exists, so the tests need no display and never flash windows on a desktop.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from counter_support import CounterDriver, Shop, set_up_shop

from pos.ledger.base.db import Database
from pos.ui import qt_words
from pos.ui.main_window import MainWindow
from pos.ui.tasks import TaskManager


@pytest.fixture(autouse=True)
def qt_speaks_the_catalogue(qapp: Any) -> None:
    """Qt's own words (message box buttons, the file dialog) from the catalogue, as `make_application` sets up."""
    qt_words.install(qapp)


@pytest.fixture
def tasks(qapp: object, db: Database) -> Iterator[TaskManager]:
    manager = TaskManager(db)
    yield manager
    manager.shutdown()


@pytest.fixture
def shop(db: Database) -> Shop:
    return set_up_shop(db)


@pytest.fixture
def window(tasks: TaskManager, qtbot: Any) -> MainWindow:
    made = MainWindow(tasks)
    qtbot.addWidget(made)
    made.show()
    made.activateWindow()
    qtbot.waitActive(made)
    assert tasks.wait_idle()
    return made


@pytest.fixture
def driver(window: MainWindow, tasks: TaskManager, qtbot: Any) -> CounterDriver:
    return CounterDriver(window, tasks, qtbot)

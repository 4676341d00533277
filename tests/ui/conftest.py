"""Fixtures for the window tests: headless Qt, a task manager on the test's shop database, and a counter driver."""

from __future__ import annotations

import gc
import os
from collections.abc import Iterator
from typing import Any

import pytest
from PySide6.QtCore import QCoreApplication, QEvent

# Chosen before any QApplication exists, so the tests need no display and never flash windows on a desktop.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from counter_support import CounterDriver, Shop, set_up_shop

from pos.ledger.base.db import Database
from pos.ui import qt_words
from pos.ui.main_window import MainWindow
from pos.ui.tasks import TaskManager


@pytest.fixture(autouse=True)
def qt_speaks_the_catalogue(qapp: Any) -> Iterator[None]:
    """Qt's own words (message box buttons, the file dialog) from the catalogue, as `make_application` sets up.

    After the test, and after every other fixture's teardown, the widgets it left for deletion are deleted and
    Python's garbage is collected: at this quiet point rather than whenever the collector happens to run inside
    a later test's event loop, where finalising a dead window's wrappers mid-event is a known way for a PySide
    suite to crash at random (a few long runs of this suite did, at the start of the window tests).
    """
    qt_words.install(qapp)
    yield
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    gc.collect()


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

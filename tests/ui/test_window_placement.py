"""The main window opens maximised on a screen smaller than its comfortable size, stays within the screen, and
comes back the way it was left."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QApplication

from pos.ledger.base.db import Database
from pos.ui.main_window import MainWindow
from pos.ui.tasks import TaskManager
from pos.ui.window_placement import COMFORTABLE


def test_on_a_small_screen_the_window_opens_maximised_and_inside_it(tasks: TaskManager, qtbot: Any) -> None:
    window = MainWindow(tasks)
    qtbot.addWidget(window)
    area = window.screen().availableGeometry()
    # The test screen (offscreen, 800 px) is smaller than the window's comfortable 1280x800.
    assert area.width() < COMFORTABLE.width()
    window.show_placed()
    qtbot.waitExposed(window)
    assert window.isMaximized()
    # Its size, not its frame: the offscreen test screen draws a frame of its own around a maximised window.
    assert window.width() <= area.width() and window.height() <= area.height()
    assert window.minimumSizeHint().width() <= area.width()


def test_the_window_comes_back_as_it_was_left(db: Database, tasks: TaskManager, qtbot: Any) -> None:
    first = MainWindow(tasks)
    qtbot.addWidget(first)
    first.show_placed()
    qtbot.waitExposed(first)
    first.showNormal()
    first.setGeometry(20, 40, 700, 500)
    QApplication.processEvents()
    # The size the window took: its content may hold it a few pixels above the asked height while a page lays out.
    left = (first.width(), first.height())
    assert left[0] == 700 and 500 <= left[1] <= 520
    first.close()
    assert (db.path.parent / "window.ini").exists()

    again = MainWindow(tasks)
    qtbot.addWidget(again)
    again.show_placed()
    qtbot.waitExposed(again)
    assert not again.isMaximized()
    assert (again.width(), again.height()) == left

    again.showMaximized()
    QApplication.processEvents()
    again.close()
    last = MainWindow(tasks)
    qtbot.addWidget(last)
    last.show_placed()
    qtbot.waitExposed(last)
    assert last.isMaximized()

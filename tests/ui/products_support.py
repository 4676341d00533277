"""Working the products screen in tests: wait for its worker, read its list, search and pick as the owner does."""

from __future__ import annotations

import uuid
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from pos.ledger.books.approvals import Actor
from pos.ui.products import ProductsScreen
from pos.ui.tasks import TaskManager


def settle(tasks: TaskManager) -> None:
    """Wait for the worker and for what its answers set off (a list read after a save, say)."""
    for _round in range(20):
        assert tasks.wait_idle(30), "the database worker did not finish"
        for _event in range(3):
            QApplication.processEvents()
        if not tasks.busy:
            return
    raise AssertionError("the screen kept the worker busy")


def open_screen(tasks: TaskManager, actor: Actor, qtbot: Any) -> ProductsScreen:
    """The screen at 1280x800 for `actor`, shown, with its first page read."""
    made = ProductsScreen(tasks)
    qtbot.addWidget(made)
    made.set_actor(actor)
    made.resize(1280, 800)
    made.show()
    settle(tasks)
    return made


def names(screen: ProductsScreen) -> list[str]:
    return [screen.model.row_at(n).name for n in range(screen.model.rowCount())]


def cell(screen: ProductsScreen, name: str, column: int, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
    n = names(screen).index(name)
    return screen.model.index(n, column).data(role)


def search(screen: ProductsScreen, qtbot: Any, text: str) -> None:
    """Type into the search box as the owner does and wait for the list to follow."""
    screen.search.clear()
    qtbot.keyClicks(screen.search, text)
    qtbot.waitUntil(lambda: screen.model.query.text == text and not screen.model.loading, timeout=5000)
    settle(screen.tasks)


def pick(screen: ProductsScreen, qtbot: Any, name: str) -> uuid.UUID:
    """Find `name` and select its row; returns the product's id."""
    search(screen, qtbot, name)
    row = names(screen).index(name)
    screen.table.selectRow(row)
    return screen.model.row_at(row).id

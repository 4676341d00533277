"""Picking a product in a dialog: type part of a name, a SKU or scan a barcode, then choose from a short list.

Typing restarts a short timer; its end sends one page of the core's search to the worker. Enter takes the first
result (a scanned barcode finds exactly one), a double click takes the one clicked.
"""

from __future__ import annotations

from typing import Final

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QLineEdit, QListWidget, QListWidgetItem, QVBoxLayout, QWidget

from pos.i18n import _
from pos.ledger.base import fmt
from pos.ledger.stock.search import ProductRow, search_products
from pos.ui.tasks import TaskManager

DEBOUNCE_MS: Final = 200
RESULTS: Final = 8


class ProductPicker(QWidget):
    """A search field with its results under it; `picked` carries the chosen `ProductRow`."""

    picked = Signal(object)

    def __init__(self, tasks: TaskManager, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.tasks = tasks
        self.field = QLineEdit()
        self.field.setPlaceholderText(_("Find a product: name, SKU or barcode"))
        self.field.setClearButtonEnabled(True)
        self.results = QListWidget()
        # Room for a few results, whole rows only; the rest of the dialog keeps its space.
        self.results.setUniformItemSizes(True)
        self.results.setFixedHeight(self.results.fontMetrics().lineSpacing() * 5 + 2 * self.results.frameWidth() + 2)
        self.results.hide()
        self.found: list[ProductRow] = []
        self._asked = ""
        self._enter_pending = False
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(DEBOUNCE_MS)
        self._timer.timeout.connect(self.search_now)
        self.field.textEdited.connect(lambda _text: self._timer.start())
        self.field.installEventFilter(self)
        self.results.itemActivated.connect(self._activated)
        box = QVBoxLayout(self)
        box.setContentsMargins(0, 0, 0, 0)
        box.setSpacing(4)
        box.addWidget(self.field)
        box.addWidget(self.results)

    def search_now(self) -> None:
        self._timer.stop()
        text = self.field.text().strip()
        self._asked = text
        if not text:
            self._show([])
            return
        self.tasks.read(
            lambda s: search_products(s, text, limit=RESULTS), lambda rows: self._answered(text, rows), lambda _e: None
        )

    def _answered(self, text: str, rows: list[ProductRow]) -> None:
        if text != self._asked:
            return  # an answer to what was typed before
        self._show(rows)
        if self._enter_pending:
            self._enter_pending = False
            self.take_first()

    def _show(self, rows: list[ProductRow]) -> None:
        self.found = rows
        self.results.clear()
        for row in rows:
            text = _("{name}   ·   {price}   ·   on hand {qty} {unit}").format(
                name=row.name, price=fmt.rupiah(row.price), qty=fmt.qty(row.on_hand_milli), unit=row.unit
            )
            self.results.addItem(QListWidgetItem(text))  # its row is its place in `found`
        self.results.setVisible(bool(rows))
        if rows:
            self.results.setCurrentRow(0)

    def take_first(self) -> None:
        chosen = self.results.currentItem()
        if chosen is not None:
            self._activated(chosen)

    def _activated(self, item: QListWidgetItem) -> None:
        index = self.results.row(item)
        if not 0 <= index < len(self.found):
            return
        row = self.found[index]
        self.field.clear()
        self._asked = ""
        self._show([])
        self.picked.emit(row)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.field and isinstance(event, QKeyEvent) and event.type() == QEvent.Type.KeyPress:
            key = event.key()
            if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
                # A scanner types the code and presses Enter at once: wait for the search if it has not run.
                if self._timer.isActive() or self.field.text().strip() != self._asked:
                    self._enter_pending = True
                    self.search_now()
                else:
                    self.take_first()
                return True
            if key in (Qt.Key.Key_Down, Qt.Key.Key_Up) and self.found:
                step = 1 if key == Qt.Key.Key_Down else -1
                self.results.setCurrentRow(max(0, min(len(self.found) - 1, self.results.currentRow() + step)))
                return True
        return False

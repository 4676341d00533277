"""Finding a product by name (F2): results as you type, a page at a time from the core's search, never the catalogue.

Typing restarts a short timer; when it runs out, one `search_products` query goes to the worker. Answers carry
the text they were asked for and only the answer for the text in the field now is shown, so a slow answer to an
old prefix never overwrites a newer one.
"""

from __future__ import annotations

import uuid
from typing import Any, Final

from PySide6.QtCore import QEvent, QModelIndex, QObject, QPersistentModelIndex, Qt, QTimer, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QLabel, QLineEdit, QTableView, QVBoxLayout, QWidget

from pos.i18n import _
from pos.ledger.base import fmt
from pos.ledger.stock.search import ProductRow, search_products
from pos.ui.models import RowsModel
from pos.ui.tasks import TaskManager, failure_message
from pos.ui.widgets.buttons import COMPACT_HEIGHT
from pos.ui.widgets.style import ENTRY_POINT_SIZE, ERROR_TEXT, MUTED_TEXT, TOUCH_HEIGHT, font

DEBOUNCE_MS: Final = 150
_STEPS: Final = {Qt.Key.Key_Up: -1, Qt.Key.Key_Down: 1, Qt.Key.Key_PageUp: -10, Qt.Key.Key_PageDown: 10}
PAGE: Final = 50

_Index = QModelIndex | QPersistentModelIndex
_RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
_LEFT = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter


class ProductResultsModel(RowsModel[ProductRow]):
    """One page of search results: name, price, stock on hand."""

    NAME, PRICE, STOCK = range(3)

    COLUMNS = 3

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        row = self.rows[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            if index.column() == self.NAME:
                return row.name
            if index.column() == self.PRICE:
                return fmt.rupiah(row.price)
            return f"{fmt.qty(row.on_hand_milli)} {row.unit}"
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return _LEFT if index.column() == self.NAME else _RIGHT
        return None

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation != Qt.Orientation.Horizontal:
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return (_("Product"), _("Price"), _("In stock"))[section]
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return _LEFT if section == self.NAME else _RIGHT
        return None


def _looks_scanned(text: str) -> bool:
    # Digits only (after an optional `3*`) and barcode-long: the scanner typed into the search box.
    code = text.split("*", 1)[-1].strip()
    return code.isascii() and code.isdigit() and len(code) >= 8


class SearchPanel(QWidget):
    """The search box and its results. Enter adds the chosen product (`chosen`), Escape closes (`closed`);
    a barcode typed or scanned into the box is passed on as a scan (`scan_typed`)."""

    chosen = Signal(object)
    scan_typed = Signal(str)
    closed = Signal()

    def __init__(self, tasks: TaskManager, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.tasks = tasks
        self.field = QLineEdit()
        self.field.setObjectName("searchField")
        self.field.setPlaceholderText(_("Type part of a name, a code or a barcode…"))
        self.field.setFont(font(self.font(), ENTRY_POINT_SIZE * 0.8))
        self.field.setMinimumHeight(COMPACT_HEIGHT)
        self.field.setClearButtonEnabled(True)
        self.field.textEdited.connect(self._typed)
        self.field.installEventFilter(self)
        self.model = ProductResultsModel(self)
        self.view = QTableView()
        self.view.setObjectName("searchResults")
        self.view.setModel(self.model)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.view.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.view.verticalHeader().hide()
        self.view.setFont(font(self.font(), self.font().pointSizeF() * 1.15))
        # A row and its heading at least: the panel takes the cart's place, on a small screen too.
        self.view.setMinimumHeight(TOUCH_HEIGHT + 30)
        self.view.verticalHeader().setDefaultSectionSize(TOUCH_HEIGHT)
        header = self.view.horizontalHeader()
        header.setSectionResizeMode(ProductResultsModel.NAME, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(ProductResultsModel.PRICE, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(ProductResultsModel.STOCK, QHeaderView.ResizeMode.ResizeToContents)
        self.view.doubleClicked.connect(lambda index: self._choose_row(index.row()))
        self.status = QLabel()
        self.status.setStyleSheet(MUTED_TEXT)
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.setInterval(DEBOUNCE_MS)
        self.timer.timeout.connect(self._search)
        self.shown_for: str | None = None  # the text the results on screen were found for
        self.queries = 0  # how many searches went to the worker, for tests and the benchmark
        self._choose_when_found = False
        box = QVBoxLayout(self)
        box.setContentsMargins(0, 0, 0, 0)
        box.addWidget(self.field)
        box.addWidget(self.view, 1)
        box.addWidget(self.status)

    def start(self, text: str = "") -> None:
        """Show the panel with the focus in its box (and `text` in it)."""
        self.show()
        self.field.setText(text)
        self.field.setFocus()
        self._typed(text)

    def stop(self) -> None:
        self.timer.stop()
        self._choose_when_found = False
        self.hide()
        self.closed.emit()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is not self.field or event.type() != QEvent.Type.KeyPress or not isinstance(event, QKeyEvent):
            return False
        key = event.key()
        step = _STEPS.get(Qt.Key(key))
        if step is not None:
            self._move(step)
            return True
        if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self._enter()
            return True
        if key == Qt.Key.Key_Escape:
            self.stop()
            return True
        return False

    def _typed(self, _text: str) -> None:
        self.timer.start()

    def _search(self) -> None:
        query = self.field.text()
        self.queries += 1

        def found(rows: list[ProductRow]) -> None:
            if query != self.field.text():
                return  # the person has typed on; the newer search will answer
            self.model.set_rows(rows)
            self.shown_for = query
            if rows:
                self.view.selectRow(0)
                self.status.setStyleSheet(MUTED_TEXT)
                self.status.setText(
                    _("First {n} matches shown; type more to narrow them.").format(n=PAGE) if len(rows) >= PAGE else ""
                )
            else:
                self.status.setStyleSheet(MUTED_TEXT)
                self.status.setText(_("No product matches “{text}”.").format(text=query.strip()))
            if self._choose_when_found:
                self._choose_when_found = False
                self._choose_row(self._selected_row())

        def failed(error: BaseException) -> None:
            self.status.setStyleSheet(ERROR_TEXT)
            self.status.setText(failure_message(error))

        self.tasks.read(lambda session: search_products(session, query, limit=PAGE), found, failed)

    def _enter(self) -> None:
        text = self.field.text()
        if _looks_scanned(text):
            self.field.clear()
            self.stop()
            self.scan_typed.emit(text.strip())
            return
        if self.shown_for == text and not self.timer.isActive():
            self._choose_row(self._selected_row())
            return
        # Enter came before the results for this text: choose as soon as they arrive.
        self._choose_when_found = True
        if self.timer.isActive():
            self.timer.stop()
            self._search()

    def _selected_row(self) -> int:
        rows = self.view.selectionModel().selectedRows()
        return rows[0].row() if rows else (0 if self.model.rows else -1)

    def _move(self, step: int) -> None:
        if not self.model.rows:
            return
        row = min(max(self._selected_row() + step, 0), len(self.model.rows) - 1)
        self.view.selectRow(row)

    def _choose_row(self, row: int) -> None:
        if not 0 <= row < len(self.model.rows):
            return
        product_id: uuid.UUID = self.model.rows[row].id
        self.stop()
        self.chosen.emit(product_id)

"""Stok opname: a count sheet with what the system holds, what was counted, and the difference, then booked.

Products come onto the sheet one by one (found or scanned) or a category at a time. Only the rows with a count
typed are booked, through the core's `stock.stock_take`, which values and books the differences.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from typing import Any, Final

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLineEdit, QTableView, QVBoxLayout, QWidget

from pos.i18n import N_, _, ngettext
from pos.ledger.base import fmt
from pos.ledger.base.errors import InvalidInput
from pos.ledger.base.money import Qty
from pos.ledger.books.approvals import Actor
from pos.ledger.stock import products
from pos.ledger.stock.search import ProductRow, search_products
from pos.ledger.stock.stock_levels import stock_take
from pos.ui.changes import Change
from pos.ui.products.picker import ProductPicker
from pos.ui.products.style import ERROR_STYLE, MUTED_STYLE, NEGATIVE, OK_STYLE, UP, button, fit_columns, set_up_table
from pos.ui.tasks import TaskManager, failure_message
from pos.ui.widgets.fitted_dialog import FittedDialog
from pos.ui.widgets.style import label

# A sheet is counted by people walking the shelves; a category larger than this is better counted in parts.
CATEGORY_LIMIT: Final = 2_000

_Index = QModelIndex | QPersistentModelIndex
_RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
_LEFT = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter


class CountSheetModel(QAbstractTableModel):
    """Product, unit, system quantity, counted (typed in place) and the difference."""

    PRODUCT, UNIT, SYSTEM, COUNTED, DIFFERENCE = range(5)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.products: list[ProductRow] = []
        self.counted: list[str] = []

    def add(self, rows: Sequence[ProductRow]) -> int:
        """Put `rows` on the sheet, skipping those already on it; returns how many were added."""
        held = {p.id for p in self.products}
        new = [r for r in rows if r.id not in held]
        if new:
            self.beginInsertRows(QModelIndex(), len(self.products), len(self.products) + len(new) - 1)
            self.products.extend(new)
            self.counted.extend("" for _row in new)
            self.endInsertRows()
        return len(new)

    def row_of(self, product_id: uuid.UUID) -> int | None:
        return next((n for n, p in enumerate(self.products) if p.id == product_id), None)

    def set_counted(self, row: int, text: str) -> None:
        self.setData(self.index(row, self.COUNTED), text)

    def _qty(self, row: int) -> Qty | None:
        """The count typed on `row`, None when blank; raises the core's `InvalidInput` when it cannot be read."""
        text = self.counted[row].strip()
        return Qty.parse(text) if text else None

    def counts(self) -> dict[uuid.UUID, Qty]:
        """The counted rows, as the core takes them; `InvalidInput` naming the product at the first bad count."""
        out: dict[uuid.UUID, Qty] = {}
        for n, product in enumerate(self.products):
            try:
                qty = self._qty(n)
            except InvalidInput as error:
                raise InvalidInput(N_("{product}: {problem}"), product=product.name, problem=str(error)) from error
            if qty is not None:
                out[product.id] = qty
        return out

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008 - Qt's own signature
        return 0 if parent.isValid() else len(self.products)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008 - Qt's own signature
        return 0 if parent.isValid() else 5

    def flags(self, index: _Index) -> Qt.ItemFlag:
        base = super().flags(index)
        return base | Qt.ItemFlag.ItemIsEditable if index.column() == self.COUNTED else base

    def setData(self, index: _Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if not index.isValid() or index.column() != self.COUNTED or role != Qt.ItemDataRole.EditRole:
            return False
        self.counted[index.row()] = str(value or "")
        self.dataChanged.emit(self.index(index.row(), self.COUNTED), self.index(index.row(), self.DIFFERENCE))
        return True

    def _difference(self, row: int) -> int | None:
        try:
            qty = self._qty(row)
        except InvalidInput:
            return None
        return None if qty is None else qty.milli - self.products[row].on_hand_milli

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        n, column = index.row(), index.column()
        product = self.products[n]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole):
            if column == self.PRODUCT:
                return product.name
            if column == self.UNIT:
                return product.unit
            if column == self.SYSTEM:
                return fmt.qty(product.on_hand_milli)
            if column == self.COUNTED:
                return self.counted[n]
            difference = self._difference(n)
            if difference is None:
                return "?" if self.counted[n].strip() else ""
            return ("+" if difference > 0 else "") + fmt.qty(difference)
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return _LEFT if column in (self.PRODUCT, self.UNIT) else _RIGHT
        if role == Qt.ItemDataRole.ForegroundRole:
            if column == self.SYSTEM and product.on_hand_milli < 0:
                return QColor(NEGATIVE)
            if column == self.DIFFERENCE:
                difference = self._difference(n)
                if difference is None and self.counted[n].strip():
                    return QColor(NEGATIVE)
                if difference:
                    return QColor(NEGATIVE if difference < 0 else UP)
        if role == Qt.ItemDataRole.BackgroundRole and column == self.COUNTED:
            return QColor("#fffbe6")  # the column to fill in
        return None

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation != Qt.Orientation.Horizontal:
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return (_("Product"), _("Unit"), _("System"), _("Counted"), _("Difference"))[section]
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return _LEFT if section in (self.PRODUCT, self.UNIT) else _RIGHT
        return None


class StockTakeDialog(FittedDialog):
    """`booked` carries the ids of the products counted once the count is booked."""

    booked = Signal(list)

    def __init__(
        self, tasks: TaskManager, actor: Actor, first: Sequence[ProductRow] = (), parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.tasks = tasks
        self.actor = actor
        self.setWindowTitle(_("Stock take"))
        self.setModal(True)
        self.resize(940, 660)

        self.picker = ProductPicker(tasks)
        self.picker.picked.connect(self._picked)
        self.category = QComboBox()
        self.category.setMinimumWidth(200)
        self.category_button = button(_("Add the whole category"))
        self.category_button.clicked.connect(self.add_category)
        adding = QHBoxLayout()
        adding.addWidget(self.picker, 1)
        adding.addWidget(self.category, 0, Qt.AlignmentFlag.AlignTop)
        adding.addWidget(self.category_button, 0, Qt.AlignmentFlag.AlignTop)

        self.model = CountSheetModel(self)
        self.model.add(first)
        self.table = QTableView()
        self.table.setModel(self.model)
        set_up_table(self.table, stretch=CountSheetModel.PRODUCT)
        fit_columns(self.table, {1: 80, 2: 110, 3: 110, 4: 110})
        self.table.setEditTriggers(QTableView.EditTrigger.AllEditTriggers & ~QTableView.EditTrigger.CurrentChanged)
        self.model.dataChanged.connect(lambda *_args: self._update_summary())
        self.model.rowsInserted.connect(lambda *_args: self._update_summary())

        self.note = QLineEdit()
        self.note.setMaxLength(200)
        self.note.setPlaceholderText(_("Note (optional), e.g. the shelf or who counted"))
        self.summary = label(style=MUTED_STYLE)
        self.status = label()
        self.status.setWordWrap(True)
        self.cancel_button = button(_("Cancel"))
        self.cancel_button.clicked.connect(self.reject)
        self.book_button = button(_("Book the count"), main=True)
        self.book_button.clicked.connect(self.book)
        buttons = QHBoxLayout()
        buttons.addWidget(self.summary, 1)
        buttons.addWidget(self.cancel_button)
        buttons.addWidget(self.book_button)

        box = QVBoxLayout(self)
        box.setContentsMargins(24, 18, 24, 18)
        box.setSpacing(10)
        box.addWidget(label(_("Stock take"), factor=1.4, bold=True))
        hint = label(_("Type what is on the shelf in the Counted column; rows left blank are not booked."))
        hint.setStyleSheet(MUTED_STYLE)
        box.addWidget(hint)
        box.addLayout(adding)
        box.addWidget(self.table, 1)
        box.addWidget(self.note)
        box.addWidget(self.status)
        box.addLayout(buttons)
        self._update_summary()
        self.tasks.read(products.categories, self._show_categories, self._failed)

    def _show_categories(self, found: list[tuple[uuid.UUID, str]]) -> None:
        for category_id, name in found:
            self.category.addItem(name, category_id)
        self.category_button.setEnabled(bool(found))

    def _picked(self, row: ProductRow) -> None:
        self.model.add([row])
        n = self.model.row_of(row.id)
        if n is not None:
            index = self.model.index(n, CountSheetModel.COUNTED)
            self.table.setCurrentIndex(index)
            self.table.edit(index)

    def add_category(self) -> None:
        category_id = self.category.currentData()
        if category_id is None:
            return
        self.category_button.setEnabled(False)
        self.tasks.read(
            lambda s: search_products(s, "", limit=CATEGORY_LIMIT, category_id=category_id),
            self._category_read,
            self._failed,
        )

    def _category_read(self, rows: list[ProductRow]) -> None:
        self.category_button.setEnabled(True)
        added = self.model.add(rows)
        text = ngettext("{n} product added to the sheet.", "{n} products added to the sheet.", added).format(n=added)
        if len(rows) >= CATEGORY_LIMIT:
            text += " " + _("Only the first {n} of the category; count the rest on another sheet.").format(
                n=CATEGORY_LIMIT
            )
        self.say(text)

    def _update_summary(self) -> None:
        filled = sum(1 for text in self.model.counted if text.strip())
        self.summary.setText(_("{counted} of {listed} counted").format(counted=filled, listed=len(self.model.products)))

    def book(self) -> None:
        if not self.book_button.isEnabled():
            return
        try:
            counted = self.model.counts()
        except InvalidInput as error:
            self.say(str(error), error=True)
            return
        if not counted:
            self.say(_("Type at least one count."), error=True)
            return
        actor, note = self.actor, self.note.text()
        self.book_button.setEnabled(False)
        self.say(_("Booking…"))
        self.tasks.write(
            lambda s: stock_take(s, actor.user_id, counted, note), {Change.STOCK}, self._booked, self._book_failed
        )

    def _booked(self, _count_id: uuid.UUID) -> None:
        self.book_button.setEnabled(True)
        self.booked.emit([p.id for n, p in enumerate(self.model.products) if self.model.counted[n].strip()])
        self.accept()

    def _book_failed(self, error: BaseException) -> None:
        self.book_button.setEnabled(True)
        self._failed(error)

    def _failed(self, error: BaseException) -> None:
        self.say(failure_message(error), error=True)

    def say(self, text: str, *, error: bool = False, ok: bool = False) -> None:
        self.status.setText(text)
        self.status.setStyleSheet(ERROR_STYLE if error else OK_STYLE if ok else MUTED_STYLE)

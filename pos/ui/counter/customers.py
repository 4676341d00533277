"""Choosing the customer (F4, or for kasbon): a search over the core's customer list with what each owes."""

from __future__ import annotations

from typing import Any, Final

from PySide6.QtCore import QEvent, QModelIndex, QObject, QPersistentModelIndex, Qt, QTimer, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLineEdit,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from pos.i18n import _
from pos.ledger.base import fmt
from pos.ledger.people.customers import CustomerRow, list_customers
from pos.ui.models import RowsModel
from pos.ui.tasks import TaskManager, failure_message
from pos.ui.widgets.buttons import BigButton
from pos.ui.widgets.fitted_dialog import FittedDialog
from pos.ui.widgets.style import ERROR_TEXT, MUTED_TEXT, TOUCH_HEIGHT, label

DEBOUNCE_MS: Final = 150
PAGE: Final = 50

_Index = QModelIndex | QPersistentModelIndex
_RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
_LEFT = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter


class CustomerModel(RowsModel[CustomerRow]):
    NAME, PHONE, OWES, LIMIT = range(4)

    COLUMNS = 4

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        row = self.rows[index.row()]
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return (row.name, row.phone, fmt.rupiah(row.balance), fmt.rupiah(row.credit_limit))[column]
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return _RIGHT if column in (self.OWES, self.LIMIT) else _LEFT
        return None

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation != Qt.Orientation.Horizontal:
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return (_("Customer"), _("Phone"), _("Owes"), _("Credit limit"))[section]
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return _RIGHT if section in (self.OWES, self.LIMIT) else _LEFT
        return None


class CustomerPicker(FittedDialog):
    """Type part of a name or phone number; Enter takes the highlighted customer, a click the one clicked
    (`chosen`)."""

    chosen = Signal(object)
    """The `CustomerRow` chosen, or None for "no customer"."""

    def __init__(self, tasks: TaskManager, parent: QWidget | None = None, *, allow_none: bool = False) -> None:
        super().__init__(parent)
        self.tasks = tasks
        self.setWindowTitle(_("Choose the customer"))
        self.setModal(True)
        self.resize(760, 520)
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.setInterval(DEBOUNCE_MS)
        self.timer.timeout.connect(self.search)
        self.field = QLineEdit()
        self.field.setObjectName("customerSearch")
        self.field.setPlaceholderText(_("Part of the name or phone number…"))
        self.field.setMinimumHeight(TOUCH_HEIGHT)
        self.field.textEdited.connect(lambda _text: self.timer.start())
        self.field.installEventFilter(self)
        self.model = CustomerModel(self)
        self.view = QTableView()
        self.view.setModel(self.model)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.view.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.view.verticalHeader().hide()
        self.view.verticalHeader().setDefaultSectionSize(TOUCH_HEIGHT)
        self.view.horizontalHeader().setSectionResizeMode(CustomerModel.NAME, QHeaderView.ResizeMode.Stretch)
        for column in (CustomerModel.PHONE, CustomerModel.OWES, CustomerModel.LIMIT):
            self.view.horizontalHeader().setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        # One tap (or click) on a customer chooses them, as on a phone's list.
        self.view.clicked.connect(lambda index: self._choose(index.row()))
        self.status = label(style=MUTED_TEXT)
        self.shown_for: str | None = None
        buttons = QHBoxLayout()
        buttons.addWidget(BigButton(_("Cancel"), Qt.Key.Key_Escape, on_click=self.reject))
        if allow_none:
            buttons.addWidget(BigButton(_("No customer"), on_click=self._none))
        buttons.addWidget(BigButton(_("Choose"), "Enter", kind="primary", on_click=lambda: self._choose(self._row())))
        box = QVBoxLayout(self)
        box.addWidget(label(_("Choose the customer"), factor=1.4, bold=True))
        box.addWidget(self.field)
        box.addWidget(self.view, 1)
        box.addWidget(self.status)
        box.addLayout(buttons)
        self.search()

    def search(self) -> None:
        query = self.field.text()

        def found(rows: list[CustomerRow]) -> None:
            if query != self.field.text():
                return
            self.shown_for = query
            self.model.set_rows(rows)
            if rows:
                self.view.selectRow(0)
            self.status.setStyleSheet(MUTED_TEXT)
            self.status.setText("" if rows else _("No customer matches."))

        def failed(error: BaseException) -> None:
            self.status.setStyleSheet(ERROR_TEXT)
            self.status.setText(failure_message(error))

        self.tasks.read(lambda session: list_customers(session, query, limit=PAGE), found, failed)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is not self.field or event.type() != QEvent.Type.KeyPress or not isinstance(event, QKeyEvent):
            return False
        if event.key() in (Qt.Key.Key_Up, Qt.Key.Key_Down) and self.model.rows:
            step = -1 if event.key() == Qt.Key.Key_Up else 1
            self.view.selectRow(min(max(self._row() + step, 0), len(self.model.rows) - 1))
            return True
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            if self.timer.isActive() or self.shown_for != self.field.text():
                self.timer.stop()
                self.search()  # the answer for what is typed now; Enter again takes it
                return True
            self._choose(self._row())
            return True
        return False

    def _row(self) -> int:
        rows = self.view.selectionModel().selectedRows()
        return rows[0].row() if rows else (0 if self.model.rows else -1)

    def _choose(self, row: int) -> None:
        if 0 <= row < len(self.model.rows):
            self.chosen.emit(self.model.rows[row])
            self.accept()

    def _none(self) -> None:
        self.chosen.emit(None)
        self.accept()

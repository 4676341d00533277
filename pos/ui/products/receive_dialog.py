"""Receiving goods from a supplier: the products and what they cost, paid in cash, from the bank, or owed.

The booking is the core's `purchases.receive_goods` on the database worker; stock, average cost and the books
follow from it.
"""

from __future__ import annotations

import uuid
from contextlib import suppress
from dataclasses import dataclass

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QButtonGroup,
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLineEdit,
    QRadioButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from pos.i18n import N_, _
from pos.ledger.base import fmt
from pos.ledger.base.db import Database
from pos.ledger.base.errors import InvalidInput
from pos.ledger.books.approvals import Actor
from pos.ledger.stock.purchases import PurchaseItem, add_supplier, receive_goods, suppliers
from pos.ledger.stock.search import ProductRow
from pos.ui.products.fields import AmountEdit, QtyEdit
from pos.ui.products.picker import ProductPicker
from pos.ui.products.style import ERROR_STYLE, MUTED_STYLE, OK_STYLE, TABLE, button, fit_columns
from pos.ui.tasks import TaskManager, failure_message
from pos.ui.widgets.fitted_dialog import FittedDialog
from pos.ui.widgets.style import label

PAID_WITH = (
    ("cash", N_("Cash")),
    ("bank", N_("From the bank")),
    ("credit", N_("On credit (owed to the supplier)")),
)


def read_suppliers(db: Database) -> list[tuple[uuid.UUID, str, int]]:
    with db.read() as session:
        return suppliers(session)


def write_supplier(db: Database, name: str) -> tuple[uuid.UUID, str]:
    with db.write() as session:
        return add_supplier(session, name), name.strip()


def write_receipt(
    db: Database,
    actor: Actor,
    items: list[PurchaseItem],
    supplier_id: uuid.UUID | None,
    paid_with: str,
    invoice_no: str,
) -> uuid.UUID:
    with db.write() as session:
        return receive_goods(session, actor, items, supplier_id=supplier_id, paid_with=paid_with, invoice_no=invoice_no)


@dataclass
class _Line:
    product: ProductRow
    qty: QtyEdit
    total: AmountEdit


class ReceiveDialog(FittedDialog):
    """`received` carries the ids of the products received once the goods are booked."""

    received = Signal(list)

    PRODUCT, QTY, UNIT, TOTAL, LAST_COST = range(5)

    def __init__(
        self, tasks: TaskManager, actor: Actor, first: ProductRow | None = None, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.tasks = tasks
        self.actor = actor
        self.lines: list[_Line] = []
        self.setWindowTitle(_("Receive goods"))
        self.setModal(True)
        self.resize(920, 660)

        self.supplier = QComboBox()
        self.supplier.setMinimumWidth(320)
        self.supplier.addItem(_("No supplier"), None)
        self.new_supplier = QLineEdit()
        self.new_supplier.setPlaceholderText(_("New supplier's name"))
        self.add_supplier_button = button(_("Add supplier"))
        self.add_supplier_button.clicked.connect(self.add_new_supplier)
        self.new_supplier.returnPressed.connect(self.add_new_supplier)
        supplier_row = QHBoxLayout()
        supplier_row.addWidget(self.supplier, 1)
        supplier_row.addWidget(self.new_supplier, 1)
        supplier_row.addWidget(self.add_supplier_button)

        self.paid_with = QButtonGroup(self)
        paid_row = QHBoxLayout()
        for n, (key, text) in enumerate(PAID_WITH):
            choice = QRadioButton(_(text))
            choice.setProperty("key", key)
            choice.setChecked(n == 0)
            self.paid_with.addButton(choice, n)
            paid_row.addWidget(choice)
        paid_row.addStretch(1)
        self.invoice = QLineEdit()
        self.invoice.setMaxLength(40)
        self.invoice.setMaximumWidth(260)

        form = QFormLayout()
        form.setVerticalSpacing(9)
        form.addRow(_("Supplier"), supplier_row)
        form.addRow(_("Payment"), paid_row)
        form.addRow(_("Invoice no."), self.invoice)

        self.picker = ProductPicker(tasks)
        self.picker.picked.connect(lambda row: self.add_line(row))
        self.table = QTableWidget(0, 5)
        self.table.setHorizontalHeaderLabels(
            [_("Product"), _("Quantity"), _("Unit"), _("Total cost"), _("Last cost per unit")]
        )
        self.table.setStyleSheet(TABLE)
        self.table.setShowGrid(False)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        self.table.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 16)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(self.PRODUCT, QHeaderView.ResizeMode.Stretch)
        fit_columns(self.table, {self.QTY: 90, self.UNIT: 80, self.TOTAL: 150, self.LAST_COST: 150})
        self.remove_button = button(_("Remove line"))
        self.remove_button.clicked.connect(self.remove_selected)
        self.total = label(bold=True)
        self.total.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        under = QHBoxLayout()
        under.addWidget(self.remove_button)
        under.addStretch(1)
        under.addWidget(self.total)

        self.status = label()
        self.status.setWordWrap(True)
        self.cancel_button = button(_("Cancel"))
        self.cancel_button.clicked.connect(self.reject)
        self.book_button = button(_("Book the goods"), main=True)
        self.book_button.clicked.connect(self.book)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.cancel_button)
        buttons.addWidget(self.book_button)

        box = QVBoxLayout(self)
        box.setContentsMargins(24, 18, 24, 18)
        box.setSpacing(10)
        box.addWidget(label(_("Receive goods"), factor=1.4, bold=True))
        box.addLayout(form)
        box.addWidget(label(_("Products received"), bold=True))
        box.addWidget(self.picker)
        box.addWidget(self.table, 1)
        box.addLayout(under)
        box.addWidget(self.status)
        box.addLayout(buttons)

        if first is not None:
            self.add_line(first)
        self._update_total()
        self.tasks.run_db(read_suppliers, self._show_suppliers, self._failed)

    # --- suppliers ----------------------------------------------------------------------------------------------

    def _show_suppliers(self, found: list[tuple[uuid.UUID, str, int]]) -> None:
        for supplier_id, name, owed in found:
            text = name if not owed else _("{name} (owed {amount})").format(name=name, amount=fmt.rupiah(owed))
            self.supplier.addItem(text, supplier_id)

    def add_new_supplier(self) -> None:
        name = self.new_supplier.text()
        if not name.strip():
            self.new_supplier.setFocus()
            return
        self.add_supplier_button.setEnabled(False)
        self.tasks.run_db(lambda db: write_supplier(db, name), self._supplier_added, self._supplier_failed)

    def _supplier_added(self, added: tuple[uuid.UUID, str]) -> None:
        supplier_id, name = added
        self.add_supplier_button.setEnabled(True)
        self.new_supplier.clear()
        self.supplier.addItem(name, supplier_id)
        self.supplier.setCurrentIndex(self.supplier.count() - 1)

    def _supplier_failed(self, error: BaseException) -> None:
        self.add_supplier_button.setEnabled(True)
        self._failed(error)

    def choose_paid_with(self, key: str) -> None:
        for choice in self.paid_with.buttons():
            choice.setChecked(choice.property("key") == key)

    # --- lines --------------------------------------------------------------------------------------------------

    def add_line(self, product: ProductRow, qty: str = "", total: str = "") -> _Line:
        """A line for `product` (a product already listed is focused instead of listed twice)."""
        for n, line in enumerate(self.lines):
            if line.product.id == product.id:
                self.table.selectRow(n)
                line.qty.setFocus()
                return line
        line = _Line(product, QtyEdit(), AmountEdit())
        line.qty.setText(qty)
        line.total.setText(total)
        line.total.editingFinished.connect(self._update_total)
        line.total.textChanged.connect(lambda _t: self._update_total())
        n = len(self.lines)
        self.lines.append(line)
        self.table.setRowCount(n + 1)
        self.table.setItem(n, self.PRODUCT, QTableWidgetItem(product.name))
        self.table.setCellWidget(n, self.QTY, line.qty)
        self.table.setItem(n, self.UNIT, QTableWidgetItem(product.unit))
        self.table.setCellWidget(n, self.TOTAL, line.total)
        last = QTableWidgetItem(fmt.rupiah(product.cost))
        last.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self.table.setItem(n, self.LAST_COST, last)
        line.qty.setFocus()
        self._update_total()
        return line

    def remove_selected(self) -> None:
        n = self.table.currentRow()
        if 0 <= n < len(self.lines):
            del self.lines[n]
            self.table.removeRow(n)
            self._update_total()

    def _update_total(self) -> None:
        total = 0
        for line in self.lines:
            with suppress(InvalidInput):  # a figure that cannot be read is shown when the goods are booked
                total += line.total.amount().rupiah
        self.total.setText(_("Total {amount}").format(amount=fmt.rupiah(total)))

    def items(self) -> list[PurchaseItem]:
        """The lines as the core takes them; `InvalidInput` naming the product when a figure cannot be read."""
        out: list[PurchaseItem] = []
        for line in self.lines:
            try:
                out.append(PurchaseItem(line.product.id, line.qty.qty(), line.total.amount()))
            except InvalidInput as error:
                raise InvalidInput(N_("{product}: {problem}"), product=line.product.name, problem=str(error)) from error
        return out

    # --- booking ------------------------------------------------------------------------------------------------

    def book(self) -> None:
        if not self.book_button.isEnabled():
            return
        try:
            items = self.items()
        except InvalidInput as error:
            self.say(str(error), error=True)
            return
        checked = self.paid_with.checkedButton()
        paid_with = str(checked.property("key")) if checked is not None else "cash"
        actor, supplier_id, invoice = self.actor, self.supplier.currentData(), self.invoice.text()
        self.book_button.setEnabled(False)
        self.say(_("Booking…"))
        self.tasks.run_db(
            lambda db: write_receipt(db, actor, items, supplier_id, paid_with, invoice), self._booked, self._book_failed
        )

    def _booked(self, _purchase_id: uuid.UUID) -> None:
        self.book_button.setEnabled(True)
        self.received.emit([line.product.id for line in self.lines])
        self.accept()

    def _book_failed(self, error: BaseException) -> None:
        self.book_button.setEnabled(True)
        self._failed(error)

    def _failed(self, error: BaseException) -> None:
        self.say(failure_message(error), error=True)

    def say(self, text: str, *, error: bool = False, ok: bool = False) -> None:
        self.status.setText(text)
        self.status.setStyleSheet(ERROR_STYLE if error else OK_STYLE if ok else MUTED_STYLE)

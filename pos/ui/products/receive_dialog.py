"""Receiving goods from a supplier: the products and what they cost, paid in cash, from the bank, or owed (with
the day the debt is due); goods that track expiry with their expiry date and batch number; or goods a consignor
leaves on consignment, with their terms.

The booking is the core's `purchases.receive_goods` (or `consignment_receiving.receive_on_terms`) on the database
worker; stock, average cost and the books follow from it.
"""

from __future__ import annotations

import datetime as dt
import uuid
from contextlib import suppress
from dataclasses import dataclass

from PySide6.QtCore import QDate, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QDateEdit,
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
from pos.ledger.base.errors import InvalidInput
from pos.ledger.books.approvals import Actor
from pos.ledger.setup.settings_form import percent_bp
from pos.ledger.stock.consignment_receiving import ConsignedItem, receive_on_terms
from pos.ledger.stock.purchases import PurchaseItem, receive_goods
from pos.ledger.stock.search import ProductRow
from pos.ui.changes import Change
from pos.ui.products.fields import AmountEdit, QtyEdit
from pos.ui.products.picker import ProductPicker
from pos.ui.products.receiving_work import ReceivingFacts, read_suppliers, read_tracking, write_supplier
from pos.ui.products.style import ERROR_STYLE, MUTED_STYLE, OK_STYLE, TABLE, button, fit_columns
from pos.ui.tasks import TaskManager, failure_message
from pos.ui.widgets.fitted_dialog import FittedDialog
from pos.ui.widgets.style import label

PAID_WITH = (
    ("cash", N_("Cash")),
    ("bank", N_("From the bank")),
    ("credit", N_("On credit (owed to the supplier)")),
    ("consign", N_("Left on consignment (titip jual)")),
)
DUE_IN_DAYS = 30  # the due date first offered for goods on credit


def _qdate(day: dt.date) -> QDate:
    return QDate(day.year, day.month, day.day)


def _date_edit(day: dt.date) -> QDateEdit:
    edit = QDateEdit(_qdate(day))
    edit.setCalendarPopup(True)
    edit.setDisplayFormat("dd-MM-yyyy")
    return edit


@dataclass
class _Line:
    product: ProductRow
    qty: QtyEdit
    total: AmountEdit
    expires: QDateEdit
    batch: QLineEdit
    tracks: bool = False

    def expiry(self) -> dt.date | None:
        day = self.expires.date().toPython()
        return day if self.tracks and isinstance(day, dt.date) else None


class ReceiveDialog(FittedDialog):
    """`received` carries the ids of the products received once the goods are booked."""

    received = Signal(list)

    PRODUCT, QTY, UNIT, TOTAL, EXPIRES, BATCH, LAST_COST = range(7)

    def __init__(
        self, tasks: TaskManager, actor: Actor, first: ProductRow | None = None, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.tasks = tasks
        self.actor = actor
        self.lines: list[_Line] = []
        self.today = dt.date.today()  # until the shop's own day is read
        self.setWindowTitle(_("Receive goods"))
        self.setModal(True)
        self.resize(1040, 660)

        form = self._build_form()
        under = self._build_lines()
        buttons = self._build_buttons()

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
        self._paid_with_changed()
        self.tasks.read(read_suppliers, self._show_suppliers, self._failed)

    def _build_form(self) -> QFormLayout:
        """Who the goods came from and how they are paid: the form over the lines."""
        supplier_row = self._build_supplier_row()
        paid_row = self._build_payment_row()
        self._build_terms()
        form = QFormLayout()
        form.setVerticalSpacing(9)
        form.addRow(_("Supplier"), supplier_row)
        form.addRow(_("Payment"), paid_row)
        form.addRow(_("Invoice no."), self.invoice)
        form.addRow(_("Debt due"), self.due_row)
        form.addRow(_("Shop's commission"), self.commission_row)
        self.form = form
        return form

    def _build_supplier_row(self) -> QHBoxLayout:
        """The supplier, or a new one added on the spot."""
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
        return supplier_row

    def _build_payment_row(self) -> QHBoxLayout:
        """How the goods are paid: cash, from the bank, on credit or left on consignment."""
        self.paid_with = QButtonGroup(self)
        paid_row = QHBoxLayout()
        for n, (key, text) in enumerate(PAID_WITH):
            choice = QRadioButton(_(text))
            choice.setProperty("key", key)
            choice.setChecked(n == 0)
            self.paid_with.addButton(choice, n)
            paid_row.addWidget(choice)
        paid_row.addStretch(1)
        self.paid_with.idToggled.connect(lambda _id, _on: self._paid_with_changed())
        return paid_row

    def _build_terms(self) -> None:
        """The debt's due date, the shop's commission on consigned goods, and the invoice number."""
        self.has_due = QCheckBox(_("Pay by"))
        self.has_due.setChecked(True)
        self.due = _date_edit(self.today + dt.timedelta(days=DUE_IN_DAYS))
        self.has_due.toggled.connect(self.due.setEnabled)
        self.due_row = QWidget()
        due_box = QHBoxLayout(self.due_row)
        due_box.setContentsMargins(0, 0, 0, 0)
        due_box.addWidget(self.has_due)
        due_box.addWidget(self.due)
        due_box.addStretch(1)
        self.commission = QLineEdit()
        self.commission.setMaximumWidth(120)
        self.commission.setPlaceholderText("20")
        self.commission_row = QWidget()
        commission_box = QHBoxLayout(self.commission_row)
        commission_box.setContentsMargins(0, 0, 0, 0)
        commission_box.addWidget(self.commission)
        commission_box.addWidget(
            label(_("% of each sale, for lines without the consignor's price a unit"), style=MUTED_STYLE), 1
        )
        self.invoice = QLineEdit()
        self.invoice.setMaxLength(40)
        self.invoice.setMaximumWidth(260)

    def _build_lines(self) -> QHBoxLayout:
        """The product search, the lines received, and the row under them (remove, total)."""
        self.picker = ProductPicker(self.tasks)
        self.picker.picked.connect(lambda row: self.add_line(row))
        self.table = QTableWidget(0, 7)
        self.table.setHorizontalHeaderLabels(
            [
                _("Product"),
                _("Quantity"),
                _("Unit"),
                _("Total cost"),
                _("Expires"),
                _("Batch no."),
                _("Last cost per unit"),
            ]
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
        fit_columns(
            self.table,
            {self.QTY: 90, self.UNIT: 70, self.TOTAL: 150, self.EXPIRES: 130, self.BATCH: 110, self.LAST_COST: 130},
        )
        self.remove_button = button(_("Remove line"))
        self.remove_button.clicked.connect(self.remove_selected)
        self.total = label(bold=True)
        self.total.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        under = QHBoxLayout()
        under.addWidget(self.remove_button)
        under.addStretch(1)
        under.addWidget(self.total)
        return under

    def _build_buttons(self) -> QHBoxLayout:
        """The status line, and Cancel and Book."""
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
        return buttons

    # --- suppliers ----------------------------------------------------------------------------------------------

    def _show_suppliers(self, facts: ReceivingFacts) -> None:
        self.today = facts.today
        self.due.setDate(_qdate(facts.today + dt.timedelta(days=DUE_IN_DAYS)))
        for supplier_id, name, owed in facts.suppliers:
            text = name if not owed else _("{name} (owed {amount})").format(name=name, amount=fmt.rupiah(owed))
            self.supplier.addItem(text, supplier_id)

    def add_new_supplier(self) -> None:
        name = self.new_supplier.text()
        if not name.strip():
            self.new_supplier.setFocus()
            return
        self.add_supplier_button.setEnabled(False)
        self.tasks.write(
            lambda s: write_supplier(s, name), {Change.SUPPLIERS}, self._supplier_added, self._supplier_failed
        )

    def _supplier_added(self, added: tuple[uuid.UUID, str]) -> None:
        supplier_id, name = added
        self.add_supplier_button.setEnabled(True)
        self.new_supplier.clear()
        self.supplier.addItem(name, supplier_id)
        self.supplier.setCurrentIndex(self.supplier.count() - 1)

    def _supplier_failed(self, error: BaseException) -> None:
        self.add_supplier_button.setEnabled(True)
        self._failed(error)

    def choose_supplier(self, supplier_id: uuid.UUID | None) -> None:
        # Compared in Python: Qt's findData does not match a UUID held as a Python object.
        index = next((i for i in range(self.supplier.count()) if self.supplier.itemData(i) == supplier_id), -1)
        if index >= 0:
            self.supplier.setCurrentIndex(index)

    def choose_paid_with(self, key: str) -> None:
        for choice in self.paid_with.buttons():
            choice.setChecked(choice.property("key") == key)

    def paid_with_key(self) -> str:
        checked = self.paid_with.checkedButton()
        return str(checked.property("key")) if checked is not None else "cash"

    def _paid_with_changed(self) -> None:
        key = self.paid_with_key()
        self.form.setRowVisible(self.due_row, key == "credit")
        self.form.setRowVisible(self.commission_row, key == "consign")
        self.invoice.setEnabled(key != "consign")
        header = self.table.horizontalHeaderItem(self.TOTAL)
        if header is not None:
            header.setText(_("Consignor's price a unit") if key == "consign" else _("Total cost"))

    # --- lines --------------------------------------------------------------------------------------------------

    def add_line(self, product: ProductRow, qty: str = "", total: str = "") -> _Line:
        """A line for `product` (a product already listed is focused instead of listed twice)."""
        for n, line in enumerate(self.lines):
            if line.product.id == product.id:
                self.table.selectRow(n)
                line.qty.setFocus()
                return line
        line = _Line(product, QtyEdit(), AmountEdit(), _date_edit(self.today), QLineEdit())
        line.expires.setEnabled(False)
        line.batch.setEnabled(False)
        line.batch.setMaxLength(40)
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
        self.table.setCellWidget(n, self.EXPIRES, line.expires)
        self.table.setCellWidget(n, self.BATCH, line.batch)
        self.tasks.read(lambda s: read_tracking(s, product.id), self._show_tracking, self._failed)
        last = QTableWidgetItem(fmt.rupiah(product.cost))
        last.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self.table.setItem(n, self.LAST_COST, last)
        line.qty.setFocus()
        self._update_total()
        return line

    def _show_tracking(self, found: tuple[uuid.UUID, bool]) -> None:
        product_id, tracks = found
        for line in self.lines:
            if line.product.id == product_id:
                line.tracks = tracks
                line.expires.setEnabled(tracks)
                line.batch.setEnabled(tracks)
                line.expires.setToolTip("" if tracks else _("This product does not track expiry dates."))

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
                out.append(
                    PurchaseItem(
                        line.product.id, line.qty.qty(), line.total.amount(), line.expiry(), line.batch.text().strip()
                    )
                )
            except InvalidInput as error:
                raise InvalidInput(N_("{product}: {problem}"), product=line.product.name, problem=str(error)) from error
        return out

    def consigned_items(self) -> list[ConsignedItem]:
        """The lines as goods left on consignment: the price column is the consignor's price a unit; a line
        without one takes the commission typed above it."""
        commission = percent_bp("commission", self.commission.text()) if self.commission.text().strip() else None
        out: list[ConsignedItem] = []
        for line in self.lines:
            try:
                price = line.total.amount_or_none()
                qty = line.qty.qty()
            except InvalidInput as error:
                raise InvalidInput(N_("{product}: {problem}"), product=line.product.name, problem=str(error)) from error
            if price is not None:
                out.append(ConsignedItem(line.product.id, qty, price=price.rupiah))
            else:
                out.append(ConsignedItem(line.product.id, qty, commission_bp=commission))
        return out

    # --- booking ------------------------------------------------------------------------------------------------

    def book(self) -> None:
        if not self.book_button.isEnabled():
            return
        paid_with = self.paid_with_key()
        actor, supplier_id, invoice = self.actor, self.supplier.currentData(), self.invoice.text()
        if paid_with == "consign":
            try:
                left = self.consigned_items()
            except InvalidInput as error:
                self.say(str(error), error=True)
                return
            if supplier_id is None:
                self.say(_("Choose the consignor who left the goods."), error=True)
                return
            self.book_button.setEnabled(False)
            self.say(_("Booking…"))
            self.tasks.write(
                lambda s: receive_on_terms(s, actor, supplier_id, left, note=invoice),
                {Change.STOCK, Change.SUPPLIERS},
                self._booked,
                self._book_failed,
            )
            return
        try:
            items = self.items()
        except InvalidInput as error:
            self.say(str(error), error=True)
            return
        due_on = None
        if paid_with == "credit" and self.has_due.isChecked():
            day = self.due.date().toPython()
            due_on = day if isinstance(day, dt.date) else None
        self.book_button.setEnabled(False)
        self.say(_("Booking…"))
        self.tasks.write(
            lambda s: receive_goods(
                s, actor, items, supplier_id=supplier_id, paid_with=paid_with, invoice_no=invoice, due_on=due_on
            ),
            {Change.STOCK, Change.SUPPLIERS, Change.MONEY},
            self._booked,
            self._book_failed,
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

"""The suppliers section: who the shop buys from and owes, adding a supplier, and paying one off."""

from __future__ import annotations

import uuid

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QHBoxLayout, QLineEdit, QVBoxLayout, QWidget

from pos import i18n
from pos.i18n import N_, _
from pos.ledger.base import fmt
from pos.ledger.stock.purchase_history import SupplierRow
from pos.ledger.stock.purchases import PAID_WITH, add_supplier
from pos.ui.changes import Change
from pos.ui.money.forms import AccountChoice
from pos.ui.money.reading import MoneyView, import_supplier_sheet
from pos.ui.sheet_import import SheetImportDialog
from pos.ui.tasks import TaskManager, failure_message
from pos.ui.widgets.buttons import BigButton
from pos.ui.widgets.entry_form import BUTTON_HEIGHT, EntryForm, caption
from pos.ui.widgets.form_dialog import FormDialog
from pos.ui.widgets.record_table import Column, RecordModel, record_view, selected_row
from pos.ui.widgets.side_by_side import SideBySide
from pos.ui.widgets.style import BAD, TOUCH_HEIGHT

SUPPLIER_COLUMNS: tuple[Column[SupplierRow], ...] = (
    Column(N_("Supplier"), lambda r: r.name),
    Column(N_("Phone"), lambda r: r.phone),
    Column(N_("Address"), lambda r: r.address),
    Column(N_("Last purchase"), lambda r: fmt.date(r.last_purchase, i18n.language()) if r.last_purchase else ""),
    Column(N_("We owe"), lambda r: fmt.rupiah(r.owed), right=True, colour=lambda r: BAD if r.owed else None),
)
# How the core names the money a supplier is paid with, by the account it comes out of.
PAID_FROM = {account: method for method, account in PAID_WITH.items()}


class SupplierDialog(FormDialog):
    """A new supplier: name, phone and address. `saved` carries its id once written."""

    saved = Signal(object)

    def __init__(self, tasks: TaskManager, parent: QWidget | None = None) -> None:
        super().__init__(_("Add a supplier"), _("Save"), parent)
        self.tasks = tasks
        self.name = QLineEdit()
        self.name.setObjectName("supplierName")
        self.phone = QLineEdit()
        self.address = QLineEdit()
        for field, length in ((self.name, 120), (self.phone, 32), (self.address, 200)):
            field.setMinimumHeight(TOUCH_HEIGHT)
            field.setMaxLength(length)
        self.form.addRow(caption(_("Name")), self.name)
        self.form.addRow(caption(_("Phone")), self.phone)
        self.form.addRow(caption(_("Address")), self.address)
        self.submitted.connect(self.save)
        self.name.setFocus()

    def save(self) -> None:
        name, phone, address = self.name.text(), self.phone.text(), self.address.text()
        self.set_busy(True)

        def done(supplier_id: uuid.UUID) -> None:
            self.set_busy(False)
            self.saved.emit(supplier_id)
            self.accept()

        def failed(error: BaseException) -> None:
            self.set_busy(False)
            self.say(failure_message(error), error=True)

        self.tasks.write(
            lambda session: add_supplier(session, name, phone=phone, address=address), {Change.SUPPLIERS}, done, failed
        )


class SuppliersTab(QWidget):
    """The supplier list beside the form that pays the one chosen."""

    pay_requested = Signal(object, object, str, str)
    """(supplier id, amount, paid_with "cash" or "bank", note)."""
    purchases_requested = Signal(object)
    receive_requested = Signal(object)
    added = Signal(object)

    def __init__(self, tasks: TaskManager, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.tasks = tasks
        self.view_data: MoneyView | None = None
        self.dialog: SupplierDialog | None = None
        self.import_dialog: SheetImportDialog | None = None
        self._said_for: uuid.UUID | None = None
        self.model = RecordModel(SUPPLIER_COLUMNS, self)
        self.table = record_view(self.model, stretch=2)
        self.table.selectionModel().selectionChanged.connect(lambda *_args: self._chosen())
        self.add_button = BigButton(_("Add supplier"), height=BUTTON_HEIGHT, on_click=self.add_supplier)
        self.import_button = BigButton(_("Import…"), height=BUTTON_HEIGHT, on_click=self.import_suppliers)
        self.receive_button = BigButton(
            _("Receive goods"), height=BUTTON_HEIGHT, on_click=lambda: self.receive_requested.emit(self.supplier_id())
        )
        self.purchases_button = BigButton(
            _("Purchases from this supplier"),
            height=BUTTON_HEIGHT,
            on_click=lambda: self.purchases_requested.emit(self.supplier_id()),
        )
        buttons = QHBoxLayout()
        buttons.addWidget(self.add_button)
        buttons.addWidget(self.import_button)
        buttons.addWidget(self.receive_button)
        buttons.addWidget(self.purchases_button)
        buttons.addStretch(1)
        left = QVBoxLayout()
        left.addLayout(buttons)
        left.addWidget(self.table, 1)
        self.paid_from = AccountChoice([PAID_WITH["cash"], PAID_WITH["bank"]])
        self.form = EntryForm(
            _("Pay a supplier"), _("Pay the supplier"), [(_("Paid from"), self.paid_from)], all_button=True
        )
        self.form.submitted.connect(self._pay)
        layout = SideBySide(self)
        layout.setContentsMargins(0, 8, 0, 0)
        layout.setSpacing(14)
        layout.addLayout(left, 1)
        layout.addWidget(self.form, 0, Qt.AlignmentFlag.AlignTop)
        self._chosen()

    def show_view(self, view: MoneyView) -> None:
        keep = self.supplier_id()
        self.view_data = view
        self.model.set_rows(view.suppliers)
        self.paid_from.show_balances(view)
        index = next((i for i, r in enumerate(view.suppliers) if r.id == keep), 0 if view.suppliers else -1)
        if index >= 0:
            self.table.selectRow(index)
        self._chosen()

    def supplier(self) -> SupplierRow | None:
        row = selected_row(self.table)
        return self.model.row(row) if row >= 0 else None

    def supplier_id(self) -> uuid.UUID | None:
        chosen = self.supplier()
        return chosen.id if chosen else None

    def choose(self, supplier_id: uuid.UUID) -> None:
        index = next((i for i, r in enumerate(self.model.rows) if r.id == supplier_id), -1)
        if index >= 0:
            self.table.selectRow(index)

    def _chosen(self) -> None:
        chosen = self.supplier()
        self.form.setTitle(_("Pay {supplier}").format(supplier=chosen.name) if chosen else _("Pay a supplier"))
        self.form.set_most(chosen.owed if chosen else 0)
        self.form.submit_button.setEnabled(chosen is not None and chosen.owed > 0)
        self.purchases_button.setEnabled(chosen is not None)
        chosen_id = chosen.id if chosen else None
        if chosen_id == self._said_for and self.form.status.text():
            return  # the same supplier read again, after a payment: keep what the form said about it
        self._said_for = chosen_id
        if chosen is None:
            self.form.say(_("Choose a supplier in the list."))
        elif chosen.owed <= 0:
            self.form.say(_("Nothing owed to {supplier}.").format(supplier=chosen.name))
        else:
            self.form.say(
                _("The shop owes {supplier} {amount}.").format(supplier=chosen.name, amount=fmt.rupiah(chosen.owed))
            )

    def _pay(self, amount: object) -> None:
        chosen = self.supplier()
        if chosen is not None:
            paid_with = PAID_FROM.get(self.paid_from.code(), "cash")
            self.pay_requested.emit(chosen.id, amount, paid_with, self.form.note_text())

    def add_supplier(self) -> None:
        self.dialog = SupplierDialog(self.tasks, self)
        self.dialog.saved.connect(self.added.emit)
        self.dialog.open()

    def import_suppliers(self) -> SheetImportDialog:
        """The spreadsheet import for suppliers, with the same row-by-row problems as products."""
        explain = _(
            "A CSV or XLSX file with a header row: nama, and telepon and alamat if you have them. Rows for "
            "suppliers the shop has update them. One bad row and nothing is imported. What the shop owes each "
            "supplier goes into the opening balances."
        )
        # The suppliers, and what the shop owes each in the opening balances.
        changes = {Change.SUPPLIERS, Change.MONEY}
        title = _("Import suppliers")
        dialog = SheetImportDialog(
            self.tasks, "suppliers", import_supplier_sheet, title, explain, self, changes=changes
        )
        self.import_dialog = dialog
        dialog.open()
        return dialog

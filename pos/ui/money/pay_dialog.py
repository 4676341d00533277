"""Paying a supplier from a reminder: some or all of what the shop owes them, in cash or from the bank. The core's
`purchases.pay_supplier` books it and refuses more than is owed; what it settles follows the soonest-due rule."""

from __future__ import annotations

import uuid

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QComboBox, QLineEdit, QWidget
from sqlalchemy.orm import Session

from pos.i18n import N_, _
from pos.ledger.base import fmt
from pos.ledger.base.errors import InvalidInput
from pos.ledger.books.approvals import Actor
from pos.ledger.stock.purchases import pay_supplier
from pos.ui.money.reading import SUPPLIER_PAYMENT_CHANGES
from pos.ui.products.fields import AmountEdit
from pos.ui.tasks import TaskManager, failure_message
from pos.ui.widgets.entry_form import caption
from pos.ui.widgets.form_dialog import FormDialog
from pos.ui.widgets.style import TOUCH_HEIGHT

PAID_WITH = (("cash", N_("Cash")), ("bank", N_("From the bank")))


class SupplierPayDialog(FormDialog):
    """`paid` carries the supplier's id once the payment is booked."""

    paid = Signal(object)

    def __init__(
        self,
        tasks: TaskManager,
        actor: Actor,
        supplier_id: uuid.UUID,
        supplier: str,
        owed: int,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(_("Pay {supplier}").format(supplier=supplier), _("Pay the supplier"), parent)
        self.setObjectName("supplierPayDialog")
        self.tasks, self.actor, self.supplier_id = tasks, actor, supplier_id
        self.amount = AmountEdit()
        self.amount.set_amount(owed)
        self.paid_with = QComboBox()
        for key, text in PAID_WITH:
            self.paid_with.addItem(_(text), key)
        self.note = QLineEdit()
        self.note.setMaxLength(200)
        for field in (self.amount, self.paid_with, self.note):
            field.setMinimumHeight(TOUCH_HEIGHT)
        self.form.addRow(caption(_("Amount")), self.amount)
        self.form.addRow(caption(_("Paid from")), self.paid_with)
        self.form.addRow(caption(_("Note")), self.note)
        self.say(_("{amount} of this bill is still owed. Pay part of it if you like.").format(amount=fmt.rupiah(owed)))
        self.submitted.connect(self.book)

    def book(self) -> None:
        try:
            amount = self.amount.amount()
        except InvalidInput as error:
            self.say(str(error), error=True)
            return
        actor, supplier_id, note = self.actor, self.supplier_id, self.note.text()
        paid_with = str(self.paid_with.currentData())
        self.set_busy(True)

        def done(_result: object) -> None:
            self.set_busy(False)
            self.paid.emit(supplier_id)
            self.accept()

        def failed(error: BaseException) -> None:
            self.set_busy(False)
            self.say(failure_message(error), error=True)

        def work(session: Session) -> None:
            pay_supplier(session, actor, supplier_id, amount, paid_with=paid_with, note=note)

        self.tasks.write(work, SUPPLIER_PAYMENT_CHANGES, done, failed)

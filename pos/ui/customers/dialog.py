"""Adding a kasbon customer or changing one: name, phone (for WhatsApp reminders), address and credit limit."""

from __future__ import annotations

import uuid

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QCheckBox, QLineEdit, QWidget

from pos.i18n import _
from pos.ledger.base.errors import LedgerError
from pos.ledger.base.money import ZERO
from pos.ledger.people.customers import CustomerInfo
from pos.ui.changes import Change
from pos.ui.customers.reading import CustomerDraft, save_customer
from pos.ui.tasks import TaskManager, failure_message
from pos.ui.widgets.entry_form import caption
from pos.ui.widgets.form_dialog import FormDialog
from pos.ui.widgets.money_field import MoneyField
from pos.ui.widgets.style import TOUCH_HEIGHT


def _line(placeholder: str = "", max_length: int = 120) -> QLineEdit:
    field = QLineEdit()
    field.setMinimumHeight(TOUCH_HEIGHT)
    field.setMaxLength(max_length)
    field.setPlaceholderText(placeholder)
    return field


class CustomerDialog(FormDialog):
    """A new customer when `customer` is None, else that customer's record; `saved` carries the id once written."""

    saved = Signal(object)

    def __init__(self, tasks: TaskManager, customer: CustomerInfo | None = None, parent: QWidget | None = None) -> None:
        title = _("Add a customer") if customer is None else _("Edit the customer")
        super().__init__(title, _("Save"), parent)
        self.tasks = tasks
        self.customer_id: uuid.UUID | None = customer.id if customer else None
        self.name = _line()
        self.name.setObjectName("customerName")
        self.phone = _line("0812-3456-7890", 32)
        self.phone.setObjectName("customerPhone")
        self.address = _line(_("Street, village (optional)"), 200)
        self.credit_limit = MoneyField()
        self.credit_limit.setObjectName("customerLimit")
        self.active = QCheckBox(_("Active (shown at the counter)"))
        self.form.addRow(caption(_("Name")), self.name)
        self.form.addRow(caption(_("Phone")), self.phone)
        self.form.addRow(caption(_("Address")), self.address)
        self.form.addRow(caption(_("Credit limit")), self.credit_limit)
        if customer is not None:
            self.name.setText(customer.name)
            self.phone.setText(customer.phone)
            self.address.setText(customer.address)
            self.credit_limit.set_amount(customer.credit_limit)
            self.active.setChecked(customer.is_active)
            self.form.addRow("", self.active)
        else:
            self.active.setChecked(True)
            self.credit_limit.set_amount(0)
        self.say(_("A credit limit of 0 means no kasbon without the owner's approval."))
        self.submitted.connect(self.save)
        self.name.setFocus()

    def draft(self) -> CustomerDraft:
        """What the form says; raises the core's error when the credit limit is not an amount."""
        limit = self.credit_limit.amount_or_none()
        return CustomerDraft(
            self.customer_id,
            self.name.text(),
            self.phone.text(),
            self.address.text(),
            limit if limit is not None else ZERO,
            self.active.isChecked(),
        )

    def save(self) -> None:
        try:
            draft = self.draft()
        except LedgerError as error:
            self.say(str(error), error=True)
            return
        self.set_busy(True)

        def done(customer_id: uuid.UUID) -> None:
            self.set_busy(False)
            self.saved.emit(customer_id)
            self.accept()

        def failed(error: BaseException) -> None:
            self.set_busy(False)
            self.say(failure_message(error), error=True)

        self.tasks.write(lambda session: save_customer(session, draft), {Change.CUSTOMERS}, done, failed)

"""Ending an order: completing it (the rest of the money, by one method) or cancelling it (its down payment paid
back or kept as the customer's credit). The core does the sums and the books; these dialogs only ask."""

from __future__ import annotations

from typing import Literal, cast

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QButtonGroup, QComboBox, QLineEdit, QRadioButton, QVBoxLayout, QWidget
from sqlalchemy.orm import Session

from pos.i18n import _
from pos.ledger.base import fmt
from pos.ledger.base.errors import LedgerError
from pos.ledger.books.approvals import Actor
from pos.ledger.counter.payments import METHODS, Method, Payment
from pos.ledger.people.deposits import MONEY_METHODS
from pos.ledger.selling.orders import OrderInfo, cancel_order, complete_order
from pos.ledger.selling.sales import SaleResult
from pos.ui.counter.labels import method_name
from pos.ui.orders.reading import CANCEL_CHANGES, COMPLETE_CHANGES
from pos.ui.tasks import TaskManager, failure_message
from pos.ui.widgets.entry_form import caption
from pos.ui.widgets.form_dialog import FormDialog
from pos.ui.widgets.money_field import MoneyField
from pos.ui.widgets.style import DANGER_BUTTON, TOUCH_HEIGHT, label


def _methods(codes: tuple[str, ...] | list[str]) -> QComboBox:
    box = QComboBox()
    box.setMinimumHeight(TOUCH_HEIGHT)
    for code in codes:
        box.addItem(method_name(code), code)
    return box


class CompleteDialog(FormDialog):
    """The order is handed over: what is left to collect, taken by one method; `completed` carries the sale."""

    completed = Signal(object)

    def __init__(self, tasks: TaskManager, actor: Actor, order: OrderInfo, parent: QWidget | None = None) -> None:
        super().__init__(_("Complete order {number}").format(number=order.number), _("Complete"), parent)
        self.setObjectName("completeDialog")
        self.tasks = tasks
        self.actor = actor
        self.order = order
        self.method = _methods(list(METHODS))
        self.method.setObjectName("completeMethod")
        self.amount = MoneyField()
        self.amount.setObjectName("completeAmount")
        self.amount.set_amount(order.to_collect or None)
        self.amount.setMinimumWidth(300)
        figures = label(
            _("Total {total}, down payment {deposit}: {collect} to collect.")
            .format(
                total=fmt.rupiah(order.total), deposit=fmt.rupiah(order.deposit), collect=fmt.rupiah(order.to_collect)
            )
            .replace("Rp ", "Rp\u00a0"),  # "Rp" never parts from its number at a line's end
            bold=True,
        )
        figures.setWordWrap(True)
        self.form.addRow(figures)
        self.form.addRow(caption(_("Paid with")), self.method)
        self.form.addRow(caption(_("Amount received")), self.amount)
        self.say(_("The sale is booked now and the stock goes out. Cash may be more than is due: the change shows."))
        self.submitted.connect(self.complete)
        self.amount.setFocus()

    def complete(self) -> None:
        try:
            amount = self.amount.amount_or_none()
        except LedgerError as error:
            self.say(str(error), error=True)
            return
        method = cast(Method, self.method.currentData())
        payments = [Payment(method, amount)] if amount is not None and amount.rupiah else []
        actor, order_id = self.actor, self.order.id
        self.set_busy(True)

        def done(result: SaleResult) -> None:
            self.set_busy(False)
            self.completed.emit(result)
            self.accept()

        def failed(error: BaseException) -> None:
            self.set_busy(False)
            self.say(failure_message(error), error=True)

        self.tasks.write(
            lambda session: complete_order(session, actor, order_id, payments), COMPLETE_CHANGES, done, failed
        )


class CancelDialog(FormDialog):
    """Why the order is off and, when it holds a down payment, whether it goes back or stays as credit."""

    cancelled = Signal(object)

    def __init__(self, tasks: TaskManager, actor: Actor, order: OrderInfo, parent: QWidget | None = None) -> None:
        super().__init__(_("Cancel order {number}").format(number=order.number), _("Cancel the order"), parent)
        self.setObjectName("cancelDialog")
        self.submit_button.setStyleSheet(DANGER_BUTTON + "QPushButton { padding: 4px 14px; font-weight: bold; }")
        self.cancel_button.setText(f"Esc  {_('Back')}")
        self.tasks = tasks
        self.actor = actor
        self.order = order
        self.refund = QRadioButton(_("Pay it back"))
        self.refund.setObjectName("refundDeposit")
        self.credit = QRadioButton(_("Keep it as the customer's credit"))
        self.credit.setObjectName("keepCredit")
        self.how = QButtonGroup(self)
        self.how.addButton(self.refund)
        self.how.addButton(self.credit)
        self.refund.setChecked(True)
        self.method = _methods(list(MONEY_METHODS))
        self.method.setObjectName("refundMethod")
        self.refund.toggled.connect(self.method.setEnabled)
        # Paid back the way it came: the last down payment's method (or, when it came from the customer's credit,
        # kept as credit again).
        came = order.deposit_came_by
        if came == "credit":
            self.credit.setChecked(True)
        else:
            self.method.setCurrentIndex(max(self.method.findData(came), 0))
        for choice in (self.refund, self.credit):
            choice.setMinimumHeight(TOUCH_HEIGHT - 12)
        self.reason = QLineEdit()
        self.reason.setObjectName("cancelReason")
        self.reason.setMinimumHeight(TOUCH_HEIGHT)
        self.reason.setMaxLength(200)
        self.reason.setPlaceholderText(_("Why is it cancelled?"))
        self.reason.setMinimumWidth(380)
        if order.deposit:
            held = label(
                _("The order holds a down payment of {amount}.").format(amount=fmt.rupiah(order.deposit)), bold=True
            )
            held.setWordWrap(True)
            self.form.addRow(held)
            choices = QVBoxLayout()
            choices.setSpacing(0)
            choices.addWidget(self.refund)
            choices.addWidget(self.credit)
            self.form.addRow(caption(_("Down payment")), choices)
            self.form.addRow(caption(_("Paid back by")), self.method)
        self.form.addRow(caption(_("Reason")), self.reason)
        self.submitted.connect(self.cancel)
        self.reason.setFocus()

    def cancel(self) -> None:
        how: Literal["refund", "credit"] = "credit" if self.credit.isChecked() else "refund"
        method, reason = str(self.method.currentData()), self.reason.text().strip()
        actor, order_id = self.actor, self.order.id
        self.set_busy(True)

        def done(order: OrderInfo) -> None:
            self.set_busy(False)
            self.cancelled.emit(order)
            self.accept()

        def failed(error: BaseException) -> None:
            self.set_busy(False)
            self.say(failure_message(error), error=True)

        def work(session: Session) -> OrderInfo:
            return cancel_order(session, actor, order_id, deposit=how, method=method, reason=reason)

        self.tasks.write(work, CANCEL_CHANGES, done, failed)

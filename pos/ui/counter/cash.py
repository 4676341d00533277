"""Cash put into or taken out of the drawer (purpose from the core's lists), and opening the drawer without a sale."""

from __future__ import annotations

from typing import Literal

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QComboBox, QLineEdit, QWidget
from sqlalchemy.orm import Session

from pos.i18n import _
from pos.ledger.base.errors import LedgerError
from pos.ledger.base.money import Money
from pos.ledger.books.approvals import Actor, Approval
from pos.ledger.counter.shifts import CASH_IN_PURPOSES, CASH_OUT_PURPOSES, cash_in, cash_out
from pos.ledger.slips.receipts import open_drawer
from pos.ui.changes import Change
from pos.ui.counter.approval import ApprovalFlow
from pos.ui.counter.labels import purpose_name
from pos.ui.tasks import failure_message
from pos.ui.widgets.form_dialog import FormDialog
from pos.ui.widgets.money_field import MoneyField
from pos.ui.widgets.scanner import ScanGuard
from pos.ui.widgets.style import TOUCH_HEIGHT


class CashMoveDialog(FormDialog):
    """How much, what for and a note; taking cash out asks for the owner when the core says so."""

    moved = Signal(str, int)
    """The direction ("in" or "out") and the amount, once booked."""

    def __init__(
        self, flow: ApprovalFlow, actor: Actor, direction: Literal["in", "out"], parent: QWidget | None = None
    ) -> None:
        title = _("Put cash into the drawer") if direction == "in" else _("Take cash out of the drawer")
        super().__init__(title, _("Record"), parent)
        self.flow = flow
        self.actor = actor
        self.direction = direction
        self.purpose = QComboBox()
        self.purpose.setObjectName("cashPurpose")
        self.purpose.setMinimumHeight(TOUCH_HEIGHT)
        for code in CASH_IN_PURPOSES if direction == "in" else CASH_OUT_PURPOSES:
            self.purpose.addItem(purpose_name(code), code)
        self.amount = MoneyField()
        self.amount.setObjectName("cashAmount")
        ScanGuard(self.amount).caught.connect(lambda _code: self.say(_("That was a scan, not an amount."), error=True))
        self.note = QLineEdit()
        self.note.setMinimumHeight(TOUCH_HEIGHT)
        self.note.setMaxLength(200)
        self.note.setPlaceholderText(_("Note (optional)"))
        self.form.addRow(_("What for"), self.purpose)
        self.form.addRow(_("Amount"), self.amount)
        self.form.addRow(_("Note"), self.note)
        self.submitted.connect(self.record)
        self.amount.setFocus()

    def record(self) -> None:
        try:
            amount = self.amount.amount()
        except LedgerError as error:
            self.say(str(error), error=True)
            return
        actor, purpose, note, direction = (
            self.actor,
            str(self.purpose.currentData()),
            self.note.text().strip(),
            self.direction,
        )

        def op(session: Session, approvals: tuple[Approval, ...]) -> Money:
            if direction == "in":
                cash_in(session, actor, amount, purpose, note)
            else:
                cash_out(session, actor, amount, purpose, note, approvals=approvals)
            return amount

        def failed(error: BaseException) -> None:
            self.set_busy(False)
            self.say(failure_message(error), error=True)

        self.set_busy(True)

        def moved(done: Money) -> None:
            self.moved.emit(direction, done.rupiah)
            self.accept()

        self.flow.run(op, {Change.MONEY, Change.SHIFTS}, moved, failed, reason=note, parent=self)


class DrawerDialog(FormDialog):
    """Open the cash drawer with no sale: the core audits it and asks for the owner when needed."""

    opened = Signal()

    def __init__(self, flow: ApprovalFlow, actor: Actor, parent: QWidget | None = None) -> None:
        super().__init__(_("Open the cash drawer"), _("Open the drawer"), parent)
        self.flow = flow
        self.actor = actor
        self.reason = QLineEdit()
        self.reason.setObjectName("drawerReason")
        self.reason.setMinimumHeight(TOUCH_HEIGHT)
        self.reason.setPlaceholderText(_("Why, e.g. change for a customer"))
        self.form.addRow(_("Reason"), self.reason)
        self.submitted.connect(self.open_drawer)
        self.reason.setFocus()

    def open_drawer(self) -> None:
        actor, reason = self.actor, self.reason.text().strip()

        def op(session: Session, approvals: tuple[Approval, ...]) -> object:
            return open_drawer(session, actor, reason, approvals)

        def failed(error: BaseException) -> None:
            self.set_busy(False)
            self.say(failure_message(error), error=True)

        self.set_busy(True)

        def opened(_job: object) -> None:
            self.opened.emit()
            self.accept()

        # The kick is a job in the print queue; the shift's report counts the drawer opened without a sale.
        self.flow.run(op, {Change.PRINTING, Change.SHIFTS}, opened, failed, reason=reason, parent=self)

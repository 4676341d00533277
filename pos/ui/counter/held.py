"""Holding a cart with a note (F8) and taking a held cart up again (F9)."""

from __future__ import annotations

import uuid

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QLineEdit, QListWidget, QListWidgetItem, QWidget

from pos import i18n
from pos.i18n import _
from pos.ledger.base import fmt
from pos.ledger.base.clock import local
from pos.ledger.base.ids import UserId
from pos.ledger.counter.cart import Cart
from pos.ledger.counter.held_carts import HeldSummary, held_carts, hold, recall
from pos.ui.changes import Change
from pos.ui.tasks import TaskManager, failure_message
from pos.ui.widgets.form_dialog import FormDialog
from pos.ui.widgets.style import TOUCH_HEIGHT


class HoldDialog(FormDialog):
    """A note to find the cart by later ("Bu Ani, comes back for rice"); Enter holds the cart."""

    held = Signal()

    def __init__(self, tasks: TaskManager, cart: Cart, user_id: UserId, parent: QWidget | None = None) -> None:
        super().__init__(_("Hold this cart"), _("Hold"), parent)
        self.tasks = tasks
        self.cart = cart
        self.user_id = user_id
        self.note = QLineEdit()
        self.note.setObjectName("holdNote")
        self.note.setMinimumHeight(TOUCH_HEIGHT)
        self.note.setMaxLength(120)
        self.note.setPlaceholderText(_("Whose cart is it? (optional)"))
        self.form.addRow(_("Note"), self.note)
        self.submitted.connect(self._hold)
        self.note.setFocus()

    def _hold(self) -> None:
        self.set_busy(True)
        cart, note, user = self.cart, self.note.text().strip(), self.user_id

        def failed(error: BaseException) -> None:
            self.set_busy(False)
            self.say(failure_message(error), error=True)

        def held(_id: uuid.UUID) -> None:
            self.held.emit()
            self.accept()

        self.tasks.write(lambda session: hold(session, cart, note, by=user), {Change.SALES}, held, failed)


class RecallDialog(FormDialog):
    """The carts held on this counter, oldest first; Enter takes the highlighted one back (`recalled`)."""

    recalled = Signal(object)

    def __init__(self, tasks: TaskManager, timezone: str, parent: QWidget | None = None) -> None:
        super().__init__(_("Held carts"), _("Take back"), parent)
        self.tasks = tasks
        self.timezone = timezone
        self.list = QListWidget()
        self.list.setObjectName("heldList")
        self.list.setMinimumHeight(280)
        self.list.setStyleSheet("QListWidget::item { padding: 10px 6px; }")
        self.list.itemDoubleClicked.connect(lambda _item: self.submit())
        self.body.insertWidget(1, self.list, 1)
        self.summaries: list[HeldSummary] = []
        self.submitted.connect(self._recall)
        self.set_busy(True)
        self.say(_("Reading the held carts…"))
        self.tasks.read(held_carts, self._show, lambda e: self.say(failure_message(e), error=True))

    def _show(self, summaries: list[HeldSummary]) -> None:
        self.summaries = summaries
        self.list.clear()
        for summary in summaries:
            when = fmt.datetime(local(summary.held_at, self.timezone))
            lines = i18n.ngettext("{n} line", "{n} lines", summary.lines).format(n=summary.lines)
            note = summary.note or _("(no note)")
            # The row is the cart's place in `summaries`: no Python object is held by a Qt item.
            self.list.addItem(QListWidgetItem(f"{note}  ·  {lines}  ·  {when}"))
        if summaries:
            self.list.setCurrentRow(0)
            self.say("")
            self.set_busy(False)
        else:
            self.say(_("No cart is held on this counter."))
        self.list.setFocus()

    def _recall(self) -> None:
        row = self.list.currentRow()
        if not 0 <= row < len(self.summaries):
            return
        held_id: uuid.UUID = self.summaries[row].id
        self.set_busy(True)

        def failed(error: BaseException) -> None:
            self.set_busy(False)
            self.say(failure_message(error), error=True)

        def recalled(cart: Cart) -> None:
            self.recalled.emit(cart)
            self.accept()

        self.tasks.write(lambda session: recall(session, held_id), {Change.SALES}, recalled, failed)

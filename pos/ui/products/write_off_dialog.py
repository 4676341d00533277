"""Writing off one batch: expired, damaged or wasted, all that is left or part of it, with a note. The core's
`batches.write_off` books it to Beban selisih persediaan; this dialog only asks."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Final

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QComboBox, QLineEdit, QWidget

from pos.i18n import N_, _
from pos.ledger.base import fmt
from pos.ledger.base.errors import InvalidInput
from pos.ledger.books.approvals import Actor
from pos.ledger.stock.batches import WRITE_OFF_REASONS, ExpiringLot, write_off
from pos.ui.changes import Change
from pos.ui.products.fields import QtyEdit
from pos.ui.tasks import TaskManager, failure_message
from pos.ui.widgets.entry_form import caption
from pos.ui.widgets.form_dialog import FormDialog
from pos.ui.widgets.style import TOUCH_HEIGHT

REASONS: Final = {"kedaluwarsa": N_("Expired"), "rusak": N_("Damaged"), "terbuang": N_("Wasted")}


class WriteOffDialog(FormDialog):
    """`written` carries the batch's id once the write-off is booked."""

    written = Signal(object)

    def __init__(
        self, tasks: TaskManager, actor: Actor, item: ExpiringLot, today: dt.date, parent: QWidget | None = None
    ) -> None:
        super().__init__(_("Write off {name}").format(name=item.name), _("Write off"), parent)
        self.setObjectName("writeOffDialog")
        self.tasks, self.actor, self.item = tasks, actor, item
        lot = item.lot
        self.reason = QComboBox()
        for key in WRITE_OFF_REASONS:
            self.reason.addItem(_(REASONS[key]), key)
        expired = item.days_left(today) <= 0
        self.reason.setCurrentIndex(0 if expired else 1)
        self.qty = QtyEdit()
        self.qty.set_qty(lot.qty_milli)
        self.note = QLineEdit()
        self.note.setMaxLength(200)
        for field in (self.reason, self.qty, self.note):
            field.setMinimumHeight(TOUCH_HEIGHT)
        batch = lot.batch_no or "-"
        self.form.addRow(caption(_("Batch")), caption(f"{batch} · {fmt.date(lot.expires_on)}"))
        self.form.addRow(caption(_("Left")), caption(f"{fmt.qty(lot.qty_milli)} {item.unit}"))
        self.form.addRow(caption(_("Reason")), self.reason)
        self.form.addRow(caption(_("Quantity")), self.qty)
        self.form.addRow(caption(_("Note")), self.note)
        self.say(_("Booked as a loss at the average cost: about {amount}.").format(amount=fmt.rupiah(item.value)))
        self.submitted.connect(self.book)

    def choose_reason(self, key: str) -> None:
        self.reason.setCurrentIndex(self.reason.findData(key))

    def book(self) -> None:
        try:
            qty = self.qty.qty()
        except InvalidInput as error:
            self.say(str(error), error=True)
            return
        actor, batch_id, note = self.actor, self.item.lot.batch_id, self.note.text()
        reason = str(self.reason.currentData())
        self.set_busy(True)

        def done(_movement: uuid.UUID) -> None:
            self.set_busy(False)
            self.written.emit(batch_id)
            self.accept()

        def failed(error: BaseException) -> None:
            self.set_busy(False)
            self.say(failure_message(error), error=True)

        self.tasks.write(
            lambda s: write_off(s, actor.user_id, batch_id, reason, qty=qty, note=note), {Change.STOCK}, done, failed
        )

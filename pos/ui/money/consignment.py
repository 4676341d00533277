"""Settling with a consignor: their statement since the last settlement, what to hand back (all that is left, or
less), how they are paid; the statement slip printed with the settlement, once, and a PDF of it on request. The
core's `consignor_slips.settle_and_print` books it all in one transaction."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QFileDialog,
    QHeaderView,
    QTableWidget,
    QTableWidgetItem,
    QWidget,
)
from sqlalchemy.orm import Session

from pos import i18n
from pos.i18n import N_, _
from pos.ledger.base import fmt
from pos.ledger.base.errors import InvalidInput
from pos.ledger.base.money import Qty
from pos.ledger.books.approvals import Actor
from pos.ledger.counter.print_queue import printer_configured
from pos.ledger.reports.dashboard import shop_today
from pos.ledger.slips.consignor_slips import settle_and_print
from pos.ledger.slips.receipts import shop_header
from pos.ledger.slips.slip_types import ShopHeader
from pos.ledger.stock.consignment import Settlement
from pos.ledger.stock.consignor_statement import ConsignorStatement, consignors, open_statement
from pos.printing.statements.consignor import render_consignor_statement
from pos.ui.changes import Change
from pos.ui.products.fields import QtyEdit
from pos.ui.tasks import TaskManager, failure_message
from pos.ui.widgets.buttons import BigButton
from pos.ui.widgets.entry_form import caption
from pos.ui.widgets.form_dialog import FormDialog
from pos.ui.widgets.style import TOUCH_HEIGHT

PAID_WITH = (("cash", N_("Cash")), ("bank", N_("From the bank")))
# A settlement pays the consignor (from the drawer or the bank), hands goods back and queues their statement slip.
SETTLEMENT_CHANGES = {Change.SUPPLIERS, Change.STOCK, Change.MONEY, Change.SHIFTS, Change.PRINTING}


@dataclass(frozen=True, slots=True)
class SettlementRead:
    consignors: list[tuple[uuid.UUID, str]]
    statement: ConsignorStatement | None
    can_print: bool


def read_settlement(session: Session, consignor_id: uuid.UUID | None) -> SettlementRead:
    found = consignors(session)
    chosen = consignor_id or (found[0][0] if found else None)
    statement = open_statement(session, chosen, shop_today(session)) if chosen else None
    return SettlementRead(found, statement, printer_configured(session))


class SettleDialog(FormDialog):
    """`settled` carries the settlement once booked."""

    settled = Signal(object)
    PRODUCT, SOLD, LEFT, RETURN = range(4)

    def __init__(
        self, tasks: TaskManager, actor: Actor, consignor_id: uuid.UUID | None = None, parent: QWidget | None = None
    ) -> None:
        super().__init__(_("Settle with a consignor"), _("Settle"), parent)
        self.setObjectName("settleDialog")
        self.setMinimumWidth(720)
        self.tasks, self.actor = tasks, actor
        self.statement: ConsignorStatement | None = None
        self.returns: list[tuple[uuid.UUID, QtyEdit]] = []
        self.consignor = QComboBox()
        self.consignor.setMinimumHeight(TOUCH_HEIGHT)
        self.consignor.activated.connect(lambda _i: self.load(self.consignor.currentData()))
        self.table = QTableWidget(0, 4)
        self.table.setHorizontalHeaderLabels([_("Product"), _("Sold"), _("On the shelf"), _("Hand back")])
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setSectionResizeMode(self.PRODUCT, QHeaderView.ResizeMode.Stretch)
        self.table.setMinimumHeight(180)
        self.owed = caption("")
        self.paid_with = QComboBox()
        for key, text in PAID_WITH:
            self.paid_with.addItem(_(text), key)
        self.paid_with.setMinimumHeight(TOUCH_HEIGHT)
        self.print_slip = QCheckBox(_("Print the statement for the consignor"))
        self.print_slip.setChecked(True)
        self.pdf_button = BigButton(_("Save as PDF…"), on_click=lambda: self.save_pdf())
        self.form.addRow(caption(_("Consignor")), self.consignor)
        self.form.addRow(self.table)
        self.form.addRow(caption(_("To pay")), self.owed)
        self.form.addRow(caption(_("Paid from")), self.paid_with)
        self.form.addRow(self.print_slip)
        self.form.addRow(self.pdf_button)
        self.submitted.connect(self.book)
        self.load(consignor_id)

    def load(self, consignor_id: uuid.UUID | None) -> None:
        self.tasks.read(lambda session: read_settlement(session, consignor_id), self._show, self._failed)

    def _show(self, read: SettlementRead) -> None:
        self.consignor.blockSignals(True)
        self.consignor.clear()
        for cid, name in read.consignors:
            self.consignor.addItem(name, cid)
        statement = self.statement = read.statement
        if statement is not None:
            ids = [self.consignor.itemData(i) for i in range(self.consignor.count())]
            if statement.consignor_id in ids:
                self.consignor.setCurrentIndex(ids.index(statement.consignor_id))
        self.consignor.blockSignals(False)
        self.print_slip.setEnabled(read.can_print)
        self.print_slip.setChecked(read.can_print)
        self.returns = []
        lines = statement.lines if statement else ()
        self.table.setRowCount(len(lines))
        for n, line in enumerate(lines):
            self.table.setItem(n, self.PRODUCT, QTableWidgetItem(f"{line.name} ({line.unit})"))
            for column, milli in ((self.SOLD, line.sold), (self.LEFT, line.after)):
                figure = QTableWidgetItem(fmt.qty(milli))
                figure.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
                self.table.setItem(n, column, figure)
            back = QtyEdit()
            back.set_qty(max(line.after, 0))
            self.table.setCellWidget(n, self.RETURN, back)
            self.returns.append((line.product_id, back))
        if statement is None:
            self.owed.setText("")
            self.say(_("No consignor has left goods yet."))
            self.submit_button.setEnabled(False)
            return
        self.submit_button.setEnabled(True)
        self.owed.setText(fmt.rupiah(statement.owed_after))
        self.say(
            _("{consignor}'s share of what sold: {amount}.").format(
                consignor=statement.consignor, amount=fmt.rupiah(statement.owed_after)
            )
        )

    def _failed(self, error: BaseException) -> None:
        self.set_busy(False)
        self.say(failure_message(error), error=True)

    def chosen_returns(self) -> dict[uuid.UUID, Qty]:
        out: dict[uuid.UUID, Qty] = {}
        for product_id, field in self.returns:
            qty = field.qty()
            if qty.milli:
                out[product_id] = qty
        return out

    def book(self) -> None:
        statement = self.statement
        if statement is None:
            return
        try:
            returns = self.chosen_returns()
        except InvalidInput as error:
            self.say(str(error), error=True)
            return
        actor, consignor_id = self.actor, statement.consignor_id
        paid_with, printed = str(self.paid_with.currentData()), self.print_slip.isChecked()
        self.set_busy(True)

        def done(result: tuple[Settlement, uuid.UUID | None]) -> None:
            self.set_busy(False)
            self.settled.emit(result[0])
            self.accept()

        def work(session: Session) -> tuple[Settlement, uuid.UUID | None]:
            return settle_and_print(session, actor, consignor_id, printed=printed, paid_with=paid_with, returns=returns)

        self.tasks.write(work, SETTLEMENT_CHANGES, done, self._failed)

    def save_pdf(self, path: Path | None = None) -> None:
        statement = self.statement
        if statement is None:
            return
        if path is None:
            chosen, _filter = QFileDialog.getSaveFileName(
                self, _("Save as PDF…"), f"{statement.consignor}.pdf", "PDF (*.pdf)"
            )
            if not chosen:
                return
            path = Path(chosen)
        target, lang = path, i18n.language()

        def render(shop: ShopHeader) -> None:
            # The shop's name and address from the worker; the file is written on the I/O pool, off the worker.
            self.tasks.run_io(
                lambda: render_consignor_statement(statement, shop, target, lang=lang),
                lambda _done: self.say(_("Saved: {path}").format(path=target.name), ok=True),
                self._failed,
            )

        self.tasks.read(shop_header, render, self._failed)

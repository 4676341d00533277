"""Returns by receipt number (choose lines and quantities, refund in cash, to kasbon, or through the platform a
delivery sale was made on) and voids of a sale.

Both usually need the owner: the core refuses a cashier with `NeedsApproval`, and the approval flow asks for
the owner's PIN in place and retries.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QLineEdit,
    QTableWidget,
    QTableWidgetItem,
    QWidget,
)
from sqlalchemy.orm import Session

from pos.i18n import N_, _
from pos.ledger.base import fmt
from pos.ledger.base.errors import LedgerError
from pos.ledger.base.money import Qty
from pos.ledger.books.approvals import Actor, Approval
from pos.ledger.selling.returns import ReturnResult, SaleForReturn, return_items, sale_for_return, void_sale
from pos.ledger.slips.slip_types import Receipt
from pos.ui.changes import Change
from pos.ui.counter.approval import ApprovalFlow
from pos.ui.counter.labels import method_name
from pos.ui.counter.sale_summary import SaleSummary, read_receipt
from pos.ui.tasks import TaskManager, failure_message
from pos.ui.widgets.columns import share_columns
from pos.ui.widgets.fitted_dialog import fit_on_screen
from pos.ui.widgets.form_dialog import FormDialog
from pos.ui.widgets.style import TOUCH_HEIGHT

T = TypeVar("T")
_RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter


FIND_THE_SALE = N_("Find the sale")
# A return or a void takes back goods, money and the shift's takings, may refund to a customer's kasbon or take
# back their points, and queues a slip for the printer.
SALE_UNDONE = frozenset(
    {Change.SALES, Change.STOCK, Change.MONEY, Change.SHIFTS, Change.CUSTOMERS, Change.PRICES, Change.PRINTING}
)


def _receipt_field(text: str = "") -> QLineEdit:
    field = QLineEdit(text)
    field.setObjectName("receiptField")
    field.setMinimumHeight(TOUCH_HEIGHT)
    field.setPlaceholderText(_("Receipt number, e.g. A-20261122-0042"))
    return field


def _find_sale(dialog: ReturnDialog | VoidDialog, read: Callable[[Session, str], T], show: Callable[[T], None]) -> None:
    """Read the sale whose receipt number the dialog holds, on the worker; a problem is said in the dialog."""
    number = dialog.receipt.text().strip()
    if not number:
        dialog.say(_("Type or scan the receipt number."), error=True)
        return
    dialog.set_busy(True)

    def failed(error: BaseException) -> None:
        dialog.set_busy(False)
        dialog.say(failure_message(error), error=True)

    dialog.tasks.read(lambda session: read(session, number), show, failed)


class ReturnDialog(FormDialog):
    """Find a sale by its receipt number, type how much of each line comes back, refund it."""

    returned = Signal(object)

    def __init__(
        self, tasks: TaskManager, flow: ApprovalFlow, actor: Actor, receipt_no: str = "", parent: QWidget | None = None
    ) -> None:
        super().__init__(_("Return goods"), _("Refund"), parent)
        self.tasks = tasks
        self.flow = flow
        self.actor = actor
        self.sale: SaleForReturn | None = None
        self.receipt = _receipt_field(receipt_no)
        self.receipt.textEdited.connect(lambda _text: self._forget())
        self.table = QTableWidget(0, 4)
        self.table.setObjectName("returnLines")
        self.table.setHorizontalHeaderLabels([_("Item"), _("Sold"), _("Returned before"), _("Return now")])
        self.table.verticalHeader().hide()
        self.table.verticalHeader().setDefaultSectionSize(TOUCH_HEIGHT - 6)
        # The names always in view: the columns share the table's width, and a long name wraps.
        self.table.setWordWrap(True)
        self.table.setProperty("wholeCells", True)
        share_columns(self.table, 0, least=160)
        self.table.setEditTriggers(
            QAbstractItemView.EditTrigger.AllEditTriggers & ~QAbstractItemView.EditTrigger.CurrentChanged
        )
        self.table.setMinimumHeight(160)
        self.refund = QComboBox()
        self.refund.setObjectName("refundMethod")
        self.refund.setMinimumHeight(TOUCH_HEIGHT)
        self._refund_choices("")
        self.reason = QLineEdit()
        self.reason.setMinimumHeight(TOUCH_HEIGHT)
        self.reason.setPlaceholderText(_("Why is it coming back?"))
        self.form.addRow(_("Receipt"), self.receipt)
        self.form.addRow(self.table)
        self.form.addRow(_("Refund as"), self.refund)
        self.form.addRow(_("Reason"), self.reason)
        self.setMinimumWidth(760)
        self.submit_button.set_label(_(FIND_THE_SALE))
        self.submitted.connect(self._next)
        self.receipt.setFocus()

    def _refund_choices(self, platform: str) -> None:
        """Cash and kasbon always; a sale made on a platform is refunded through it first of all, as the
        platform pays the buyer back and gives back its commission."""
        self.refund.clear()
        if platform:
            self.refund.addItem(_("Through {platform}").format(platform=platform), "platform")
        for method in ("cash", "kasbon"):
            self.refund.addItem(method_name(method), method)
        self.refund.setCurrentIndex(0)

    def _forget(self) -> None:
        self.sale = None
        self._refund_choices("")
        self.table.setRowCount(0)
        self.submit_button.set_label(_(FIND_THE_SALE))

    def _next(self) -> None:
        if self.sale is None or self.sale.receipt_no != self.receipt.text().strip().upper():
            self.find_sale()
        else:
            self.refund_now()

    def find_sale(self) -> None:
        _find_sale(self, sale_for_return, self._show)

    def _show(self, sale: SaleForReturn) -> None:
        self.set_busy(False)
        self.sale = sale
        self.receipt.setText(sale.receipt_no)
        self._refund_choices(sale.platform)
        self.table.setRowCount(len(sale.lines))
        for row, line in enumerate(sale.lines):
            cells = (line.name, fmt.qty(line.sold_milli), fmt.qty(line.returned_milli), "0")
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if column:
                    item.setTextAlignment(_RIGHT)
                if column != 3:
                    item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsEditable)
                self.table.setItem(row, column, item)
        self.submit_button.set_label(_("Refund"))
        self.say(_("Type how many of each item come back, then press Enter."))
        if sale.lines:
            self.table.setCurrentCell(0, 3)
            self.table.horizontalScrollBar().setValue(0)  # the names stay in view when the cell is chosen
            self.table.setFocus()

    def set_return_qty(self, line_no: int, qty: str) -> None:
        """Type a quantity into the "Return now" cell of sale line `line_no` (also used by tests)."""
        item = self.table.item(line_no - 1, 3)
        if item is not None:
            item.setText(qty)

    def refund_now(self) -> None:
        if self.sale is None:
            return
        self.table.setCurrentCell(-1, -1)  # commit a cell still being edited
        items: list[tuple[int, Qty]] = []
        try:
            for row, line in enumerate(self.sale.lines):
                cell = self.table.item(row, 3)
                qty = Qty.parse(cell.text() if cell is not None and cell.text().strip() else "0")
                if qty.milli:
                    items.append((line.line_no, qty))
        except LedgerError as error:
            self.say(str(error), error=True)
            return
        actor, number, method = self.actor, self.sale.receipt_no, str(self.refund.currentData())
        reason = self.reason.text().strip()

        def op(session: Session, approvals: tuple[Approval, ...]) -> ReturnResult:
            return return_items(session, actor, number, items, refund_method=method, reason=reason, approvals=approvals)

        self.set_busy(True)
        self.flow.run(op, SALE_UNDONE, self._done, self._failed, reason=reason, parent=self)

    def _done(self, result: ReturnResult) -> None:
        self.returned.emit(result)
        self.accept()

    def _failed(self, error: BaseException) -> None:
        self.set_busy(False)
        self.say(failure_message(error), error=True)


class VoidDialog(FormDialog):
    """Cancel a whole sale of the open shift: find it by its receipt number, see what it was (items, total,
    payments, who and when), then say why. The owner's PIN, when a cashier voids, is asked only for a void the
    core would make."""

    voided = Signal(str)

    def __init__(
        self, tasks: TaskManager, flow: ApprovalFlow, actor: Actor, receipt_no: str = "", parent: QWidget | None = None
    ) -> None:
        super().__init__(_("Void a sale"), _(FIND_THE_SALE), parent)
        self.tasks = tasks
        self.flow = flow
        self.actor = actor
        self.receipt_shown: Receipt | None = None
        # Not filled in: a void cannot be undone, so the cashier names the sale; the last one is the example.
        self.receipt = _receipt_field()
        if receipt_no:
            self.receipt.setPlaceholderText(_("Receipt number, e.g. {number}").format(number=receipt_no))
        self.receipt.textEdited.connect(lambda _text: self._forget())
        self.summary = SaleSummary()
        self.summary.hide()
        self.reason = QLineEdit()
        self.reason.setObjectName("voidReason")
        self.reason.setMinimumHeight(TOUCH_HEIGHT)
        self.reason.setPlaceholderText(_("Why is the sale cancelled?"))
        self.form.addRow(_("Receipt"), self.receipt)
        self.form.addRow(self.summary)
        self.form.addRow(_("Reason"), self.reason)
        self.setMinimumWidth(600)
        self.submitted.connect(self._next)
        self.receipt.setFocus()

    def _forget(self) -> None:
        self.receipt_shown = None
        self.summary.hide()
        self.summary.clear()
        self.submit_button.set_label(_(FIND_THE_SALE))

    def _next(self) -> None:
        shown = self.receipt_shown
        if shown is None or shown.number != self.receipt.text().strip().upper():
            self.find_sale()
        else:
            self.void()

    def find_sale(self) -> None:
        _find_sale(self, read_receipt, self._show)

    def _show(self, receipt: Receipt) -> None:
        self.set_busy(False)
        self.receipt_shown = receipt
        self.receipt.setText(receipt.number)
        self.summary.show_receipt(receipt)
        self.summary.show()
        # The dialog grows to show the sale whole, as far as the screen allows (once the layout has taken it in).
        QTimer.singleShot(0, self._grow)
        if receipt.is_voided:
            self.say(_("Sale {number} is already voided.").format(number=receipt.number), error=True)
            return
        self.submit_button.set_label(_("Void the sale"))
        self.say(_("Check that this is the sale, say why, then press Enter."))
        self.reason.setFocus()

    def _grow(self) -> None:
        content = self.fields.widget()
        if content is not None:
            content.adjustSize()
        self.resize(self.width(), self.sizeHint().height())
        fit_on_screen(self)

    def void(self) -> None:
        actor, number, reason = self.actor, self.receipt.text().strip(), self.reason.text().strip()

        def op(session: Session, approvals: tuple[Approval, ...]) -> object:
            return void_sale(session, actor, number, reason=reason, approvals=approvals)

        def failed(error: BaseException) -> None:
            self.set_busy(False)
            self.say(failure_message(error), error=True)

        self.set_busy(True)

        def voided(_sale_id: object) -> None:
            self.voided.emit(number.upper())
            self.accept()

        self.flow.run(op, SALE_UNDONE, voided, failed, reason=reason, parent=self)

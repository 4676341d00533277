"""The counter's other work from the row of Ctrl keys, each a dialog over the checkout page.

Returns, voids, cash in and out, the drawer, reprints, the X report, closing the shift, and the keys' help.
"""

from __future__ import annotations

import uuid
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QMessageBox
from sqlalchemy.orm import Session

from pos.i18n import _
from pos.ledger.base import fmt
from pos.ledger.books.approvals import Actor
from pos.ledger.counter import print_queue
from pos.ledger.counter.shifts import ShiftCloseResult
from pos.ledger.selling.returns import ReturnResult
from pos.ledger.shop import settings
from pos.ledger.slips.receipts import receipt_for_sale
from pos.ledger.slips.slip_types import Receipt
from pos.ui.changes import Change
from pos.ui.counter.cash import CashMoveDialog, DrawerDialog
from pos.ui.counter.labels import method_name
from pos.ui.counter.returns import ReturnDialog, VoidDialog
from pos.ui.counter.shift_close import CloseShiftDialog, XReportDialog
from pos.ui.tasks import failure_message
from pos.ui.widgets.slip_preview import SlipPreview, printer_kind

if TYPE_CHECKING:
    from pos.ui.counter.checkout import CheckoutPage


class Errands(QObject):
    """Opens the dialogs for the counter's work besides selling, over `page`, and reports on its status line."""

    def __init__(self, page: CheckoutPage) -> None:
        super().__init__(page)
        self.page = page

    def _actor(self) -> Actor | None:
        """Who is working, when the page is free for another dialog."""
        page = self.page
        if page.session is None or page.dialog is not None:
            return None
        return page.session.actor

    def _last_receipt(self) -> str:
        return self.page.last_sale.receipt_no if self.page.last_sale else ""

    def open_return(self) -> None:
        actor = self._actor()
        if actor is None:
            return
        page = self.page
        dialog = ReturnDialog(page.tasks, page.flow, actor, self._last_receipt(), page)
        dialog.returned.connect(self._returned)
        page.open_dialog(dialog)

    def _returned(self, result: ReturnResult) -> None:
        if result.refund_method == "platform":
            text = _("Return {number}: {amount} refunded through {platform}.").format(
                number=result.return_no, amount=fmt.rupiah(result.amount), platform=result.platform
            )
        else:
            text = _("Return {number}: {amount} refunded as {method}.").format(
                number=result.return_no, amount=fmt.rupiah(result.amount), method=method_name(result.refund_method)
            )
        self.page.say(text, ok=True)
        self.page.send_to_printer()

    def open_void(self) -> None:
        actor = self._actor()
        if actor is None:
            return
        page = self.page
        dialog = VoidDialog(page.tasks, page.flow, actor, self._last_receipt(), page)
        dialog.voided.connect(lambda number: page.say(_("Sale {number} is voided.").format(number=number), ok=True))
        page.open_dialog(dialog)

    def open_cash(self, direction: str) -> None:
        actor = self._actor()
        if actor is None:
            return
        dialog = CashMoveDialog(self.page.flow, actor, "in" if direction == "in" else "out", self.page)
        dialog.moved.connect(self._cash_moved)
        self.page.open_dialog(dialog)

    def _cash_moved(self, direction: str, amount: int) -> None:
        text = _("{amount} put into the drawer.") if direction == "in" else _("{amount} taken out of the drawer.")
        self.page.say(text.format(amount=fmt.rupiah(amount)), ok=True)

    def open_drawer(self) -> None:
        actor = self._actor()
        if actor is None:
            return
        dialog = DrawerDialog(self.page.flow, actor, self.page)
        dialog.opened.connect(self._drawer_opened)
        self.page.open_dialog(dialog)

    def _drawer_opened(self) -> None:
        self.page.say(_("The drawer opens."), ok=True)
        self.page.send_to_printer()

    def reprint(self) -> None:
        """Queue a copy (SALINAN) of the last receipt of this session; with no printer on paper, show it."""
        page = self.page
        sale = page.last_sale
        if page.session is None:
            return
        if sale is None:
            page.say(_("No sale yet since you logged in."), error=True)
            return

        def work(session: Session) -> str:
            print_queue.reprint(session, "receipt", sale.sale_id)
            return printer_kind(settings.load(session).printer_uri)

        def queued(kind: str) -> None:
            if kind in ("", "preview"):
                # No paper to print on: the copy is shown here, as it would have printed.
                self._show_receipt(sale.sale_id, sale.receipt_no)
            if not kind:
                page.say(_("No receipt printer is set up; the copy waits in the print queue."), error=True)
                return
            if kind == "preview":
                page.say(
                    _("The printer is the screen only: the copy of receipt {number} is shown.").format(
                        number=sale.receipt_no
                    )
                )
            else:
                page.say(_("A copy of receipt {number} is on its way to the printer.").format(number=sale.receipt_no))
            # The screen-only printer takes the copy too, so it does not wait in the queue for a printer to come.
            page.send_to_printer()

        page.tasks.write(work, {Change.PRINTING}, queued, lambda error: page.say(failure_message(error), error=True))

    def _show_receipt(self, sale_id: uuid.UUID, receipt_no: str) -> None:
        def read(session: Session) -> Receipt:
            return receipt_for_sale(session, sale_id, is_copy=True)

        title = _("Receipt {number}").format(number=receipt_no)
        self.page.open_dialog(SlipPreview(self.page.tasks, title, read, None, self.page))

    def open_x_report(self) -> None:
        if self._actor() is not None:
            self.page.open_dialog(XReportDialog(self.page.tasks, self.page))

    def open_close_shift(self) -> None:
        actor = self._actor()
        if actor is None:
            return
        page = self.page
        if not page.model.cart.is_empty:
            page.say(_("Finish, hold or cancel the sale in the cart before closing the shift."), error=True)
            return
        dialog = CloseShiftDialog(page.tasks, actor, page)
        dialog.finished.connect(lambda _result: self._after_close(dialog.closing))
        page.open_dialog(dialog)

    def _after_close(self, result: ShiftCloseResult | None) -> None:
        if result is not None:
            self.page.shift_closed.emit(result)

    def show_help(self) -> None:
        if self.page.dialog is not None:
            return
        lines = [
            _("Scan, or type a barcode and press Enter. 3* before it sells three."),
            _("Up and Down choose a line; Delete takes it off."),
            "",
            "F1  " + _("Help"),
            "F2  " + _("Search for a product by name"),
            "F3  " + _("Change the quantity of the chosen line"),
            "F4  " + _("Choose the customer"),
            "F5  " + _("Change the add-ons and note of the chosen line"),
            "F6  " + _("Give a discount on the chosen line (2.000 or 10%)"),
            "F7  " + _("Choose the sales channel (counter, WhatsApp, GoFood...)"),
            "F8  " + _("Hold the cart"),
            "F9  " + _("Take back a held cart"),
            "F12  " + _("Pay"),
            "Esc  " + _("Cancel the sale"),
            "Ctrl+1 … Ctrl+8  " + _("The buttons of the bottom row, left to right"),
        ]
        box = QMessageBox(QMessageBox.Icon.Information, _("Keys at the counter"), "\n".join(lines))
        box.setParent(self.page, box.windowFlags())
        self.page.open_dialog(box)

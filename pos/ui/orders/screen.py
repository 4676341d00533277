"""The owner's orders screen: orders taken by WhatsApp or phone on a board by status (new, preparing, on the way),
done and cancelled ones behind a filter, the chosen order beside the board, and the work on it: a new order,
moving it along, its slips, completing it (the sale) and cancelling it.

Everything is read and written by ledger services on the database worker; the board reads again when orders (or
what it shows of channels, customers and sales) change. This module lays out what comes back.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterable
from typing import Final

from PySide6.QtWidgets import QComboBox, QDialog, QHBoxLayout, QVBoxLayout, QWidget
from sqlalchemy.orm import Session

from pos.i18n import N_, _
from pos.ledger.base import fmt
from pos.ledger.books.approvals import Actor
from pos.ledger.selling.orders import OPEN_STATUSES, OrderInfo, set_status
from pos.ledger.selling.sales import SaleResult
from pos.printing.queue_worker import print_pending
from pos.ui.changes import Change, Watch
from pos.ui.orders.board import StatusColumn, status_name
from pos.ui.orders.detail import OrderDetail
from pos.ui.orders.finish import CancelDialog, CompleteDialog
from pos.ui.orders.new_order import NewOrderDialog
from pos.ui.orders.reading import MOVE_CHANGES, SHOWS, BoardView, print_slip, read_board, read_slip
from pos.ui.tasks import TaskManager, failure_message
from pos.ui.widgets.buttons import BigButton
from pos.ui.widgets.entry_form import BUTTON_HEIGHT
from pos.ui.widgets.form_dialog import FormDialog
from pos.ui.widgets.side_by_side import SideBySide
from pos.ui.widgets.style import ERROR_TEXT, MUTED_TEXT, OK_TEXT, TOUCH_HEIGHT, label

# What the board shows: the open orders a column a status, or the finished ones of one status in a column.
FILTERS: Final = (
    ("open", N_("Open orders")),
    ("done", N_("Done")),
    ("cancelled", N_("Cancelled")),
)


class OrdersScreen(QWidget):
    """The orders board; `set_actor` names who does the work (nothing is written without one), `refresh` reads."""

    def __init__(self, tasks: TaskManager, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.tasks = tasks
        self.actor: Actor | None = None
        self.view: BoardView | None = None
        self.selected_id: uuid.UUID | None = None
        self.dialog: FormDialog | None = None
        self.preview: QDialog | None = None

        self.filter = QComboBox()
        self.filter.setObjectName("orderFilter")
        self.filter.setMinimumHeight(TOUCH_HEIGHT - 8)
        self.filter.setMinimumWidth(210)
        for key, text in FILTERS:
            self.filter.addItem(_(text), key)
        self.filter.currentIndexChanged.connect(lambda _index: self.refresh())
        self.channel_filter = QComboBox()
        self.channel_filter.setObjectName("orderChannelFilter")
        self.channel_filter.setMinimumHeight(TOUCH_HEIGHT - 8)
        self.channel_filter.setMinimumWidth(160)
        self.channel_filter.addItem(_("All channels"), None)
        self.channel_filter.currentIndexChanged.connect(lambda _index: self.refresh())
        self.new_button = BigButton(_("New order"), kind="primary", height=BUTTON_HEIGHT, on_click=self.new_order)
        self.new_button.setObjectName("newOrder")
        self.new_button.setMaximumWidth(220)
        self.summary = label(style=MUTED_TEXT)
        # A summary wraps onto a second line rather than widen a small screen's window.
        self.summary.setWordWrap(True)
        top = QHBoxLayout()
        top.addWidget(label(_("Orders"), factor=1.5, bold=True))
        top.addSpacing(12)
        top.addWidget(self.summary, 1)
        top.addWidget(self.channel_filter)
        top.addWidget(self.filter)
        top.addWidget(self.new_button)

        self.columns = [StatusColumn(status) for status in OPEN_STATUSES]
        board = QHBoxLayout()
        board.setSpacing(10)
        for column in self.columns:
            column.clicked.connect(self.select_order)
            board.addWidget(column, 1)
        self.detail = OrderDetail()
        self.detail.move_requested.connect(self.move_order)
        self.detail.complete_requested.connect(self.complete)
        self.detail.cancel_requested.connect(self.cancel)
        self.detail.slip_requested.connect(self.print_slip)
        body = SideBySide()
        body.setSpacing(14)
        body.addLayout(board, 1)
        body.addWidget(self.detail)
        self.message = label()
        self.message.setObjectName("ordersMessage")
        self.message.setWordWrap(True)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(20, 14, 20, 10)
        layout.setSpacing(10)
        layout.addLayout(top)
        layout.addLayout(body, 1)
        layout.addWidget(self.message)
        self.set_actor(None)
        self.watch = Watch(self, tasks.changed, SHOWS, self.refresh, stale=True)

    # --- the contract with the window -------------------------------------------------------------------------

    def set_actor(self, actor: Actor | None) -> None:
        self.actor = actor
        self.new_button.setEnabled(actor is not None)
        self.detail.set_enabled(actor is not None)

    def refresh(self) -> None:
        """Read the board for the chosen filter again."""
        key = str(self.filter.currentData())
        statuses = OPEN_STATUSES if key == "open" else (key,)
        channel = self.channel_filter.currentData()
        self.tasks.read(
            lambda session: read_board(session, statuses, channel), lambda view: self._show(key, view), self._failed
        )

    # --- the board ----------------------------------------------------------------------------------------------

    def _show(self, key: str, view: BoardView) -> None:
        if key != self.filter.currentData():
            return  # an answer for the filter chosen before; the one for now follows
        self.view = view
        self._fill_channels(view)
        if key == "open":
            for column in self.columns:
                column.show_orders(column.status, [o for o in view.orders if o.status == column.status], view.timezone)
                column.show()
        else:
            # The newest first: a finished order is looked up because it just happened.
            first, *others = self.columns
            first.show_orders(key, list(reversed(view.orders)), view.timezone)
            for column in others:
                column.hide()
        open_orders = [o for o in view.orders if o.is_open]
        self.summary.setText(
            _("{n} open, {collect} to collect on delivery").format(
                n=len(open_orders), collect=fmt.rupiah(sum(o.to_collect for o in open_orders))
            )
            if key == "open"
            else status_name(key)
        )
        chosen = next((o for o in view.orders if o.id == self.selected_id), None)
        self._choose(chosen)
        if view.rung_up_twice:
            self.say(
                " ".join(
                    _(
                        "Order {number} was rung up more than once: sales {receipts}. Void or return the extra one."
                    ).format(number=twice.number, receipts=", ".join(twice.receipts))
                    for twice in view.rung_up_twice
                ),
                error=True,
            )

    def _fill_channels(self, view: BoardView) -> None:
        chosen = self.channel_filter.currentData()
        codes = [self.channel_filter.itemData(i) for i in range(self.channel_filter.count())]
        wanted = [None, *(c.code for c in view.channels)]
        if codes == wanted:
            return
        self.channel_filter.blockSignals(True)
        self.channel_filter.clear()
        self.channel_filter.addItem(_("All channels"), None)
        for channel in view.channels:
            self.channel_filter.addItem(channel.name, channel.code)
        self.channel_filter.setCurrentIndex(max(self.channel_filter.findData(chosen), 0))
        self.channel_filter.blockSignals(False)

    def select_order(self, order_id: uuid.UUID) -> None:
        if self.view is None:
            return
        self._choose(next((o for o in self.view.orders if o.id == order_id), None))

    def _choose(self, order: OrderInfo | None) -> None:
        self.selected_id = order.id if order else None
        for column in self.columns:
            column.select(self.selected_id)
        self.detail.show_order(order, self.view.timezone if self.view else "")

    # --- the work ----------------------------------------------------------------------------------------------

    def _write(
        self, work: Callable[[Session], object], changes: Iterable[Change], done: Callable[[object], None]
    ) -> None:
        """Write `work`; the board reads again on the `changes` it announces."""
        self.tasks.write(work, changes, done, self._failed)

    def new_order(self) -> None:
        if self.actor is None or self.view is None:
            return
        dialog = NewOrderDialog(self.tasks, self.actor, self.view.channels, self)
        dialog.saved.connect(self._saved)
        self._open(dialog)

    def _saved(self, order: OrderInfo) -> None:
        self.selected_id = order.id
        self.say(_("Order {number} taken for {name}.").format(number=order.number, name=order.customer_name), ok=True)
        self.send_to_printer()
        self._back_to_open()

    def move_order(self, status: str) -> None:
        """Move the chosen order to `status` on the board."""
        order, actor = self.detail.order, self.actor
        if order is None or actor is None:
            return

        def moved(result: object) -> None:
            assert isinstance(result, OrderInfo)
            self.say(
                _("Order {number}: {status}.").format(number=result.number, status=status_name(result.status)), ok=True
            )
            self.send_to_printer()

        self._write(lambda session: set_status(session, actor, order.id, status), MOVE_CHANGES, moved)

    def complete(self) -> None:
        order, actor = self.detail.order, self.actor
        if order is None or actor is None:
            return
        dialog = CompleteDialog(self.tasks, actor, order, self)
        dialog.completed.connect(lambda result: self._completed(order, result))
        self._open(dialog)

    def _completed(self, order: OrderInfo, result: SaleResult) -> None:
        self.say(
            _("Order {number} is done: sale {receipt}, change {change}.").format(
                number=order.number, receipt=result.receipt_no, change=fmt.rupiah(result.change)
            ),
            ok=True,
        )
        self.send_to_printer()

    def cancel(self) -> None:
        order, actor = self.detail.order, self.actor
        if order is None or actor is None:
            return
        dialog = CancelDialog(self.tasks, actor, order, self)
        dialog.cancelled.connect(
            lambda done: self.say(_("Order {number} is cancelled.").format(number=done.number), ok=True)
        )
        self._open(dialog)

    def print_slip(self, slip: str) -> None:
        """Show the order's slip (or its receipt) as it will print, with a button to print it."""
        # The preview draws with Pillow: loaded when a slip is first looked at, not when the window starts.
        from pos.ui.widgets.slip_preview import SlipPreview

        order = self.detail.order
        if order is None:
            return
        titles = {"order": _("Order slip"), "delivery": _("Delivery slip"), "receipt": _("Receipt")}
        order_id = order.id
        preview = SlipPreview(
            self.tasks,
            f"{titles[slip]} {order.number}",
            lambda session: read_slip(session, order_id, slip),
            lambda session: print_slip(session, order_id, slip),
            self,
        )
        preview.setObjectName("slipPreview")
        preview.printed.connect(self.send_to_printer)
        self.preview = preview
        preview.finished.connect(lambda _result: preview.deleteLater())
        preview.open()

    def send_to_printer(self) -> None:
        """Hand the print queue to the printer on the I/O pool (the counter does the same after a sale)."""
        db = self.tasks.db

        def reported(run: object) -> None:
            problem = getattr(run, "error", "")
            if problem:
                self.say(_("Printer: {error}").format(error=problem), error=True)

        self.tasks.run_io(
            lambda: print_pending(db),
            reported,
            lambda error: self.say(_("Printer: {error}").format(error=failure_message(error)), error=True),
        )

    def _back_to_open(self) -> None:
        # The new order's announcement reads the board after this: the open orders, where it is.
        if self.filter.currentData() != "open":
            self.filter.blockSignals(True)
            self.filter.setCurrentIndex(0)
            self.filter.blockSignals(False)

    def _open(self, dialog: FormDialog) -> None:
        self.dialog = dialog

        def closed(_result: int) -> None:
            if self.dialog is dialog:
                self.dialog = None
            dialog.deleteLater()

        dialog.finished.connect(closed)
        dialog.open()

    def say(self, text: str, *, error: bool = False, ok: bool = False) -> None:
        self.message.setStyleSheet(ERROR_TEXT if error else OK_TEXT if ok else MUTED_TEXT)
        self.message.setText(text)

    def _failed(self, error: BaseException) -> None:
        self.say(failure_message(error), error=True)

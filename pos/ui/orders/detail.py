"""The chosen order beside the board: who, where, what, its money through its life (held, billed, paid, paid back,
kept) with the movements behind it, and what can be done with it next."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QAbstractItemView, QFrame, QGridLayout, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from pos import i18n
from pos.i18n import N_, _
from pos.ledger.base import fmt
from pos.ledger.base.clock import local
from pos.ledger.counter.payments import method_name
from pos.ledger.selling.order_records import MONEY_NAMES, OPEN_STATUSES, Figure, OrderInfo, OrderLine, money_figures
from pos.ui.orders.board import STATUS_COLOURS, status_name
from pos.ui.widgets.buttons import BigButton
from pos.ui.widgets.entry_form import BUTTON_HEIGHT
from pos.ui.widgets.record_table import Column, RecordModel, record_view
from pos.ui.widgets.style import MUTED, MUTED_TEXT, label

_RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
FIGURE_ROWS = 6  # the most an order's money takes: items, ongkir, billed, down payment used, collected, kept
_PANEL = "QFrame#orderDetail { background: #fbfbfc; border: 1px solid #d5d8dd; border-radius: 10px; }"
PANEL_WIDTH = 420


def _qty(line: OrderLine) -> str:
    return fmt.qty(line.qty_milli)


LINE_COLUMNS: tuple[Column[OrderLine], ...] = (
    Column(N_("Item"), lambda r: r.name),
    Column(N_("Qty"), _qty, right=True),
    Column(N_("Total"), lambda r: fmt.rupiah(r.total), right=True),
)


def next_status(status: str) -> str | None:
    """The column after `status` on the board; None from the last one (the next step there is to complete it)."""
    if status not in OPEN_STATUSES:
        return None
    at = OPEN_STATUSES.index(status)
    return OPEN_STATUSES[at + 1] if at + 1 < len(OPEN_STATUSES) else None


def previous_status(status: str) -> str | None:
    if status not in OPEN_STATUSES:
        return None
    at = OPEN_STATUSES.index(status)
    return OPEN_STATUSES[at - 1] if at > 0 else None


class OrderDetail(QFrame):
    """Shows one order (`show_order`); each button asks the screen to do its work through a signal."""

    move_requested = Signal(str)  # the status to move to
    complete_requested = Signal()
    cancel_requested = Signal()
    slip_requested = Signal(str)  # 'order', 'delivery' or 'receipt'

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("orderDetail")
        self.setStyleSheet(_PANEL + "QFrame#orderDetail QLabel { background: transparent; }")
        self.setFixedWidth(PANEL_WIDTH)
        self.order: OrderInfo | None = None
        self.enabled = False
        heading = self._build_heading()
        grid = self._build_figures()
        buttons = self._build_buttons()

        box = QVBoxLayout(self)
        box.setContentsMargins(14, 12, 14, 12)
        box.setSpacing(6)
        box.addLayout(heading)
        box.addWidget(self.who)
        box.addWidget(self.facts)
        box.addWidget(self.lines_view, 1)
        box.addLayout(grid)
        box.addWidget(self.history)
        box.addWidget(self.note)
        box.addLayout(buttons)
        self.show_order(None, "")

    def _build_heading(self) -> QHBoxLayout:
        """The order's number and status."""
        self.number = label(factor=1.3, bold=True)
        self.number.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.status = label(bold=True)
        self.status.setAlignment(_RIGHT)
        heading = QHBoxLayout()
        heading.addWidget(self.number, 1)
        heading.addWidget(self.status)
        return heading

    def _build_figures(self) -> QGridLayout:
        """Who and where, the items, the money figures (in `grid`), its history and note."""
        self.who = label(factor=1.1, bold=True)
        self.facts = label(style=MUTED_TEXT)
        self.facts.setWordWrap(True)
        self.facts.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.lines = RecordModel(LINE_COLUMNS, self)
        self.lines_view = record_view(self.lines)
        self.lines_view.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.lines_view.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 8)
        # A long name wraps onto a second line rather than being cut short: the panel is narrow.
        self.lines_view.setWordWrap(True)
        # Enough rows for any state of an order (see `money_figures`); unused ones are hidden.
        self.figures: list[tuple[QLabel, QLabel]] = []
        grid = QGridLayout()
        grid.setVerticalSpacing(2)
        for row in range(FIGURE_ROWS):
            name, value = label(), label()
            value.setAlignment(_RIGHT)
            grid.addWidget(name, row, 0)
            grid.addWidget(value, row, 1)
            self.figures.append((name, value))
        self.history = label(style=MUTED_TEXT)
        self.history.setObjectName("orderMoney")
        self.history.setWordWrap(True)
        self.note = label()
        self.note.setWordWrap(True)
        return grid

    def _build_buttons(self) -> QGridLayout:
        """Moving the order along, its slips, completing and cancelling it."""
        self.next_button = BigButton("", kind="primary", height=BUTTON_HEIGHT, on_click=self._next)
        self.next_button.setObjectName("nextStatus")
        self.back_button = BigButton("", height=BUTTON_HEIGHT, on_click=self._back)
        self.order_slip = BigButton(
            _("Order slip"), height=BUTTON_HEIGHT, on_click=lambda: self.slip_requested.emit("order")
        )
        self.order_slip.setObjectName("orderSlip")
        self.delivery_slip = BigButton(
            _("Delivery slip"), height=BUTTON_HEIGHT, on_click=lambda: self.slip_requested.emit("delivery")
        )
        self.delivery_slip.setObjectName("deliverySlip")
        self.receipt_slip = BigButton(
            _("Receipt"), height=BUTTON_HEIGHT, on_click=lambda: self.slip_requested.emit("receipt")
        )
        self.receipt_slip.setObjectName("receiptSlip")
        self.complete_button = BigButton(_("Complete…"), height=BUTTON_HEIGHT, on_click=self.complete_requested.emit)
        self.complete_button.setObjectName("completeOrder")
        self.cancel_button = BigButton(
            _("Cancel order…"), kind="danger", height=BUTTON_HEIGHT, on_click=self.cancel_requested.emit
        )
        self.cancel_button.setObjectName("cancelOrder")
        buttons = QGridLayout()
        self.buttons = buttons
        buttons.setSpacing(6)
        buttons.addWidget(self.next_button, 0, 0, 1, 2)
        buttons.addWidget(self.back_button, 1, 0)
        buttons.addWidget(self.complete_button, 1, 1)
        buttons.addWidget(self.order_slip, 2, 0)
        buttons.addWidget(self.delivery_slip, 2, 1)
        buttons.addWidget(self.receipt_slip, 3, 0)
        buttons.addWidget(self.cancel_button, 3, 1)
        return buttons

    def show_order(self, order: OrderInfo | None, timezone: str) -> None:
        self.order = order
        if order is None:
            self.number.setText(_("No order chosen"))
            self.status.setText("")
            self.who.setText("")
            self.facts.setText(_("Choose an order on the board, or take a new one."))
            self.lines.set_rows(())
            self._show_figures(())
            self.history.setText("")
            self.note.setText("")
        else:
            self.number.setText(order.number)
            self.status.setText(status_name(order.status))
            self.status.setStyleSheet(f"color: {STATUS_COLOURS.get(order.status, MUTED)}; font-weight: bold;")
            self.who.setText(order.customer_name)
            taken = fmt.datetime(local(order.created_at, timezone), i18n.language())
            facts = [
                order.phone,
                order.address,
                _("{channel}, taken {time}").format(channel=order.channel_name, time=taken),
                _("Receipt {number}").format(number=order.receipt_no) if order.receipt_no else "",
            ]
            self.facts.setText("\n".join(f for f in facts if f))
            self.lines.set_rows(order.lines)
            self.lines_view.resizeRowsToContents()
            self._show_figures(money_figures(order))
            self.history.setText(self._history(order, timezone))
            self.note.setText(_("Note: {note}").format(note=order.note) if order.note else "")
        # Empty lines take no room: the items' table gets it.
        for line in (self.history, self.note):
            line.setVisible(bool(line.text()))
        self._enable()

    def _show_figures(self, figures: Sequence[Figure]) -> None:
        for n, (name, value) in enumerate(self.figures):
            figure = figures[n] if n < len(figures) else None
            name.setVisible(figure is not None)
            value.setVisible(figure is not None)
            if figure is not None:
                name.setText(_(figure.label))
                value.setText(fmt.rupiah(figure.amount))
                style = "font-weight: bold;" if figure.strong else ""
                name.setStyleSheet(style)
                value.setStyleSheet(style)

    @staticmethod
    def _history(order: OrderInfo, timezone: str) -> str:
        """The money movements of the order, one a line: when, what, how, how much."""
        lines = []
        for move in order.history:
            when = fmt.datetime(local(move.at, timezone), i18n.language())
            what = _(MONEY_NAMES[move.kind]) if move.kind in MONEY_NAMES else move.kind
            # Kept as credit, or the down payment paying the sale: the money itself does not move, so no "how".
            how = "" if move.kind in ("used", "credit") else f" · {method_name(move.method)}"
            # "Rp" never parts from its number at a line's end.
            lines.append(f"{when}  {what}{how}  {fmt.rupiah(move.amount)}".replace("Rp ", "Rp\u00a0"))
        return "\n".join(lines)

    def set_enabled(self, enabled: bool) -> None:
        """Whether someone is logged in to do the work."""
        self.enabled = enabled
        self._enable()

    def _enable(self) -> None:
        order = self.order
        is_open = order is not None and order.is_open and self.enabled
        ahead = next_status(order.status) if order else None
        behind = previous_status(order.status) if order else None
        # From the last column the next step is handing the order over: completing it, the one button for it there.
        self.next_button.setText(_("Move to {status}").format(status=status_name(ahead)) if ahead else _("Complete…"))
        self.back_button.setText(
            _("Back to {status}").format(status=status_name(behind)) if behind else _("Back a column")
        )
        self.next_button.setEnabled(is_open)
        self.back_button.setEnabled(is_open and behind is not None)
        self.complete_button.setEnabled(is_open)
        self.cancel_button.setEnabled(is_open)
        # An order that has ended has nowhere to go: its slips stay, the board's buttons leave room for its money.
        ended = order is not None and not order.is_open
        for button in (self.next_button, self.back_button, self.cancel_button):
            button.setVisible(not ended)
        self.complete_button.setVisible(not ended and ahead is not None)
        for button in (self.order_slip, self.delivery_slip):
            button.setEnabled(order is not None and self.enabled)
        has_receipt = order is not None and order.sale_id is not None
        self.receipt_slip.setEnabled(has_receipt and self.enabled)
        self.receipt_slip.setVisible(has_receipt)
        # Cancelling takes the whole row while there is no receipt beside it.
        if has_receipt:
            self.buttons.addWidget(self.cancel_button, 3, 1)
        else:
            self.buttons.addWidget(self.cancel_button, 3, 0, 1, 2)

    def _next(self) -> None:
        ahead = next_status(self.order.status) if self.order else None
        if ahead:
            self.move_requested.emit(ahead)
        elif self.order is not None:
            self.complete_requested.emit()

    def _back(self) -> None:
        behind = previous_status(self.order.status) if self.order else None
        if behind:
            self.move_requested.emit(behind)

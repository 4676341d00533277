"""The orders board: a column per status, a card per order (number, customer, total, ongkir, down payment,
channel). A card is chosen with a click; the screen shows the chosen order beside the board."""

from __future__ import annotations

import uuid
from collections.abc import Sequence

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QMouseEvent
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QScrollArea, QVBoxLayout, QWidget

from pos import i18n
from pos.i18n import _
from pos.ledger.base import fmt
from pos.ledger.base.clock import local, utc_now
from pos.ledger.selling.orders import STATUS_NAMES, OrderInfo
from pos.ui.widgets.style import ACCENT, MUTED, MUTED_TEXT, font, label

# A status colour each, the same on the cards' edge and the column's heading.
STATUS_COLOURS = {
    "new": "#c77700",
    "preparing": "#1857b6",
    "sent": "#6b4fbb",
    "done": "#1d6b3a",
    "cancelled": "#8a8f98",
}
_CARD = (
    "QFrame#orderCard {{ background: #ffffff; border: 1px solid {border}; border-left: 5px solid {edge};"
    " border-radius: 8px; }} QFrame#orderCard QLabel {{ background: transparent; border: none; }}"
)
_COLUMN = "QFrame#statusColumn { background: #f1f2f4; border: 1px solid #e2e5ea; border-radius: 10px; }"


def _unbroken(amount: int) -> str:
    """`Rp 20.000` that a wrapped line never splits after `Rp`."""
    return fmt.rupiah(amount).replace(" ", "\u00a0")


def when_taken(order: OrderInfo, timezone: str) -> str:
    """`11.26` for an order taken today, `22 Nov` for an older one: a card has room for little."""
    taken = local(order.created_at, timezone)
    if taken.date() == local(utc_now(), timezone).date():
        return f"{taken:%H.%M}"
    return fmt.date(taken.date(), i18n.language()).rsplit(" ", 1)[0]


def status_name(status: str) -> str:
    return _(STATUS_NAMES[status]) if status in STATUS_NAMES else status


class OrderCard(QFrame):
    """One order on the board; `clicked` carries its id."""

    clicked = Signal(object)

    def __init__(self, order: OrderInfo, timezone: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("orderCard")
        self.order = order
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        number = label(order.number, bold=True)
        when = label(when_taken(order, timezone), style=MUTED_TEXT)
        when.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        top = QHBoxLayout()
        top.addWidget(number)
        top.addStretch(1)
        top.addWidget(when)
        customer = label(order.customer_name, factor=1.1)
        customer.setWordWrap(True)
        channel = label(order.channel_name, style=f"color: {ACCENT};")
        total = label(fmt.rupiah(order.billed if order.status == "done" else order.total), factor=1.1, bold=True)
        total.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        middle = QHBoxLayout()
        middle.addWidget(channel)
        middle.addStretch(1)
        middle.addWidget(total)
        facts = [_("ongkir {amount}").format(amount=_unbroken(order.delivery_fee))]
        if order.deposit:
            facts.append(_("DP {amount}").format(amount=_unbroken(order.deposit)))
        money = label(" · ".join(facts), style=MUTED_TEXT)
        money.setWordWrap(True)
        box = QVBoxLayout(self)
        box.setContentsMargins(12, 8, 10, 8)
        box.setSpacing(2)
        box.addLayout(top)
        box.addWidget(customer)
        box.addLayout(middle)
        box.addWidget(money)
        self.set_selected(False)

    def set_selected(self, selected: bool) -> None:
        border = ACCENT if selected else "#d5d8dd"
        self.setStyleSheet(_CARD.format(border=border, edge=STATUS_COLOURS.get(self.order.status, MUTED)))

    def mousePressEvent(self, event: QMouseEvent) -> None:
        if event.button() == Qt.MouseButton.LeftButton:
            self.clicked.emit(self.order.id)
            event.accept()
            return
        super().mousePressEvent(event)


class StatusColumn(QFrame):
    """The heading of one status with its count, and its orders' cards one under the other."""

    clicked = Signal(object)

    def __init__(self, status: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("statusColumn")
        self.setStyleSheet(_COLUMN)
        self.status = status
        self.cards: list[OrderCard] = []
        self.heading = QLabel()
        self.heading.setFont(font(self.font(), self.font().pointSizeF() * 1.15, bold=True))
        self.heading.setStyleSheet(f"color: {STATUS_COLOURS.get(status, MUTED)}; background: transparent;")
        self.empty = label(_("No orders."), style=MUTED_TEXT + "background: transparent;")
        self.inner = QWidget()
        self.inner.setObjectName("columnCards")
        self.inner.setStyleSheet("QWidget#columnCards { background: transparent; }")
        self.list = QVBoxLayout(self.inner)
        self.list.setContentsMargins(0, 0, 4, 0)
        self.list.setSpacing(8)
        self.list.addWidget(self.empty)
        self.list.addStretch(1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        scroll.setStyleSheet("QScrollArea { background: transparent; }")
        scroll.viewport().setStyleSheet("background: transparent;")
        scroll.setWidget(self.inner)
        box = QVBoxLayout(self)
        box.setContentsMargins(10, 10, 6, 10)
        box.setSpacing(8)
        box.addWidget(self.heading)
        box.addWidget(scroll, 1)
        self.show_orders(status, (), "")

    def show_orders(self, status: str, orders: Sequence[OrderInfo], timezone: str) -> None:
        self.status = status
        for card in self.cards:
            card.deleteLater()
        self.cards = []
        self.heading.setText(f"{status_name(status)}  ({len(orders)})")
        self.heading.setStyleSheet(f"color: {STATUS_COLOURS.get(status, MUTED)}; background: transparent;")
        for n, order in enumerate(orders):
            card = OrderCard(order, timezone)
            card.clicked.connect(self.clicked.emit)
            self.list.insertWidget(n, card)
            self.cards.append(card)
        self.empty.setVisible(not orders)

    def select(self, order_id: uuid.UUID | None) -> None:
        for card in self.cards:
            card.set_selected(card.order.id == order_id)

"""The right-hand side of the checkout: the total in large type, its parts, the customer, the sales channel, and
the last change."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QFrame, QGridLayout, QLabel, QPushButton, QSizePolicy, QVBoxLayout, QWidget

from pos import i18n
from pos.i18n import _
from pos.ledger.base import fmt
from pos.ledger.channels.channels import ChannelInfo, describe_terms
from pos.ledger.counter.pricing import PricedCart
from pos.ledger.people.customers import CustomerRow
from pos.ledger.selling.sales import SaleResult
from pos.ui.counter.channels import COUNTER_CHANNEL
from pos.ui.counter.labels import method_name
from pos.ui.widgets.fit_label import FitLabel
from pos.ui.widgets.style import (
    AMOUNT_POINT_SIZE,
    MIN_TOTAL_POINT_SIZE,
    MUTED_TEXT,
    TOTAL_POINT_SIZE,
    TOUCH_HEIGHT,
    font,
    label,
)

_RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
_PANEL = "QFrame#totalsBox { background: #f3f6fb; border: 1px solid #d5dce8; border-radius: 10px; }"
_CHANGE = "QFrame#changeBox { background: #e7f5ec; border: 1px solid #b9e0c6; border-radius: 10px; }"
# The counter is the usual case and stays quiet; any other channel stands out, so no sale goes on it by mistake.
_CHANNEL_QUIET = (
    "QPushButton { text-align: left; border: none; background: transparent; color: #6b7280; padding: 2px 0px; }"
)
_CHANNEL_LOUD = (
    "QPushButton { text-align: left; background: #dbe7fb; color: #1f2430; border: 1px solid #1857b6;"
    " border-radius: 8px; padding: 6px 12px; font-weight: bold; }"
)


def sale_outcome(result: SaleResult) -> tuple[str, int]:
    """What to tell after `result`: change when cash was handed over; otherwise what paid it, and how much."""
    settlement = result.settlement
    if result.change or settlement.paid_by("cash"):
        return _("Change"), result.change
    applied = settlement.applied
    if applied and all(p.method == "platform" for p in applied):
        return _("Paid through {channel}").format(channel=applied[0].provider or method_name("platform")), result.total
    methods = {p.method for p in applied}
    if len(methods) == 1:
        return _("Paid by {method}").format(method=method_name(applied[0].method)), result.total
    return _("Paid"), result.total


class TotalsPanel(QWidget):
    """Shows what the core priced: the amount due (large), gross, discount, DPP and PPN, and after a sale the
    change to give and the receipt number. `channel_clicked` is a tap on the channel line."""

    channel_clicked = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        box_frame = QFrame()
        box_frame.setObjectName("totalsBox")
        box_frame.setStyleSheet(_PANEL)
        caption = label(_("Total"), factor=1.3, bold=True, style=MUTED_TEXT)
        self.total = FitLabel(TOTAL_POINT_SIZE, MIN_TOTAL_POINT_SIZE)
        self.total.setObjectName("total")
        self.total.setFont(font(self.font(), TOTAL_POINT_SIZE, bold=True))
        self.total.setAlignment(_RIGHT)
        self.total.setText(fmt.rupiah(0))
        self.items = label(style=MUTED_TEXT)
        self.items.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Fixed)
        self.items.setAlignment(_RIGHT)
        grid = QGridLayout()
        grid.setHorizontalSpacing(12)
        grid.setVerticalSpacing(2)
        self._rows: dict[str, tuple[QLabel, QLabel]] = {}
        for row, (key, text) in enumerate(
            (("gross", _("Subtotal")), ("discount", _("Discount")), ("dpp", _("DPP")), ("ppn", _("PPN")))
        ):
            name = label(text, factor=1.1)
            value = label(factor=1.1)
            value.setAlignment(_RIGHT)
            value.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
            grid.addWidget(name, row, 0)
            grid.addWidget(value, row, 1)
            self._rows[key] = (name, value)
        inner = QVBoxLayout(box_frame)
        inner.setContentsMargins(18, 12, 18, 14)
        inner.setSpacing(4)
        inner.addWidget(caption)
        inner.addWidget(self.total)
        inner.addWidget(self.items)
        inner.addLayout(grid)

        self.customer = label(factor=1.1)
        self.customer.setObjectName("customerLine")
        self.customer.setWordWrap(True)
        self.channel = QPushButton()
        self.channel.setObjectName("channelLine")
        self.channel.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.channel.setCursor(Qt.CursorShape.PointingHandCursor)
        self.channel.setFont(font(self.font(), self.font().pointSizeF() * 1.1))
        self.channel.setMinimumHeight(TOUCH_HEIGHT)  # a thumb can change the channel as well as F7
        self.channel.clicked.connect(lambda _checked=False: self.channel_clicked.emit())

        self.change_box = QFrame()
        self.change_box.setObjectName("changeBox")
        self.change_box.setStyleSheet(_CHANGE)
        self.change_caption = label(_("Change"), factor=1.2, bold=True, style="color: #1d6b3a;")
        self.change = QLabel()
        self.change.setObjectName("change")
        self.change.setFont(font(self.font(), AMOUNT_POINT_SIZE, bold=True))
        self.change.setStyleSheet("color: #1d6b3a;")
        self.change.setAlignment(_RIGHT)
        self.receipt = label(factor=1.05)
        self.receipt.setObjectName("receiptNo")
        self.receipt.setAlignment(_RIGHT)
        self.receipt.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        change_box = QVBoxLayout(self.change_box)
        change_box.setContentsMargins(18, 10, 18, 12)
        change_box.addWidget(self.change_caption)
        change_box.addWidget(self.change)
        change_box.addWidget(self.receipt)
        self.change_box.hide()

        box = QVBoxLayout(self)
        box.setContentsMargins(0, 0, 0, 0)
        box.setSpacing(12)
        box.addWidget(box_frame)
        box.addWidget(self.customer)
        box.addWidget(self.channel)
        box.addWidget(self.change_box)
        box.addStretch(1)
        self.show_priced(None)
        self.show_customer(None)
        self.show_channel(COUNTER_CHANNEL)

    def show_priced(self, priced: PricedCart | None) -> None:
        lines = len(priced.lines) if priced else 0
        self.total.setText(fmt.rupiah(priced.exact_due if priced else 0))
        self.items.setText(i18n.ngettext("{n} line", "{n} lines", lines).format(n=lines))
        with_ppn = priced is not None and priced.ppn_mode != "none"
        self._set("gross", priced.gross if priced else 0)
        self._set("discount", -priced.discount if priced and priced.discount else None)
        self._set("dpp", priced.dpp if with_ppn and priced else None)
        self._set("ppn", priced.ppn if with_ppn and priced else None)
        if lines:
            self.change_box.hide()

    def show_customer(self, customer: CustomerRow | None) -> None:
        if customer is None:
            self.customer.setText(_("Customer: none (F4 to choose)"))
            self.customer.setStyleSheet(MUTED_TEXT)
            return
        self.customer.setStyleSheet("")
        self.customer.setText(
            _("Customer: {name} · owes {owed} of a {limit} limit").format(
                name=customer.name, owed=fmt.rupiah(customer.balance), limit=fmt.rupiah(customer.credit_limit)
            )
        )

    def show_channel(self, channel: ChannelInfo) -> None:
        """The channel the sale is made on; F7 (or a tap here) changes it."""
        quiet = channel.code == COUNTER_CHANNEL.code
        self.channel.setStyleSheet(_CHANNEL_QUIET if quiet else _CHANNEL_LOUD)
        text = _("Channel: {channel} (F7 to change)").format(channel=channel.name or _("Counter"))
        terms = describe_terms(channel)
        # The terms on a line of their own: the panel is narrow, and a platform's terms can be long.
        self.channel.setText(f"{text}\n{terms}" if terms else text)

    def show_sale(self, result: SaleResult) -> None:
        """After a sale: the change to hand over, large, and the receipt's number; with no cash handed over, what
        paid the sale instead (a platform, QRIS...), never a change of Rp 0."""
        caption, amount = sale_outcome(result)
        self.change_caption.setText(caption)
        self.change.setText(fmt.rupiah(amount))
        self.receipt.setText(_("Receipt {number}").format(number=result.receipt_no))
        self.change_box.show()

    def _set(self, key: str, amount: int | None) -> None:
        name, value = self._rows[key]
        name.setVisible(amount is not None)
        value.setVisible(amount is not None)
        if amount is not None:
            value.setText(fmt.rupiah(amount))

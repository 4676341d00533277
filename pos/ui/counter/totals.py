"""The right-hand side of the checkout: the total in large type, its parts, the customer and the sales channel;
after a sale, in the total's place, what to tell the customer (the change, or that QRIS or kasbon took it)."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSizePolicy,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from pos import i18n
from pos.i18n import _
from pos.ledger.base import fmt
from pos.ledger.channels.channels import COUNTER_CHANNEL, ChannelInfo, describe_terms
from pos.ledger.counter.pricing import PricedCart
from pos.ledger.people.customers import CustomerRow
from pos.ledger.selling.sales import SaleResult
from pos.ui.counter.labels import method_name
from pos.ui.widgets.buttons import COMPACT_HEIGHT
from pos.ui.widgets.fit_label import FitLabel
from pos.ui.widgets.style import (
    AMOUNT_POINT_SIZE,
    GOOD,
    MIN_TOTAL_POINT_SIZE,
    MUTED_TEXT,
    TOTAL_POINT_SIZE,
    TOUCH_HEIGHT,
    font,
    label,
    whole_amounts,
)

_RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
_PANEL = "QFrame#totalsBox { background: #f3f6fb; border: 1px solid #d5dce8; border-radius: 10px; }"
_DONE = "QFrame#changeBox { background: #e7f5ec; border: 1px solid #b9e0c6; border-radius: 10px; }"
# The counter is the usual case and stays quiet; any other channel stands out, so no sale goes on it by mistake.
_CHANNEL_QUIET = (
    "QPushButton { text-align: left; border: none; background: transparent; color: #6b7280; padding: 2px 0px; }"
)
_CHANNEL_LOUD = (
    "QPushButton { text-align: left; background: #dbe7fb; color: #1f2430; border: 1px solid #1857b6;"
    " border-radius: 8px; padding: 6px 12px; font-weight: bold; }"
)
_TOTALS_PAGE, _DONE_PAGE = range(2)


def sale_outcome(result: SaleResult, customer: str = "", owed: int | None = None) -> tuple[str, int, str]:
    """What to tell the customer after `result`: a caption, an amount in large type, and a line under it.

    Cash gives change (kembalian); a sale paid wholly by QRIS, transfer, e-wallet or the customer's credit says
    what paid it, one taken by a platform names the platform, never a change of Rp 0; kasbon says how much went on
    the customer's tab and what they owe now (`owed`, read after the sale).
    """
    settlement = result.settlement
    on_tab = settlement.paid_by("kasbon")
    receipt = _("Receipt {number}").format(number=result.receipt_no)
    if on_tab:
        caption = _("On {name}'s kasbon").format(name=customer) if customer else _("On kasbon")
        if owed is not None:
            receipt = _("Now owes {owed} · {receipt}").format(owed=fmt.rupiah(owed), receipt=receipt)
        return caption, on_tab, receipt
    if result.change or settlement.paid_by("cash"):
        return _("Change"), result.change, receipt
    applied = settlement.applied
    if applied and all(p.method == "platform" for p in applied):
        channel = applied[0].provider or method_name("platform")
        return _("Paid through {channel}").format(channel=channel), result.total, receipt
    methods = {p.method for p in applied}
    if len(methods) == 1:
        return _("Paid by {method}").format(method=method_name(applied[0].method)), result.total, receipt
    return _("Paid"), result.total, receipt


class TotalsPanel(QWidget):
    """Shows what the core priced: the amount due (large), gross, discount, DPP and PPN; after a sale, in the same
    place, the change to give (or what QRIS or kasbon took) and the receipt's number. `channel_clicked` is a tap on
    the channel line."""

    channel_clicked = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        total = self._build_total()
        change = self._build_change()
        # The outcome of a sale takes the total's place (the cart is empty then): the page never grows.
        self.figures = QStackedWidget()
        self.figures.addWidget(total)
        self.figures.addWidget(change)
        self.figures.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Preferred)

        self._build_lines()

        box = QVBoxLayout(self)
        box.setContentsMargins(0, 0, 0, 0)
        box.setSpacing(8)
        box.addWidget(self.figures, 1)
        box.addWidget(self.customer)
        box.addWidget(self.channel)
        self.show_priced(None)
        self.show_customer(None)
        self.show_channel(COUNTER_CHANNEL)

    def _build_total(self) -> QFrame:
        """The total, large, with the item count and the subtotal, discount, DPP and PPN under it."""
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
        self.items.setAlignment(_RIGHT)
        top = QHBoxLayout()
        top.addWidget(caption)
        top.addStretch(1)
        top.addWidget(self.items)
        # Two pairs a row: with PPN on, four parts stay within two lines of a small screen.
        grid = QGridLayout()
        grid.setHorizontalSpacing(12)
        grid.setVerticalSpacing(2)
        self._rows: dict[str, tuple[QLabel, QLabel]] = {}
        for n, (key, text) in enumerate(
            (("gross", _("Subtotal")), ("discount", _("Discount")), ("dpp", _("DPP")), ("ppn", _("PPN")))
        ):
            name = label(text, factor=1.05)
            value = label(factor=1.05)
            value.setAlignment(_RIGHT)
            grid.addWidget(name, n // 2, (n % 2) * 2)
            grid.addWidget(value, n // 2, (n % 2) * 2 + 1)
            self._rows[key] = (name, value)
        self._grid = grid
        inner = QVBoxLayout(box_frame)
        inner.setContentsMargins(16, 8, 16, 10)
        inner.setSpacing(2)
        inner.addLayout(top)
        inner.addWidget(self.total, 1)
        inner.addLayout(grid)
        return box_frame

    def _build_change(self) -> QFrame:
        """The outcome of a sale: the change (or what is owed) and the receipt's number."""
        self.change_box = QFrame()
        self.change_box.setObjectName("changeBox")
        self.change_box.setStyleSheet(_DONE)
        self.change_caption = label(_("Change"), factor=1.3, bold=True, style=f"color: {GOOD};")
        self.change_caption.setWordWrap(True)
        self.change = FitLabel(AMOUNT_POINT_SIZE * 1.3, MIN_TOTAL_POINT_SIZE)
        self.change.setObjectName("change")
        self.change.setFont(font(self.font(), AMOUNT_POINT_SIZE * 1.3, bold=True))
        self.change.setStyleSheet(f"color: {GOOD};")
        self.change.setAlignment(_RIGHT)
        self.receipt = label(factor=1.05)
        self.receipt.setObjectName("receiptNo")
        self.receipt.setAlignment(_RIGHT)
        self.receipt.setWordWrap(True)
        self.receipt.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        change_box = QVBoxLayout(self.change_box)
        change_box.setContentsMargins(16, 8, 16, 10)
        change_box.setSpacing(2)
        change_box.addWidget(self.change_caption)
        change_box.addWidget(self.change, 1)
        change_box.addWidget(self.receipt)
        return self.change_box

    def _build_lines(self) -> None:
        """The customer's line and the channel's (a button: a thumb can change the channel as well as F7)."""
        self.customer = label(factor=1.05)
        self.customer.setObjectName("customerLine")
        self.customer.setWordWrap(True)
        self.channel = QPushButton()
        self.channel.setObjectName("channelLine")
        self.channel.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.channel.setCursor(Qt.CursorShape.PointingHandCursor)
        self.channel.setFont(font(self.font(), self.font().pointSizeF() * 1.05))
        # A thumb can change the channel as well as F7.
        self.channel.setMinimumHeight(COMPACT_HEIGHT)
        self.channel.setMaximumHeight(TOUCH_HEIGHT * 2)
        self.channel.clicked.connect(lambda _checked=False: self.channel_clicked.emit())

    def show_priced(self, priced: PricedCart | None) -> None:
        lines = len(priced.lines) if priced else 0
        self.total.setText(fmt.rupiah(priced.exact_due if priced else 0))
        self.items.setText(i18n.ngettext("{n} line", "{n} lines", lines).format(n=lines))
        with_ppn = priced is not None and priced.ppn_mode != "none"
        self._set("gross", priced.gross if priced else 0)
        self._set("discount", -priced.discount if priced and priced.discount else None)
        self._set("dpp", priced.dpp if with_ppn and priced else None)
        self._set("ppn", priced.ppn if with_ppn and priced else None)
        # With only the left pair shown (no discount, no PPN), its amount lines up with the total's right edge.
        pairs = self._rows["discount"][0].isVisibleTo(self) or self._rows["ppn"][0].isVisibleTo(self)
        self._grid.setColumnStretch(1, 1)
        self._grid.setColumnStretch(2, 0)
        self._grid.setColumnStretch(3, 1 if pairs else 0)
        self._grid.setColumnMinimumWidth(2, 0)
        if lines:
            self.figures.setCurrentIndex(_TOTALS_PAGE)

    def show_customer(self, customer: CustomerRow | None) -> None:
        if customer is None:
            self.customer.setText(_("Customer: none (F4 to choose)"))
            self.customer.setStyleSheet(MUTED_TEXT)
            return
        self.customer.setStyleSheet("")
        self.customer.setText(
            whole_amounts(
                _("Customer: {name} · owes {owed} of a {limit} limit").format(
                    name=customer.name, owed=fmt.rupiah(customer.balance), limit=fmt.rupiah(customer.credit_limit)
                )
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

    def show_sale(self, result: SaleResult, customer: str = "", owed: int | None = None) -> None:
        """After a sale, in the total's place: the change to hand over, or what QRIS or kasbon took, and the
        receipt's number (with what a kasbon customer owes now)."""
        caption, amount, line = sale_outcome(result, customer, owed)
        self.change_caption.setText(caption)
        self.change.setText(fmt.rupiah(amount))
        self.receipt.setText(whole_amounts(line))
        self.figures.setCurrentIndex(_DONE_PAGE)

    def showing_sale(self) -> bool:
        return self.figures.currentIndex() == _DONE_PAGE

    def clear_sale(self) -> None:
        self.figures.setCurrentIndex(_TOTALS_PAGE)

    def _set(self, key: str, amount: int | None) -> None:
        name, value = self._rows[key]
        name.setVisible(amount is not None)
        value.setVisible(amount is not None)
        if amount is not None:
            value.setText(fmt.rupiah(amount))

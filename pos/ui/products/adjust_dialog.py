"""Adjusting one product's stock with a reason: damaged, expired, wasted, lost, found or other
(`stock.adjust_stock`); the products screen's Record waste opens it set to wasted."""

from __future__ import annotations

import uuid
from typing import Final

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLineEdit,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from pos.i18n import N_, _
from pos.ledger.base import fmt
from pos.ledger.base.errors import InvalidInput
from pos.ledger.base.money import Qty
from pos.ledger.books.approvals import Actor
from pos.ledger.stock.search import ProductRow
from pos.ledger.stock.stock_levels import STOCK_REASONS, adjust_stock
from pos.ui.changes import Change
from pos.ui.products.fields import QtyEdit
from pos.ui.products.style import ERROR_STYLE, MUTED_STYLE, button
from pos.ui.tasks import TaskManager, failure_message
from pos.ui.widgets.fitted_dialog import FittedDialog
from pos.ui.widgets.style import label

REASON_NAMES: Final = {
    "rusak": N_("Damaged"),
    "kedaluwarsa": N_("Expired"),
    "terbuang": N_("Wasted"),
    "hilang": N_("Lost"),
    "ditemukan": N_("Found"),
    "lain": N_("Other"),
}
# Which way the goods usually go for each reason; only a suggestion, the owner can pick the other way.
_GOODS_IN: Final = frozenset({"ditemukan"})


class AdjustDialog(FittedDialog):
    """`adjusted` carries the product's id once the adjustment is booked."""

    adjusted = Signal(object)

    def __init__(self, tasks: TaskManager, actor: Actor, product: ProductRow, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.tasks = tasks
        self.actor = actor
        self.product = product
        self.setWindowTitle(_("Adjust stock"))
        self.setModal(True)
        self.setMinimumWidth(520)

        self.reason = QComboBox()
        for key in STOCK_REASONS:
            self.reason.addItem(_(REASON_NAMES.get(key, key)), key)
        self.goods_out = QRadioButton(_("Goods out (−)"))
        self.goods_in = QRadioButton(_("Goods in (+)"))
        self.direction = QButtonGroup(self)
        self.direction.addButton(self.goods_out)
        self.direction.addButton(self.goods_in)
        self.goods_out.setChecked(True)
        way = QHBoxLayout()
        way.addWidget(self.goods_out)
        way.addWidget(self.goods_in)
        way.addStretch(1)
        self.qty = QtyEdit()
        self.qty.setMaximumWidth(140)
        qty_row = QHBoxLayout()
        qty_row.setSpacing(8)
        qty_row.addWidget(self.qty)
        qty_row.addWidget(label(product.unit, style=MUTED_STYLE))
        qty_row.addStretch(1)
        self.note = QLineEdit()
        self.note.setMaxLength(200)
        self.note.setPlaceholderText(_("What happened (optional)"))
        self.reason.currentIndexChanged.connect(self._reason_changed)

        form = QFormLayout()
        form.setVerticalSpacing(10)
        form.addRow(_("Product"), label(product.name, bold=True))
        form.addRow(_("On hand"), label(f"{fmt.qty(product.on_hand_milli)} {product.unit}"))
        form.addRow(_("Reason"), self.reason)
        form.addRow("", way)
        form.addRow(_("Quantity"), qty_row)
        form.addRow(_("Note"), self.note)

        self.status = label()
        self.status.setWordWrap(True)
        self.cancel_button = button(_("Cancel"))
        self.cancel_button.clicked.connect(self.reject)
        self.book_button = button(_("Book the adjustment"), main=True)
        self.book_button.clicked.connect(self.book)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.cancel_button)
        buttons.addWidget(self.book_button)
        box = QVBoxLayout(self)
        box.setContentsMargins(24, 18, 24, 18)
        box.setSpacing(12)
        box.addWidget(label(_("Adjust stock"), factor=1.4, bold=True))
        box.addLayout(form)
        box.addWidget(self.status)
        box.addLayout(buttons)
        self.qty.setFocus()

    def choose_reason(self, reason: str) -> None:
        self.reason.setCurrentIndex(max(0, self.reason.findData(reason)))

    def _reason_changed(self) -> None:
        reason = str(self.reason.currentData())
        (self.goods_in if reason in _GOODS_IN else self.goods_out).setChecked(True)

    def change(self) -> Qty:
        """The signed change; the core's `InvalidInput` when the quantity cannot be read or is not above zero."""
        qty = self.qty.qty()
        if qty.milli <= 0:
            raise InvalidInput(N_("The quantity must be more than zero."))
        return qty if self.goods_in.isChecked() else -qty

    def book(self) -> None:
        if not self.book_button.isEnabled():
            return
        try:
            change = self.change()
        except InvalidInput as error:
            self.status.setStyleSheet(ERROR_STYLE)
            self.status.setText(str(error))
            return
        actor, product_id, reason, note = self.actor, self.product.id, str(self.reason.currentData()), self.note.text()
        self.book_button.setEnabled(False)
        self.tasks.write(
            lambda s: adjust_stock(s, actor.user_id, product_id, change, reason, note),
            {Change.STOCK},
            self._booked,
            self._failed,
        )

    def _booked(self, _count_id: uuid.UUID) -> None:
        self.book_button.setEnabled(True)
        self.adjusted.emit(self.product.id)
        self.accept()

    def _failed(self, error: BaseException) -> None:
        self.book_button.setEnabled(True)
        self.status.setStyleSheet(ERROR_STYLE)
        self.status.setText(failure_message(error))

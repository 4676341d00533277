"""The purchases section: goods received, newest first, for all suppliers or one, paid or still owed.

Receiving goods itself belongs to the products screen; the button here only asks for it.
"""

from __future__ import annotations

import uuid
from typing import Final

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QVBoxLayout, QWidget

from pos import i18n
from pos.i18n import N_, _
from pos.ledger.base import fmt
from pos.ledger.stock.purchase_history import PurchaseRow
from pos.ui.money.reading import MoneyView
from pos.ui.widgets.buttons import BigButton
from pos.ui.widgets.entry_form import BUTTON_HEIGHT
from pos.ui.widgets.record_table import Column, RecordModel, record_view
from pos.ui.widgets.style import BAD, MUTED_TEXT, TOUCH_HEIGHT, label

PAID_NAMES: Final = {"cash": N_("Paid in cash"), "bank": N_("Paid from the bank"), "credit": N_("On credit")}


def _paid(row: PurchaseRow) -> str:
    return _(PAID_NAMES[row.paid_with]) if row.paid_with in PAID_NAMES else row.paid_with


PURCHASE_COLUMNS: Final[tuple[Column[PurchaseRow], ...]] = (
    Column(N_("Date"), lambda r: fmt.date(r.day, i18n.language())),
    Column(N_("Supplier"), lambda r: r.supplier or "—"),
    Column(N_("Invoice"), lambda r: r.invoice_no),
    Column(N_("Products"), lambda r: str(r.lines), right=True),
    Column(N_("Total"), lambda r: fmt.rupiah(r.total), right=True),
    Column(N_("Payment"), _paid, colour=lambda r: BAD if r.paid_with == "credit" else None),
)


class PurchasesTab(QWidget):
    """`filter_changed` carries the supplier chosen (None for all); the screen reads again for it."""

    filter_changed = Signal(object)
    receive_requested = Signal(object)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.supplier_filter = QComboBox()
        self.supplier_filter.setMinimumHeight(TOUCH_HEIGHT)
        self.supplier_filter.setMinimumWidth(280)
        self.supplier_filter.addItem(_("All suppliers"), None)
        self.supplier_filter.activated.connect(lambda _index: self.filter_changed.emit(self.filter()))
        self.receive_button = BigButton(
            _("Receive goods"), height=BUTTON_HEIGHT, on_click=lambda: self.receive_requested.emit(self.filter())
        )
        self.receive_button.setMaximumWidth(240)
        self.summary = label(style=MUTED_TEXT)
        # A summary wraps onto a second line rather than widen a small screen's window.
        self.summary.setWordWrap(True)
        top = QHBoxLayout()
        top.addWidget(label(_("Supplier")))
        top.addWidget(self.supplier_filter)
        top.addWidget(self.summary, 1)
        top.addWidget(self.receive_button)
        self.model = RecordModel(PURCHASE_COLUMNS, self)
        self.table = record_view(self.model, stretch=2)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 8, 0, 0)
        layout.addLayout(top)
        layout.addWidget(self.table, 1)

    def filter(self) -> uuid.UUID | None:
        data = self.supplier_filter.currentData()
        return data if isinstance(data, uuid.UUID) else None

    def show_view(self, view: MoneyView) -> None:
        self.supplier_filter.blockSignals(True)
        self.supplier_filter.clear()
        self.supplier_filter.addItem(_("All suppliers"), None)
        for supplier in sorted(view.suppliers, key=lambda s: s.name.lower()):
            self.supplier_filter.addItem(supplier.name, supplier.id)
        chosen = next(
            (i for i in range(self.supplier_filter.count()) if self.supplier_filter.itemData(i) == view.purchases_of), 0
        )
        self.supplier_filter.setCurrentIndex(chosen)
        self.supplier_filter.blockSignals(False)
        self.model.set_rows(view.purchases)
        owed = sum(p.total for p in view.purchases if p.paid_with == "credit")
        self.summary.setText(
            i18n.ngettext(
                "{n} purchase shown, {total} in all; bought on credit: {owed}.",
                "{n} purchases shown, {total} in all; bought on credit: {owed}.",
                len(view.purchases),
            ).format(
                n=len(view.purchases),
                total=fmt.rupiah(sum(p.total for p in view.purchases)),
                owed=fmt.rupiah(owed),
            )
        )

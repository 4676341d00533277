"""A sale as it was rung up, shown before it is voided: its items, total, payments, who sold it and when.

Read by the core (`receipts.receipt_for_sale`) on the worker; this module only lays it out.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractItemView, QLabel, QTableWidget, QTableWidgetItem, QVBoxLayout, QWidget
from sqlalchemy.orm import Session

from pos.i18n import _
from pos.ledger.base import fmt
from pos.ledger.slips.receipts import find_receipt, receipt_for_sale
from pos.ledger.slips.slip_types import Receipt
from pos.ui.counter.labels import method_name
from pos.ui.widgets.columns import share_columns
from pos.ui.widgets.style import MUTED_TEXT, label

_RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter


def read_receipt(session: Session, receipt_no: str) -> Receipt:
    """The sale with `receipt_no` as its receipt shows it."""
    return receipt_for_sale(session, find_receipt(session, receipt_no))


class SaleSummary(QWidget):
    """The items (names whole, wrapped if long), then the total, how it was paid, and who sold it when."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("saleSummary")
        self.table = QTableWidget(0, 3)
        self.table.setObjectName("saleLines")
        self.table.setHorizontalHeaderLabels([_("Item"), _("Qty"), _("Total")])
        self.table.verticalHeader().hide()
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.table.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.table.setWordWrap(True)
        self.table.setProperty("wholeCells", True)
        self.table.setMinimumHeight(120)
        share_columns(self.table, 0, least=160)
        self.total = label(factor=1.2, bold=True)
        self.total.setObjectName("saleTotal")
        self.paid = label()
        self.paid.setObjectName("salePayments")
        self.paid.setWordWrap(True)
        self.who = label(style=MUTED_TEXT)
        self.who.setObjectName("saleWho")
        self.who.setWordWrap(True)
        box = QVBoxLayout(self)
        box.setContentsMargins(0, 0, 0, 0)
        box.setSpacing(4)
        box.addWidget(self.table, 1)
        for line in (self.total, self.paid, self.who):
            box.addWidget(line)

    def show_receipt(self, receipt: Receipt) -> None:
        self.table.setRowCount(len(receipt.lines))
        for row, line in enumerate(receipt.lines):
            for column, text in enumerate((line.name, fmt.qty(line.qty_milli), fmt.rupiah(line.total))):
                item = QTableWidgetItem(text)
                if column:
                    item.setTextAlignment(_RIGHT)
                self.table.setItem(row, column, item)
        self.total.setText(_("Total {amount}").format(amount=fmt.rupiah(receipt.total)))
        paid = " · ".join(f"{method_name(p.method)} {fmt.rupiah(p.amount)}" for p in receipt.payments)
        self.paid.setText(_("Paid: {payments}").format(payments=paid) if paid else "")
        self.who.setText(
            _("Sold by {cashier} on {time}").format(cashier=receipt.cashier, time=fmt.datetime(receipt.at))
            + (f" · {receipt.customer}" if receipt.customer else "")
        )

    def clear(self) -> None:
        self.table.setRowCount(0)
        for line in (self.total, self.paid, self.who):
            line.clear()

    def labels(self) -> list[QLabel]:
        return [self.total, self.paid, self.who]

"""A product's barcodes in its form: each with the pack it stands for (a piece, a pack of 10, a carton of 40)."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from pos.i18n import N_, _
from pos.ledger.base import fmt
from pos.ledger.base.errors import InvalidInput
from pos.ledger.base.money import MILLI, Money, Qty
from pos.ledger.stock.product_records import BarcodeSpec
from pos.ui.products.fields import AmountEdit, QtyEdit
from pos.ui.products.style import TABLE, button

_RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter


class BarcodeEditor(QWidget):
    """The barcode list with a line to add one; `problem` carries a message when what was typed is refused."""

    problem = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.specs_shown: list[BarcodeSpec] = []
        self.table = QTableWidget(0, 3)
        self.table.setHorizontalHeaderLabels([_("Barcode"), _("Pack holds"), _("Pack price")])
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setStyleSheet(TABLE)
        self.table.setShowGrid(False)
        self.table.verticalHeader().hide()
        self.table.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 8)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.ResizeToContents)
        self.table.setMinimumHeight(self.fontMetrics().height() * 6)

        self.code = QLineEdit()
        self.code.setPlaceholderText(_("Scan or type a barcode"))
        self.pack = QtyEdit()
        self.pack.setText("1")
        self.pack.setToolTip(_("How many of the product's unit this barcode stands for: 1 for a piece"))
        self.pack.setMaximumWidth(60)
        self.pack_price = AmountEdit()
        self.pack_price.setPlaceholderText(_("Pack price"))
        self.pack_price.setToolTip(_("Leave blank to charge the unit price times the pack"))
        self.pack_price.setMaximumWidth(110)
        self.add_button = button(_("Add"))
        self.remove_button = button(_("Remove barcode"))
        self.add_button.clicked.connect(self.add_typed)
        self.remove_button.clicked.connect(self.remove_selected)
        self.code.returnPressed.connect(self.add_typed)

        self.code.setMinimumWidth(150)
        entry = QHBoxLayout()
        entry.setSpacing(6)
        entry.addWidget(self.code, 1)
        entry.addWidget(QLabel("×"))
        entry.addWidget(self.pack)
        entry.addWidget(self.pack_price)
        entry.addWidget(self.add_button)
        box = QVBoxLayout(self)
        box.setContentsMargins(0, 0, 0, 0)
        box.setSpacing(6)
        box.addWidget(self.table, 1)
        box.addLayout(entry)

    def specs(self) -> tuple[BarcodeSpec, ...]:
        return tuple(self.specs_shown)

    def set_specs(self, specs: tuple[BarcodeSpec, ...] | list[BarcodeSpec]) -> None:
        self.specs_shown = list(specs)
        self._fill()

    def add(self, code: str, pack_text: str = "1", price_text: str = "") -> None:
        """Add one barcode; raises the core's `InvalidInput` for a blank code, a bad pack or price, or a repeat."""
        clean = code.strip()
        if not clean:
            raise InvalidInput(N_("A barcode cannot be empty."))
        pack = Qty.parse(pack_text) if pack_text.strip() else Qty(MILLI)
        if pack.milli <= 0:
            raise InvalidInput(N_("A pack must hold more than zero."))
        price = Money.parse(price_text) if price_text.strip() else None
        if any(spec.code == clean for spec in self.specs_shown):
            raise InvalidInput(N_("The same barcode is listed twice."))
        self.specs_shown.append(BarcodeSpec(clean, pack.milli, price))
        self._fill()

    def add_typed(self) -> None:
        try:
            self.add(self.code.text(), self.pack.text(), self.pack_price.text())
        except InvalidInput as error:
            self.problem.emit(str(error))
            return
        self.code.clear()
        self.pack.setText("1")
        self.pack_price.clear()
        self.code.setFocus()

    def remove_selected(self) -> None:
        row = self.table.currentRow()
        if 0 <= row < len(self.specs_shown):
            del self.specs_shown[row]
            self._fill()

    def _fill(self) -> None:
        self.table.setRowCount(len(self.specs_shown))
        for n, spec in enumerate(self.specs_shown):
            pack = QTableWidgetItem(fmt.qty(spec.pack_milli))
            price = QTableWidgetItem(fmt.rupiah(spec.pack_price) if spec.pack_price is not None else "–")
            for item in (pack, price):
                item.setTextAlignment(_RIGHT)
            self.table.setItem(n, 0, QTableWidgetItem(spec.code))
            self.table.setItem(n, 1, pack)
            self.table.setItem(n, 2, price)

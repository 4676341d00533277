"""The product form's Variants tab: up to three options (size, colour, motif) and the table of the variants their
values make, each with its own SKU, barcode, price and cost, and the stock it has.

The combinations are planned by the core (`variant_form.plan`) as the owner types; nothing is written until the
form's Save, which saves them with the product in one transaction.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Final

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QGridLayout,
    QHeaderView,
    QLineEdit,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from pos.i18n import _
from pos.ledger.base import fmt
from pos.ledger.base.errors import InvalidInput
from pos.ledger.base.money import Money
from pos.ledger.stock.variant_form import VariantRow, plan
from pos.ledger.stock.variants import MAX_OPTIONS, Option, clean_options
from pos.ui.products.style import MUTED_STYLE, TABLE, button
from pos.ui.widgets.style import label

_RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
_READ_ONLY: Final = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable


class VariantsTab(QWidget):
    """`problem` carries a message when the options cannot make variants."""

    problem = Signal(str)

    VARIANT, SKU, BARCODE, PRICE, COST, ON_HAND = range(6)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.unit = "pcs"
        self.had_options = False
        self.original: tuple[tuple[Option, ...], tuple[VariantRow, ...]] = ((), ())
        self._rows: list[VariantRow] = []
        self.names: list[QLineEdit] = []
        self.values: list[QLineEdit] = []
        grid = QGridLayout()
        grid.setHorizontalSpacing(10)
        grid.setVerticalSpacing(6)
        grid.addWidget(label(_("Option"), bold=True), 0, 0)
        grid.addWidget(label(_("Values, separated by commas"), bold=True), 0, 1)
        examples = ((_("Size"), "S, M, L"), (_("Colour"), _("Red, Blue")), (_("Flavour"), ""))
        for n in range(MAX_OPTIONS):
            name, values = QLineEdit(), QLineEdit()
            name.setMaxLength(40)
            name.setPlaceholderText(examples[n][0])
            values.setPlaceholderText(examples[n][1])
            grid.addWidget(name, n + 1, 0)
            grid.addWidget(values, n + 1, 1)
            self.names.append(name)
            self.values.append(values)
        grid.setColumnStretch(0, 2)
        grid.setColumnStretch(1, 5)
        self.make_button = button(_("Make the variants"))
        self.make_button.setToolTip(_("List every combination of the values; nothing is saved until Save"))
        grid.addWidget(self.make_button, MAX_OPTIONS + 1, 1, Qt.AlignmentFlag.AlignRight)

        self.table = QTableWidget(0, 6)
        self.table.setHorizontalHeaderLabels(
            [_("Variant"), _("SKU"), _("Barcode"), _("Price"), _("Cost"), _("On hand")]
        )
        self.table.setStyleSheet(TABLE)
        self.table.verticalHeader().hide()
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(
            QAbstractItemView.EditTrigger.DoubleClicked
            | QAbstractItemView.EditTrigger.EditKeyPressed
            | QAbstractItemView.EditTrigger.AnyKeyPressed
        )
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(self.VARIANT, QHeaderView.ResizeMode.Stretch)
        self.note = label(
            _("Each variant is sold and stocked on its own; the product itself is not sold."), style=MUTED_STYLE
        )
        self.note.setWordWrap(True)

        box = QVBoxLayout(self)
        box.setContentsMargins(4, 8, 4, 4)
        box.setSpacing(8)
        box.addLayout(grid)
        box.addWidget(self.table, 1)
        box.addWidget(self.note)
        self.make_button.clicked.connect(self.make_clicked)
        # What a new variant starts at: the form's price and cost (set by the product dialog).
        self.defaults: Callable[[], tuple[Money, Money]] = lambda: (Money(0), Money(0))

    # --- what the tab holds -------------------------------------------------------------------------------------

    def set_data(self, options: Sequence[Option], rows: Sequence[VariantRow], unit: str) -> None:
        self.unit = unit
        self.had_options = bool(options)
        self.original = (tuple(options), tuple(rows))
        for n, option in enumerate(options[:MAX_OPTIONS]):
            self.names[n].setText(option.name)
            self.values[n].setText(", ".join(option.values))
        self._show(list(rows))

    def options(self) -> list[Option]:
        """The options typed (rows with neither a name nor values are left out)."""
        out = []
        for name, values in zip(self.names, self.values, strict=True):
            if name.text().strip() or values.text().strip():
                out.append(Option(name.text(), tuple(v for v in values.text().split(","))))
        return out

    def wanted(self) -> bool:
        """Whether Save should give the product its options: some are typed, or it had some."""
        return self.had_options or bool(self.options())

    def changed(self, rows: Sequence[VariantRow]) -> bool:
        """Whether the options typed or the table (`rows`, as `make` planned them) differ from what was read, so
        saving the product again does not touch variants nobody changed."""
        return (clean_options(self.options()), tuple(rows)) != self.original

    def make_clicked(self) -> None:
        try:
            self.make()
        except InvalidInput as error:
            self.problem.emit(str(error))

    def make(self) -> list[VariantRow]:
        """List the combinations of the options typed, keeping what was typed in rows already there; the core's
        `InvalidInput` when the options cannot make variants (a value listed twice, too many)."""
        price, cost = self.defaults()
        rows = plan(self.options(), self.rows(), price, cost)
        self._show(rows)
        return rows

    def rows(self) -> list[VariantRow]:
        """The table as the owner left it; `InvalidInput` for an amount that cannot be read."""
        out = []
        for n, row in enumerate(self._rows):
            out.append(
                VariantRow(
                    row.values,
                    Money.parse(self._text(n, self.PRICE) or "0"),
                    Money.parse(self._text(n, self.COST) or "0"),
                    self._text(n, self.SKU),
                    self._text(n, self.BARCODE),
                    row.on_hand_milli,
                    row.product_id,
                )
            )
        return out

    def _text(self, row: int, column: int) -> str:
        item = self.table.item(row, column)
        return item.text().strip() if item is not None else ""

    def _show(self, rows: list[VariantRow]) -> None:
        self._rows = rows
        self.table.setRowCount(len(rows))
        for n, row in enumerate(rows):
            cells = (
                (row.label, False),
                (row.sku, True),
                (row.barcode, True),
                (fmt.number(row.price.rupiah), True),
                (fmt.number(row.cost.rupiah), True),
                (f"{fmt.qty(row.on_hand_milli)} {self.unit}" if row.product_id else _("new"), False),
            )
            for column, (text, editable) in enumerate(cells):
                item = QTableWidgetItem(text)
                if not editable:
                    item.setFlags(_READ_ONLY)
                if column >= self.PRICE:
                    item.setTextAlignment(_RIGHT)
                self.table.setItem(n, column, item)

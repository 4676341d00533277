"""The product form's Recipe tab: the ingredients one unit is made of (picked from the products, in each one's own
unit: grams, millilitres, pieces, metres), whether it is made to order, and what it costs from the recipe against
its price. The cost is the core's (`recipes.costed`), read again on the worker whenever the recipe changes."""

from __future__ import annotations

import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Final

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QHBoxLayout,
    QHeaderView,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from pos.i18n import _
from pos.ledger.base import fmt
from pos.ledger.base.errors import InvalidInput
from pos.ledger.base.money import Qty
from pos.ledger.stock.recipes import CostedIngredient, Ingredient, RecipeCost, costed
from pos.ledger.stock.search import ProductRow
from pos.ui.products.fields import plain_qty
from pos.ui.products.picker import ProductPicker
from pos.ui.products.style import ERROR_STYLE, MUTED_STYLE, TABLE, button
from pos.ui.tasks import TaskManager, failure_message
from pos.ui.widgets.style import label

_RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
_READ_ONLY: Final = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable


@dataclass(frozen=True, slots=True)
class Part:
    product_id: uuid.UUID
    name: str
    unit: str


class RecipeTab(QWidget):
    """`problem` carries a message for the form's status line."""

    problem = Signal(str)

    NAME, QTY, UNIT, COST = range(4)

    def __init__(self, tasks: TaskManager, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.tasks = tasks
        self.parts: list[Part] = []
        self.original: tuple[tuple[Ingredient, ...], bool] = ((), False)
        # The form's selling price, for the margin (set by the product dialog).
        self.price: Callable[[], int] = lambda: 0
        self._asked = 0
        self.picker = ProductPicker(tasks)
        self.picker.field.setPlaceholderText(_("Add an ingredient: name, SKU or barcode"))
        self.picker.picked.connect(self.add)
        self.table = QTableWidget(0, 4)
        self.table.setHorizontalHeaderLabels([_("Ingredient"), _("Quantity"), _("Unit"), _("Cost")])
        self.table.setStyleSheet(TABLE)
        self.table.verticalHeader().hide()
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(self.NAME, QHeaderView.ResizeMode.Stretch)
        self.table.itemChanged.connect(lambda _item: self.recost())
        self.remove_button = button(_("Remove ingredient"))
        self.remove_button.clicked.connect(self.remove_selected)
        self.made_to_order = QCheckBox(_("Made to order: a sale takes the ingredients from stock"))
        self.made_to_order.setToolTip(_("For drinks and food made when sold; leave off for goods made ahead"))
        self.cost = label(bold=True)
        self.margin = label()
        self.note = label(style=MUTED_STYLE)
        self.note.setWordWrap(True)

        figures = QHBoxLayout()
        figures.addWidget(self.cost)
        figures.addSpacing(24)
        figures.addWidget(self.margin)
        figures.addStretch(1)
        figures.addWidget(self.remove_button)
        box = QVBoxLayout(self)
        box.setContentsMargins(4, 8, 4, 4)
        box.setSpacing(8)
        box.addWidget(self.picker)
        box.addWidget(self.table, 1)
        box.addLayout(figures)
        box.addWidget(self.made_to_order)
        box.addWidget(self.note)
        self._show_cost(())

    # --- what the tab holds -------------------------------------------------------------------------------------

    def set_data(self, recipe: Sequence[CostedIngredient], made_to_order: bool) -> None:
        self.original = (tuple(Ingredient(x.product_id, x.qty_milli) for x in recipe), made_to_order)
        self.table.blockSignals(True)
        self.parts = []
        self.table.setRowCount(0)
        for x in recipe:
            self._append(Part(x.product_id, x.name, x.unit), x.qty_milli)
        self.table.blockSignals(False)
        self.made_to_order.setChecked(made_to_order)
        self._show_cost(recipe)

    def changed(self) -> bool:
        try:
            return (tuple(self.ingredients()), self.made_to_order.isChecked()) != self.original
        except InvalidInput:
            return True

    def ingredients(self) -> list[Ingredient]:
        """The recipe as typed; the core's `InvalidInput` for a quantity that cannot be read."""
        return [
            Ingredient(part.product_id, Qty.parse(self._qty_text(n) or "0").milli) for n, part in enumerate(self.parts)
        ]

    def _qty_text(self, row: int) -> str:
        item = self.table.item(row, self.QTY)
        return item.text().strip() if item is not None else ""

    def add(self, product: ProductRow) -> None:
        if any(p.product_id == product.id for p in self.parts):
            self.problem.emit(_("{name} is in the recipe already.").format(name=product.name))
            return
        self.table.blockSignals(True)
        self._append(Part(product.id, product.name, product.unit), 0)
        self.table.blockSignals(False)
        self.picker.field.clear()
        row = len(self.parts) - 1
        self.table.setCurrentCell(row, self.QTY)
        cell = self.table.item(row, self.QTY)
        if cell is not None:
            self.table.editItem(cell)
        self.recost()

    def set_qty(self, name: str, text: str) -> None:
        """Type `text` as the quantity of the ingredient called `name`."""
        row = next(n for n, p in enumerate(self.parts) if p.name == name)
        item = self.table.item(row, self.QTY)
        assert item is not None
        item.setText(text)

    def remove_selected(self) -> None:
        rows = self.table.selectionModel().selectedRows()
        if not rows:
            return
        n = rows[0].row()
        del self.parts[n]
        self.table.removeRow(n)
        self.recost()

    def _append(self, part: Part, qty_milli: int) -> None:
        self.parts.append(part)
        n = self.table.rowCount()
        self.table.insertRow(n)
        name = QTableWidgetItem(part.name)
        name.setFlags(_READ_ONLY)
        qty = QTableWidgetItem(plain_qty(qty_milli) if qty_milli else "")
        qty.setTextAlignment(_RIGHT)
        unit = QTableWidgetItem(part.unit)
        unit.setFlags(_READ_ONLY)
        cost = QTableWidgetItem("")
        cost.setFlags(_READ_ONLY)
        cost.setTextAlignment(_RIGHT)
        for column, item in enumerate((name, qty, unit, cost)):
            self.table.setItem(n, column, item)

    # --- the cost -----------------------------------------------------------------------------------------------

    def recost(self) -> None:
        """Read the recipe's cost again on the worker (an answer to an older recipe is dropped)."""
        try:
            recipe = [x for x in self.ingredients() if x.qty_milli > 0]
        except InvalidInput as error:
            self.problem.emit(str(error))
            return
        self._asked += 1
        asked = self._asked
        self.tasks.read(
            lambda s: costed(s, recipe),
            lambda found: self._show_cost(found) if asked == self._asked else None,
            lambda error: self.problem.emit(failure_message(error)),
        )

    def _show_cost(self, found: Sequence[CostedIngredient]) -> None:
        by_id = {x.product_id: x for x in found}
        self.table.blockSignals(True)
        for n, part in enumerate(self.parts):
            item = self.table.item(n, self.COST)
            if item is not None:
                hit = by_id.get(part.product_id)
                item.setText(fmt.rupiah(hit.cost) if hit else "")
        self.table.blockSignals(False)
        if not self.parts:
            self.cost.setText(_("No recipe"))
            self.margin.setText("")
            self.note.setText(_("A recipe lists what one unit is made of, in each ingredient's own unit."))
            return
        figures = RecipeCost(uuid.UUID(int=0), "", self.price(), tuple(found))
        self.cost.setText(_("Cost from the recipe: {amount}").format(amount=fmt.rupiah(figures.cost)))
        self.margin.setText(_("Margin: {amount}").format(amount=fmt.rupiah(figures.margin)))
        self.margin.setStyleSheet(ERROR_STYLE if figures.margin < 0 else "")
        self.note.setText(_("At the ingredients' average cost now; a quantity per one unit sold or made."))

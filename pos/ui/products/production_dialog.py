"""A production run (the weaver's 20 masks from 2 m of cloth and thread): choose what was made and how many, see
the materials its recipe plans for that many, change them to what was really used, and book it.

The plan comes from `production.planned_materials` and the run is booked by `production.produce` on the database
worker: materials out and goods in at the materials' cost, in one transaction, or nothing when the core refuses.
"""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass
from typing import Final

from PySide6.QtCore import QDate, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QDateEdit,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLineEdit,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)
from sqlalchemy.orm import Session

from pos.i18n import N_, _
from pos.ledger.base import fmt
from pos.ledger.base.errors import InvalidInput
from pos.ledger.base.money import Qty
from pos.ledger.books.approvals import Actor
from pos.ledger.stock.production import ProductionResult, planned_materials, produce
from pos.ledger.stock.recipes import CostedIngredient, Ingredient, costed
from pos.ledger.stock.search import ProductRow
from pos.ui.changes import Change
from pos.ui.products.fields import QtyEdit, plain_qty
from pos.ui.products.picker import ProductPicker
from pos.ui.products.style import ERROR_STYLE, MUTED_STYLE, TABLE, button
from pos.ui.tasks import TaskManager, failure_message
from pos.ui.widgets.fitted_dialog import FittedDialog
from pos.ui.widgets.style import label

_RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
_READ_ONLY: Final = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable


@dataclass(frozen=True, slots=True)
class Material:
    product_id: uuid.UUID
    name: str
    unit: str


def read_plan(session: Session, product_id: uuid.UUID, qty: Qty) -> tuple[CostedIngredient, ...]:
    return costed(session, planned_materials(session, product_id, qty))


class ProductionDialog(FittedDialog):
    """`produced` carries the product's id once the run is booked."""

    produced = Signal(object)

    def __init__(
        self, tasks: TaskManager, actor: Actor, product: ProductRow | None = None, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.tasks = tasks
        self.actor = actor
        self.product: ProductRow | None = None
        self.materials: list[Material] = []
        self.setWindowTitle(_("Production"))
        self.setModal(True)
        self.resize(820, 560)

        form = self._build_form()
        self._build_materials()
        buttons = self._build_buttons()

        box = QVBoxLayout(self)
        box.setContentsMargins(24, 18, 24, 18)
        box.setSpacing(10)
        box.addWidget(label(_("Production"), factor=1.4, bold=True))
        box.addLayout(form)
        box.addWidget(label(_("Materials used"), bold=True))
        box.addWidget(self.table, 1)
        box.addWidget(self.extra)
        box.addWidget(self.status)
        box.addLayout(buttons)
        if product is not None:
            self.choose(product)

    def _build_form(self) -> QFormLayout:
        """What was made and how much, a note, and the day it expires when it tracks expiry."""
        self.picker = ProductPicker(self.tasks)
        self.picker.field.setPlaceholderText(_("What was made: name, SKU or barcode"))
        self.picker.picked.connect(self.choose)
        self.chosen = label(_("No product chosen"), bold=True)
        self.qty = QtyEdit()
        self.qty.setMaximumWidth(140)
        self.qty.editingFinished.connect(self.plan)
        self.unit = label(style=MUTED_STYLE)
        qty_row = QHBoxLayout()
        qty_row.setSpacing(8)
        qty_row.addWidget(self.qty)
        qty_row.addWidget(self.unit)
        self.plan_button = button(_("Plan the materials"))
        self.plan_button.clicked.connect(self.plan)
        qty_row.addWidget(self.plan_button)
        qty_row.addStretch(1)
        self.note = QLineEdit()
        self.note.setMaxLength(200)
        self.note.setPlaceholderText(_("Optional, such as the order it was made for"))
        form = QFormLayout()
        form.setVerticalSpacing(8)
        form.addRow(_("Product"), self.picker)
        form.addRow("", self.chosen)
        form.addRow(_("Quantity made"), qty_row)
        # Goods that track expiry dates come in as a batch with the day they expire; the core asks for it.
        self.expires = QCheckBox(_("Expires on"))
        self.expires_on = QDateEdit(QDate.currentDate().addDays(30))
        self.expires_on.setCalendarPopup(True)
        self.expires_on.setDisplayFormat("dd/MM/yyyy")
        self.expires_on.setEnabled(False)
        self.expires.toggled.connect(self.expires_on.setEnabled)
        expiry_row = QHBoxLayout()
        expiry_row.setSpacing(8)
        expiry_row.addWidget(self.expires)
        expiry_row.addWidget(self.expires_on)
        expiry_row.addStretch(1)
        form.addRow(_("Note"), self.note)
        form.addRow("", expiry_row)
        return form

    def _build_materials(self) -> None:
        """The materials used, planned from the recipe, and a search to add one it does not list."""
        self.table = QTableWidget(0, 3)
        self.table.setHorizontalHeaderLabels([_("Material"), _("Quantity used"), _("Unit")])
        self.table.setStyleSheet(TABLE)
        self.table.verticalHeader().hide()
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.extra = ProductPicker(self.tasks)
        self.extra.field.setPlaceholderText(_("Add a material the recipe does not list"))
        self.extra.picked.connect(self.add_material)

    def _build_buttons(self) -> QHBoxLayout:
        """The status line, and Cancel and Book."""
        self.status = label(style=MUTED_STYLE)
        self.status.setWordWrap(True)
        self.cancel_button = button(_("Cancel"))
        self.cancel_button.clicked.connect(self.reject)
        self.book_button = button(_("Book the production"), main=True)
        self.book_button.clicked.connect(self.book)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.cancel_button)
        buttons.addWidget(self.book_button)
        return buttons

    # --- choosing -----------------------------------------------------------------------------------------------

    def choose(self, product: ProductRow) -> None:
        self.product = product
        self.chosen.setText(product.name)
        self.unit.setText(product.unit)
        self.picker.field.clear()
        self.qty.setFocus()
        if self.qty.text().strip():
            self.plan()

    def plan(self) -> None:
        """Fill the materials with what the recipe asks for the quantity typed."""
        if self.product is None:
            return
        try:
            qty = self._qty()
        except InvalidInput as error:
            self.say(str(error), error=True)
            return
        product_id = self.product.id
        self.tasks.read(lambda s: read_plan(s, product_id, qty), self._planned, self._failed)

    def _planned(self, found: tuple[CostedIngredient, ...]) -> None:
        self.materials = []
        self.table.setRowCount(0)
        for x in found:
            self._append(Material(x.product_id, x.name, x.unit), x.qty_milli)
        self.say(
            _("The recipe's materials for this many; change them to what was really used.")
            if found
            else _("This product has no recipe: add the materials used below.")
        )

    def add_material(self, product: ProductRow) -> None:
        self.extra.field.clear()
        if any(m.product_id == product.id for m in self.materials):
            self.say(_("{name} is listed already.").format(name=product.name), error=True)
            return
        self._append(Material(product.id, product.name, product.unit), 0)

    def _append(self, material: Material, qty_milli: int) -> None:
        self.materials.append(material)
        n = self.table.rowCount()
        self.table.insertRow(n)
        name = QTableWidgetItem(material.name)
        name.setFlags(_READ_ONLY)
        qty = QTableWidgetItem(plain_qty(qty_milli) if qty_milli else "")
        qty.setTextAlignment(_RIGHT)
        unit = QTableWidgetItem(material.unit)
        unit.setFlags(_READ_ONLY)
        for column, item in enumerate((name, qty, unit)):
            self.table.setItem(n, column, item)

    def set_used(self, name: str, text: str) -> None:
        """Type `text` as the quantity used of the material called `name`."""
        row = next(n for n, m in enumerate(self.materials) if m.name == name)
        item = self.table.item(row, 1)
        assert item is not None
        item.setText(text)

    def used(self) -> list[Ingredient]:
        """The materials as typed (blank rows left out); the core's `InvalidInput` for a bad quantity."""
        out = []
        for n, material in enumerate(self.materials):
            item = self.table.item(n, 1)
            text = item.text().strip() if item is not None else ""
            if not text:
                continue
            qty = Qty.parse(text)
            if qty.milli <= 0:
                raise InvalidInput(N_("The quantity must be more than zero."))
            out.append(Ingredient(material.product_id, qty.milli))
        return out

    def _qty(self) -> Qty:
        qty = self.qty.qty()
        if qty.milli <= 0:
            raise InvalidInput(N_("The quantity must be more than zero."))
        return qty

    # --- booking ------------------------------------------------------------------------------------------------

    def book(self) -> None:
        if self.product is None:
            self.say(_("Choose the product that was made."), error=True)
            return
        try:
            qty = self._qty()
            used = self.used()
        except InvalidInput as error:
            self.say(str(error), error=True)
            return
        actor, product_id, note = self.actor, self.product.id, self.note.text()
        chosen = self.expires_on.date().toPython()
        expires_on = chosen if self.expires.isChecked() and isinstance(chosen, dt.date) else None
        self.book_button.setEnabled(False)
        self.tasks.write(
            lambda s: produce(s, actor, product_id, qty, used, note=note, expires_on=expires_on),
            {Change.STOCK},
            self._booked,
            self._failed,
        )

    def _booked(self, result: ProductionResult) -> None:
        self.book_button.setEnabled(True)
        assert self.product is not None
        self.say(_("Booked: materials worth {amount} went into the goods.").format(amount=fmt.rupiah(result.value)))
        self.produced.emit(self.product.id)
        self.accept()

    def _failed(self, error: BaseException) -> None:
        self.book_button.setEnabled(True)
        self.say(failure_message(error), error=True)

    def say(self, text: str, *, error: bool = False) -> None:
        self.status.setText(text)
        self.status.setStyleSheet(ERROR_STYLE if error else MUTED_STYLE)

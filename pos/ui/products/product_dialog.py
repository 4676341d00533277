"""Adding or editing one product: its fields, barcodes with pack sizes, price history, and archiving it; in tabs
beside them its variants, add-ons and recipe.

The form is read (`read_form`) and saved (`product_extras.write_all`: the product and its tabs in one
transaction) on the database worker; the dialog only turns what is typed into drafts and shows the core's answer.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, replace
from typing import Final

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLineEdit,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)
from sqlalchemy.orm import Session

from pos.i18n import _
from pos.ledger.base import fmt
from pos.ledger.base.clock import local
from pos.ledger.base.errors import InvalidInput
from pos.ledger.base.ids import ProductId
from pos.ledger.books.approvals import Actor
from pos.ledger.schema.catalog import PLU_LENGTH, PRODUCT_NAME_LENGTH, SKU_LENGTH
from pos.ledger.shop import settings
from pos.ledger.stock import products
from pos.ledger.stock.product_form import ProductDetail, ProductDraft, product_detail
from pos.ui.changes import Change
from pos.ui.products.addons_tab import AddonsTab
from pos.ui.products.barcodes import BarcodeEditor
from pos.ui.products.fields import AmountEdit, QtyEdit, plain_qty
from pos.ui.products.product_extras import Extras, ExtrasDraft, read_extras, write_all
from pos.ui.products.recipe_tab import RecipeTab
from pos.ui.products.style import ERROR_STYLE, MUTED_STYLE, OK_STYLE, TABLE, button
from pos.ui.products.variants_tab import VariantsTab
from pos.ui.tasks import TaskManager, failure_message
from pos.ui.widgets.fitted_dialog import FittedDialog
from pos.ui.widgets.scroll import DownScroll
from pos.ui.widgets.side_by_side import SideBySide
from pos.ui.widgets.style import label

UNITS: Final = ("pcs", "bungkus", "botol", "kaleng", "sachet", "pak", "dus", "kg", "gram", "liter", "meter", "ikat")
_RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter


@dataclass(frozen=True, slots=True)
class FormData:
    categories: tuple[str, ...]
    ppn_on: bool
    timezone: str
    detail: ProductDetail | None
    extras: Extras


def read_form(session: Session, product_id: uuid.UUID | None) -> FormData:
    """Runs on the database worker: the category names, the shop's PPN mode, the shop's add-on groups, and the
    product (its variants, add-ons and recipe too) when editing."""
    shop = settings.load(session)
    return FormData(
        tuple(name for _id, name in products.categories(session)),
        shop.ppn_mode != "none",
        shop.timezone,
        product_detail(session, product_id) if product_id is not None else None,
        read_extras(session, product_id),
    )


class ProductDialog(FittedDialog):
    """`saved` carries the product's id after Save; `archived` its id and new state after (un)archiving."""

    saved = Signal(object)
    archived = Signal(object, bool)

    def __init__(
        self, tasks: TaskManager, actor: Actor, product_id: uuid.UUID | None = None, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.tasks = tasks
        self.actor = actor
        self.product_id = product_id
        self.detail: ProductDetail | None = None
        self.ready = False
        self.setWindowTitle(_("New product") if product_id is None else _("Edit product"))
        self.setModal(True)
        self.resize(1060, 600)

        form = self._build_details()
        right = self._build_barcodes_and_history()

        # The form and the barcodes side by side on a laptop, one above the other (scrolling) on a small screen.
        columns = SideBySide()
        columns.setSpacing(28)
        columns.addLayout(form, 4)
        columns.addLayout(right, 5)

        buttons = self._build_buttons()

        box = QVBoxLayout(self)
        box.setContentsMargins(24, 18, 24, 18)
        box.setSpacing(12)
        box.addWidget(self.heading)
        self.tabs = self._build_tabs(columns)
        box.addWidget(self.tabs, 1)
        box.addWidget(self.status)
        box.addLayout(buttons)

        self.say(_("Loading…"))
        self.tasks.read(lambda s: read_form(s, product_id), self._loaded, self._load_failed)

    def _build_details(self) -> QFormLayout:
        """The heading and the product's own fields: name, SKU, category, unit, prices, tax, scale code, stock."""
        self.heading = label(self.windowTitle(), factor=1.4, bold=True)
        self.name = QLineEdit()
        self.name.setMaxLength(PRODUCT_NAME_LENGTH)
        self.sku = QLineEdit()
        self.sku.setMaxLength(SKU_LENGTH)
        self.category = QComboBox()
        self.category.setEditable(True)
        self.category.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        editor = self.category.lineEdit()
        if editor is not None:
            editor.setPlaceholderText(_("Choose or type a new one"))
        self.unit = QComboBox()
        self.unit.setEditable(True)
        self.unit.addItems(UNITS)
        self.price = AmountEdit()
        self.cost = AmountEdit()
        self.low_stock = QtyEdit()
        self.low_stock.setToolTip(_("The list marks the product when stock falls to this level; 0 for never"))
        self.ppn_exempt = QCheckBox(_("Exempt from PPN"))
        self.ppn_note = label(style=MUTED_STYLE)
        self.weighed = QCheckBox(_("Sold by weight or length (decimals allowed)"))
        self.plu = QLineEdit()
        self.plu.setMaxLength(PLU_LENGTH)
        self.plu.setToolTip(_("The item code the shop's scale prints in its labels"))
        self.on_hand = label(style=MUTED_STYLE)
        for field in (self.price, self.cost, self.low_stock):
            field.setMaximumWidth(180)
        tax = QHBoxLayout()
        tax.addWidget(self.ppn_exempt)
        tax.addWidget(self.ppn_note, 1)

        form = QFormLayout()
        form.setVerticalSpacing(9)
        form.setHorizontalSpacing(14)
        form.addRow(_("Name"), self.name)
        form.addRow(_("SKU"), self.sku)
        form.addRow(_("Category"), self.category)
        form.addRow(_("Unit"), self.unit)
        form.addRow(_("Selling price"), self.price)
        form.addRow(_("Cost"), self.cost)
        form.addRow(_("Low-stock level"), self.low_stock)
        form.addRow(_("Tax"), tax)
        form.addRow("", self.weighed)
        form.addRow(_("Scale item code"), self.plu)
        form.addRow(_("On hand"), self.on_hand)
        return form

    def _build_barcodes_and_history(self) -> QVBoxLayout:
        """The barcodes with their pack sizes, and the price history under them."""
        self.barcodes = BarcodeEditor()
        self.barcodes.problem.connect(lambda text: self.say(text, error=True))
        self.history = QTableWidget(0, 4)
        self.history.setHorizontalHeaderLabels([_("Changed"), _("Price"), _("Cost"), _("By")])
        self.history.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.history.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.history.setStyleSheet(TABLE)
        self.history.setShowGrid(False)
        self.history.verticalHeader().hide()
        self.history.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 8)
        header = self.history.horizontalHeader()
        for column in (0, 1, 2):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        self.history_note = label(style=MUTED_STYLE)

        right = QVBoxLayout()
        right.setSpacing(6)
        barcodes_title = QHBoxLayout()
        barcodes_title.addWidget(label(_("Barcodes and pack sizes"), bold=True), 1)
        barcodes_title.addWidget(self.barcodes.remove_button)
        right.addLayout(barcodes_title)
        right.addWidget(self.barcodes, 3)
        right.addSpacing(8)
        right.addWidget(label(_("Price history"), bold=True))
        right.addWidget(self.history, 2)
        right.addWidget(self.history_note)
        return right

    def _build_buttons(self) -> QHBoxLayout:
        """The status line, and Archive, Cancel and Save."""
        self.status = label()
        self.status.setWordWrap(True)
        self.status.setMinimumHeight(self.status.fontMetrics().lineSpacing() * 2 + 4)
        self.archive_button = button(_("Archive"))
        self.archive_button.setToolTip(_("An archived product stays in the books and old receipts but is not sold"))
        self.archive_button.clicked.connect(self.toggle_archive)
        self.archive_button.setVisible(self.product_id is not None)
        self.cancel_button = button(_("Cancel"))
        self.cancel_button.clicked.connect(self.reject)
        self.save_button = button(_("Save"), main=True)
        self.save_button.clicked.connect(self.save)
        self.save_button.setEnabled(False)
        buttons = QHBoxLayout()
        buttons.addWidget(self.archive_button)
        buttons.addStretch(1)
        buttons.addWidget(self.cancel_button)
        buttons.addWidget(self.save_button)
        return buttons

    def _build_tabs(self, details: SideBySide) -> QTabWidget:
        """The details beside the barcodes, then the variants, the add-ons and the recipe, a tab each."""
        self.variants = VariantsTab()
        self.variants.defaults = lambda: (self.price.amount(), self.cost.amount())
        self.variants.problem.connect(lambda text: self.say(text, error=True))
        self.addons = AddonsTab()
        self.recipe = RecipeTab(self.tasks)
        self.recipe.price = self._price_or_zero
        self.recipe.problem.connect(lambda text: self.say(text, error=True))
        tabs = QTabWidget()
        tabs.addTab(DownScroll(details), _("Details"))
        tabs.addTab(self.variants, _("Variants"))
        tabs.addTab(self.addons, _("Add-ons"))
        tabs.addTab(self.recipe, _("Recipe"))
        return tabs

    # --- reading ------------------------------------------------------------------------------------------------

    def _loaded(self, data: FormData) -> None:
        self.category.addItem("")
        self.category.addItems(list(data.categories))
        self.ppn_note.setText("" if data.ppn_on else _("(PPN is off for this shop)"))
        detail = data.detail
        self.detail = detail
        if detail is None:
            self.on_hand.setText("0")
            self.history_note.setText(_("Price changes will be listed here."))
        else:
            self._fill(detail, data.timezone)
        self.plu.setEnabled(detail is None)
        extras = data.extras
        self.variants.set_data(extras.options, extras.variants, detail.unit if detail else "pcs")
        self.tabs.setTabEnabled(self.tabs.indexOf(self.variants), not extras.is_variant)
        self.addons.set_data(extras.groups, extras.offered)
        self.recipe.set_data(extras.recipe, extras.made_to_order)
        self.ready = True
        self.save_button.setEnabled(True)
        self.say("")
        self.name.setFocus()

    def _fill(self, detail: ProductDetail, timezone: str) -> None:
        self.name.setText(detail.name)
        self.sku.setText(detail.sku or "")
        self.category.setCurrentText(detail.category or "")
        self.unit.setCurrentText(detail.unit)
        self.price.set_amount(detail.price)
        self.cost.set_amount(detail.cost)
        self.low_stock.setText(plain_qty(detail.low_stock_milli))
        self.ppn_exempt.setChecked(detail.ppn_exempt)
        self.weighed.setChecked(detail.is_weighed)
        self.plu.setText(detail.plu or "")
        self.on_hand.setText(f"{fmt.qty(detail.on_hand_milli)} {detail.unit}")
        if detail.on_hand_milli < 0:
            self.on_hand.setStyleSheet(ERROR_STYLE)
        self.barcodes.set_specs(detail.barcodes)
        self.history.setRowCount(len(detail.history))
        for n, point in enumerate(detail.history):
            self.history.setItem(n, 0, QTableWidgetItem(fmt.datetime(local(point.at, timezone))))
            for column, amount in ((1, point.price), (2, point.cost)):
                item = QTableWidgetItem(fmt.rupiah(amount))
                item.setTextAlignment(_RIGHT)
                self.history.setItem(n, column, item)
            self.history.setItem(n, 3, QTableWidgetItem(point.by or ""))
        self.history_note.setText("" if detail.history else _("No price changes yet."))
        self._show_archived(detail.is_active)

    def _load_failed(self, error: BaseException) -> None:
        self.say(failure_message(error), error=True)

    # --- saving -------------------------------------------------------------------------------------------------

    def draft(self) -> ProductDraft:
        """What the form holds; the core's `InvalidInput` when an amount or a quantity cannot be read."""
        return ProductDraft(
            name=self.name.text(),
            price=self.price.amount(),
            cost=self.cost.amount(),
            sku=self.sku.text(),
            unit=self.unit.currentText(),
            category=self.category.currentText(),
            ppn_exempt=self.ppn_exempt.isChecked(),
            is_weighed=self.weighed.isChecked(),
            low_stock_milli=self.low_stock.qty().milli,
            plu=self.plu.text() if self.product_id is None else "",
            barcodes=self.barcodes.specs(),
        )

    def _price_or_zero(self) -> int:
        try:
            return self.price.amount().rupiah
        except InvalidInput:
            return 0

    def extras(self) -> ExtrasDraft:
        """The variants, add-ons and recipe as the tabs hold them (parts left untouched are None);
        the core's `InvalidInput` when options or a figure cannot be read."""
        variants_on = self.tabs.isTabEnabled(self.tabs.indexOf(self.variants)) and self.variants.wanted()
        rows = tuple(self.variants.make()) if variants_on else ()
        variants_changed = variants_on and self.variants.changed(rows)
        chosen = self.addons.chosen()
        return ExtrasDraft(
            tuple(self.variants.options()) if variants_changed else None,
            rows,
            chosen if chosen != self.addons.original else None,
            tuple(self.recipe.ingredients()) if self.recipe.changed() else None,
            self.recipe.made_to_order.isChecked(),
        )

    def save(self) -> None:
        if not self.ready or not self.save_button.isEnabled():
            return
        if self.barcodes.code.text().strip():
            # A barcode typed but not added yet is meant to be kept.
            self.barcodes.add_typed()
            if self.barcodes.code.text().strip():
                return
        try:
            draft = self.draft()
            extras = self.extras()
        except InvalidInput as error:
            self.say(str(error), error=True)
            return
        actor, product_id = self.actor, self.product_id
        self.save_button.setEnabled(False)
        self.say(_("Saving…"))
        self.tasks.write(
            lambda s: write_all(s, actor, draft, extras, product_id), {Change.PRODUCTS}, self._saved, self._save_failed
        )

    def _saved(self, product_id: ProductId) -> None:
        self.product_id = product_id
        self.save_button.setEnabled(True)
        self.saved.emit(product_id)
        self.accept()

    def _save_failed(self, error: BaseException) -> None:
        self.save_button.setEnabled(True)
        self.say(failure_message(error), error=True)

    def toggle_archive(self) -> None:
        if self.detail is None or self.product_id is None:
            return
        actor, product_id, active = self.actor, self.product_id, not self.detail.is_active
        self.archive_button.setEnabled(False)
        self.tasks.write(
            lambda s: products.set_active(s, actor, product_id, active),
            {Change.PRODUCTS},
            lambda _none: self._archive_done(active),
            self._save_failed,
        )

    def _archive_done(self, active: bool) -> None:
        assert self.detail is not None and self.product_id is not None
        self.detail = replace(self.detail, is_active=active)
        self.archive_button.setEnabled(True)
        self._show_archived(active)
        self.say(_("The product is sold again.") if active else _("The product is archived."), ok=True)
        self.archived.emit(self.product_id, active)

    def _show_archived(self, active: bool) -> None:
        self.archive_button.setText(_("Archive") if active else _("Unarchive"))
        self.heading.setText(self.windowTitle() if active else _("{title} · archived").format(title=self.windowTitle()))

    def say(self, text: str, *, error: bool = False, ok: bool = False) -> None:
        self.status.setText(text)
        self.status.setStyleSheet(ERROR_STYLE if error else OK_STYLE if ok else MUTED_STYLE)

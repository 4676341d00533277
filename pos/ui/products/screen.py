"""The owner's products and stock screen: the list with search and filters, and the work done on it.

From here the owner adds and edits products (with their variants, add-ons and recipe), edits the add-on groups,
books production runs and waste, receives goods, adjusts stock, counts it (stok opname), prints price labels for
the products chosen, and imports or exports the product list. Every read and write is a ledger service on the
database worker; the list is read a page at a time (`list_model`), so it stays quick with 100,000 products.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import Final

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QProgressBar,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from pos.i18n import _, ngettext
from pos.ledger.base import fmt
from pos.ledger.books.approvals import Actor
from pos.ledger.spreadsheet.spreadsheet import export_products
from pos.ledger.stock import products
from pos.ledger.stock.search import ProductRow
from pos.ui.changes import Change, Watch
from pos.ui.products.addon_groups import AddonGroupsDialog
from pos.ui.products.adjust_dialog import AdjustDialog
from pos.ui.products.import_dialog import ImportDialog
from pos.ui.products.label_dialog import LabelDialog
from pos.ui.products.list_model import ListQuery, ProductListModel
from pos.ui.products.product_dialog import ProductDialog
from pos.ui.products.production_dialog import ProductionDialog
from pos.ui.products.receive_dialog import ReceiveDialog
from pos.ui.products.stock_take import StockTakeDialog
from pos.ui.products.style import ERROR_STYLE, MUTED_STYLE, OK_STYLE, button, set_up_table
from pos.ui.tasks import TaskManager, failure_message
from pos.ui.widgets import file_dialogs
from pos.ui.widgets.columns import share_columns
from pos.ui.widgets.flow import FlowLayout
from pos.ui.widgets.style import label

SEARCH_DELAY_MS: Final = 250
EXPORT_FILTER = "Excel (*.xlsx);;CSV (*.csv)"


class ProductsScreen(QWidget):
    """The product list and its tools; `set_actor` says who works here (the owner), `refresh` reads it again.

    It reads again whenever a write anywhere (here, at the counter, from another device) changes products or stock.
    """

    SHOWS = (Change.PRODUCTS, Change.STOCK)

    def __init__(self, tasks: TaskManager, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.tasks = tasks
        self.actor: Actor | None = None
        self.dialog: QDialog | None = None
        self._select_after_load: uuid.UUID | None = None
        self._exporting = False
        # Replaced in tests: asks where to save (suggested name) -> path or None.
        self.choose_export_path: Callable[[str], str | None] = self._ask_export_path

        top = self._build_header()
        filters = self._build_filters()
        actions = self._build_actions()
        self._build_table()

        layout = QVBoxLayout(self)
        layout.setContentsMargins(20, 14, 20, 10)
        layout.setSpacing(10)
        layout.addLayout(top)
        layout.addLayout(filters)
        layout.addLayout(actions)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.message)

        self._connect()
        self._build_shortcuts()
        self._update_buttons()
        self.watch = Watch(self, tasks.changed, self.SHOWS, self.refresh)
        # Read on first look, not when the window is built: the counter's first scans must not wait behind it.
        self.watch.stale = True

    def _build_header(self) -> QHBoxLayout:
        """The title, and how many products the list holds."""
        title = label(_("Products and stock"), factor=1.6, bold=True)
        self.count_label = label(style=MUTED_STYLE)
        self.count_label.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        top = QHBoxLayout()
        top.addWidget(title)
        top.addStretch(1)
        top.addWidget(self.count_label)
        return top

    def _build_filters(self) -> QHBoxLayout:
        """The search box, the category and the two filters."""
        self.search = QLineEdit()
        self.search.setPlaceholderText(_("Search by name, SKU or barcode"))
        self.search.setClearButtonEnabled(True)
        self.search.setMinimumHeight(34)
        # Room for the whole hint, so a narrow screen shortens the category list rather than the hint.
        hint = self.search.fontMetrics().horizontalAdvance(self.search.placeholderText())
        self.search.setMinimumWidth(hint + 48)
        self.category = QComboBox()
        self.category.setMinimumWidth(170)
        self.category.addItem(_("All categories"), None)
        self.low_only = QCheckBox(_("Low stock only"))
        self.archived = QCheckBox(_("Archived"))
        self.archived.setToolTip(_("Show the archived products instead of those on sale"))
        filters = QHBoxLayout()
        filters.setSpacing(12)
        filters.addWidget(self.search, 1)
        filters.addWidget(self.category)
        filters.addWidget(self.low_only)
        filters.addWidget(self.archived)
        return filters

    def _build_actions(self) -> QHBoxLayout:
        """The buttons for the work done here, flowing onto a second row on a narrow screen."""
        self.add_button = button(_("New product"), main=True)
        self.edit_button = button(_("Edit"))
        self.receive_button = button(_("Receive goods"))
        self.adjust_button = button(_("Adjust stock"))
        self.count_button = button(_("Stock take"))
        self.labels_button = button(_("Price labels…"))
        self.labels_button.setToolTip(_("Print price labels for the products chosen (Ctrl or Shift chooses several)"))
        self.produce_button = button(_("Production"))
        self.produce_button.setToolTip(_("Goods made from materials: the materials leave stock, the goods come in"))
        self.waste_button = button(_("Record waste"))
        self.addons_button = button(_("Add-on groups"))
        self.import_button = button(_("Import…"))
        self.export_button = button(_("Export…"))
        self.progress = QProgressBar()
        self.progress.setRange(0, 0)
        self.progress.setTextVisible(False)
        self.progress.setMaximumWidth(140)
        self.progress.hide()
        # The buttons take a second row on a narrow screen rather than widen the window.
        actions_row = QWidget()
        actions_flow = FlowLayout(actions_row, spacing=8)
        for widget in (
            self.add_button,
            self.edit_button,
            self.receive_button,
            self.adjust_button,
            self.count_button,
            self.labels_button,
            self.produce_button,
            self.waste_button,
            self.addons_button,
            self.import_button,
            self.export_button,
            self.progress,
        ):
            actions_flow.addWidget(widget)
        actions = QHBoxLayout()
        actions.setContentsMargins(0, 0, 0, 0)
        actions.addWidget(actions_row, 1)
        return actions

    def _build_table(self) -> None:
        """The list, read a page at a time, and the line under it for what the last piece of work did."""
        self.model = ProductListModel(self.tasks, self)
        self.table = QTableView()
        self.table.setModel(self.model)
        set_up_table(self.table, stretch=ProductListModel.NAME)
        # Several products may be chosen, for their price labels; the other tools work on the first one.
        self.table.setSelectionMode(QTableView.SelectionMode.ExtendedSelection)
        self.table.setEditTriggers(QTableView.EditTrigger.NoEditTriggers)
        # The columns share the width: on a small screen the name keeps enough to read, the rest give way.
        share_columns(self.table, ProductListModel.NAME, least=160)
        self.message = QLabel()
        self.message.setWordWrap(True)

    def _connect(self) -> None:
        """The search (a pause in typing applies it), the filters, the list and the buttons."""
        self._search_timer = QTimer(self)
        self._search_timer.setSingleShot(True)
        self._search_timer.setInterval(SEARCH_DELAY_MS)
        self._search_timer.timeout.connect(self.apply_filters)
        self.search.textChanged.connect(lambda _text: self._search_timer.start())
        self.search.returnPressed.connect(self.apply_filters)
        self.category.currentIndexChanged.connect(lambda _i: self.apply_filters())
        self.low_only.toggled.connect(lambda _on: self.apply_filters())
        self.archived.toggled.connect(lambda _on: self.apply_filters())
        self.model.loaded.connect(self._loaded)
        self.model.failed.connect(lambda text: self.say(text, error=True))
        self.table.selectionModel().selectionChanged.connect(lambda *_args: self._update_buttons())
        self.table.doubleClicked.connect(lambda _index: self.edit_selected())
        self.table.activated.connect(lambda _index: self.edit_selected())
        self.add_button.clicked.connect(self.add_product)
        self.edit_button.clicked.connect(self.edit_selected)
        self.receive_button.clicked.connect(self.receive_goods)
        self.adjust_button.clicked.connect(self.adjust_stock)
        self.count_button.clicked.connect(self.stock_take)
        self.labels_button.clicked.connect(self.print_labels)
        self.produce_button.clicked.connect(self.production)
        self.waste_button.clicked.connect(self.record_waste)
        self.addons_button.clicked.connect(self.addon_groups)
        self.import_button.clicked.connect(self.import_products)
        self.export_button.clicked.connect(self.export_products)

    def _build_shortcuts(self) -> None:
        """F5 reads the list again; Ctrl+N adds a product."""
        self.refresh_action = QAction(_("&Refresh"), self)
        self.refresh_action.setShortcut(QKeySequence(Qt.Key.Key_F5))
        self.refresh_action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.refresh_action.triggered.connect(self.refresh)
        self.addAction(self.refresh_action)
        self.new_action = QAction(_("New product"), self)
        self.new_action.setShortcut(QKeySequence.StandardKey.New)
        self.new_action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.new_action.triggered.connect(self.add_product)
        self.addAction(self.new_action)

    # --- who and what -------------------------------------------------------------------------------------------

    def set_actor(self, actor: Actor | None) -> None:
        """The person logged in; the screen writes nothing without one."""
        self.actor = actor
        self._update_buttons()

    def query(self) -> ListQuery:
        category = self.category.currentData()
        return ListQuery(
            self.search.text().strip(),
            category if isinstance(category, uuid.UUID) else None,
            self.low_only.isChecked(),
            self.archived.isChecked(),
        )

    def selected(self) -> ProductRow | None:
        rows = self.table.selectionModel().selectedRows()
        return self.model.row_at(rows[0].row()) if rows else None

    def selected_rows(self) -> list[ProductRow]:
        """Every product chosen, in the list's order."""
        rows = sorted(index.row() for index in self.table.selectionModel().selectedRows())
        return [self.model.row_at(n) for n in rows]

    def select_product(self, product_id: uuid.UUID) -> bool:
        """Select the product if it is in the rows loaded; True when it is."""
        n = self.model.row_of(product_id)
        if n is None:
            return False
        self.table.selectRow(n)
        self.table.scrollTo(self.model.index(n, 0))
        return True

    def _update_buttons(self) -> None:
        can_write = self.actor is not None
        chosen = self.selected() is not None
        self.add_button.setEnabled(can_write)
        self.edit_button.setEnabled(can_write and chosen)
        self.adjust_button.setEnabled(can_write and chosen)
        self.receive_button.setEnabled(can_write)
        self.count_button.setEnabled(can_write)
        self.labels_button.setEnabled(can_write and chosen)
        self.produce_button.setEnabled(can_write)
        self.waste_button.setEnabled(can_write and chosen)
        self.addons_button.setEnabled(can_write)
        self.import_button.setEnabled(can_write)
        self.export_button.setEnabled(not self._exporting)

    # --- reading ------------------------------------------------------------------------------------------------

    def refresh(self) -> None:
        """Read the categories and the rows shown again (after work elsewhere, such as sales at the counter),
        keeping the product chosen in view unless a write here asked for its own."""
        self.watch.stale = False
        if self._select_after_load is None and (chosen := self.selected()) is not None:
            self._select_after_load = chosen.id
        self.tasks.read(products.categories, self._show_categories, lambda e: self.say(failure_message(e), error=True))
        self.model.reload()

    def apply_filters(self) -> None:
        """Show the first page of what the search box and filters ask for now."""
        self._search_timer.stop()
        query = self.query()
        if query != self.model.query:
            self.model.set_query(query)

    def _show_categories(self, found: list[tuple[uuid.UUID, str]]) -> None:
        chosen = self.category.currentData()
        self.category.blockSignals(True)
        self.category.clear()
        self.category.addItem(_("All categories"), None)
        for category_id, name in found:
            self.category.addItem(name, category_id)
        index = self.category.findData(chosen)
        self.category.setCurrentIndex(max(index, 0))
        self.category.blockSignals(False)
        if index < 0 and chosen is not None:
            self.apply_filters()  # the category chosen is gone

    def _loaded(self) -> None:
        total = self.model.total
        self.count_label.setText(
            ngettext("{n} product", "{n} products", total).format(n=fmt.number(total))
            if not self.model.query.archived
            else ngettext("{n} archived product", "{n} archived products", total).format(n=fmt.number(total))
        )
        if self._select_after_load is not None:
            self.select_product(self._select_after_load)
            self._select_after_load = None
        self._update_buttons()

    def _written(self, product_id: uuid.UUID | None, text: str) -> None:
        """After a write here: say so and keep the product in view once the list is read again (the write's
        change does that)."""
        self._select_after_load = product_id
        self.say(text, ok=True)

    # --- work ---------------------------------------------------------------------------------------------------

    def _open(self, dialog: QDialog) -> QDialog:
        # The last dialog is kept until the next one opens, so its outcome can still be read after it closed.
        if self.dialog is not None:
            self.dialog.deleteLater()
        self.dialog = dialog
        dialog.open()
        return dialog

    def add_product(self) -> ProductDialog | None:
        if self.actor is None:
            return None
        dialog = ProductDialog(self.tasks, self.actor, None, self)
        dialog.saved.connect(lambda pid: self._written(pid, _("The product was saved.")))
        self._open(dialog)
        return dialog

    def edit_selected(self) -> ProductDialog | None:
        chosen = self.selected()
        if self.actor is None or chosen is None:
            return None
        dialog = ProductDialog(self.tasks, self.actor, chosen.id, self)
        dialog.saved.connect(lambda pid: self._written(pid, _("The product was saved.")))
        dialog.archived.connect(lambda pid, _active: self._written(pid, dialog.status.text()))
        self._open(dialog)
        return dialog

    def receive_goods(self) -> ReceiveDialog | None:
        if self.actor is None:
            return None
        dialog = ReceiveDialog(self.tasks, self.actor, self.selected(), self)
        dialog.received.connect(
            lambda ids: self._written(ids[0] if ids else None, _("The goods were received into stock."))
        )
        self._open(dialog)
        return dialog

    def adjust_stock(self) -> AdjustDialog | None:
        chosen = self.selected()
        if self.actor is None or chosen is None:
            return None
        dialog = AdjustDialog(self.tasks, self.actor, chosen, self)
        dialog.adjusted.connect(lambda pid: self._written(pid, _("The stock was adjusted.")))
        self._open(dialog)
        return dialog

    def stock_take(self) -> StockTakeDialog | None:
        if self.actor is None:
            return None
        chosen = self.selected()
        dialog = StockTakeDialog(self.tasks, self.actor, [chosen] if chosen else [], self)
        dialog.booked.connect(lambda ids: self._written(ids[0] if ids else None, _("The stock take was booked.")))
        self._open(dialog)
        return dialog

    def print_labels(self) -> LabelDialog | None:
        chosen = self.selected_rows()
        if self.actor is None or not chosen:
            return None
        dialog = LabelDialog(self.tasks, self.actor, chosen, self)
        # Labels are made in a write (a product without a barcode gets one), whose change reads the list again.
        dialog.done_text.connect(lambda text: self.say(text, ok=True))
        self._open(dialog)
        return dialog

    def production(self) -> ProductionDialog | None:
        if self.actor is None:
            return None
        dialog = ProductionDialog(self.tasks, self.actor, self.selected(), self)
        dialog.produced.connect(lambda pid: self._written(pid, _("The production was booked.")))
        self._open(dialog)
        return dialog

    def record_waste(self) -> AdjustDialog | None:
        """The stock adjustment set to wasted: what was spoilt or thrown away, with a note on why."""
        dialog = self.adjust_stock()
        if dialog is not None:
            dialog.choose_reason("terbuang")
        return dialog

    def addon_groups(self) -> AddonGroupsDialog | None:
        if self.actor is None:
            return None
        dialog = AddonGroupsDialog(self.tasks, self.actor, self)
        self._open(dialog)
        return dialog

    def import_products(self) -> ImportDialog | None:
        if self.actor is None:
            return None
        dialog = ImportDialog(self.tasks, self.actor, self)
        dialog.imported.connect(lambda _result: self._written(None, dialog.status.text()))
        self._open(dialog)
        return dialog

    def _ask_export_path(self, suggested: str) -> str | None:
        chosen = file_dialogs.save_file(self, _("Export products"), suggested, EXPORT_FILTER, "export")
        return str(chosen) if chosen else None

    def export_products(self) -> None:
        """Ask where, then write the active products in the import layout on the worker."""
        if self._exporting:
            return
        chosen = self.choose_export_path(f"produk-{dt.date.today():%Y%m%d}.xlsx")
        if not chosen:
            return
        path = Path(chosen)
        if not path.suffix:
            path = path.with_suffix(".xlsx")
        self._set_exporting(True)
        self.say(_("Exporting the products…"))
        self.tasks.read(lambda s: (path, export_products(s, path)), self._exported, self._export_failed)

    def _set_exporting(self, busy: bool) -> None:
        self._exporting = busy
        self.progress.setVisible(busy)
        self._update_buttons()

    def _exported(self, done: tuple[Path, int]) -> None:
        path, count = done
        self._set_exporting(False)
        self.say(
            ngettext("{n} product exported to {path}.", "{n} products exported to {path}.", count).format(
                n=fmt.number(count), path=path
            ),
            ok=True,
        )

    def _export_failed(self, error: BaseException) -> None:
        self._set_exporting(False)
        self.say(failure_message(error), error=True)

    def say(self, text: str, *, error: bool = False, ok: bool = False) -> None:
        self.message.setText(text)
        self.message.setStyleSheet(ERROR_STYLE if error else OK_STYLE if ok else MUTED_STYLE)

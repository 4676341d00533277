"""The catalogue to share: choose the channel whose prices it shows, choose products (one by one or a whole
category), keep the choice for next time, and make the PDF and the WhatsApp and Instagram pictures in a folder of
the owner's choosing.

`choose_folder` asks where (a folder dialog); tests replace it.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Sequence
from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QGroupBox,
    QHBoxLayout,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QVBoxLayout,
    QWidget,
)

from pos import i18n
from pos.i18n import _
from pos.ledger.base import fmt
from pos.ledger.base.ids import ProductId
from pos.ui.channels.reading import CatalogueChoice
from pos.ui.widgets import file_dialogs
from pos.ui.widgets.buttons import BigButton
from pos.ui.widgets.entry_form import BUTTON_HEIGHT, FORM_WIDTH
from pos.ui.widgets.record_table import GROUP_STYLE
from pos.ui.widgets.side_by_side import SideBySide
from pos.ui.widgets.style import ERROR_TEXT, MUTED_TEXT, OK_TEXT, TOUCH_HEIGHT, label

_LIST_STYLE = "QListWidget { border: 1px solid #d5d8dd; background: #ffffff; } QListWidget::item { padding: 3px 4px; }"


class CatalogueTab(QWidget):
    """Signals carry the work to the screen: `category_wanted(name)`, `save_wanted(ids)`, `make_wanted(ids, folder)`,
    `channel_wanted(code)` (the products again, at that channel's prices).

    The products keep the order they were chosen in, which is the order the catalogue shows them in.
    """

    category_wanted = Signal(str)
    save_wanted = Signal(object)
    make_wanted = Signal(object, object)
    channel_wanted = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.choose_folder: Callable[[str], str | None] = self._ask_folder
        self.chosen: list[uuid.UUID] = []
        self.items: dict[uuid.UUID, QListWidgetItem] = {}
        self._filling = False

        left_box = self._build_categories()
        middle = self._build_products()
        self._build_make_box()

        box = SideBySide(self)
        box.setContentsMargins(0, 8, 0, 0)
        box.setSpacing(14)
        box.addWidget(left_box)
        box.addLayout(middle, 1)
        box.addWidget(self.box)

    def _build_categories(self) -> QWidget:
        """The categories, each added to the choice whole."""
        self.categories = QListWidget()
        self.categories.setObjectName("catalogueCategories")
        self.categories.setStyleSheet(_LIST_STYLE)
        self.categories.itemActivated.connect(lambda _item: self.add_category())
        self.category_button = BigButton(_("Add the category"), height=BUTTON_HEIGHT, on_click=self.add_category)
        left = QVBoxLayout()
        left.setContentsMargins(0, 0, 0, 0)
        left.addWidget(label(_("Categories"), bold=True))
        left.addWidget(self.categories, 1)
        left.addWidget(self.category_button)
        left_box = QWidget()
        left_box.setLayout(left)
        left_box.setFixedWidth(250)
        return left_box

    def _build_products(self) -> QVBoxLayout:
        """The products on sale, ticked when in the catalogue, with Choose all and Choose none."""
        self.products = QListWidget()
        self.products.setObjectName("catalogueProducts")
        self.products.setStyleSheet(_LIST_STYLE)
        self.products.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.products.itemChanged.connect(self._ticked)
        self.count = label(style=MUTED_TEXT)
        self.all_button = BigButton(_("Choose all"), height=BUTTON_HEIGHT, on_click=lambda: self._tick_all(True))
        self.none_button = BigButton(_("Choose none"), height=BUTTON_HEIGHT, on_click=lambda: self._tick_all(False))
        ticks = QHBoxLayout()
        ticks.addWidget(self.count, 1)
        ticks.addWidget(self.all_button)
        ticks.addWidget(self.none_button)
        middle = QVBoxLayout()
        middle.addWidget(label(_("Products in the catalogue"), bold=True))
        middle.addWidget(self.products, 1)
        middle.addLayout(ticks)
        return middle

    def _build_make_box(self) -> None:
        """The channel whose prices it shows, keeping the choice, the folder, and Make."""
        self.box = QGroupBox(_("Make the catalogue"))
        self.box.setStyleSheet(GROUP_STYLE)
        self.box.setFixedWidth(FORM_WIDTH)
        self.channel = QComboBox()
        self.channel.setObjectName("catalogueChannel")
        self.channel.setMinimumHeight(TOUCH_HEIGHT)
        self.channel.currentIndexChanged.connect(lambda _index: self._channel_changed())
        self.channel_note = label(style=MUTED_TEXT)
        self.channel_note.setObjectName("catalogueChannelNote")
        self.channel_note.setWordWrap(True)
        self.save_button = BigButton(_("Keep this choice"), height=BUTTON_HEIGHT, on_click=self.save)
        self.save_button.setObjectName("saveSelection")
        self.folder = QLineEdit()
        self.folder.setObjectName("catalogueFolder")
        self.folder.setMinimumHeight(TOUCH_HEIGHT)
        self.folder.setPlaceholderText(_("The folder to write it in"))
        self.folder_button = BigButton(_("Choose folder…"), height=BUTTON_HEIGHT, on_click=self.pick_folder)
        self.make_button = BigButton(_("Make catalogue"), kind="primary", height=BUTTON_HEIGHT, on_click=self.make)
        self.make_button.setObjectName("makeCatalogue")
        self.status = label(style=MUTED_TEXT)
        self.status.setObjectName("catalogueStatus")
        self.status.setWordWrap(True)
        self.status.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        inner = QVBoxLayout(self.box)
        inner.setSpacing(8)
        hint = label(
            _("A PDF to print or send, and pictures sized for a WhatsApp status and for Instagram."), style=MUTED_TEXT
        )
        hint.setWordWrap(True)
        inner.addWidget(hint)
        inner.addWidget(label(_("Prices for"), bold=True))
        inner.addWidget(self.channel)
        inner.addWidget(self.channel_note)
        inner.addWidget(self.save_button)
        inner.addWidget(self.folder)
        inner.addWidget(self.folder_button)
        inner.addWidget(self.make_button)
        inner.addWidget(self.status)
        inner.addStretch(1)

    # --- the choice -----------------------------------------------------------------------------------------

    @property
    def channel_code(self) -> str:
        return str(self.channel.currentData() or "")

    def _channel_changed(self) -> None:
        if not self._filling and self.channel_code:
            self.channel_wanted.emit(self.channel_code)

    def _show_channels(self, choice: CatalogueChoice) -> None:
        codes = [self.channel.itemData(n) for n in range(self.channel.count())]
        if codes != [c.code for c in choice.channels]:
            self.channel.clear()
            for channel in choice.channels:
                self.channel.addItem(channel.name, channel.code)
        self.channel.setCurrentIndex(max(self.channel.findData(choice.channel), 0))
        chosen = next((c for c in choice.channels if c.code == choice.channel), None)
        if chosen is None:
            self.channel_note.setText("")
        elif chosen.code == "whatsapp":
            self.channel_note.setText(_("WhatsApp prices, with the code to order by WhatsApp."))
        elif chosen.code == "counter":
            self.channel_note.setText(_("The prices in the shop; no ordering code."))
        else:
            self.channel_note.setText(_("{channel} prices; it says to order on {channel}.").format(channel=chosen.name))

    def show_choice(self, choice: CatalogueChoice) -> None:
        """The products on sale at the chosen channel's prices, ticked as before (at first as the saved choice
        says, all of them when none is saved)."""
        first = not self.items
        self._filling = True
        try:
            self._show_channels(choice)
            self.categories.clear()
            self.categories.addItems(list(choice.categories))
            self.products.clear()
            self.items = {}
            on_sale = {p.id for p in choice.products}
            if first:
                self.chosen = [p for p in choice.selected if p in on_sale] or [p.id for p in choice.products]
            else:  # another channel's prices for the same choice
                self.chosen = [p for p in self.chosen if p in on_sale]
            ticked = set(self.chosen)
            for row in choice.products:
                price = choice.prices.get(ProductId(row.id), row.price.rupiah)
                item = QListWidgetItem(f"{row.name}   ·   {fmt.rupiah(price)}")
                item.setToolTip(row.category or "")
                item.setData(Qt.ItemDataRole.UserRole, row.id)
                item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
                item.setCheckState(Qt.CheckState.Checked if row.id in ticked else Qt.CheckState.Unchecked)
                self.products.addItem(item)
                self.items[row.id] = item
        finally:
            self._filling = False
        self._count()
        if first and not choice.selected:
            self.say(_("No choice is kept yet: every product on sale is ticked."))

    def tick(self, product_ids: Sequence[uuid.UUID]) -> None:
        """Tick these products too (a category added), after those already chosen."""
        self._filling = True
        try:
            for pid in product_ids:
                item = self.items.get(pid)
                if item is not None and pid not in self.chosen:
                    item.setCheckState(Qt.CheckState.Checked)
                    self.chosen.append(pid)
        finally:
            self._filling = False
        self._count()

    def _ticked(self, item: QListWidgetItem) -> None:
        if self._filling:
            return
        pid = item.data(Qt.ItemDataRole.UserRole)
        if item.checkState() == Qt.CheckState.Checked and pid not in self.chosen:
            self.chosen.append(pid)
        elif item.checkState() != Qt.CheckState.Checked and pid in self.chosen:
            self.chosen.remove(pid)
        self._count()

    def _tick_all(self, on: bool) -> None:
        self._filling = True
        try:
            for n in range(self.products.count()):
                self.products.item(n).setCheckState(Qt.CheckState.Checked if on else Qt.CheckState.Unchecked)
        finally:
            self._filling = False
        self.chosen = list(self.items) if on else []
        self._count()

    def _count(self) -> None:
        n = len(self.chosen)
        self.count.setText(i18n.ngettext("{n} product chosen", "{n} products chosen", n).format(n=n))

    def add_category(self) -> None:
        item = self.categories.currentItem()
        if item is None:
            self.say(_("Choose a category in the list first."), error=True)
            return
        self.category_wanted.emit(item.text())

    # --- keeping and making -----------------------------------------------------------------------------------

    def save(self) -> None:
        self.save_wanted.emit(list(self.chosen))

    def _ask_folder(self, start: str) -> str | None:
        chosen = file_dialogs.choose_folder(self, _("Where should the catalogue go?"), start, "catalogue")
        return str(chosen) if chosen else None

    def pick_folder(self) -> None:
        chosen = self.choose_folder(self.folder.text())
        if chosen:
            self.folder.setText(chosen)

    def make(self) -> None:
        if not self.folder.text().strip():
            self.pick_folder()
        folder = self.folder.text().strip()
        if not folder:
            self.say(_("Choose the folder to write the catalogue in."), error=True)
            return
        self.make_wanted.emit(list(self.chosen), Path(folder))

    def busy(self, busy: bool) -> None:
        for button in (self.make_button, self.save_button, self.folder_button):
            button.setEnabled(not busy)

    def made(self, folder: Path, files: Sequence[Path]) -> None:
        names = "\n".join(f"  {f.name}" for f in files)
        self.say(_("Written to {folder}:").format(folder=folder) + "\n" + names, ok=True)

    def say(self, text: str, *, error: bool = False, ok: bool = False) -> None:
        self.status.setStyleSheet(ERROR_TEXT if error else OK_TEXT if ok else MUTED_TEXT)
        self.status.setText(text)

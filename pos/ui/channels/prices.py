"""Prices per channel: each product's counter price beside its price on the chosen channel, and a box to give it
its own price there (or send it back to the channel's markup)."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QTimer, Signal
from PySide6.QtWidgets import QComboBox, QGroupBox, QHBoxLayout, QLineEdit, QVBoxLayout, QWidget

from pos.i18n import N_, _
from pos.ledger.base import fmt
from pos.ledger.base.errors import LedgerError
from pos.ledger.base.money import Money
from pos.ledger.channels.channels import COUNTER, ChannelInfo, describe_terms
from pos.ui.channels.reading import PriceRow
from pos.ui.widgets.buttons import BigButton
from pos.ui.widgets.entry_form import BUTTON_HEIGHT, FORM_WIDTH
from pos.ui.widgets.money_field import MoneyField
from pos.ui.widgets.record_table import GROUP_STYLE, Column, RecordModel, record_view, selected_row
from pos.ui.widgets.side_by_side import SideBySide
from pos.ui.widgets.style import ACCENT, ERROR_TEXT, MUTED_TEXT, OK_TEXT, TOUCH_HEIGHT, label, whole_placeholder


def how_priced(row: PriceRow) -> str:
    if row.set_price is not None:
        return _("its own price")
    return _("the channel's markup") if row.marked_up else _("the counter price")


PRICE_COLUMNS: tuple[Column[PriceRow], ...] = (
    Column(N_("Product"), lambda r: r.name),
    Column(N_("Counter price"), lambda r: fmt.rupiah(r.counter_price), right=True),
    Column(
        N_("Channel price"),
        lambda r: fmt.rupiah(r.price),
        right=True,
        colour=lambda r: ACCENT if r.set_price is not None else None,
    ),
    Column(N_("How"), lambda r: how_priced(r)),
)


class PricesTab(QWidget):
    """`wanted` asks for the prices of (channel, search text); `price_requested` carries (channel, product, price or
    None for the markup). The screen does the work and calls `show_prices` and `say`."""

    wanted = Signal(str, str)
    price_requested = Signal(str, object, object)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.channels: tuple[ChannelInfo, ...] = ()
        self.channel = QComboBox()
        self.channel.setObjectName("priceChannel")
        self.channel.setMinimumHeight(TOUCH_HEIGHT - 8)
        self.channel.currentIndexChanged.connect(lambda _index: self.ask())
        self.terms = label(style=MUTED_TEXT)
        self.search = QLineEdit()
        self.search.setObjectName("priceSearch")
        self.search.setMinimumHeight(TOUCH_HEIGHT - 8)
        self.search.setClearButtonEnabled(True)
        self.search.setPlaceholderText(_("Find a product: name, SKU or barcode"))
        whole_placeholder(self.search)
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.setInterval(200)
        self.timer.timeout.connect(self.ask)
        self.search.textEdited.connect(lambda _text: self.timer.start())
        top = QHBoxLayout()
        top.addWidget(label(_("Channel")))
        top.addWidget(self.channel)
        top.addWidget(self.terms, 1)
        top.addWidget(self.search, 1)
        self.model = RecordModel(PRICE_COLUMNS, self)
        self.view = record_view(self.model)
        self.view.setObjectName("priceList")
        self.view.selectionModel().selectionChanged.connect(lambda *_args: self._chosen())

        self.box = QGroupBox(_("Price on this channel"))
        self.box.setStyleSheet(GROUP_STYLE)
        self.box.setFixedWidth(FORM_WIDTH)
        self.product = label(bold=True)
        self.product.setWordWrap(True)
        self.facts = label(style=MUTED_TEXT)
        self.facts.setWordWrap(True)
        self.price = MoneyField()
        self.price.setObjectName("channelPrice")
        self.price.returnPressed.connect(self.save)
        self.save_button = BigButton(_("Save price"), kind="primary", height=BUTTON_HEIGHT, on_click=self.save)
        self.save_button.setObjectName("saveChannelPrice")
        self.markup_button = BigButton(_("Use the markup"), height=BUTTON_HEIGHT, on_click=self.use_markup)
        self.status = label(style=MUTED_TEXT)
        self.status.setWordWrap(True)
        inner = QVBoxLayout(self.box)
        inner.setSpacing(8)
        inner.addWidget(self.product)
        inner.addWidget(self.facts)
        inner.addWidget(self.price)
        inner.addWidget(self.save_button)
        inner.addWidget(self.markup_button)
        inner.addWidget(self.status)
        inner.addStretch(1)
        lower = SideBySide()
        lower.setSpacing(14)
        lower.addWidget(self.view, 1)
        lower.addWidget(self.box)
        box = QVBoxLayout(self)
        box.setContentsMargins(0, 8, 0, 0)
        box.addLayout(top)
        box.addLayout(lower, 1)
        self._chosen()

    @property
    def code(self) -> str | None:
        data = self.channel.currentData()
        return str(data) if data else None

    def set_channels(self, channels: Sequence[ChannelInfo]) -> None:
        """The channels that can have their own prices (every one but the counter)."""
        wanted = tuple(c for c in channels if c.code != COUNTER)
        if tuple(c.code for c in wanted) == tuple(c.code for c in self.channels):
            self.channels = wanted
            self._show_terms()
            return
        keep = self.code
        self.channels = wanted
        self.channel.blockSignals(True)
        self.channel.clear()
        for c in wanted:
            self.channel.addItem(c.name, c.code)
        self.channel.setCurrentIndex(max(self.channel.findData(keep), 0) if keep else 0)
        self.channel.blockSignals(False)
        self.ask()

    def _show_terms(self) -> None:
        channel = next((c for c in self.channels if c.code == self.code), None)
        self.terms.setText(describe_terms(channel) if channel else "")

    def ask(self) -> None:
        self.timer.stop()
        self._show_terms()
        if self.code:
            self.wanted.emit(self.code, self.search.text())

    def show_prices(self, code: str, query: str, rows: Sequence[PriceRow]) -> None:
        if code != self.code or query != self.search.text():
            return
        keep = self.selected()
        self.model.set_rows(rows)
        index = next((i for i, r in enumerate(rows) if keep and r.product_id == keep.product_id), -1)
        if index >= 0:
            self.view.selectRow(index)
        self._chosen()

    def selected(self) -> PriceRow | None:
        row = selected_row(self.view)
        return self.model.row(row) if 0 <= row < len(self.model.rows) else None

    def _chosen(self) -> None:
        row = self.selected()
        for widget in (self.price, self.save_button, self.markup_button):
            widget.setEnabled(row is not None)
        if row is None:
            self.product.setText(_("Choose a product in the list."))
            self.facts.setText("")
            self.price.clear()
            return
        self.product.setText(row.name)
        how = how_priced(row)
        self.facts.setText(
            _("Counter {counter}; here {price} ({how}).").format(
                counter=fmt.rupiah(row.counter_price), price=fmt.rupiah(row.price), how=how
            )
        )
        self.price.set_amount(row.price)
        self.markup_button.setEnabled(row.set_price is not None)
        self.status.setText("")

    def save(self) -> None:
        row, code = self.selected(), self.code
        if row is None or code is None:
            return
        try:
            price = self.price.amount()
        except LedgerError as error:
            self.say(str(error), error=True)
            return
        self.price_requested.emit(code, row.product_id, price)

    def use_markup(self) -> None:
        row, code = self.selected(), self.code
        if row is not None and code is not None:
            self.price_requested.emit(code, row.product_id, None)

    def say(self, text: str, *, error: bool = False, ok: bool = False) -> None:
        self.status.setStyleSheet(ERROR_TEXT if error else OK_TEXT if ok else MUTED_TEXT)
        self.status.setText(text)


def price_saved_text(name: str, price: Money | None) -> str:
    if price is None:
        return _("{name} follows the channel's markup again.").format(name=name)
    return _("{name} now sells for {price} on this channel.").format(name=name, price=fmt.rupiah(price))

"""The wholesale prices page (harga grosir): choose a product and one of its packs, list from how many the price
drops to what, and save; the counter applies them as the cart crosses each step and undoes them below it."""

from __future__ import annotations

import uuid
from typing import Final

from PySide6.QtWidgets import QComboBox, QFormLayout, QHBoxLayout, QLineEdit, QWidget

from pos.i18n import N_, _
from pos.ledger.base import fmt
from pos.ledger.base.errors import LedgerError
from pos.ledger.base.money import MILLI, Qty
from pos.ledger.prices import tiers
from pos.ledger.stock.search import ProductRow
from pos.ui.changes import Change
from pos.ui.prices.fields import Page
from pos.ui.prices.work import TierView, read_tiers
from pos.ui.products.picker import ProductPicker
from pos.ui.tasks import TaskManager, failure_message
from pos.ui.widgets.buttons import BigButton
from pos.ui.widgets.entry_form import BUTTON_HEIGHT, caption
from pos.ui.widgets.money_field import MoneyField
from pos.ui.widgets.record_table import Column, RecordModel, record_view, selected_row
from pos.ui.widgets.style import MUTED_TEXT, TOUCH_HEIGHT, label

Step = tuple[int, int]  # from how many packs (thousandths), price a pack

COLUMNS: Final[tuple[Column[Step], ...]] = (
    Column(N_("From"), lambda s: fmt.qty(s[0]), right=True),
    Column(N_("Price each"), lambda s: fmt.rupiah(s[1]), right=True),
)


def pack_name(pack_milli: int) -> str:
    return _("A piece") if pack_milli == MILLI else _("Pack of {n}").format(n=fmt.qty(pack_milli))


class TiersPage(Page):
    def __init__(self, tasks: TaskManager, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.tasks = tasks
        self.data: TierView | None = None
        self.product_id: uuid.UUID | None = None
        self.picker = ProductPicker(tasks)
        self.picker.picked.connect(self._picked)
        self.picker.field.setObjectName("tierProductSearch")
        self.product = label(_("Choose a product to see its wholesale prices."), factor=1.2, bold=True)
        self.pack = QComboBox()
        self.pack.setObjectName("tierPack")
        self.pack.setMinimumHeight(TOUCH_HEIGHT)
        self.pack.currentIndexChanged.connect(lambda _i: self._show_steps())
        self.model = RecordModel(COLUMNS, self)
        self.view = record_view(self.model, stretch=1)
        self.view.setObjectName("tierList")
        self.from_qty = QLineEdit()
        self.from_qty.setObjectName("tierFrom")
        self.from_qty.setPlaceholderText("12")
        self.from_qty.setMinimumHeight(TOUCH_HEIGHT)
        self.price = MoneyField()
        self.price.setObjectName("tierPrice")
        self.steps: list[Step] = []
        add = BigButton(_("Add the step"), height=BUTTON_HEIGHT, on_click=self.add_step)
        remove = BigButton(_("Remove the step"), height=BUTTON_HEIGHT, on_click=self.remove_step)
        self.save_button = BigButton(_("Save the prices"), kind="primary", height=BUTTON_HEIGHT, on_click=self.save)
        form = QFormLayout()
        form.addRow(caption(_("Pack")), self.pack)
        form.addRow(caption(_("From how many")), self.from_qty)
        form.addRow(caption(_("Price each")), self.price)
        form.addRow(add)
        form.addRow(remove)
        form.addRow(self.save_button)
        hint = label(
            _("Each pack size has its own steps: pieces count towards the piece's steps, cartons the carton's."),
            style=MUTED_TEXT,
        )
        hint.setWordWrap(True)
        form.addRow(hint)
        side = QWidget()
        side.setLayout(form)
        side.setMaximumWidth(420)
        lower = QHBoxLayout()
        lower.setSpacing(16)
        lower.addWidget(self.view, 1)
        lower.addWidget(side)
        self.buttons.addWidget(self.picker, 1)
        self.box.addWidget(self.product)
        self.box.addLayout(lower, 1)
        self.box.addWidget(self.message)

    def refresh(self) -> None:
        if self.product_id is not None:
            self._read(self.product_id)

    def _picked(self, row: ProductRow) -> None:
        self._read(row.id)

    def _read(self, product_id: uuid.UUID) -> None:
        self.product_id = product_id
        self.tasks.read(
            lambda s: read_tiers(s, product_id), self._show, lambda e: self.say(failure_message(e), error=True)
        )

    def _show(self, data: TierView) -> None:
        self.data = data
        self.product.setText(_("{name}, usually {price}").format(name=data.name, price=fmt.rupiah(data.price)))
        self.pack.blockSignals(True)
        self.pack.clear()
        for pack, price in data.packs:
            self.pack.addItem(f"{pack_name(pack)} · {fmt.rupiah(price)}", pack)
        self.pack.blockSignals(False)
        self._show_steps()

    def _show_steps(self) -> None:
        if self.data is None:
            return
        pack = self.pack.currentData()
        self.steps = [(t.min_milli, t.price) for t in self.data.tiers if t.pack_milli == pack]
        self.model.set_rows(list(self.steps))

    def add_step(self) -> None:
        if self.data is None:
            self.say(_("Choose a product first."), error=True)
            return
        try:
            qty = Qty.parse(self.from_qty.text())
            price = self.price.amount()
        except LedgerError as error:
            self.say(str(error), error=True)
            return
        self.steps = sorted([s for s in self.steps if s[0] != qty.milli] + [(qty.milli, price.rupiah)])
        self.model.set_rows(list(self.steps))
        self.from_qty.clear()
        self.price.clear()
        self.say(_("Save the prices to use them at the counter."))

    def remove_step(self) -> None:
        row = selected_row(self.view)
        if row < 0:
            self.say(_("Choose a step in the list first."), error=True)
            return
        del self.steps[row]
        self.model.set_rows(list(self.steps))

    def save(self) -> None:
        if self.data is None:
            self.say(_("Choose a product first."), error=True)
            return
        product_id, pack, steps = self.data.product_id, int(self.pack.currentData()), list(self.steps)
        self.tasks.write(
            lambda s: tiers.set_tiers(s, product_id, pack, steps),
            {Change.PRICES},
            lambda _none: self.say(_("Wholesale prices saved."), ok=True),
            lambda error: self.say(failure_message(error), error=True),
        )

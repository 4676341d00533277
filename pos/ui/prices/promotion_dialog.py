"""Adding or changing a promotion: its name, what it gives (by kind), and when and where it holds.

The form only gathers what the owner typed; the core checks it (`promotions.save_promotion`) and its refusal is
shown in the dialog. Products are chosen with the product picker; the chosen ones are listed with their names.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Sequence

from PySide6.QtCore import QDate, Qt, QTime, Signal
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QFormLayout,
    QGridLayout,
    QHBoxLayout,
    QListWidget,
    QListWidgetItem,
    QScrollArea,
    QSpinBox,
    QStackedWidget,
    QTimeEdit,
    QVBoxLayout,
    QWidget,
)

from pos.i18n import N_, _
from pos.ledger.base.errors import LedgerError
from pos.ledger.channels.channels import ChannelInfo
from pos.ledger.prices import promotions
from pos.ledger.prices.promotions import KIND_OF, PromotionInfo
from pos.ledger.prices.schedule import DAY_NAMES
from pos.ledger.prices.terms import DAY_MINUTES, FREE_BP, Bundle, BuyGet, CartOff, ItemOff, Offer, Schedule
from pos.ledger.stock.search import ProductRow
from pos.ui.changes import Change
from pos.ui.prices.fields import line_field, off_text, parse_off
from pos.ui.products.picker import ProductPicker
from pos.ui.tasks import TaskManager, failure_message
from pos.ui.widgets.buttons import BigButton
from pos.ui.widgets.entry_form import caption
from pos.ui.widgets.form_dialog import FormDialog
from pos.ui.widgets.money_field import MoneyField
from pos.ui.widgets.style import MUTED_TEXT, label

ROLE = Qt.ItemDataRole.UserRole
KINDS = (
    ("item_off", N_("Percent or rupiah off items")),
    ("cart_off", N_("Off the whole cart")),
    ("buy_get", N_("Buy X, get Y")),
    ("bundle", N_("Bundle (paket) at one price")),
)


class ChosenProducts(QWidget):
    """A product picker over the list of products chosen, each with a number of pieces when `counted`."""

    def __init__(self, tasks: TaskManager, names: dict[uuid.UUID, str], *, counted: bool = False) -> None:
        super().__init__()
        self.names = names
        self.counted = counted
        self.chosen: list[tuple[uuid.UUID, int]] = []
        self.picker = ProductPicker(tasks)
        self.picker.picked.connect(self._picked)
        self.list = QListWidget()
        self.list.setMaximumHeight(self.list.fontMetrics().lineSpacing() * 5)
        remove = BigButton(_("Take the chosen one off"), on_click=self.remove_selected, height=36)
        box = QVBoxLayout(self)
        box.setContentsMargins(0, 0, 0, 0)
        box.addWidget(self.picker)
        box.addWidget(self.list)
        box.addWidget(remove)

    def _picked(self, row: ProductRow) -> None:
        self.names[row.id] = row.name
        for i, (pid, qty) in enumerate(self.chosen):
            if pid == row.id:
                self.chosen[i] = (pid, qty + 1) if self.counted else (pid, qty)
                self._show()
                return
        self.chosen.append((row.id, 1))
        self._show()

    def set(self, items: Sequence[tuple[uuid.UUID, int]]) -> None:
        self.chosen = list(items)
        self._show()

    def remove_selected(self) -> None:
        row = self.list.currentRow()
        if 0 <= row < len(self.chosen):
            del self.chosen[row]
            self._show()

    def _show(self) -> None:
        self.list.clear()
        for pid, qty in self.chosen:
            name = self.names.get(pid, "?")
            self.list.addItem(QListWidgetItem(f"{qty} × {name}" if self.counted else name))


class OneProduct(QWidget):
    """A product picker that holds one product, named beside it."""

    def __init__(self, tasks: TaskManager, names: dict[uuid.UUID, str]) -> None:
        super().__init__()
        self.names = names
        self.product: uuid.UUID | None = None
        self.picker = ProductPicker(tasks)
        self.picker.picked.connect(self._picked)
        self.shown = label(style=MUTED_TEXT)
        box = QFormLayout(self)
        box.setContentsMargins(0, 0, 0, 0)
        box.addRow(self.picker)
        box.addRow(self.shown)
        self.set(None)

    def _picked(self, row: ProductRow) -> None:
        self.names[row.id] = row.name
        self.set(row.id)

    def set(self, product: uuid.UUID | None) -> None:
        self.product = product
        self.shown.setText(self.names.get(product, "?") if product else _("No product chosen yet."))


class PromotionDialog(FormDialog):
    """A new promotion when `info` is None; `saved` is emitted once the core has written it."""

    saved = Signal()

    def __init__(
        self,
        tasks: TaskManager,
        info: PromotionInfo | None,
        names: dict[uuid.UUID, str],
        channels: Sequence[ChannelInfo],
        categories: Sequence[tuple[uuid.UUID, str]],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(_("New promotion") if info is None else _("Change the promotion"), _("Save"), parent)
        self.setObjectName("promotionDialog")
        self.tasks = tasks
        self.info = info
        self.names = dict(names)
        self.name = line_field(_("Shown on the receipt, e.g. Beli 2 gratis 1"))
        self.name.setObjectName("promotionName")
        self.kind = QComboBox()
        self.kind.setObjectName("promotionKind")
        for key, text in KINDS:
            self.kind.addItem(_(text), key)
        self.pages = QStackedWidget()

        self._build_item_off_page(categories)
        self._build_cart_off_page()
        self._build_buy_get_page()
        self._build_bundle_page()
        self.kind.currentIndexChanged.connect(self.pages.setCurrentIndex)

        dates, days, hours = self._build_when_and_where(channels)
        self.form.addRow(self._build_form(dates, days, hours))
        if info is not None:
            self._fill(info)
        self.say(_("The lowest priority number goes first when the shop applies promotions in the owner's order."))
        self.submitted.connect(self.save)
        self.name.setFocus()

    def _build_item_off_page(self, categories: Sequence[tuple[uuid.UUID, str]]) -> None:
        """Off each piece of some products or categories."""
        self.item_products = ChosenProducts(self.tasks, self.names)
        self.item_categories = QListWidget()
        self.item_categories.setMaximumHeight(self.item_categories.fontMetrics().lineSpacing() * 4)
        for cid, cname in categories:
            entry = QListWidgetItem(cname)
            entry.setData(ROLE, cid)
            entry.setCheckState(Qt.CheckState.Unchecked)
            self.item_categories.addItem(entry)
        self.item_off = line_field("10% / 2.000", 20)
        self.item_off.setObjectName("itemOff")
        self.pages.addWidget(
            self._form(
                [
                    (_("Products"), self.item_products),
                    (_("Categories"), self.item_categories),
                    (_("Off each piece"), self.item_off),
                ]
            )
        )

    def _build_cart_off_page(self) -> None:
        """Off the whole cart from a spend."""
        self.cart_off = line_field("10% / 5.000", 20)
        self.cart_off.setObjectName("cartOff")
        self.min_spend = MoneyField()
        self.max_off = MoneyField()
        self.pages.addWidget(
            self._form(
                [
                    (_("Off the cart"), self.cart_off),
                    (_("From a cart of"), self.min_spend),
                    (_("At most (for a percent)"), self.max_off),
                ]
            )
        )

    def _build_buy_get_page(self) -> None:
        """Buy some, get some (the same or another product) free or cheaper."""
        self.buy = OneProduct(self.tasks, self.names)
        self.buy_qty = QSpinBox()
        self.buy_qty.setRange(1, 999)
        self.buy_qty.setValue(2)
        self.get = OneProduct(self.tasks, self.names)
        self.get_qty = QSpinBox()
        self.get_qty.setRange(1, 999)
        self.get_off = line_field("100%", 8)
        self.get_off.setText("100%")
        self.same = QCheckBox(_("The same product"))
        self.same.setChecked(True)
        self.same.toggled.connect(lambda on: self.get.setVisible(not on))
        self.pages.addWidget(
            self._form(
                [
                    (_("Buy"), self.buy),
                    (_("How many"), self.buy_qty),
                    (_("Get"), self.same),
                    ("", self.get),
                    (_("How many"), self.get_qty),
                    (_("Off those (100% is free)"), self.get_off),
                ]
            )
        )
        self.get.setVisible(False)

    def _build_bundle_page(self) -> None:
        """Items sold together at one price."""
        self.bundle_items = ChosenProducts(self.tasks, self.names, counted=True)
        self.bundle_price = MoneyField()
        self.pages.addWidget(
            self._form([(_("Items (pick again for more)"), self.bundle_items), (_("Bundle price"), self.bundle_price)])
        )

    def _build_when_and_where(self, channels: Sequence[ChannelInfo]) -> tuple[QGridLayout, QHBoxLayout, QHBoxLayout]:
        """Dates, days, hours, channels, counters, priority and on/off; returns the rows laid out here."""
        self.starts = QCheckBox(_("From"))
        self.start_date = QDateEdit(QDate.currentDate())
        self.start_date.setCalendarPopup(True)
        self.ends = QCheckBox(_("Until"))
        self.end_date = QDateEdit(QDate.currentDate().addDays(30))
        self.end_date.setCalendarPopup(True)
        dates = QGridLayout()
        dates.addWidget(self.starts, 0, 0)
        dates.addWidget(self.start_date, 0, 1)
        dates.addWidget(self.ends, 1, 0)
        dates.addWidget(self.end_date, 1, 1)
        dates.setColumnStretch(1, 1)
        self.days = [QCheckBox(_(name)[:3]) for name in DAY_NAMES]
        days = QHBoxLayout()
        for box in self.days:
            box.setChecked(True)
            days.addWidget(box)
        days.addStretch(1)
        self.all_day = QCheckBox(_("All day"))
        self.all_day.setChecked(True)
        self.from_time = QTimeEdit(QTime(17, 0))
        self.to_time = QTimeEdit(QTime(19, 0))
        self.all_day.toggled.connect(self._all_day)
        self.from_time.setEnabled(False)
        self.to_time.setEnabled(False)
        hours = QHBoxLayout()
        for widget in (self.all_day, self.from_time, label("–"), self.to_time):
            hours.addWidget(widget)
        hours.addStretch(1)
        self.channels = QListWidget()
        self.channels.setMaximumHeight(self.channels.fontMetrics().lineSpacing() * 4)
        for channel in channels:
            entry = QListWidgetItem(channel.name or _("Counter"))
            entry.setData(ROLE, channel.code)
            entry.setCheckState(Qt.CheckState.Checked)
            self.channels.addItem(entry)
        self.counters = line_field(_("Every counter, or codes such as A, B"), 60)
        self.priority = QSpinBox()
        self.priority.setRange(0, 9999)
        self.priority.setValue(100)
        self.active = QCheckBox(_("On"))
        self.active.setChecked(True)
        return dates, days, hours

    def _build_form(self, dates: QGridLayout, days: QHBoxLayout, hours: QHBoxLayout) -> QScrollArea:
        """The whole form, in a scroll area as tall as it wants within the screen."""
        dates.setColumnStretch(1, 0)
        form = QFormLayout()
        form.addRow(caption(_("Name")), self.name)
        form.addRow(caption(_("Kind")), self.kind)
        form.addRow(self.pages)
        form.addRow(label(_("When and where"), factor=1.15, bold=True))
        form.addRow(caption(_("Dates")), dates)
        form.addRow(caption(_("Days")), days)
        form.addRow(caption(_("Hours")), hours)
        form.addRow(caption(_("Channels")), self.channels)
        form.addRow(caption(_("Counters")), self.counters)
        form.addRow(caption(_("Priority")), self.priority)
        form.addRow("", self.active)
        both = QWidget()
        both.setLayout(form)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        scroll.setWidget(both)
        # As tall as the form wants, within the screen: on a 768 px screen it scrolls rather than running off it.
        room = QGuiApplication.primaryScreen().availableGeometry()
        wanted = both.sizeHint()
        scroll.setMinimumSize(
            min(wanted.width() + 24, room.width() - 80), min(wanted.height() + 8, room.height() - 260)
        )
        return scroll

    def _all_day(self, on: bool) -> None:
        self.from_time.setEnabled(not on)
        self.to_time.setEnabled(not on)

    def _form(self, rows: Sequence[tuple[str, QWidget]]) -> QWidget:
        # Each caption over its field: the product pickers and lists get the column's whole width.
        page = QWidget()
        form = QFormLayout(page)
        form.setContentsMargins(0, 0, 0, 0)
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapAllRows)
        for text, widget in rows:
            if text:
                form.addRow(label(text, bold=True), widget)
            else:
                form.addRow(widget)
        return page

    def _fill(self, info: PromotionInfo) -> None:
        self.name.setText(info.name)
        offer = info.offer
        self.kind.setCurrentIndex([k for k, _t in KINDS].index(KIND_OF[type(offer)]))
        if isinstance(offer, ItemOff):
            self.item_products.set([(p, 1) for p in sorted(offer.products, key=lambda p: self.names.get(p, ""))])
            for i in range(self.item_categories.count()):
                entry = self.item_categories.item(i)
                if entry.data(ROLE) in offer.categories:
                    entry.setCheckState(Qt.CheckState.Checked)
            self.item_off.setText(off_text(offer.percent_bp, offer.rupiah))
        elif isinstance(offer, CartOff):
            self.cart_off.setText(off_text(offer.percent_bp, offer.rupiah))
            self.min_spend.set_amount(offer.min_spend or None)
            self.max_off.set_amount(offer.max_off or None)
        elif isinstance(offer, BuyGet):
            self.buy.set(offer.buy)
            self.buy_qty.setValue(offer.buy_qty)
            self.same.setChecked(offer.get == offer.buy)
            self.get.set(offer.get)
            self.get_qty.setValue(offer.get_qty)
            self.get_off.setText(off_text(offer.percent_bp, 0))
        else:
            self.bundle_items.set(list(offer.items))
            self.bundle_price.set_amount(offer.price)
        s = info.schedule
        self.starts.setChecked(s.starts_on is not None)
        if s.starts_on:
            self.start_date.setDate(QDate(s.starts_on.year, s.starts_on.month, s.starts_on.day))
        self.ends.setChecked(s.ends_on is not None)
        if s.ends_on:
            self.end_date.setDate(QDate(s.ends_on.year, s.ends_on.month, s.ends_on.day))
        for n, box in enumerate(self.days):
            box.setChecked(bool(s.days & (1 << n)))
        whole_day = s.from_minute == 0 and s.to_minute >= DAY_MINUTES
        self.all_day.setChecked(whole_day)
        if not whole_day:
            self.from_time.setTime(QTime(s.from_minute // 60 % 24, s.from_minute % 60))
            self.to_time.setTime(QTime(s.to_minute // 60 % 24, s.to_minute % 60))
        for i in range(self.channels.count()):
            entry = self.channels.item(i)
            on = not s.channels or entry.data(ROLE) in s.channels
            entry.setCheckState(Qt.CheckState.Checked if on else Qt.CheckState.Unchecked)
        self.counters.setText(", ".join(sorted(s.counters)))
        self.priority.setValue(info.priority)
        self.active.setChecked(info.is_active)

    def offer(self) -> Offer:
        """What the form describes; `ValueError` with the reason when an amount cannot be read."""
        kind = self.kind.currentData()
        if kind == "item_off":
            percent_bp, rupiah = parse_off(self.item_off.text())
            categories = frozenset(
                self.item_categories.item(i).data(ROLE)
                for i in range(self.item_categories.count())
                if self.item_categories.item(i).checkState() == Qt.CheckState.Checked
            )
            return ItemOff(frozenset(p for p, _q in self.item_products.chosen), categories, percent_bp, rupiah)
        if kind == "cart_off":
            percent_bp, rupiah = parse_off(self.cart_off.text())
            minimum, most = self.min_spend.amount_or_none(), self.max_off.amount_or_none()
            return CartOff(percent_bp, rupiah, minimum.rupiah if minimum else 0, most.rupiah if most else 0)
        if kind == "buy_get":
            if self.buy.product is None or (not self.same.isChecked() and self.get.product is None):
                raise ValueError(_("Choose the product to buy and the one to get."))
            get_bp, _rupiah = parse_off(self.get_off.text() or "100%")
            get = self.buy.product if self.same.isChecked() else self.get.product
            assert get is not None
            return BuyGet(self.buy.product, self.buy_qty.value(), get, self.get_qty.value(), get_bp or FREE_BP)
        price = self.bundle_price.amount_or_none()
        return Bundle(tuple(self.bundle_items.chosen), price.rupiah if price else 0)

    def schedule(self) -> Schedule:
        def day(edit: QDateEdit) -> dt.date:
            d = edit.date()
            return dt.date(d.year(), d.month(), d.day())

        days = sum(1 << n for n, box in enumerate(self.days) if box.isChecked())
        start = end = 0
        if not self.all_day.isChecked():
            start = self.from_time.time().hour() * 60 + self.from_time.time().minute()
            end = self.to_time.time().hour() * 60 + self.to_time.time().minute()
        checked = [self.channels.item(i) for i in range(self.channels.count())]
        on = frozenset(e.data(ROLE) for e in checked if e.checkState() == Qt.CheckState.Checked)
        every = len(on) == len(checked)
        return Schedule(
            day(self.start_date) if self.starts.isChecked() else None,
            day(self.end_date) if self.ends.isChecked() else None,
            days or 0,
            start,
            end if not self.all_day.isChecked() else DAY_MINUTES,
            frozenset() if every else on,
            frozenset(x.strip().upper() for x in self.counters.text().split(",") if x.strip()),
        )

    def save(self) -> None:
        try:
            info = PromotionInfo(
                self.info.id if self.info else None,
                self.name.text(),
                self.offer(),
                self.schedule(),
                self.priority.value(),
                self.active.isChecked(),
            )
        except ValueError as error:
            self.say(str(error), error=True)
            return
        except LedgerError as error:  # an amount the core could not read
            self.say(str(error), error=True)
            return
        if not info.schedule.days:
            self.say(_("Choose at least one day of the week."), error=True)
            return
        self.set_busy(True)

        def done(_id: uuid.UUID) -> None:
            self.set_busy(False)
            self.saved.emit()
            self.accept()

        def failed(error: BaseException) -> None:
            self.set_busy(False)
            self.say(failure_message(error), error=True)

        self.tasks.write(lambda s: promotions.save_promotion(s, info), {Change.PRICES}, done, failed)

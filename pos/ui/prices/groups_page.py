"""The customer groups page: the groups (retail, grosir, member, staff) with their kasbon limits; the chosen
group's price list (a price per piece or a percent off, for a product or a category) and its members."""

from __future__ import annotations

import uuid
from typing import Final

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QCheckBox, QComboBox, QHBoxLayout, QVBoxLayout, QWidget

from pos.i18n import N_, _
from pos.ledger.base import fmt
from pos.ledger.base.errors import LedgerError
from pos.ledger.base.money import ZERO
from pos.ledger.people.customers import CustomerRow
from pos.ledger.prices.groups import GroupInfo, GroupPriceRowInfo, remove_group_price, set_customer_group
from pos.ledger.stock.search import ProductRow
from pos.ui.changes import Change
from pos.ui.counter.customers import CustomerPicker
from pos.ui.prices.fields import Page, line_field, parse_off
from pos.ui.prices.work import (
    GroupDetail,
    GroupsView,
    read_group,
    read_groups,
    save_group,
    set_group_price,
)
from pos.ui.products.picker import ProductPicker
from pos.ui.tasks import TaskManager, failure_message
from pos.ui.widgets.buttons import BigButton
from pos.ui.widgets.entry_form import BUTTON_HEIGHT, caption
from pos.ui.widgets.form_dialog import FormDialog
from pos.ui.widgets.money_field import MoneyField
from pos.ui.widgets.record_table import Column, RecordModel, record_view, selected_row
from pos.ui.widgets.side_by_side import SideBySide
from pos.ui.widgets.style import MUTED, label

GROUP_COLUMNS: Final[tuple[Column[GroupInfo], ...]] = (
    Column(N_("Group"), lambda g: g.name, colour=lambda g: None if g.is_active else MUTED),
    Column(N_("Kasbon limit"), lambda g: fmt.rupiah(g.credit_limit), right=True),
    Column(N_("Members"), lambda g: str(g.members), right=True),
)
PRICE_COLUMNS: Final[tuple[Column[GroupPriceRowInfo], ...]] = (
    Column(N_("Product or category"), lambda p: p.name if p.product_id else _("Category {name}").format(name=p.name)),
    Column(N_("Usual price"), lambda p: fmt.rupiah(p.list_price) if p.list_price is not None else "", right=True),
    Column(
        N_("Group's price"),
        lambda p: (
            fmt.rupiah(p.price)
            if p.price is not None
            else _("{percent} off").format(percent=fmt.percent(p.percent_bp or 0))
        ),
        right=True,
    ),
)
MEMBER_COLUMNS: Final[tuple[Column[CustomerRow], ...]] = (
    Column(N_("Member"), lambda c: c.name),
    Column(N_("Phone"), lambda c: c.phone),
)


class GroupDialog(FormDialog):
    saved = Signal()

    def __init__(self, tasks: TaskManager, group: GroupInfo | None, parent: QWidget | None = None) -> None:
        super().__init__(_("New customer group") if group is None else _("Change the group"), _("Save"), parent)
        self.tasks = tasks
        self.group_id = group.id if group else None
        self.name = line_field(_("Grosir, Member, Staff…"), 60)
        self.name.setObjectName("groupName")
        self.limit = MoneyField()
        self.active = QCheckBox(_("In use"))
        self.active.setChecked(True)
        self.form.addRow(caption(_("Name")), self.name)
        self.form.addRow(caption(_("Kasbon limit")), self.limit)
        self.form.addRow("", self.active)
        if group is not None:
            self.name.setText(group.name)
            self.limit.set_amount(group.credit_limit)
            self.active.setChecked(group.is_active)
        self.say(_("A member may owe up to the group's limit, or their own when it is higher."))
        self.submitted.connect(self.save)
        self.name.setFocus()

    def save(self) -> None:
        try:
            limit = self.limit.amount_or_none() or ZERO
        except LedgerError as error:
            self.say(str(error), error=True)
            return
        group_id, name, active = self.group_id, self.name.text(), self.active.isChecked()
        self.set_busy(True)

        def done(_id: uuid.UUID) -> None:
            self.set_busy(False)
            self.saved.emit()
            self.accept()

        def failed(error: BaseException) -> None:
            self.set_busy(False)
            self.say(failure_message(error), error=True)

        self.tasks.write(
            lambda s: save_group(s, group_id, name, limit, active), {Change.PRICES, Change.CUSTOMERS}, done, failed
        )


class GroupPriceDialog(FormDialog):
    """A price for the group: a product (picked) or a category, and a price per piece or a percent off."""

    saved = Signal()

    def __init__(
        self,
        tasks: TaskManager,
        group_id: uuid.UUID,
        categories: tuple[tuple[uuid.UUID, str], ...],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(_("A price for the group"), _("Save"), parent)
        self.tasks = tasks
        self.group_id = group_id
        self.product: ProductRow | None = None
        self.picker = ProductPicker(tasks)
        self.picker.picked.connect(self._picked)
        self.chosen = label(_("No product chosen yet."), style=f"color: {MUTED};")
        self.category = QComboBox()
        self.category.addItem(_("— or a whole category —"), None)
        for cid, name in categories:
            self.category.addItem(name, cid)
        self.value = line_field(_("3.100 (a price a piece) or 10% (off)"), 20)
        self.value.setObjectName("groupPriceValue")
        self.form.addRow(caption(_("Product")), self.picker)
        self.form.addRow("", self.chosen)
        self.form.addRow(caption(_("Category")), self.category)
        self.form.addRow(caption(_("Price or percent")), self.value)
        self.submitted.connect(self.save)

    def _picked(self, row: ProductRow) -> None:
        self.product = row
        self.chosen.setText(_("{name}, usually {price}").format(name=row.name, price=fmt.rupiah(row.price)))
        self.value.setFocus()

    def save(self) -> None:
        category = self.category.currentData()
        if category is not None:
            target = ("category", category)
        elif self.product is not None:
            target = ("product", self.product.id)
        else:
            self.say(_("Choose a product or a category."), error=True)
            return
        try:
            percent_bp, rupiah = parse_off(self.value.text())
        except ValueError as error:
            self.say(str(error), error=True)
            return
        price, bp = (None, percent_bp) if percent_bp else (rupiah, None)
        group_id = self.group_id
        self.set_busy(True)

        def done(_none: None) -> None:
            self.set_busy(False)
            self.saved.emit()
            self.accept()

        def failed(error: BaseException) -> None:
            self.set_busy(False)
            self.say(failure_message(error), error=True)

        self.tasks.write(lambda s: set_group_price(s, group_id, target, price, bp), {Change.PRICES}, done, failed)


class GroupsPage(Page):
    def __init__(self, tasks: TaskManager, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.tasks = tasks
        self.data: GroupsView | None = None
        self.detail: GroupDetail | None = None
        self.buttons.addStretch(1)
        self.buttons.addWidget(BigButton(_("New group"), kind="primary", height=BUTTON_HEIGHT, on_click=self.add))
        self.buttons.addWidget(BigButton(_("Edit"), height=BUTTON_HEIGHT, on_click=self.edit))
        self.groups = RecordModel(GROUP_COLUMNS, self)
        self.group_view = record_view(self.groups, stretch=0)
        self.group_view.setObjectName("groupList")
        self.group_view.selectionModel().selectionChanged.connect(lambda *_a: self._chosen())
        self.prices = RecordModel(PRICE_COLUMNS, self)
        self.price_view = record_view(self.prices, stretch=0)
        self.price_view.setObjectName("groupPrices")
        self.members = RecordModel(MEMBER_COLUMNS, self)
        self.member_view = record_view(self.members, stretch=0)
        self.member_view.setObjectName("groupMembers")
        price_buttons = [
            BigButton(_("Add a price"), height=BUTTON_HEIGHT, on_click=self.add_price),
            BigButton(_("Remove the price"), height=BUTTON_HEIGHT, on_click=self.remove_price),
        ]
        member_buttons = [
            BigButton(_("Add a member"), height=BUTTON_HEIGHT, on_click=self.add_member),
            BigButton(_("Take out of the group"), height=BUTTON_HEIGHT, on_click=self.remove_member),
        ]
        # The groups beside their prices and members on a wide screen, above them on a small one.
        prices_row = QHBoxLayout()
        prices_row.addWidget(price_buttons[0])
        prices_row.addWidget(price_buttons[1])
        members_row = QHBoxLayout()
        members_row.addWidget(member_buttons[0])
        members_row.addWidget(member_buttons[1])
        right = QVBoxLayout()
        right.setContentsMargins(0, 0, 0, 0)
        right.setSpacing(6)
        right.addWidget(label(_("The group's prices"), bold=True))
        right.addWidget(self.price_view, 1)
        right.addLayout(prices_row)
        right.addWidget(label(_("Members"), bold=True))
        right.addWidget(self.member_view, 1)
        right.addLayout(members_row)
        right_box = QWidget()
        right_box.setLayout(right)
        both = SideBySide()
        both.setSpacing(14)
        both.addWidget(self.group_view, 3)
        both.addWidget(right_box, 4)
        self.box.addLayout(both, 1)
        self.box.addWidget(self.message)

    def refresh(self) -> None:
        self.tasks.read(read_groups, self._show, lambda error: self.say(failure_message(error), error=True))

    def _show(self, data: GroupsView) -> None:
        self.data = data
        chosen = self.detail.group_id if self.detail else None
        self.groups.set_rows(list(data.groups))
        for row, group in enumerate(data.groups):
            if group.id == chosen or (chosen is None and row == 0):
                self.group_view.selectRow(row)
        self._chosen()

    def _group(self) -> GroupInfo | None:
        row = selected_row(self.group_view)
        return self.groups.row(row) if row >= 0 else None

    def _chosen(self) -> None:
        group = self._group()
        if group is None:
            self.prices.set_rows([])
            self.members.set_rows([])
            return
        self.tasks.read(
            lambda s: read_group(s, group.id), self._show_detail, lambda e: self.say(failure_message(e), error=True)
        )

    def _show_detail(self, detail: GroupDetail) -> None:
        self.detail = detail
        self.prices.set_rows(list(detail.prices))
        self.members.set_rows(list(detail.members))

    def add(self) -> None:
        GroupDialog(self.tasks, None, self).open()

    def edit(self) -> None:
        group = self._group()
        if group is None:
            self.say(_("Choose a group in the list first."), error=True)
            return
        GroupDialog(self.tasks, group, self).open()

    def add_price(self) -> None:
        group = self._group()
        if group is None or self.data is None:
            self.say(_("Choose a group in the list first."), error=True)
            return
        GroupPriceDialog(self.tasks, group.id, self.data.categories, self).open()

    def remove_price(self) -> None:
        group, row = self._group(), selected_row(self.price_view)
        if group is None or row < 0:
            self.say(_("Choose a price in the group's list first."), error=True)
            return
        entry = self.prices.row(row)
        target = entry.product_id or entry.category_id
        assert target is not None
        self.tasks.write(
            lambda s: remove_group_price(s, group.id, target),
            {Change.PRICES},
            None,
            lambda error: self.say(failure_message(error), error=True),
        )

    def add_member(self) -> None:
        group = self._group()
        if group is None:
            self.say(_("Choose a group in the list first."), error=True)
            return
        picker = CustomerPicker(self.tasks, self)
        picker.chosen.connect(lambda row: self._member(row.id if row else None, group.id))
        picker.finished.connect(lambda _r: picker.deleteLater())
        picker.open()

    def remove_member(self) -> None:
        row = selected_row(self.member_view)
        if row < 0:
            self.say(_("Choose a member first."), error=True)
            return
        self._member(self.members.row(row).id, None)

    def _member(self, customer_id: uuid.UUID | None, group_id: uuid.UUID | None) -> None:
        if customer_id is None:
            return
        self.tasks.write(
            lambda s: set_customer_group(s, customer_id, group_id),
            {Change.PRICES, Change.CUSTOMERS},
            None,
            lambda error: self.say(failure_message(error), error=True),
        )

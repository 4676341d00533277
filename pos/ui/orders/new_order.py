"""Taking an order by WhatsApp or phone: the customer, the items (priced by the core for the order's channel),
the address, ongkir, a note and a down payment. The order is written by `new_order` on the worker."""

from __future__ import annotations

import uuid
from collections.abc import Callable, Sequence

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)
from sqlalchemy.orm import Session

from pos.i18n import N_, _
from pos.ledger.base import fmt
from pos.ledger.base.errors import LedgerError
from pos.ledger.base.money import ZERO, Qty
from pos.ledger.books.approvals import Actor
from pos.ledger.channels.channels import ChannelInfo
from pos.ledger.counter.cart import Cart
from pos.ledger.people.customers import CustomerRow
from pos.ledger.people.deposits import DEPOSIT_METHODS
from pos.ledger.selling.order_records import order_total
from pos.ledger.selling.orders import OrderInfo
from pos.ledger.stock.search import ProductRow
from pos.ui.counter.customers import CustomerPicker
from pos.ui.counter.labels import method_name
from pos.ui.customers.dialog import CustomerDialog
from pos.ui.orders.reading import (
    NEW_ORDER_CHANGES,
    CustomerChoice,
    Draft,
    DraftLine,
    OrderForm,
    add_item,
    choose_customer,
    price_draft,
    save_order,
)
from pos.ui.products.picker import ProductPicker
from pos.ui.tasks import TaskManager, failure_message
from pos.ui.widgets.buttons import BigButton
from pos.ui.widgets.entry_form import BUTTON_HEIGHT, caption
from pos.ui.widgets.form_dialog import FormDialog
from pos.ui.widgets.money_field import MoneyField
from pos.ui.widgets.record_table import Column, RecordModel, record_view, selected_row
from pos.ui.widgets.scroll import DownScroll
from pos.ui.widgets.side_by_side import SideBySide
from pos.ui.widgets.style import MUTED_TEXT, TOUCH_HEIGHT, label

ITEM_COLUMNS: tuple[Column[DraftLine], ...] = (
    Column(N_("Item"), lambda r: r.name),
    Column(N_("Qty"), lambda r: f"{fmt.qty(r.qty)} {r.unit}", right=True),
    Column(N_("Price"), lambda r: fmt.rupiah(r.unit_price), right=True),
    Column(N_("Total"), lambda r: fmt.rupiah(r.total), right=True),
)


def deposit_method_name(method: str) -> str:
    return _("Customer's credit") if method == "credit" else method_name(method)


class NewOrderDialog(FormDialog):
    """`saved` carries the `OrderInfo` once the order is written."""

    saved = Signal(object)

    def __init__(
        self,
        tasks: TaskManager,
        actor: Actor,
        channels: Sequence[ChannelInfo],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(_("New order"), _("Save order"), parent)
        self.setObjectName("newOrderDialog")
        self.tasks = tasks
        self.actor = actor
        self.draft = Draft(Cart(), (), 0)
        self.customer: CustomerChoice | None = None
        self.picker: CustomerPicker | None = None
        self.customer_dialog: CustomerDialog | None = None

        left = self._build_items()
        right_box = self._build_details(channels)

        left_box = QWidget()
        left_box.setLayout(left)
        left_box.setMinimumWidth(360)
        # The items and the customer side by side on a laptop, one above the other on a small screen.
        columns = SideBySide()
        columns.setSpacing(20)
        columns.addWidget(left_box, 1)
        columns.addWidget(right_box)
        self.body.insertWidget(self.body.indexOf(self.status), DownScroll(columns), 1)
        self.submitted.connect(self.save)
        self._show_draft(self.draft)
        self.products.field.setFocus()

    def _build_items(self) -> QVBoxLayout:
        """The items: a product search, the list with +1, -1 and Remove, and what they come to."""
        self.products = ProductPicker(self.tasks)
        self.products.field.setMinimumHeight(TOUCH_HEIGHT)
        # The suggestions keep their room while hidden, so the dialog does not grow when they open.
        room = self.products.results.sizePolicy()
        room.setRetainSizeWhenHidden(True)
        self.products.results.setSizePolicy(room)
        self.products.picked.connect(self.add_product)
        self.items = RecordModel(ITEM_COLUMNS, self)
        self.items_view = record_view(self.items)
        self.items_view.setMinimumHeight(260)
        self.items_view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.more_button = BigButton("+1", height=BUTTON_HEIGHT, on_click=lambda: self.change_qty(1))
        self.less_button = BigButton("−1", height=BUTTON_HEIGHT, on_click=lambda: self.change_qty(-1))
        self.remove_button = BigButton(_("Remove"), height=BUTTON_HEIGHT, on_click=self.remove_line)
        line_buttons = QHBoxLayout()
        line_buttons.addWidget(self.more_button)
        line_buttons.addWidget(self.less_button)
        line_buttons.addWidget(self.remove_button, 2)
        self.summary = label(factor=1.15, bold=True)
        self.summary.setObjectName("orderSummary")
        left = QVBoxLayout()
        left.setContentsMargins(0, 0, 0, 0)
        left.setSpacing(6)
        left.addWidget(label(_("Items"), bold=True))
        left.addWidget(self.products)
        left.addWidget(self.items_view, 1)
        left.addLayout(line_buttons)
        left.addWidget(self.summary)
        return left

    def _build_details(self, channels: Sequence[ChannelInfo]) -> QWidget:
        """Who the order is for, where it goes, the delivery fee, a note and the down payment."""
        self.channel = QComboBox()
        self.channel.setObjectName("orderChannel")
        self.channel.setMinimumHeight(TOUCH_HEIGHT)
        for channel in channels:
            # A platform's orders are its own; they are rung up at the counter on its channel.
            if channel.is_active and not channel.is_platform:
                self.channel.addItem(channel.name, channel.code)
        whatsapp = self.channel.findData("whatsapp")
        self.channel.setCurrentIndex(max(whatsapp, 0))
        self.channel.currentIndexChanged.connect(lambda _index: self._reprice())
        self.customer_name = label(_("No customer chosen"), style=MUTED_TEXT)
        self.customer_name.setObjectName("orderCustomer")
        self.customer_name.setWordWrap(True)
        self.choose_button = BigButton(_("Choose…"), height=BUTTON_HEIGHT, on_click=self.pick_customer)
        self.new_customer_button = BigButton(_("New…"), height=BUTTON_HEIGHT, on_click=self.add_customer)
        who_buttons = QHBoxLayout()
        who_buttons.addWidget(self.choose_button)
        who_buttons.addWidget(self.new_customer_button)
        who = QVBoxLayout()
        who.setSpacing(4)
        who.addWidget(self.customer_name)
        who.addLayout(who_buttons)
        self.address = QLineEdit()
        self.address.setObjectName("orderAddress")
        self.address.setMinimumHeight(TOUCH_HEIGHT)
        self.address.setMaxLength(200)
        self.address.setPlaceholderText(_("Where to deliver"))
        self.fee = MoneyField()
        self.fee.setObjectName("orderFee")
        self.fee.textChanged.connect(lambda _text: self._show_summary())
        self.note = QLineEdit()
        self.note.setObjectName("orderNote")
        self.note.setMinimumHeight(TOUCH_HEIGHT)
        self.note.setMaxLength(200)
        self.note.setPlaceholderText(_("Note (optional)"))
        self.deposit = MoneyField()
        self.deposit.setObjectName("orderDeposit")
        self.deposit_method = QComboBox()
        self.deposit_method.setObjectName("depositMethod")
        self.deposit_method.setMinimumHeight(TOUCH_HEIGHT)
        for method in DEPOSIT_METHODS:
            self.deposit_method.addItem(deposit_method_name(method), method)
        deposit_row = QHBoxLayout()
        deposit_row.addWidget(self.deposit, 3)
        deposit_row.addWidget(self.deposit_method, 2)
        right = QFormLayout()
        right.setContentsMargins(0, 0, 0, 0)
        right.setVerticalSpacing(10)
        right.addRow(caption(_("Channel")), self.channel)
        right.addRow(caption(_("Customer")), who)
        right.addRow(caption(_("Address")), self.address)
        right.addRow(caption(_("Delivery fee")), self.fee)
        right.addRow(caption(_("Note")), self.note)
        right.addRow(caption(_("Down payment")), deposit_row)
        right_box = QWidget()
        right_box.setLayout(right)
        right_box.setMinimumWidth(360)
        right_box.setMaximumWidth(480)
        return right_box

    # --- the items ------------------------------------------------------------------------------------------

    @property
    def channel_code(self) -> str:
        return str(self.channel.currentData() or "whatsapp")

    def _ask(self, work: Callable[[Session], Draft]) -> None:
        self.tasks.read(work, self._show_draft, self._failed)

    def add_product(self, product: ProductRow) -> None:
        cart, channel, pid = self.draft.cart, self.channel_code, product.id
        self._ask(lambda session: add_item(session, cart, pid, channel))

    def _reprice(self) -> None:
        cart, channel = self.draft.cart, self.channel_code
        self._ask(lambda session: price_draft(session, cart, channel))

    def _edited(self, change: Callable[[Cart], object]) -> None:
        cart = Cart(list(self.draft.cart.lines), self.draft.cart.discount, self.draft.cart.customer_id)
        try:
            change(cart)
        except LedgerError as error:
            self.say(str(error), error=True)
            return
        channel = self.channel_code
        self._ask(lambda session: price_draft(session, cart, channel))

    def change_qty(self, step: int) -> None:
        row = selected_row(self.items_view)
        if row < 0:
            self.say(_("Choose an item in the list first."), error=True)
            return
        line = self.draft.cart.lines[row]
        qty = line.qty + Qty.units(step)
        if qty.milli <= 0:
            self._edited(lambda cart: cart.remove(row))
        else:
            self._edited(lambda cart: cart.set_qty(row, qty))

    def remove_line(self) -> None:
        row = selected_row(self.items_view)
        if row >= 0:
            self._edited(lambda cart: cart.remove(row))

    def _show_draft(self, draft: Draft) -> None:
        keep = selected_row(self.items_view)
        self.draft = draft
        self.items.set_rows(draft.lines)
        if draft.lines:
            self.items_view.selectRow(min(max(keep, 0), len(draft.lines) - 1) if keep >= 0 else len(draft.lines) - 1)
        for button in (self.more_button, self.less_button, self.remove_button):
            button.setEnabled(bool(draft.lines))
        self._show_summary()
        self.say("")

    def _show_summary(self) -> None:
        try:
            fee = self.fee.amount_or_none() or ZERO
        except LedgerError:
            fee = ZERO
        self.summary.setText(
            _("Items {goods} + delivery {fee} = {total}").format(
                goods=fmt.rupiah(self.draft.goods),
                fee=fmt.rupiah(fee),
                total=fmt.rupiah(order_total(self.draft.goods, fee.rupiah)),
            )
        )

    # --- the customer ---------------------------------------------------------------------------------------

    def pick_customer(self) -> None:
        picker = CustomerPicker(self.tasks, self)
        self.picker = picker
        picker.chosen.connect(lambda row: self.set_customer(row.id) if isinstance(row, CustomerRow) else None)
        picker.finished.connect(lambda _result: picker.deleteLater())
        picker.open()

    def add_customer(self) -> None:
        dialog = CustomerDialog(self.tasks, None, self)
        self.customer_dialog = dialog
        dialog.saved.connect(self.set_customer)
        dialog.finished.connect(lambda _result: dialog.deleteLater())
        dialog.open()

    def set_customer(self, customer_id: uuid.UUID) -> None:
        self.tasks.read(lambda session: choose_customer(session, customer_id), self._show_customer, self._failed)

    def _show_customer(self, choice: CustomerChoice) -> None:
        self.customer = choice
        info = choice.info
        text = f"{info.name} · {info.phone}" if info.phone else info.name
        if choice.credit:
            text += "\n" + _("Credit kept with the shop: {amount}").format(amount=fmt.rupiah(choice.credit))
        self.customer_name.setText(text)
        self.customer_name.setStyleSheet("")
        self.address.setText(info.address)

    # --- saving ---------------------------------------------------------------------------------------------

    def form_values(self) -> OrderForm:
        """What the dialog says; raises the core's error for an amount that is not one."""
        return OrderForm(
            cart=self.draft.cart,
            channel=self.channel_code,
            customer_id=self.customer.info.id if self.customer else None,
            address=self.address.text(),
            delivery_fee=self.fee.amount_or_none() or ZERO,
            note=self.note.text(),
            deposit=self.deposit.amount_or_none() or ZERO,
            deposit_method=str(self.deposit_method.currentData()),
        )

    def save(self) -> None:
        try:
            form = self.form_values()
        except LedgerError as error:
            self.say(str(error), error=True)
            return
        actor = self.actor
        self.set_busy(True)

        def done(order: OrderInfo) -> None:
            self.set_busy(False)
            self.saved.emit(order)
            self.accept()

        self.tasks.write(lambda session: save_order(session, actor, form), NEW_ORDER_CHANGES, done, self._failed)

    def _failed(self, error: BaseException) -> None:
        self.set_busy(False)
        self.say(failure_message(error), error=True)

"""The payment dialog (F12): what is due, the payments being built (a split is a list), change, then the sale.

Every figure comes from the core: the amount due through `rounded_due` (cash may be rounded, QRIS never is),
the change and any refusal through `settle`, and the sale itself through `ring_up` on the worker, with the
owner's PIN asked in place when the core wants it (kasbon beyond the credit limit, a large discount).

A sale on a platform channel (GoFood, a marketplace) takes no payment at all: the platform pays the shop later,
so the dialog only shows what it keeps and books the sale with no payments, as the core allows for those alone.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Final

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QKeyEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QApplication,
    QHBoxLayout,
    QListWidget,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)
from sqlalchemy.orm import Session

from pos.i18n import _
from pos.ledger.base import fmt
from pos.ledger.base.errors import LedgerError
from pos.ledger.base.money import Money
from pos.ledger.books.approvals import Approval
from pos.ledger.channels.channels import COUNTER, ChannelInfo, commission_of, net_of_commission
from pos.ledger.counter.cart import Cart
from pos.ledger.counter.payments import Method, Payment, Settlement, remaining, settle
from pos.ledger.counter.pricing import rounded_due
from pos.ledger.counter.qris import make_dynamic
from pos.ledger.counter.quick_cash import quick_notes
from pos.ledger.people.customers import CustomerRow, kasbon_balance
from pos.ledger.selling.sales import SaleResult, ring_up
from pos.ui.changes import Change, Changes
from pos.ui.counter.approval import ApprovalFlow
from pos.ui.counter.context import CounterSession
from pos.ui.counter.customers import CustomerPicker
from pos.ui.counter.labels import method_name
from pos.ui.counter.payment_pages import QUICK_COUNT, CashPage, KasbonPage, PlatformPage, QrisPage, ReferencePage
from pos.ui.tasks import TaskManager, failure_message
from pos.ui.widgets.buttons import BigButton
from pos.ui.widgets.fit_label import FitLabel
from pos.ui.widgets.fitted_dialog import FittedDialog
from pos.ui.widgets.money_field import MoneyField
from pos.ui.widgets.scanner import ScanGuard
from pos.ui.widgets.style import (
    AMOUNT_POINT_SIZE,
    ERROR_TEXT,
    GOOD,
    MIN_TOTAL_POINT_SIZE,
    MUTED_TEXT,
    TOTAL_POINT_SIZE,
    font,
    label,
    whole_amounts,
)

_RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
CASH_PAGE, QRIS_PAGE, REFERENCE_PAGE, KASBON_PAGE, PLATFORM_PAGE = range(5)
_BUTTON_HEIGHT: Final = 56


def sale_changes(cart: Cart, channel: str, *, on_tab: bool = False) -> Changes:
    """What a sale changes: the sales, stock, cash and the shift's takings always, and its receipt in the print
    queue; the customer's visits, kasbon and points with a customer; a voucher used; a channel's sales."""
    kinds = {Change.SALES, Change.STOCK, Change.MONEY, Change.SHIFTS, Change.PRINTING}
    if cart.customer_id is not None or on_tab:
        kinds |= {Change.CUSTOMERS, Change.PRICES}
    if cart.voucher or cart.points:
        kinds.add(Change.PRICES)
    if channel != COUNTER:
        kinds.add(Change.CHANNELS)
    return frozenset(kinds)


class PaymentDialog(FittedDialog):
    """Take payment for one cart. Open with `open()`; `completed` carries the `SaleResult` once booked."""

    completed = Signal(object)
    customer_chosen = Signal(object)

    def __init__(
        self,
        tasks: TaskManager,
        flow: ApprovalFlow,
        session: CounterSession,
        cart: Cart,
        customer: CustomerRow | None,
        parent: QWidget | None = None,
        *,
        channel: ChannelInfo | None = None,
        exact_due: int | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("paymentDialog")
        self.tasks = tasks
        self.flow = flow
        self.session = session
        self.cart = cart
        self.customer = customer
        self.channel = channel
        # The platform collects from the customer and pays the shop later: nothing is taken here.
        self.by_platform = channel is not None and channel.is_platform
        self.rule = session.rules.rounding
        # What the checkout priced (tiers, promotions, voucher, points); the plain cart's prices otherwise.
        self.exact_due = cart.priced(session.rules.ppn).exact_due if exact_due is None else exact_due
        self.payments: list[Payment] = []
        self.sale: SaleResult | None = None
        self.kasbon_owed: int | None = None  # what a kasbon customer owes once the sale is booked
        self.picker: CustomerPicker | None = None
        self.qris_amount = 0
        self.notes: tuple[int, ...] = ()
        self._reference_method: Method = "transfer"
        self._submitting = False
        self.setWindowTitle(_("Payment"))
        self.setModal(True)
        self.resize(1140, 720)

        columns = QHBoxLayout()
        columns.setSpacing(28)
        columns.addLayout(self._build_left(), 5)
        columns.addWidget(self._build_pages(), 6)
        bottom = self._build_buttons()
        box = QVBoxLayout(self)
        box.setContentsMargins(24, 16, 24, 16)
        box.setSpacing(12)
        box.addLayout(columns, 1)
        box.addLayout(bottom)

        self._bind_keys()
        if channel is not None and channel.code != COUNTER:
            self.setWindowTitle(_("Payment · {channel}").format(channel=channel.name))
        self._show_credit()
        self.refresh()
        self.back_to_cash()

    def _build_left(self) -> QVBoxLayout:
        """What is due, what has been paid, what is left or the change."""
        self.due = FitLabel(TOTAL_POINT_SIZE, MIN_TOTAL_POINT_SIZE)
        self.due.setObjectName("amountDue")
        self.due.setFont(font(self.font(), TOTAL_POINT_SIZE, bold=True))
        self.due.setAlignment(_RIGHT)
        self.exact_note = label(style=MUTED_TEXT)
        self.exact_note.setAlignment(_RIGHT)
        self.payment_list = QListWidget()
        self.payment_list.setObjectName("paymentList")
        self.payment_list.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.payment_list.setFont(font(self.font(), self.font().pointSizeF() * 1.25))
        self.payment_list.setStyleSheet(
            "QListWidget { border: 1px solid #d5d8dd; background: white; }"
            "QListWidget::item { padding: 8px 6px; } QListWidget::item:selected { background: #dbe7fb; color: black; }"
        )
        self.remove_button = BigButton(_("Remove payment"), "Del", on_click=self.remove_selected)
        self.left_caption = label(factor=1.2, bold=True)
        self.left_amount = FitLabel(AMOUNT_POINT_SIZE, MIN_TOTAL_POINT_SIZE * 0.8)
        self.left_amount.setObjectName("leftToPay")
        self.left_amount.setFont(font(self.font(), AMOUNT_POINT_SIZE, bold=True))
        self.left_amount.setAlignment(_RIGHT)
        self.status = label()
        self.status.setObjectName("paymentStatus")
        self.status.setWordWrap(True)
        left = QVBoxLayout()
        left.setSpacing(4)
        left.addWidget(label(_("Amount due"), factor=1.3, bold=True, style=MUTED_TEXT))
        left.addWidget(self.due)
        left.addWidget(self.exact_note)
        self.payments_caption = label(_("Payments"), factor=1.1, bold=True)
        left.addWidget(self.payments_caption)
        left.addWidget(self.payment_list, 1)
        left.addWidget(self.remove_button)
        left.addSpacing(6)
        left.addWidget(self.left_caption)
        left.addWidget(self.left_amount)
        left.addWidget(self.status)
        return left

    def _build_pages(self) -> QStackedWidget:
        """How the customer pays: cash (with the other ways' buttons), QRIS, transfer or e-wallet, kasbon, or the
        platform."""
        self.cash_page = CashPage()
        self.amount = self.cash_page.amount
        self.qris_page = QrisPage()
        self.qr = self.qris_page.qr
        self.qris_label = self.qris_page.amount
        self.reference_page = ReferencePage()
        self.kasbon_page = KasbonPage()
        self.platform_page = PlatformPage()
        self.pages = QStackedWidget()
        for page in (self.cash_page, self.qris_page, self.reference_page, self.kasbon_page, self.platform_page):
            self.pages.addWidget(page)
        for field in (self.amount, self.reference_page.amount, self.kasbon_page.amount):
            self._guard(field)
        # With the QRIS page up the dialog holds the focus itself; a scan then must not press "Paid".
        self._guard(self)
        self.amount.installEventFilter(self)
        self.cash_page.exact_button.clicked.connect(self.exact_cash)
        for n, button in enumerate(self.cash_page.note_buttons):
            button.clicked.connect(lambda _checked=False, n=n: self.add_note(n))
        self.cash_page.qris_button.clicked.connect(self.start_qris)
        self.cash_page.transfer_button.clicked.connect(lambda: self.start_reference("transfer"))
        self.cash_page.ewallet_button.clicked.connect(lambda: self.start_reference("ewallet"))
        self.cash_page.kasbon_button.clicked.connect(self.start_kasbon)
        self.cash_page.credit_button.clicked.connect(self.pay_from_credit)
        self.qris_page.paid_button.clicked.connect(self.confirm_qris)
        self.reference_page.add_button.clicked.connect(self.confirm_reference)
        self.kasbon_page.add_button.clicked.connect(self.confirm_kasbon)
        self.kasbon_page.choose_button.clicked.connect(self.choose_customer)
        for page in (self.qris_page, self.reference_page, self.kasbon_page):
            page.back_button.clicked.connect(self.back_to_cash)
        return self.pages

    def _build_buttons(self) -> QHBoxLayout:
        """Cancel and Complete sale."""
        self.cancel_button = BigButton(_("Cancel"), "Esc", height=_BUTTON_HEIGHT, on_click=self.reject)
        self.complete_button = BigButton(
            _("Complete sale"), "F12", kind="primary", height=_BUTTON_HEIGHT, on_click=self.complete
        )
        self.complete_button.setFont(font(self.font(), self.font().pointSizeF() * 1.3, bold=True))
        bottom = QHBoxLayout()
        bottom.addWidget(self.cancel_button, 1)
        bottom.addWidget(self.complete_button, 2)
        return bottom

    def _bind_keys(self) -> None:
        """The function keys of the ways to pay; a platform's sale has only F12."""
        keys: dict[str, Callable[[], object]] = {
            "F4": self.start_kasbon,
            "F5": self.exact_cash,
            "F6": lambda: self.add_note(0),
            "F7": lambda: self.add_note(1),
            "F8": lambda: self.add_note(2),
            "F9": self.start_qris,
            "F10": lambda: self.start_reference("transfer"),
            "F11": lambda: self.start_reference("ewallet"),
            "F12": self.complete,
        }
        if self.by_platform:
            keys = {"F12": self.complete}
            for widget in (self.payments_caption, self.payment_list, self.remove_button):
                widget.hide()
        for key, action in keys.items():
            QShortcut(QKeySequence(key), self).activated.connect(action)

    def _guard(self, widget: QWidget) -> None:
        ScanGuard(widget).caught.connect(self._scan_caught)

    def _scan_caught(self, _code: str) -> None:
        QApplication.beep()
        self.say(
            _("A barcode was scanned during payment and was not used. Finish or cancel the payment first."), error=True
        )

    # --- figures, all from the core -------------------------------------------------------------------------

    def set_exact_due(self, amount: int) -> None:
        """The cart priced again while paying (a customer with a group's prices was chosen)."""
        if amount != self.exact_due:
            self.exact_due = amount
            self.refresh()

    def paid(self, method: Method | None = None) -> int:
        return sum(p.amount.rupiah for p in self.payments if method is None or p.method == method)

    def due_now(self) -> int:
        if self.by_platform:
            return rounded_due(self.exact_due, self.exact_due, False, self.rule)
        return remaining(self.exact_due, self.payments, self.rule).due

    def still_to_pay(self) -> int:
        return remaining(self.exact_due, self.payments, self.rule).to_pay

    def noncash_room(self) -> int:
        return remaining(self.exact_due, self.payments, self.rule).noncash_room

    def settlement(self) -> Settlement:
        """The core's verdict on the payments as they stand; raises its (translated) refusal."""
        return settle(self.exact_due, self.payments, self.rule)

    def refresh(self) -> None:
        due = self.due_now()
        self.due.setText(fmt.rupiah(due))
        self.exact_note.setText(
            _("Rounded from {exact}").format(exact=fmt.rupiah(self.exact_due)) if due != self.exact_due else ""
        )
        self.payment_list.clear()
        for p in self.payments:
            extra = " · ".join(x for x in (p.provider, p.reference) if x)
            text = f"{method_name(p.method)}   {fmt.rupiah(p.amount)}"
            self.payment_list.addItem(f"{text}   ({extra})" if extra else text)
        if self.payments:
            self.payment_list.setCurrentRow(len(self.payments) - 1)
        self.remove_button.setEnabled(bool(self.payments))
        if self.by_platform and self.channel is not None:
            commission = commission_of(due, self.channel.commission_bp)
            net = net_of_commission(due, self.channel.commission_bp)
            self.platform_page.show_terms(self.channel.name, commission, net)
            # What matters to the shop: what reaches it at the payout, once the platform has kept its share.
            self.left_caption.setText(_("{channel} pays the shop later").format(channel=self.channel.name))
            self.left_amount.setText(fmt.rupiah(net))
            self.left_amount.setStyleSheet(f"color: {GOOD};")
            return
        left = self.still_to_pay()
        # The notes a customer would hand over for what is left (Rp 285.700: 290.000, 300.000, 350.000).
        self.notes = quick_notes(left or due, QUICK_COUNT)
        for note, button in zip(self.notes, self.cash_page.note_buttons, strict=True):
            button.set_label(fmt.rupiah(note))
        if left:
            self.left_caption.setText(_("Still to pay"))
            self.left_amount.setText(fmt.rupiah(left))
            self.left_amount.setStyleSheet(ERROR_TEXT)
            return
        try:
            change = self.settlement().change
        except LedgerError as error:
            self.left_caption.setText(_("Cannot complete yet"))
            self.left_amount.setText("")
            self.say(str(error), error=True)
            return
        self.left_caption.setText(_("Change"))
        self.left_amount.setText(fmt.rupiah(change))
        self.left_amount.setStyleSheet(f"color: {GOOD};")

    def say(self, text: str, *, error: bool = False) -> None:
        self.status.setText(whole_amounts(text))
        self.status.setStyleSheet(ERROR_TEXT if error else MUTED_TEXT)

    # --- adding payments ------------------------------------------------------------------------------------

    def add(self, payment: Payment) -> None:
        if self.by_platform:
            return
        self.payments.append(payment)
        self.say("")
        self.refresh()

    def add_note(self, n: int) -> None:
        """One of the quick cash buttons (F6 to F8): the customer hands over that note or those notes."""
        if 0 <= n < len(self.notes):
            self.add_cash(self.notes[n])

    def add_cash(self, amount: int) -> None:
        if amount > 0:
            self.add(Payment("cash", Money(amount)))
        self.back_to_cash()

    def exact_cash(self) -> None:
        """Uang pas: the customer hands over exactly what is left, so the sale completes at once."""
        left = self.still_to_pay()
        if left:
            self.add_cash(left)
        self.complete()

    def remove_selected(self) -> None:
        row = self.payment_list.currentRow()
        if 0 <= row < len(self.payments):
            del self.payments[row]
            self.say("")
            self.refresh()
            self._show_credit()
        self.back_to_cash()

    def _typed_amount(self, field: MoneyField) -> Money | None:
        try:
            return field.amount_or_none()
        except LedgerError as error:
            self.say(str(error), error=True)
            field.selectAll()
            return None

    def start_qris(self) -> None:
        """Show the QRIS for the amount typed, or for all that is left."""
        if self.amount.is_blank():
            amount = self.noncash_room()
        else:
            typed = self._typed_amount(self.amount)
            if typed is None:
                return
            amount = typed.rupiah
        if amount <= 0:
            self.say(_("Nothing is left to pay."), error=True)
            return
        payload: str | None = None
        if self.session.rules.qris_static:
            try:
                payload = make_dynamic(self.session.rules.qris_static, Money(amount))
            except LedgerError as error:
                # A damaged QRIS setting must not stop the sale: the payment can still be checked by hand.
                self.say(str(error), error=True)
        self.qris_amount = amount
        self.qr.set_payload(payload)
        self.qris_page.show_code(payload is not None)
        self.qris_label.setText(_("QRIS {amount}").format(amount=fmt.rupiah(amount)))
        self.amount.clear()
        self.pages.setCurrentIndex(QRIS_PAGE)
        self.setFocus()

    def confirm_qris(self) -> None:
        """Sudah dibayar: the cashier saw the payment arrive."""
        if self.pages.currentIndex() != QRIS_PAGE or self.qris_amount <= 0:
            return
        self.add(Payment("qris", Money(self.qris_amount)))
        self.qris_amount = 0
        self._added_exact()

    def start_reference(self, method: Method) -> None:
        page = self.reference_page
        self._reference_method = method
        page.title.setText(method_name(method))
        page.provider.setVisible(method == "ewallet")
        page.provider_label.setVisible(method == "ewallet")
        page.amount.set_amount(self.noncash_room() or None)
        page.reference.clear()
        self.pages.setCurrentIndex(REFERENCE_PAGE)
        page.reference.setFocus()

    def confirm_reference(self) -> None:
        page = self.reference_page
        amount = self._typed_amount(page.amount)
        if amount is None:
            return
        provider = page.provider.currentText() if self._reference_method == "ewallet" else ""
        self.add(Payment(self._reference_method, amount, provider, page.reference.text().strip()))
        self._added_exact()

    def start_kasbon(self) -> None:
        self._show_kasbon_customer()
        self.kasbon_page.amount.set_amount(self.noncash_room() or None)
        self.pages.setCurrentIndex(KASBON_PAGE)
        if self.customer is None:
            self.choose_customer()
        else:
            self.kasbon_page.amount.setFocus()

    def choose_customer(self) -> None:
        picker = CustomerPicker(self.tasks, self)
        self.picker = picker

        def chosen(row: CustomerRow | None) -> None:
            if row is not None:
                self.customer = row
                self.cart.customer_id = row.id
                self.customer_chosen.emit(row)
                self._show_kasbon_customer()
                self._show_credit()

        def closed(_result: int) -> None:
            self.picker = None
            picker.deleteLater()
            self.activateWindow()
            self.kasbon_page.amount.setFocus()

        picker.chosen.connect(chosen)
        picker.finished.connect(closed)
        picker.open()

    def _show_kasbon_customer(self) -> None:
        if self.customer is None:
            self.kasbon_page.customer.setText(_("No customer chosen yet."))
            return
        self.kasbon_page.customer.setText(
            whole_amounts(
                _("{name} owes {owed}; credit limit {limit}.").format(
                    name=self.customer.name,
                    owed=fmt.rupiah(self.customer.balance),
                    limit=fmt.rupiah(self.customer.credit_limit),
                )
            )
        )

    def credit_left(self) -> int:
        """What the chosen customer keeps with the shop, less what this sale already takes from it."""
        kept = self.customer.credit if self.customer is not None else 0
        return max(kept - self.paid("credit"), 0)

    def _show_credit(self) -> None:
        button = self.cash_page.credit_button
        left = self.credit_left()
        button.setVisible(not self.by_platform and self.customer is not None and self.customer.credit > 0)
        button.setText(_("{method} ({amount})").format(method=method_name("credit"), amount=fmt.rupiah(left)))
        button.setEnabled(left > 0)

    def pay_from_credit(self) -> None:
        """Pay what the customer's credit covers of what is left; the core checks it is theirs to spend."""
        amount = min(self.credit_left(), self.noncash_room())
        if amount <= 0:
            self.say(_("Nothing is left for their credit to pay."), error=True)
            return
        self.add(Payment("credit", Money(amount)))
        self._show_credit()
        self._added_exact()

    def confirm_kasbon(self) -> None:
        if self.customer is None:
            self.choose_customer()
            return
        amount = self._typed_amount(self.kasbon_page.amount)
        if amount is None:
            return
        self.add(Payment("kasbon", amount))
        self._added_exact()

    def _added_exact(self) -> None:
        # A non-cash payment is for an exact amount the cashier confirmed; if it settles the bill, it is done.
        self.back_to_cash()
        if not self.still_to_pay():
            self.complete()

    def back_to_cash(self) -> None:
        if self.by_platform:
            self.pages.setCurrentIndex(PLATFORM_PAGE)
            self.setFocus()
            return
        self.pages.setCurrentIndex(CASH_PAGE)
        self.amount.setFocus()

    # --- keys -----------------------------------------------------------------------------------------------

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        # Delete in the empty cash field takes back the chosen payment; with text in it, it edits the text.
        if (
            watched is self.amount
            and event.type() == QEvent.Type.KeyPress
            and isinstance(event, QKeyEvent)
            and event.key() == Qt.Key.Key_Delete
            and self.amount.is_blank()
        ):
            self.remove_selected()
            return True
        return super().eventFilter(watched, event)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        key = event.key()
        if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            event.accept()
            self._enter()
            return
        if key == Qt.Key.Key_Delete:
            event.accept()
            self.remove_selected()
            return
        super().keyPressEvent(event)

    def reject(self) -> None:
        # Once the sale is on its way to the books, closing the dialog would hide its outcome.
        if self.pages.currentIndex() not in (CASH_PAGE, PLATFORM_PAGE) and not self._submitting:
            self.back_to_cash()
            return
        if not self._submitting:
            super().reject()

    def _enter(self) -> None:
        page = self.pages.currentIndex()
        if page == QRIS_PAGE:
            self.confirm_qris()
        elif page == REFERENCE_PAGE:
            self.confirm_reference()
        elif page == KASBON_PAGE:
            self.confirm_kasbon()
        elif page == PLATFORM_PAGE:
            self.complete()
        elif not self.amount.is_blank():
            typed = self._typed_amount(self.amount)
            if typed is None:
                return
            self.amount.clear()
            self.add(Payment("cash", typed))
            if not self.still_to_pay():
                self.complete()
        else:
            self.complete()

    # --- the sale -------------------------------------------------------------------------------------------

    def complete(self) -> None:
        """Check the payments with the core, then ring the sale up on the worker."""
        if self._submitting:
            return
        try:
            if not self.by_platform:
                self.settlement()
        except LedgerError as error:
            self.say(str(error), error=True)
            self.back_to_cash()
            return
        self._submitting = True
        self._busy(True)
        self.say(_("Booking the sale…"))
        actor, cart, payments = self.session.actor, self.cart, tuple(self.payments)
        channel = self.channel.code if self.channel is not None else COUNTER

        on_tab = self.customer.id if self.customer is not None and self.paid("kasbon") else None

        def op(session: Session, approvals: tuple[Approval, ...]) -> tuple[SaleResult, int | None]:
            result = ring_up(session, actor, cart, payments, approvals=approvals, channel=channel)
            # What the customer owes now, read in the sale's own transaction, for the confirmation.
            owed = kasbon_balance(session, on_tab).rupiah if on_tab is not None else None
            return result, owed

        changes = sale_changes(cart, channel, on_tab=on_tab is not None)
        self.flow.run(op, changes, self._booked, self._refused, parent=self)

    def _booked(self, booked: tuple[SaleResult, int | None]) -> None:
        result, self.kasbon_owed = booked
        self.sale = result
        self._submitting = False
        self.completed.emit(result)
        self.accept()

    def _refused(self, error: BaseException) -> None:
        self._submitting = False
        self._busy(False)
        self.say(failure_message(error), error=True)
        self.back_to_cash()

    def _busy(self, busy: bool) -> None:
        for widget in (self.complete_button, self.cancel_button, self.pages, self.remove_button):
            widget.setEnabled(not busy)

"""The checkout: the scan field that keeps the focus, the cart, the large total, and the counter's keys.

Every scan is one task on the database worker (`line_for_scan`), answered in the order scanned, and adds one
line (or adds to the same line) through the cart model. Payment and the other counter work open non-blocking
dialogs; `dialog` is the one open now, and the focus goes back to the scan field when it closes.

A sale is made at the counter unless the cashier picks another channel (F7): the cart is then priced for that
channel by the core, on the worker like a scan, and after the sale the counter is the channel again.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import replace

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QDialog,
    QGridLayout,
    QHBoxLayout,
    QMessageBox,
    QSizePolicy,
    QTableView,
    QVBoxLayout,
    QWidget,
)
from sqlalchemy.orm import Session

from pos.i18n import _
from pos.ledger.base import fmt
from pos.ledger.base.clock import local
from pos.ledger.base.errors import LedgerError, NotFound
from pos.ledger.base.money import MILLI, Qty
from pos.ledger.channels.channels import COUNTER
from pos.ledger.counter.cart import Cart, CartLine
from pos.ledger.counter.picking import Pick
from pos.ledger.counter.pricing import PpnRule
from pos.ledger.counter.quantity_check import QuantityQuestion, unusual_quantity
from pos.ledger.people.customers import CustomerRow, get_customer, kasbon_balance
from pos.ledger.selling.sales import SaleResult
from pos.ledger.stock.barcodes import InStoreFormat
from pos.printing.queue_worker import PrintRun, print_pending
from pos.ui.changes import Change
from pos.ui.counter.approval import ApprovalFlow
from pos.ui.counter.cart_model import CartModel
from pos.ui.counter.cart_view import TallRows, make_cart_view
from pos.ui.counter.channels import ChannelSwitch
from pos.ui.counter.choosing import LineChooser, product_pick, scan_pick
from pos.ui.counter.context import CounterSession, ShopRules
from pos.ui.counter.customers import CustomerPicker
from pos.ui.counter.errands import Errands
from pos.ui.counter.held import HoldDialog, RecallDialog
from pos.ui.counter.payment import PaymentDialog
from pos.ui.counter.price_terms import PriceTerms
from pos.ui.counter.search import SearchPanel
from pos.ui.counter.totals import TotalsPanel, sale_outcome
from pos.ui.tasks import TaskManager, failure_message
from pos.ui.widgets.buttons import BigButton
from pos.ui.widgets.scanner import ScanField
from pos.ui.widgets.style import (
    BIG_TOUCH_HEIGHT,
    ERROR_TEXT,
    MUTED_TEXT,
    OK_TEXT,
    font,
    label,
    whole_amounts,
    whole_placeholder,
)

_KEY_HEIGHT = 54
_RIGHT_MIN_WIDTH = 270
_RIGHT_MAX_WIDTH = 470


def _line_for_scan(
    session: Session, text: str, formats: tuple[InStoreFormat, ...], channel: str = COUNTER
) -> tuple[Pick, QuantityQuestion | None]:
    """The scan's line (or what it asks first), and a question for the cashier when its typed quantity (`3*`) is
    unusual."""
    pick = scan_pick(session, text, formats, channel)
    line = pick.line
    # A plain scan is one of the item: only a quantity typed in front of the code is worth a look (and not yet
    # for a line whose variant or add-ons are still to be chosen).
    if line.qty.milli == MILLI or not pick.ready:
        return pick, None
    return pick, unusual_quantity(session, line, line.qty)


def _customer_row(session: Session, customer_id: uuid.UUID) -> CustomerRow:
    customer = get_customer(session, customer_id)
    owed = kasbon_balance(session, customer_id)
    return CustomerRow(customer.id, customer.name, customer.phone, customer.kasbon_limit.rupiah, owed.rupiah)


def _looks_like_a_code(text: str) -> bool:
    code = text.split("*", 1)[-1].strip()
    return not code or (any(ch.isdigit() for ch in code) and " " not in code)


class CheckoutPage(QWidget):
    """Scan, search (F2), edit the cart, take payment (F12); hold, recall and the rest of the counter's work."""

    log_out_requested = Signal()
    shift_closed = Signal(object)
    sale_completed = Signal(object)
    # Named here: the search's signals are wired (to lambdas using them) before these are made.
    model: CartModel
    view: QTableView

    def __init__(self, tasks: TaskManager, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.tasks = tasks
        self.flow = ApprovalFlow(tasks, self)
        self.session: CounterSession | None = None
        self.customer: CustomerRow | None = None
        self.last_sale: SaleResult | None = None
        self.dialog: QDialog | None = None
        self.pending_scans = 0
        self.pay_when_done = False
        self.channels = ChannelSwitch(self)
        self.chooser = LineChooser(self, self._chosen)

        header = self._build_header()
        left = self._build_cart()
        right_box = self._build_totals()
        body = QHBoxLayout()
        body.setSpacing(16)
        body.addLayout(left, 3)
        body.addWidget(right_box, 2)
        key_row = self._build_keys()

        page = QVBoxLayout(self)
        page.setContentsMargins(12, 8, 12, 8)
        page.setSpacing(8)
        page.addLayout(header)
        page.addLayout(body, 1)
        page.addLayout(key_row)

    def _build_header(self) -> QHBoxLayout:
        """Who is at the counter, since when, and the log-out button."""
        self.who = label(factor=1.2, bold=True)
        self.who.setObjectName("whoIsAtTheCounter")
        self.shift_line = label(style=MUTED_TEXT)
        self.log_out_button = BigButton(_("Log out"), on_click=self.log_out)
        self.log_out_button.setObjectName("logOutButton")
        self.log_out_button.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Preferred)
        header = QHBoxLayout()
        who_box = QVBoxLayout()
        who_box.setSpacing(0)
        who_box.addWidget(self.who)
        who_box.addWidget(self.shift_line)
        header.addLayout(who_box, 1)
        header.addWidget(self.log_out_button, 0, Qt.AlignmentFlag.AlignTop)
        return header

    def _build_cart(self) -> QVBoxLayout:
        """The scan field, the status line, the search (hidden) and the cart."""
        self.scan_field = ScanField()
        self.scan_field.setObjectName("scanField")
        self.scan_field.setPlaceholderText(_("Scan or type a barcode"))
        whole_placeholder(self.scan_field)
        self.scan_field.scanned.connect(self.scan)
        self.scan_field.moved.connect(self.move_selection)
        self.scan_field.delete_pressed.connect(self.remove_selected)
        self.scan_field.escape_pressed.connect(self.cancel_sale)
        self.status = label(factor=1.1)
        self.status.setObjectName("statusLine")
        # A fixed box of two lines: a new message every scan must repaint the box, not lay the whole page out
        # again, and a long one wraps rather than lose its end.
        self.status.setWordWrap(True)
        self.status.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        self.status.setFixedHeight(self.status.fontMetrics().lineSpacing() * 2 + 4)
        self.status.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Fixed)
        self._status_style = ""
        self.search = SearchPanel(self.tasks)
        self.search.hide()
        self.search.chosen.connect(self.add_product)
        self.search.scan_typed.connect(self.scan)
        self.search.closed.connect(self.refocus)
        # The results take the cart's place while searching: the page never grows past a small screen.
        self.search.closed.connect(lambda: self.view.show())
        self.model = CartModel(PpnRule(), self)
        self.model.edit_failed.connect(lambda message: self.say(message, error=True))
        self.model.confirm_qty = self._confirm_qty
        # A change that worked (a line added, a quantity or discount set) takes an old error off the line.
        self.model.edited.connect(self._clear_error)
        self.prices = PriceTerms(self)
        self.view, self.delegate = make_cart_view(self.model)
        self.tall_rows = TallRows(self.view, self.model)
        self.delegate.scan_caught.connect(self.scan)
        self.view.doubleClicked.connect(lambda index: self._edit_addons(index.row(), index.column()))
        self.delegate.closeEditor.connect(lambda *_args: QTimer.singleShot(0, self.refocus))
        left = QVBoxLayout()
        left.setSpacing(6)
        left.addWidget(self.scan_field)
        left.addWidget(self.status)
        left.addWidget(self.search, 3)
        left.addWidget(self.view, 2)
        return left

    def _build_totals(self) -> QWidget:
        """The large total, the price notes and the pay button."""
        self.totals = TotalsPanel()
        self.model.totals_changed.connect(self.totals.show_priced)
        self.totals.channel_clicked.connect(self.channels.choose)
        self.pay_action = self._action("F12", self.pay)
        self.pay_button = BigButton(_("Pay"), "F12", kind="primary", height=BIG_TOUCH_HEIGHT + 16, on_click=self.pay)
        self.pay_button.setObjectName("payButton")
        self.pay_button.setFont(font(self.font(), self.font().pointSizeF() * 1.6, bold=True))
        right = QVBoxLayout()
        right.setContentsMargins(0, 0, 0, 0)
        right.setSpacing(4)
        right.addWidget(self.totals, 1)
        right.addWidget(self.prices.notes)
        right.addWidget(self.prices.button)
        right.addWidget(self.pay_button)
        right_box = QWidget()
        right_box.setLayout(right)
        # Wide on a laptop; on a small screen the cart keeps most of the room and the total's type shrinks.
        right_box.setMinimumWidth(_RIGHT_MIN_WIDTH)
        right_box.setMaximumWidth(_RIGHT_MAX_WIDTH)
        return right_box

    def _build_keys(self) -> QGridLayout:
        """The row of function keys and the row of the counter's other work (Ctrl+1 ... Ctrl+8)."""
        self.errands = Errands(self)
        self._action("F7", self.channels.choose)
        self._action("F10", self.prices.open_promo)
        self._action("F5", lambda: self._edit_addons(self.selected_row()))
        keys: list[tuple[str, str, Callable[[], object]]] = [
            ("F1", _("Help"), self.errands.show_help),
            ("F2", _("Search"), self.open_search),
            ("F3", _("Quantity"), lambda: self.edit_selected(CartModel.QTY)),
            ("F4", _("Customer"), self.choose_customer),
            ("F6", _("Discount"), lambda: self.edit_selected(CartModel.DISCOUNT)),
            ("F8", _("Hold"), self.hold),
            ("F9", _("Recall"), self.recall),
        ]
        key_row = QGridLayout()
        key_row.setSpacing(6)
        self.key_buttons: dict[str, BigButton] = {}
        # The key above its name, as on a key cap: eight to a row fit a 1024-pixel screen without cutting a name.
        for n, (key, text, handler) in enumerate(keys):
            self._action(key, handler)
            button = BigButton(text, key, on_click=handler, stacked=True, height=_KEY_HEIGHT)
            self.key_buttons[key] = button
            key_row.addWidget(button, 0, n)
        cancel = BigButton(
            _("Cancel sale"), "Esc", kind="danger", on_click=self.cancel_sale, stacked=True, height=_KEY_HEIGHT
        )
        self.key_buttons["Esc"] = cancel
        key_row.addWidget(cancel, 0, len(keys))
        errands = self.errands
        more: list[tuple[str, Callable[[], object]]] = [
            (_("Return"), errands.open_return),
            (_("Void"), errands.open_void),
            (_("Cash in"), lambda: errands.open_cash("in")),
            (_("Cash out"), lambda: errands.open_cash("out")),
            (_("Open drawer"), errands.open_drawer),
            (_("Reprint"), errands.reprint),
            (_("Shift report"), errands.open_x_report),
            (_("Close shift"), errands.open_close_shift),
        ]
        self.more_buttons: dict[str, BigButton] = {}
        for n, (text, handler) in enumerate(more):
            # Ctrl and the button's place in the row: the same in every language, and no text field uses them.
            key = f"Ctrl+{n + 1}"
            self._action(key, handler)
            button = BigButton(text, key, on_click=handler, stacked=True, height=_KEY_HEIGHT)
            button.setStyleSheet(button.styleSheet() + "QPushButton { color: #3b4150; }")
            self.more_buttons[text] = button
            key_row.addWidget(button, 1, n)

        for column in range(key_row.columnCount()):
            key_row.setColumnStretch(column, 1)
        return key_row

    def _action(self, key: str, handler: Callable[[], object]) -> QAction:
        action = QAction(self)
        action.setShortcut(QKeySequence(key))
        action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        action.triggered.connect(lambda _checked=False: handler())
        self.addAction(action)
        return action

    # --- the session --------------------------------------------------------------------------------------

    def start(self, session: CounterSession) -> None:
        """Begin selling as `session.actor` in the open shift."""
        self.session = session
        self.model.set_rule(session.rules.ppn)
        self.model.clear()
        self._set_customer(None)
        self.channels.start()
        self.prices.start(session)
        self.last_sale = None
        self.totals.clear_sale()
        role = _("Owner") if session.actor.is_owner else _("Cashier")
        self.who.setText(f"{session.rules.shop_name} · {session.actor.name} ({role})")
        if session.shift is not None:
            opened = fmt.datetime(local(session.shift.opened_at, session.rules.timezone))
            self.shift_line.setText(_("Shift open since {time}").format(time=opened))
        self.say(_("Ready. Scan the first item; 3* before a barcode sells three."))
        self.refocus()

    def use_rules(self, rules: ShopRules) -> None:
        """The shop's rules changed in the settings: the next payment and price use them, no new login needed."""
        if self.session is None:
            return
        self.session = replace(self.session, rules=rules)
        self.model.set_rule(rules.ppn)

    def refocus(self) -> None:
        """Give the scan field the keyboard again, unless a dialog, the search or a cell editor has it."""
        if self.dialog is not None or self.flow.dialog is not None or self.search.isVisible():
            return
        if self.view.state() == QAbstractItemView.State.EditingState:
            return
        self.scan_field.setFocus()

    def _clear_error(self) -> None:
        if self._status_style == ERROR_TEXT:
            self.say("")

    def say(self, text: str, *, error: bool = False, ok: bool = False) -> None:
        self.status.setText(whole_amounts(text))
        style = ERROR_TEXT if error else OK_TEXT if ok else MUTED_TEXT
        if style != self._status_style:
            # Restyling costs a repolish; scans in a row all say the same kind of thing.
            self._status_style = style
            self.status.setStyleSheet(style)

    # --- scanning -------------------------------------------------------------------------------------------

    def scan(self, text: str) -> None:
        """Look one scan up on the worker and add its line; unknown codes beep and leave the cart alone."""
        if self.session is None:
            return
        formats, channel = self.session.rules.formats, self.channels.code
        self.pending_scans += 1
        self.tasks.read(
            lambda session: _line_for_scan(session, text, formats, channel),
            lambda found: self._scanned(*found),
            lambda error: self._scan_failed(text, error),
        )

    def _scanned(self, pick: Pick, question: QuantityQuestion | None = None) -> None:
        self.pending_scans -= 1
        if not pick.ready:
            self.pay_when_done = False  # the bill waits for the variant or the add-ons
            self.chooser.take(pick)
            self.after_lookup()
            return
        line = pick.line
        if question is None:
            self._add(line)
            self.prices.after_add(line)
            self.after_lookup()
            return
        self.pay_when_done = False  # the bill waits for the cashier's answer

        def answered(yes: bool) -> None:
            if yes:
                self._add(line)
                self.prices.after_add(line)
            else:
                self.say(_("{name} was not added.").format(name=line.name))
            self.after_lookup()

        self._ask_quantity(str(question), answered)

    def _ask_quantity(self, question: str, answered: Callable[[bool], None]) -> None:
        """Ask the cashier to confirm an unusual quantity; No is the default, as a slip is the likelier case."""
        QApplication.beep()
        box = QMessageBox(
            QMessageBox.Icon.Question,
            _("Check the quantity"),
            question,
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            self,
        )
        box.setDefaultButton(QMessageBox.StandardButton.No)
        box.setEscapeButton(QMessageBox.StandardButton.No)
        box.finished.connect(lambda result: answered(result == QMessageBox.StandardButton.Yes))
        if self.dialog is None:
            self.open_dialog(box)
        else:
            box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
            box.open()

    def _confirm_qty(self, row: int, qty: Qty) -> None:
        """A quantity typed into a line (F3): set at once when ordinary, after a Yes when it is not."""
        line = self.model.line(row)

        def looked(question: QuantityQuestion | None) -> None:
            still = row < self.model.rowCount() and self.model.line(row).product_id == line.product_id
            if not still:
                return
            if question is None:
                self._set_qty(row, qty)
                return
            self._ask_quantity(str(question), lambda yes: self._set_qty(row, qty) if yes else self.refocus())

        self.tasks.read(lambda session: unusual_quantity(session, line, qty), looked)

    def _set_qty(self, row: int, qty: Qty) -> None:
        if self.model.set_qty(row, qty):
            self.say(f"{self.model.line(row).name}  ×{fmt.qty(qty)}", ok=True)
        self.refocus()

    def _scan_failed(self, text: str, error: BaseException) -> None:
        self.pending_scans -= 1
        self.pay_when_done = False
        self.channels.reprice_if_waiting()
        if isinstance(error, NotFound) and not _looks_like_a_code(text):
            # Words, not a code: the cashier was looking for a product by name.
            self.open_search(text)
            return
        QApplication.beep()
        self.scan_field.flash()
        self.say(failure_message(error), error=True)
        self.refocus()

    def _add(self, line: CartLine) -> None:
        try:
            row = self.model.add_line(line)
        except LedgerError as error:
            QApplication.beep()
            self.say(str(error), error=True)
            return
        self.view.selectRow(row)
        self.view.scrollTo(self.model.index(row, 0))
        added = self.model.line(row)
        self.say(f"{added.name}  ×{fmt.qty(added.qty)}", ok=True)

    def after_lookup(self) -> None:
        if self.channels.reprice_if_waiting():
            return  # paying, if asked for, follows the new prices
        if self.pay_when_done and not self.pending_scans:
            self.pay_when_done = False
            self.pay()

    def add_product(self, product_id: uuid.UUID) -> None:
        """Add one of a product chosen in the search (after its variant and add-ons, when it asks for them)."""
        self.pending_scans += 1
        channel = self.channels.code

        def failed(error: BaseException) -> None:
            self.pending_scans -= 1
            self.say(failure_message(error), error=True)
            self.channels.reprice_if_waiting()

        self.tasks.read(lambda session: product_pick(session, product_id, None, channel), self._scanned, failed)
        self.refocus()

    def _chosen(self, line: CartLine) -> None:
        """A line whose variant or add-ons the cashier chose goes in the cart."""
        self._add(line)
        self.prices.after_add(line)

    def _edit_addons(self, row: int, column: int = CartModel.NAME) -> None:
        """F5, or a double-click on a line's name: change its add-ons and note."""
        if self.session is None or self.dialog is not None or column != CartModel.NAME:
            return
        if not 0 <= row < self.model.rowCount():
            self.say(_("The cart is empty."), error=True)
            return
        self.chooser.edit(row)

    def open_search(self, text: str = "") -> None:
        if self.session is None or self.dialog is not None:
            return
        self.view.hide()
        self.search.start(text)

    # --- the cart -------------------------------------------------------------------------------------------

    def selected_row(self) -> int:
        rows = self.view.selectionModel().selectedRows()
        return rows[0].row() if rows else self.model.rowCount() - 1

    def move_selection(self, step: int) -> None:
        if self.model.rowCount():
            self.view.selectRow(min(max(self.selected_row() + step, 0), self.model.rowCount() - 1))

    def edit_selected(self, column: int) -> None:
        row = self.selected_row()
        if row < 0:
            self.say(_("The cart is empty."), error=True)
            return
        index = self.model.index(row, column)
        self.view.selectRow(row)
        self.view.setCurrentIndex(index)
        self.view.edit(index)

    def remove_selected(self) -> None:
        row = self.selected_row()
        if row >= 0:
            name = self.model.line(row).name
            self.model.remove(row)
            self.say(_("{name} taken off the cart.").format(name=name))

    def cancel_sale(self) -> None:
        """Escape: empty the cart, after the cashier confirms."""
        if self.model.cart.is_empty or self.dialog is not None:
            return
        box = QMessageBox(
            QMessageBox.Icon.Question,
            _("Cancel the sale"),
            _("Cancel this sale and empty the cart?"),
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
            self,
        )
        box.setDefaultButton(QMessageBox.StandardButton.Yes)
        box.setEscapeButton(QMessageBox.StandardButton.No)

        def answered(result: int) -> None:
            if result == QMessageBox.StandardButton.Yes:
                self.model.clear()
                self._set_customer(None)
                self.channels.reset()
                self.say(_("Sale cancelled; the cart is empty."))

        box.finished.connect(answered)
        self.open_dialog(box)

    def choose_customer(self) -> None:
        if self.session is None or self.dialog is not None:
            return
        picker = CustomerPicker(self.tasks, self, allow_none=True)
        picker.chosen.connect(self._set_customer)
        self.open_dialog(picker)

    def _set_customer(self, customer: CustomerRow | None) -> None:
        changed = self.model.cart.customer_id != (customer.id if customer else None)
        self.customer = customer
        self.model.set_customer(customer.id if customer else None)
        self.totals.show_customer(customer)
        if changed:
            self.prices.reload()  # the customer's group prices and points

    def _load_customer(self, customer_id: uuid.UUID) -> None:
        self.tasks.read(lambda session: _customer_row(session, customer_id), self._set_customer)

    # --- paying ---------------------------------------------------------------------------------------------

    def pay(self) -> None:
        """F12: take payment; scans still being looked up are waited for, so none is left off the bill."""
        if self.session is None or self.dialog is not None:
            return
        if self.pending_scans:
            self.pay_when_done = True
            return
        if self.model.cart.is_empty:
            self.say(_("The cart is empty."), error=True)
            return
        dialog = PaymentDialog(
            self.tasks,
            self.flow,
            self.session,
            self.model.snapshot(),
            self.customer,
            self,
            channel=self.channels.current,
            exact_due=self.model.sale.priced.exact_due,
        )
        dialog.completed.connect(lambda result: self._sold(result, dialog.kasbon_owed))
        dialog.customer_chosen.connect(self._set_customer)
        self.open_dialog(dialog)

    def _sold(self, result: SaleResult, owed: int | None = None) -> None:
        self.last_sale = result
        customer = self.customer.name if self.customer is not None else ""
        self.model.clear()
        self._set_customer(None)
        self.channels.reset()
        self.totals.show_sale(result, customer, owed)
        caption, amount, _line = sale_outcome(result, customer, owed)
        self.say(
            _("Sale {number} booked. {outcome}: {amount}.").format(
                number=result.receipt_no, outcome=caption, amount=fmt.rupiah(amount)
            ),
            ok=True,
        )
        self.sale_completed.emit(result)
        self.send_to_printer()

    def send_to_printer(self) -> None:
        """Hand the print queue to the printer on the I/O pool; a job that fails stays in the queue."""
        db = self.tasks.db

        def reported(run: PrintRun) -> None:
            # The printing pool settles its jobs in its own transactions: the queue's readers hear of it here.
            if run.printed or run.failed or run.expired or run.sent:
                self.tasks.announce({Change.PRINTING})
            # A run tells what failed in the shopkeeper's words ("the printer is off"); the sale stands anyway.
            if run.error:
                self.say(_("Receipt not printed: {error}").format(error=run.error), error=True)

        self.tasks.run_io(
            lambda: print_pending(db),
            reported,
            lambda error: self.say(_("Receipt not printed: {error}").format(error=failure_message(error)), error=True),
        )

    # --- held carts -----------------------------------------------------------------------------------------

    def hold(self) -> None:
        if self.session is None or self.dialog is not None:
            return
        if self.model.cart.is_empty:
            self.say(_("The cart is empty."), error=True)
            return
        dialog = HoldDialog(self.tasks, self.model.snapshot(), self.session.actor.user_id, self)
        dialog.held.connect(self._held)
        self.open_dialog(dialog)

    def _held(self) -> None:
        self.model.clear()
        self._set_customer(None)
        self.channels.reset()
        self.say(_("The cart is held. F9 takes it back."), ok=True)

    def recall(self) -> None:
        if self.session is None or self.dialog is not None:
            return
        if not self.model.cart.is_empty:
            self.say(_("Hold or finish this cart before taking back another one."), error=True)
            return
        dialog = RecallDialog(self.tasks, self.session.rules.timezone, self)
        dialog.recalled.connect(self._recalled)
        self.open_dialog(dialog)

    def _recalled(self, cart: Cart) -> None:
        self.model.set_cart(cart)
        self._set_customer(None)
        if cart.customer_id is not None:
            self.model.set_customer(cart.customer_id)
            self._load_customer(cart.customer_id)
        self.say(_("Held cart taken back."), ok=True)
        self.channels.recalled()
        self.prices.reload()

    def log_out(self) -> None:
        if not self.model.cart.is_empty:
            self.say(_("Hold or finish the sale in the cart before logging out."), error=True)
            return
        self.session = None
        self.log_out_requested.emit()

    def open_dialog(self, dialog: QDialog) -> None:
        """Open `dialog` without blocking; the focus comes back to the scan field when it closes."""
        self.dialog = dialog

        def closed(_result: int) -> None:
            if self.dialog is dialog:
                self.dialog = None
            dialog.deleteLater()
            # Not every window system hands activation back to the counter when a dialog closes; without it
            # the scanner's next keys would go nowhere.
            self.activateWindow()
            QTimer.singleShot(0, self.refocus)

        dialog.finished.connect(closed)
        dialog.open()

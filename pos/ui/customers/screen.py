"""The owner's customers screen: who owes what and for how long, the credit each keeps with the shop, one
customer's statement, payments and reminders.

The list joins the core's customer list with its kasbon ageing (0-30, 31-60, 61-90, over 90 days) and the credit
each keeps (titipan); choosing a customer shows their statement (credit sales, payments, credit kept and spent,
with both balances), a box to take a payment (in money or from their credit) and the reminder to send. Everything
is read and written by ledger services on the database worker.
"""

from __future__ import annotations

import uuid
from typing import Final

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QAbstractItemView, QHBoxLayout, QLineEdit, QVBoxLayout, QWidget
from sqlalchemy.orm import Session

from pos import i18n
from pos.i18n import N_, _
from pos.ledger.base import fmt
from pos.ledger.base.money import Money
from pos.ledger.books.approvals import Actor
from pos.ledger.people.kasbon import StatementLine, entry_name, record_kasbon_payment
from pos.ui.changes import Change, Watch
from pos.ui.customers.boxes import PaymentBox, ReminderBox
from pos.ui.customers.dialog import CustomerDialog
from pos.ui.customers.reading import (
    CustomerDetail,
    CustomerLine,
    import_customer_sheet,
    read_customers,
    read_detail,
)
from pos.ui.sheet_import import SheetImportDialog
from pos.ui.tasks import TaskManager, failure_message
from pos.ui.widgets.buttons import BigButton
from pos.ui.widgets.record_table import Column, RecordModel, record_view, selected_row
from pos.ui.widgets.side_by_side import SideBySide
from pos.ui.widgets.style import BAD, ERROR_TEXT, GOOD, MUTED_TEXT, TOUCH_HEIGHT, label, whole_placeholder

DEBOUNCE_MS: Final = 150
# What the list and a customer's statement show: their tab and credit (sales on kasbon, returns, payments), their
# group and points.
SHOWS: Final = {Change.CUSTOMERS, Change.SALES, Change.PRICES}
# A payment on the tab: the customer's balance, the cash or bank it came into, and the drawer when in cash.
PAYMENT_CHANGES: Final = {Change.CUSTOMERS, Change.MONEY, Change.SHIFTS}


def _amount(value: int) -> str:
    return fmt.rupiah(value) if value else ""


def _bucket(index: int) -> Column[CustomerLine]:
    titles = (N_("0-30 days"), N_("31-60 days"), N_("61-90 days"), N_("Over 90 days"))
    # Debt past 90 days is what a shopkeeper chases first.
    colour = (lambda r: BAD if r.buckets[3] else None) if index == 3 else None
    return Column(titles[index], lambda r: _amount(r.buckets[index]), right=True, colour=colour)


def _signed(change: int) -> str:
    """`+Rp 21.500`, `−Rp 115.000`, or nothing."""
    if not change:
        return ""
    return ("+" if change > 0 else "\u2212") + fmt.rupiah(abs(change))


CUSTOMER_COLUMNS: Final[tuple[Column[CustomerLine], ...]] = (
    Column(N_("Customer"), lambda r: r.name),
    Column(N_("Phone"), lambda r: r.phone),
    Column(N_("Credit limit"), lambda r: fmt.rupiah(r.credit_limit), right=True),
    Column(N_("Owes"), lambda r: fmt.rupiah(r.balance), right=True, colour=lambda r: BAD if r.over_limit else None),
    Column(N_("Credit kept"), lambda r: _amount(r.credit), right=True, colour=lambda r: GOOD if r.credit else None),
    *(_bucket(i) for i in range(4)),
)


def _what(line: StatementLine) -> str:
    """`Penjualan A-20261205-0084`: what happened and the receipt, return or order it was for."""
    return f"{entry_name(line.kind)} {line.reference}".strip()


LEDGER_COLUMNS: Final[tuple[Column[StatementLine], ...]] = (
    Column(N_("Date"), lambda r: fmt.date(r.day, i18n.language())),
    Column(N_("What"), _what),
    Column(N_("Kasbon ±"), lambda r: _signed(r.charge - r.payment), right=True),
    Column(N_("Owes"), lambda r: fmt.rupiah(r.owed), right=True),
    Column(N_("Credit ±"), lambda r: _signed(r.credit_added - r.credit_used), right=True),
    Column(N_("Credit left"), lambda r: fmt.rupiah(r.credit), right=True),
)
CREDIT_COLUMNS: Final = (4, 5)  # shown for a customer whose credit ever moved


class CustomersScreen(QWidget):
    """Customers and their kasbon; `set_actor` names the owner the payments are booked by, `refresh` reads again."""

    def __init__(self, tasks: TaskManager, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.tasks = tasks
        self.actor: Actor | None = None
        self.selected_id: uuid.UUID | None = None
        self.detail: CustomerDetail | None = None
        self.shown_for: str | None = None
        self._quiet = False
        self.dialog: CustomerDialog | None = None

        top = self._build_top()
        self._build_list()
        heading = self._build_heading()
        lower = self._build_statement()
        self.message = label()
        self.message.setWordWrap(True)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(20, 14, 20, 10)
        layout.setSpacing(8)
        layout.addLayout(top)
        layout.addWidget(self.summary)
        layout.addWidget(self.view, 4)
        layout.addLayout(heading)
        layout.addLayout(lower, 5)
        layout.addWidget(self.message)
        self._show_detail(None)
        self.set_actor(None)
        self.watch = Watch(self, tasks.changed, SHOWS, self.refresh, stale=True)

    def _build_top(self) -> QVBoxLayout:
        """The title, the search and the buttons to add or import customers."""
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.setInterval(DEBOUNCE_MS)
        self.timer.timeout.connect(self.refresh)
        self.search = QLineEdit()
        self.search.setObjectName("customerSearch")
        self.search.setPlaceholderText(_("Search by name or phone…"))
        self.search.setMinimumHeight(TOUCH_HEIGHT)
        self.search.setClearButtonEnabled(True)
        whole_placeholder(self.search)
        self.search.textChanged.connect(lambda _text: self.timer.start())
        self.add_button = BigButton(_("Add customer"), kind="primary", on_click=self.add_customer)
        self.add_button.setMaximumWidth(220)
        self.import_button = BigButton(_("Import…"), on_click=self.import_customers)
        self.import_button.setMaximumWidth(160)
        self.import_dialog: SheetImportDialog | None = None
        # The title above the search and the buttons: side by side they are wider than a small screen.
        actions = QHBoxLayout()
        self.search.setMaximumWidth(460)
        actions.addWidget(self.search, 2)
        actions.addStretch(1)
        actions.addWidget(self.add_button)
        actions.addWidget(self.import_button)
        top = QVBoxLayout()
        top.setSpacing(6)
        top.addWidget(label(_("Customers and kasbon"), factor=1.5, bold=True))
        top.addLayout(actions)
        return top

    def _build_list(self) -> None:
        """What is owed in all, and the customers with their ageing."""
        self.summary = label(style=MUTED_TEXT)

        self.model = RecordModel(CUSTOMER_COLUMNS, self)
        # The ageing columns make room on a small screen: the chosen customer's ledger below tells the same.
        self.view = record_view(self.model, optional=(5, 6, 7, 8))
        self.view.selectionModel().selectionChanged.connect(lambda *_args: self._selection_changed())

    def _build_heading(self) -> QHBoxLayout:
        """The chosen customer: who, what they owe and keep, and Edit."""
        self.name = label(factor=1.35, bold=True)
        self.name.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.facts = label(style=MUTED_TEXT)
        self.facts.setWordWrap(True)
        self.owes = label(factor=1.35, bold=True)
        self.owes.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self.credit = label(bold=True, style=f"color: {GOOD};")
        self.credit.setObjectName("customerCredit")
        self.credit.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self.edit_button = BigButton(_("Edit"), on_click=self.edit_customer)
        self.edit_button.setMaximumWidth(140)
        who = QVBoxLayout()
        who.setSpacing(2)
        who.addWidget(self.name)
        who.addWidget(self.facts)
        money = QVBoxLayout()
        money.setSpacing(0)
        money.addWidget(self.owes)
        money.addWidget(self.credit)
        heading = QHBoxLayout()
        heading.addLayout(who, 1)
        heading.addLayout(money)
        heading.addSpacing(12)
        heading.addWidget(self.edit_button)
        return heading

    def _build_statement(self) -> SideBySide:
        """Their statement and reminder beside the payment box."""
        self.ledger_model = RecordModel(LEDGER_COLUMNS, self)
        self.ledger_view = record_view(self.ledger_model, stretch=1)
        self.ledger_view.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.payment = PaymentBox()
        self.payment.requested.connect(self.pay)
        self.reminder = ReminderBox()
        left = QVBoxLayout()
        left.setSpacing(8)
        left.addWidget(self.ledger_view, 1)
        left.addWidget(self.reminder)
        right = QVBoxLayout()
        right.addWidget(self.payment)
        right.addStretch(1)
        lower = SideBySide()
        lower.setSpacing(14)
        lower.addLayout(left, 1)
        lower.addLayout(right)
        return lower

    # --- the contract with the window -------------------------------------------------------------------------

    def set_actor(self, actor: Actor | None) -> None:
        """The person logged in; payments and changes are booked in their name and need someone logged in."""
        self.actor = actor
        self.add_button.setEnabled(actor is not None)
        self.import_button.setEnabled(actor is not None)
        self._enable_detail()

    def refresh(self) -> None:
        """Read the list (for what is typed in the search now) and the chosen customer again."""
        self.timer.stop()
        query = self.search.text()
        self.tasks.read(
            lambda session: read_customers(session, query), lambda rows: self._show_list(query, rows), self._failed
        )

    # --- the list -----------------------------------------------------------------------------------------------

    def _show_list(self, query: str, rows: tuple[CustomerLine, ...]) -> None:
        if query != self.search.text():
            return  # an answer for what was typed before; the one for now follows
        self.shown_for = query
        keep = self.selected_id
        self.model.set_rows(rows)
        owing = [r for r in rows if r.balance > 0]
        self.summary.setText(
            i18n.ngettext(
                "{n} customer owes {total}; over 90 days: {old}.",
                "{n} customers owe {total}; over 90 days: {old}.",
                len(owing),
            ).format(
                n=len(owing),
                total=fmt.rupiah(sum(r.balance for r in owing)),
                old=fmt.rupiah(sum(r.buckets[3] for r in owing)),
            )
        )
        index = next((i for i, r in enumerate(rows) if r.id == keep), 0 if rows else -1)
        # Select without the selection signal, so the chosen customer is read once, here.
        self._quiet = True
        try:
            if index >= 0:
                self.view.selectRow(index)
        finally:
            self._quiet = False
        self.select_customer(rows[index].id if index >= 0 else None)
        if not rows:
            self.message.setStyleSheet(MUTED_TEXT)
            self.message.setText(_("No customer matches.") if query.strip() else _("No customers yet."))
        else:
            self.message.setText("")

    def _selection_changed(self) -> None:
        row = selected_row(self.view)
        if row >= 0 and not self._quiet:
            self.select_customer(self.model.row(row).id)

    def select_customer(self, customer_id: uuid.UUID | None) -> None:
        """Show `customer_id`'s ledger, payment box and reminder (or nothing)."""
        self.selected_id = customer_id
        if customer_id is None:
            self._show_detail(None)
            return

        def shown(detail: CustomerDetail) -> None:
            if self.selected_id == customer_id:
                self._show_detail(detail)

        self.tasks.read(lambda session: read_detail(session, customer_id), shown, self._failed)

    # --- one customer -------------------------------------------------------------------------------------------

    def _show_detail(self, detail: CustomerDetail | None) -> None:
        previous = self.detail.info.id if self.detail else None
        if detail is None or detail.info.id != previous:
            # Another customer: nothing typed or said for the last one may be taken for theirs.
            self.payment.amount.clear()
            self.payment.note.clear()
            self.payment.say("")
        self.detail = detail
        if detail is None:
            self.name.setText(_("No customer chosen"))
            self.facts.setText("")
            self.owes.setText("")
            self.credit.setText("")
            self.ledger_model.set_rows(())
            self.payment.set_customer(0, 0)
            self.reminder.show_reminder(None)
        else:
            info = detail.info
            facts = [
                info.phone or _("no phone"),
                info.address,
                _("limit {amount}").format(amount=fmt.rupiah(info.kasbon_limit)),
                _("group {name}").format(name=detail.group) if detail.group else "",
                _("{points} points").format(points=fmt.number(detail.points)) if detail.points is not None else "",
            ]
            self.name.setText(info.name)
            self.facts.setText(" · ".join(f for f in facts if f))
            self.owes.setText(_("Owes {amount}").format(amount=fmt.rupiah(detail.balance)))
            self.owes.setStyleSheet(f"color: {BAD};" if detail.balance > info.credit_limit.rupiah else "")
            self.credit.setText(
                _("Credit kept {amount}").format(amount=fmt.rupiah(detail.credit)) if detail.credit else ""
            )
            self.ledger_model.set_rows(detail.ledger)
            with_credit = any(x.credit_added or x.credit_used for x in detail.ledger)
            for column in CREDIT_COLUMNS:
                self.ledger_view.setColumnHidden(column, not with_credit)
            self.ledger_view.scrollToBottom()
            self.payment.set_customer(detail.balance, detail.credit)
            if detail.reminder is not None:
                why_none = ""
            elif detail.balance > 0:  # the core gives none for a positive tab only when their credit covers it
                why_none = _(
                    "No reminder: their credit of {credit} covers the tab. Take the payment from their credit."
                ).format(credit=fmt.rupiah(detail.credit))
            else:
                why_none = _("{name} has never bought on kasbon: there is nothing to remind.").format(name=info.name)
            self.reminder.show_reminder(detail.reminder, why_none)
        self._enable_detail()

    def _enable_detail(self) -> None:
        chosen = self.detail is not None
        self.edit_button.setEnabled(chosen and self.actor is not None)
        self.payment.setEnabled(
            chosen and self.actor is not None and self.detail is not None and self.detail.balance > 0
        )
        if chosen and self.detail is not None and self.detail.balance <= 0 and not self.payment.status.text():
            self.payment.say(_("Nothing owed."))

    def pay(self, amount: Money, method: str, note: str) -> None:
        """Book a payment on the chosen customer's tab; the core refuses more than they owe."""
        detail, actor = self.detail, self.actor
        if detail is None or actor is None:
            return
        customer_id, name = detail.info.id, detail.info.name
        self.payment.busy(True)

        def done(_payment_id: uuid.UUID) -> None:
            self.payment.paid(amount, name, method)  # the list reads again on the change

        def failed(error: BaseException) -> None:
            self.payment.busy(False)
            self.payment.say(failure_message(error), error=True)

        def work(session: Session) -> uuid.UUID:
            return record_kasbon_payment(session, actor, customer_id, amount, method=method, note=note)

        self.tasks.write(work, PAYMENT_CHANGES, done, failed)

    def add_customer(self) -> None:
        self._open_dialog(CustomerDialog(self.tasks, None, self))

    def edit_customer(self) -> None:
        if self.detail is not None:
            self._open_dialog(CustomerDialog(self.tasks, self.detail.info, self))

    def _open_dialog(self, dialog: CustomerDialog) -> None:
        self.dialog = dialog
        dialog.saved.connect(self._saved)
        dialog.open()

    def _saved(self, customer_id: uuid.UUID) -> None:
        # Runs before the change is announced: the read that follows selects the customer just saved.
        self.selected_id = customer_id

    def _failed(self, error: BaseException) -> None:
        self.message.setStyleSheet(ERROR_TEXT)
        self.message.setText(failure_message(error))

    def import_customers(self) -> SheetImportDialog | None:
        """The spreadsheet import for customers, with the same row-by-row problems as products."""
        if self.actor is None:
            return None
        explain = _(
            "A CSV or XLSX file with a header row: nama, and telepon, alamat and batas_kasbon if you have them. A "
            "customer with the same name and phone is updated. One bad row and nothing is imported. What each "
            "customer owes today goes into the opening balances."
        )
        # The customers, and what each owes in the opening balances.
        changes = {Change.CUSTOMERS, Change.MONEY}
        title = _("Import customers")
        dialog = SheetImportDialog(
            self.tasks, "customers", import_customer_sheet, title, explain, self, changes=changes
        )
        self.import_dialog = dialog
        dialog.open()
        return dialog

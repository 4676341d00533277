"""The owner's money screen: suppliers and purchases, expenses, capital and drawings, and moves between accounts.

The balances of Kas, Bank, QRIS, the e-wallet and Utang usaha stay in view above the sections. Every figure is read
and every amount booked by ledger services on the database worker; the screen reads again when something it shows
has changed (`SHOWS`). This module lays out what comes back.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterable

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QPushButton, QTabWidget, QVBoxLayout, QWidget
from sqlalchemy.orm import Session

from pos.i18n import _
from pos.ledger.base import fmt
from pos.ledger.base.money import Money
from pos.ledger.books import accounts
from pos.ledger.books.approvals import Actor
from pos.ledger.books.cash_entries import record_expense, transfer
from pos.ledger.stock.purchases import pay_supplier
from pos.ui.changes import Change, Watch
from pos.ui.journal import JournalTab
from pos.ui.money.ageing_dialog import AgeingDialog
from pos.ui.money.cashbook_tabs import OWNER_KINDS, ExpensesTab, OwnerTab, TransfersTab, category_name
from pos.ui.money.consignment import SettleDialog
from pos.ui.money.purchases import PurchasesTab
from pos.ui.money.reading import (
    CASH_CHANGES,
    SHOWN_ACCOUNTS,
    SHOWS,
    SUPPLIER_PAYMENT_CHANGES,
    MoneyView,
    book_owner_money,
    read_money,
)
from pos.ui.money.suppliers import SuppliersTab
from pos.ui.opening import OpeningTab
from pos.ui.tasks import TaskManager, failure_message
from pos.ui.widgets.entry_form import EntryForm
from pos.ui.widgets.flow import FlowLayout
from pos.ui.widgets.pages import size_to_shown
from pos.ui.widgets.style import ERROR_TEXT, label

_PILL = "background: #ffffff; border: 1px solid #d5d8dd; border-radius: 6px; padding: 6px 12px;"
_ACTION = (
    "QPushButton { background: #ffffff; border: 1px solid #1857b6; color: #1857b6; border-radius: 6px;"
    " padding: 6px 12px; }"
)
_OWED_PILL = "background: #fdf3f3; border: 1px solid #efc4c4; border-radius: 6px; padding: 6px 12px; color: #a32020;"


class MoneyScreen(QWidget):
    """Money in and out that is not a sale. `set_actor` names the owner; `refresh` reads every section again."""

    receive_goods_requested = Signal(object)
    """The owner asked to receive goods: the supplier chosen (a UUID), or None. The products screen does it."""

    def __init__(self, tasks: TaskManager, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.tasks = tasks
        self.actor: Actor | None = None
        self.view: MoneyView | None = None
        self.purchases_of: uuid.UUID | None = None
        self._choose_supplier: uuid.UUID | None = None

        self.pills = {code: label() for code in SHOWN_ACCOUNTS}
        # The balances wrap onto a second line on a narrow screen rather than widen the window.
        pills = QWidget()
        pill_flow = FlowLayout(pills, spacing=8)
        for code, pill in self.pills.items():
            pill.setStyleSheet(_OWED_PILL if code == accounts.UTANG_USAHA else _PILL)
            pill_flow.addWidget(pill)
        # What is owed by age and the consignors' settlement sit by the balances: both are about who is owed.
        self.ageing_button = QPushButton(_("Owed by age…"))
        self.ageing_button.clicked.connect(self.show_ageing)
        self.settle_button = QPushButton(_("Settle with a consignor…"))
        self.settle_button.clicked.connect(self.settle_consignment)
        for action in (self.ageing_button, self.settle_button):
            action.setStyleSheet(_ACTION)
            pill_flow.addWidget(action)
        top = QVBoxLayout()
        top.setSpacing(6)
        top.addWidget(label(_("Money and suppliers"), factor=1.5, bold=True))
        top.addWidget(pills)

        self.suppliers = SuppliersTab(tasks)
        self.purchases = PurchasesTab()
        self.settle_dialog: SettleDialog | None = None
        self.ageing_dialog: AgeingDialog | None = None
        self.expenses = ExpensesTab()
        self.owner = OwnerTab()
        self.transfers = TransfersTab()
        self.tabs = QTabWidget()
        self.tabs.setDocumentMode(True)
        self.tabs.addTab(self.suppliers, _("Suppliers"))
        self.tabs.addTab(self.purchases, _("Purchases"))
        self.tabs.addTab(self.expenses, _("Expenses"))
        self.tabs.addTab(self.owner, _("Capital and drawings"))
        self.tabs.addTab(self.transfers, _("Transfers"))
        # The books' own pages: the balances they start from, and entries the accountant makes by hand.
        self.opening = OpeningTab(tasks)
        self.journal = JournalTab(tasks)
        self.tabs.addTab(self.opening, _("Opening balances"))
        self.tabs.addTab(self.journal, _("General journal"))
        size_to_shown(self.tabs)
        self.message = label()
        self.message.setWordWrap(True)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(20, 14, 20, 10)
        layout.setSpacing(8)
        layout.addLayout(top)
        layout.addWidget(self.tabs, 1)
        layout.addWidget(self.message)

        self.suppliers.pay_requested.connect(self.pay_supplier)
        self.suppliers.purchases_requested.connect(self.show_purchases_of)
        self.suppliers.receive_requested.connect(self.receive_goods_requested.emit)
        self.suppliers.added.connect(self._supplier_added)
        self.purchases.receive_requested.connect(self.receive_goods_requested.emit)
        self.purchases.filter_changed.connect(self.show_purchases_of)
        self.expenses.requested.connect(self.record_expense)
        self.owner.requested.connect(self.record_owner_money)
        self.transfers.requested.connect(self.move_money)
        self.set_actor(None)
        # Read when first looked at, then again when what it shows changed (the opening balances and the journal
        # sections too: they are read with the rest).
        self.watch = Watch(self, tasks.changed, SHOWS, self.refresh, stale=True)

    # --- the contract with the window -------------------------------------------------------------------------

    def set_actor(self, actor: Actor | None) -> None:
        """The person logged in; nothing is booked until someone is."""
        self.actor = actor
        for form in self._forms():
            form.setEnabled(actor is not None)
        self.suppliers.add_button.setEnabled(actor is not None)
        self.suppliers.import_button.setEnabled(actor is not None)
        self.settle_button.setEnabled(actor is not None)
        self.opening.set_actor(actor)
        self.journal.set_actor(actor)

    def refresh(self) -> None:
        purchases_of = self.purchases_of
        self.tasks.read(lambda session: read_money(session, purchases_of), self._show, self._failed)
        self.opening.refresh()
        self.journal.refresh()

    # --- reading ------------------------------------------------------------------------------------------------

    def _forms(self) -> list[EntryForm]:
        return [self.suppliers.form, self.expenses.form, self.owner.form, self.transfers.form]

    def _show(self, view: MoneyView) -> None:
        self.view = view
        for code, pill in self.pills.items():
            pill.setText(f"{view.name(code)}  <b>{fmt.rupiah(view.balance(code))}</b>")
        self.suppliers.show_view(view)
        if self._choose_supplier is not None:
            self.suppliers.choose(self._choose_supplier)
            self._choose_supplier = None
        self.purchases.show_view(view)
        self.expenses.show_view(view)
        self.owner.show_view(view)
        self.transfers.show_view(view)
        self.message.setText("")

    def _failed(self, error: BaseException) -> None:
        self.message.setStyleSheet(ERROR_TEXT)
        self.message.setText(failure_message(error))

    def show_purchases_of(self, supplier_id: uuid.UUID | None) -> None:
        """The purchases section, for one supplier (or all)."""
        self.purchases_of = supplier_id
        self.tabs.setCurrentWidget(self.purchases)
        self.refresh()

    def _supplier_added(self, supplier_id: uuid.UUID) -> None:
        # Runs before the new supplier is announced: the read that follows chooses them.
        self._choose_supplier = supplier_id

    # --- booking ------------------------------------------------------------------------------------------------

    def _book(
        self, form: EntryForm, work: Callable[[Session], object], changes: Iterable[Change], done_text: str
    ) -> None:
        """Write `work(session)` on the worker; then clear the form and say `done_text`. The screen reads again on
        the `changes` it announces."""
        form.busy(True)

        def done(_result: object) -> None:
            form.done(done_text)

        def failed(error: BaseException) -> None:
            form.busy(False)
            form.say(failure_message(error), error=True)

        self.tasks.write(work, changes, done, failed)

    def pay_supplier(self, supplier_id: uuid.UUID, amount: Money, paid_with: str, note: str) -> None:
        actor = self.actor
        if actor is None:
            return
        self._book(
            self.suppliers.form,
            lambda session: pay_supplier(session, actor, supplier_id, amount, paid_with=paid_with, note=note),
            SUPPLIER_PAYMENT_CHANGES,
            _("{amount} paid to the supplier.").format(amount=fmt.rupiah(amount)),
        )

    def show_ageing(self) -> AgeingDialog:
        """What the shop owes its suppliers by age (Utang usaha)."""
        dialog = AgeingDialog(self.tasks, self)
        self.ageing_dialog = dialog
        dialog.open()
        return dialog

    def settle_consignment(self) -> SettleDialog | None:
        """Settling with a consignor: pay for what sold, hand back the rest, print their statement."""
        if self.actor is None:
            return None
        dialog = SettleDialog(self.tasks, self.actor, None, self)
        self.settle_dialog = dialog
        dialog.open()
        return dialog

    def record_expense(self, category: str, amount: Money, paid_from: str, note: str) -> None:
        if self.actor is None:
            return
        self._book(
            self.expenses.form,
            lambda session: record_expense(session, category, amount, paid_from=paid_from, memo=note),
            CASH_CHANGES,
            _("{category}: {amount} booked.").format(category=category_name(category), amount=fmt.rupiah(amount)),
        )

    def record_owner_money(self, kind: str, amount: Money, account: str, note: str) -> None:
        if self.actor is None:
            return
        self._book(
            self.owner.form,
            lambda session: book_owner_money(session, kind, amount, account, note),
            CASH_CHANGES,
            _("{what}: {amount} booked.").format(what=_(OWNER_KINDS[kind]), amount=fmt.rupiah(amount)),
        )

    def move_money(self, amount: Money, source: str, target: str, note: str) -> None:
        if self.actor is None:
            return
        self._book(
            self.transfers.form,
            lambda session: transfer(session, amount, source=source, target=target, memo=note),
            CASH_CHANGES,
            _("{amount} moved.").format(amount=fmt.rupiah(amount)),
        )

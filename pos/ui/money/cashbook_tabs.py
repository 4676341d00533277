"""The cash-book sections: expenses by category, the owner's capital and drawings, and moves between accounts.

Each is a form on the left and its recent lines on the right; the form emits what to book and the screen books it
through the core (`cashbook`) on the database worker.
"""

from __future__ import annotations

from typing import Final

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QComboBox, QVBoxLayout, QWidget

from pos import i18n
from pos.i18n import N_, _
from pos.ledger.base import fmt
from pos.ledger.base.money import Money
from pos.ledger.books import accounts
from pos.ledger.books.cash_entry_list import CashbookLine
from pos.ui.counter.labels import purpose_name
from pos.ui.money.forms import AccountChoice
from pos.ui.money.reading import MoneyView
from pos.ui.widgets.entry_form import EntryForm
from pos.ui.widgets.record_table import Column, RecordModel, record_view
from pos.ui.widgets.side_by_side import SideBySide
from pos.ui.widgets.style import BAD, GOOD, MUTED_TEXT, TOUCH_HEIGHT, label

PAY_ACCOUNTS: Final = (accounts.KAS, accounts.BANK)
OWNER_KINDS: Final = {"capital": N_("Capital put in"), "drawing": N_("Drawing (prive)")}


def category_name(category: str | None) -> str:
    return purpose_name(f"expense:{category}") if category else ""


def _date(row: CashbookLine) -> str:
    return fmt.date(row.day, i18n.language())


def _combo(items: list[tuple[str, str]]) -> QComboBox:
    combo = QComboBox()
    combo.setMinimumHeight(TOUCH_HEIGHT)
    for text, data in items:
        combo.addItem(text, data)
    return combo


class CashbookTab(QWidget):
    """A form beside a list of recent lines; `show_view` fills both from one read of the screen."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.view_data: MoneyView | None = None
        self.summary = label(style=MUTED_TEXT)
        # A summary wraps onto a second line rather than widen a small screen's window.
        self.summary.setWordWrap(True)

    def _build(self, form: EntryForm, columns: tuple[Column[CashbookLine], ...], stretch: int = 2) -> None:
        self.form = form
        self.model = RecordModel(columns, self)
        self.table = record_view(self.model, stretch=stretch)
        right = QVBoxLayout()
        right.addWidget(self.summary)
        right.addWidget(self.table, 1)
        layout = SideBySide(self)
        layout.setContentsMargins(0, 8, 0, 0)
        layout.setSpacing(14)
        layout.addWidget(form, 0, Qt.AlignmentFlag.AlignTop)
        layout.addLayout(right, 1)

    def account_name(self, code: str) -> str:
        # Names come with each read, in the shop's language.
        return self.view_data.name(code) if self.view_data else code


class ExpensesTab(CashbookTab):
    """Record an expense by category, paid from Kas or Bank; the latest expenses beside it."""

    requested = Signal(str, object, str, str)
    """(category, amount, paid-from account, note)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.category = _combo([(category_name(c), c) for c in accounts.EXPENSE_ACCOUNTS])
        self.category.setObjectName("expenseCategory")
        self.paid_from = AccountChoice(PAY_ACCOUNTS)
        form = EntryForm(
            _("Record an expense"),
            _("Record expense"),
            [(_("Category"), self.category), (_("Paid from"), self.paid_from)],
        )
        columns: tuple[Column[CashbookLine], ...] = (
            Column(N_("Date"), _date),
            Column(N_("Category"), lambda r: category_name(r.category)),
            Column(N_("Note"), lambda r: r.note),
            Column(N_("Paid from"), lambda r: self.account_name(r.source)),
            Column(N_("Amount"), lambda r: fmt.rupiah(r.amount), right=True),
        )
        self._build(form, columns)
        form.submitted.connect(self._submit)

    def _submit(self, amount: Money) -> None:
        self.requested.emit(str(self.category.currentData()), amount, self.paid_from.code(), self.form.note_text())

    def show_view(self, view: MoneyView) -> None:
        self.view_data = view
        self.paid_from.show_balances(view)
        self.model.set_rows(view.expenses)
        self.summary.setText(
            _("The latest expenses; the income statement in Reports has them by period.")
            if view.expenses
            else _("No expenses recorded yet.")
        )


class OwnerTab(CashbookTab):
    """The owner puts capital in or takes a drawing (prive), through Kas or Bank."""

    requested = Signal(str, object, str, str)
    """("capital" or "drawing", amount, account, note)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.kind = _combo([(_(name), kind) for kind, name in OWNER_KINDS.items()])
        self.kind.setObjectName("ownerKind")
        self.account = AccountChoice(PAY_ACCOUNTS)
        form = EntryForm(
            _("Owner's capital and drawings"),
            _("Record"),
            [(_("What"), self.kind), (_("Account"), self.account)],
        )
        columns: tuple[Column[CashbookLine], ...] = (
            Column(N_("Date"), _date),
            Column(
                N_("What"),
                lambda r: _(OWNER_KINDS[r.kind]) if r.kind in OWNER_KINDS else r.kind,
                colour=lambda r: BAD if r.kind == "drawing" else GOOD,
            ),
            Column(N_("Note"), lambda r: r.note),
            Column(N_("Account"), lambda r: self.account_name(r.target if r.kind == "capital" else r.source)),
            Column(N_("Amount"), lambda r: fmt.rupiah(r.amount), right=True),
        )
        self._build(form, columns)
        form.submitted.connect(self._submit)

    def _submit(self, amount: Money) -> None:
        self.requested.emit(str(self.kind.currentData()), amount, self.account.code(), self.form.note_text())

    def show_view(self, view: MoneyView) -> None:
        self.view_data = view
        self.account.show_balances(view)
        self.model.set_rows(view.owner)
        self.summary.setText(
            _("Owner's capital {capital} · drawings {drawings}").format(
                capital=fmt.rupiah(view.balance(accounts.MODAL)), drawings=fmt.rupiah(view.balance(accounts.PRIVE))
            )
        )


class TransfersTab(CashbookTab):
    """Move money between the shop's own accounts: cash to the bank, QRIS or e-wallet balances settled."""

    requested = Signal(object, str, str, str)
    """(amount, from account, to account, note)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.source = AccountChoice(accounts.MONEY_ACCOUNTS)
        self.target = AccountChoice(accounts.MONEY_ACCOUNTS)
        self.target.choose(accounts.BANK)
        form = EntryForm(_("Move money"), _("Move"), [(_("From"), self.source), (_("To"), self.target)])
        columns: tuple[Column[CashbookLine], ...] = (
            Column(N_("Date"), _date),
            Column(N_("From"), lambda r: self.account_name(r.source)),
            Column(N_("To"), lambda r: self.account_name(r.target)),
            Column(N_("Note"), lambda r: r.note),
            Column(N_("Amount"), lambda r: fmt.rupiah(r.amount), right=True),
        )
        self._build(form, columns, stretch=3)
        form.submitted.connect(self._submit)

    def _submit(self, amount: Money) -> None:
        self.requested.emit(amount, self.source.code(), self.target.code(), self.form.note_text())

    def show_view(self, view: MoneyView) -> None:
        self.view_data = view
        self.source.show_balances(view)
        self.target.show_balances(view)
        self.model.set_rows(view.transfers)
        self.summary.setText("" if view.transfers else _("No money moved between accounts yet."))

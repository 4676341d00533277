"""What the money screen reads and writes, as functions of a session for `TaskManager.read` / `write` (no widget
is touched here), and what each kind of write changes.

One read gathers every section: the money accounts and Utang usaha with their balances, suppliers with what the
shop owes them, purchases, and the recent cash-book lines; the writes are the core's own services.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import Final

from sqlalchemy.orm import Session

from pos import i18n
from pos.ledger.base.money import Money
from pos.ledger.books import accounts
from pos.ledger.books.balances import AccountBalance, trial_balance
from pos.ledger.books.cash_entries import record_capital, record_drawing
from pos.ledger.books.cash_entry_list import CashbookLine, recent_cashbook
from pos.ledger.spreadsheet.spreadsheet import ImportResult
from pos.ledger.spreadsheet.supplier_import import import_suppliers
from pos.ledger.stock.purchase_history import PurchaseRow, SupplierRow, list_suppliers, recent_purchases
from pos.ui.changes import Change

# The balances kept in view above the sections, and those the owner's section also names.
SHOWN_ACCOUNTS: Final = (*accounts.MONEY_ACCOUNTS, accounts.UTANG_USAHA)
READ_ACCOUNTS: Final = (*SHOWN_ACCOUNTS, accounts.MODAL, accounts.PRIVE)
PURCHASES_SHOWN: Final = 200
LINES_SHOWN: Final = 100

# What the screen shows: the money accounts' balances (which every sale, kasbon payment, order deposit and channel
# payout moves), suppliers and what is owed them, purchases, and the cash book.
SHOWS: Final = {
    Change.MONEY,
    Change.SUPPLIERS,
    Change.STOCK,
    Change.SALES,
    Change.CUSTOMERS,
    Change.ORDERS,
    Change.CHANNELS,
    Change.SHIFTS,
}
# Money paid out or taken in by hand: the accounts, and the drawer's expected cash when it is cash.
CASH_CHANGES: Final = {Change.MONEY, Change.SHIFTS}
SUPPLIER_PAYMENT_CHANGES: Final = {Change.SUPPLIERS, Change.MONEY, Change.SHIFTS}


@dataclass(frozen=True, slots=True)
class MoneyView:
    """One consistent read of everything the screen shows."""

    accounts: tuple[AccountBalance, ...]
    suppliers: tuple[SupplierRow, ...]
    purchases: tuple[PurchaseRow, ...]
    purchases_of: uuid.UUID | None  # the supplier the purchases are filtered to
    expenses: tuple[CashbookLine, ...]
    owner: tuple[CashbookLine, ...]  # capital put in and drawings
    transfers: tuple[CashbookLine, ...]

    def _account(self, code: str) -> AccountBalance | None:
        return next((a for a in self.accounts if a.code == code), None)

    def name(self, code: str) -> str:
        """The account's name in the shop's language (its code when it is not among those read)."""
        found = self._account(code)
        if found is None:
            return code
        return found.name if i18n.language() == "id" else found.name_en

    def balance(self, code: str) -> int:
        found = self._account(code)
        return found.balance if found else 0


def read_money(session: Session, purchases_of: uuid.UUID | None = None) -> MoneyView:
    balances = trial_balance(session).accounts
    return MoneyView(
        tuple(a for a in balances if a.code in READ_ACCOUNTS),
        tuple(list_suppliers(session)),
        tuple(recent_purchases(session, supplier_id=purchases_of, limit=PURCHASES_SHOWN)),
        purchases_of,
        tuple(recent_cashbook(session, ["expense"], limit=LINES_SHOWN)),
        tuple(recent_cashbook(session, ["capital", "drawing"], limit=LINES_SHOWN)),
        tuple(recent_cashbook(session, ["transfer"], limit=LINES_SHOWN)),
    )


def book_owner_money(session: Session, kind: str, amount: Money, account: str, note: str) -> None:
    """The owner puts capital in (`kind` "capital") or takes a drawing (`kind` "drawing")."""
    if kind == "capital":
        record_capital(session, amount, into=account, memo=note)
    elif kind == "drawing":
        record_drawing(session, amount, out_of=account, memo=note)
    else:
        raise ValueError(kind)


def import_supplier_sheet(session: Session, path: Path, columns: dict[str, str], _sku_barcodes: bool) -> ImportResult:
    """The sheet import's importer, run in its dialog's write."""
    return import_suppliers(session, path, columns=columns)

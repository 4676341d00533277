"""What the money screen reads and writes, as functions for the database worker (no widget is touched here).

One read gathers every section: the money accounts and Utang usaha with their balances, suppliers with what the
shop owes them, purchases, and the recent cash-book lines; the writes are the core's own services.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import Final

from pos import i18n
from pos.ledger.base.db import Database
from pos.ledger.base.money import Money
from pos.ledger.books import accounts
from pos.ledger.books.approvals import Actor
from pos.ledger.books.balances import AccountBalance, trial_balance
from pos.ledger.books.cash_entries import record_capital, record_drawing, record_expense, transfer
from pos.ledger.books.cash_entry_list import CashbookLine, recent_cashbook
from pos.ledger.spreadsheet.spreadsheet import ImportResult
from pos.ledger.spreadsheet.supplier_import import import_suppliers
from pos.ledger.stock.purchase_history import PurchaseRow, SupplierRow, list_suppliers, recent_purchases
from pos.ledger.stock.purchases import add_supplier, pay_supplier

# The balances kept in view above the sections, and those the owner's section also names.
SHOWN_ACCOUNTS: Final = (*accounts.MONEY_ACCOUNTS, accounts.UTANG_USAHA)
READ_ACCOUNTS: Final = (*SHOWN_ACCOUNTS, accounts.MODAL, accounts.PRIVE)
PURCHASES_SHOWN: Final = 200
LINES_SHOWN: Final = 100


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


def read_money(db: Database, purchases_of: uuid.UUID | None = None) -> MoneyView:
    with db.read() as session:
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


def book_expense(db: Database, category: str, amount: Money, paid_from: str, note: str) -> None:
    with db.write() as session:
        record_expense(session, category, amount, paid_from=paid_from, memo=note)


def book_owner_money(db: Database, kind: str, amount: Money, account: str, note: str) -> None:
    """The owner puts capital in (`kind` "capital") or takes a drawing (`kind` "drawing")."""
    with db.write() as session:
        if kind == "capital":
            record_capital(session, amount, into=account, memo=note)
        elif kind == "drawing":
            record_drawing(session, amount, out_of=account, memo=note)
        else:
            raise ValueError(kind)


def book_transfer(db: Database, amount: Money, source: str, target: str, note: str) -> None:
    with db.write() as session:
        transfer(session, amount, source=source, target=target, memo=note)


def book_supplier_payment(
    db: Database, actor: Actor | None, supplier_id: uuid.UUID, amount: Money, paid_with: str, note: str
) -> None:
    with db.write() as session:
        pay_supplier(session, actor, supplier_id, amount, paid_with=paid_with, note=note)


def new_supplier(db: Database, name: str, phone: str, address: str) -> uuid.UUID:
    with db.write() as session:
        return add_supplier(session, name, phone=phone, address=address)


def import_supplier_sheet(db: Database, path: Path, columns: dict[str, str], _sku_barcodes: bool) -> ImportResult:
    with db.write() as session:
        return import_suppliers(session, path, columns=columns)

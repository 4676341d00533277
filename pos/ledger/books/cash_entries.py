"""Money in and out that is not a sale: owner's capital and drawings, expenses, moves between Kas and Bank.

Each function is one business event: it posts one balanced entry and its outbox event in the caller's
transaction, and refuses bad input before anything is written.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy.orm import Session

from pos.i18n import N_
from pos.ledger.base.clock import business_date, utc_now
from pos.ledger.base.errors import InvalidInput
from pos.ledger.base.money import Money
from pos.ledger.books import accounts
from pos.ledger.books.journal import PostedEntry, Posting, credit, debit, post_entry
from pos.ledger.replication.changes import emit_facts
from pos.ledger.shop import settings


def _positive(amount: Money) -> int:
    if amount.rupiah <= 0:
        raise InvalidInput(N_("The amount must be more than zero."))
    return amount.rupiah


def money_account(code: str) -> str:
    """`code` if money can be paid from or into it (Kas, Bank, QRIS, an e-wallet); else a clear error."""
    if code not in accounts.MONEY_ACCOUNTS:
        raise InvalidInput(N_("Money can only be paid from or into Kas, Bank, QRIS or an e-wallet."))
    return code


def _post(session: Session, kind: str, postings: list[Posting], at: dt.datetime | None, memo: str) -> PostedEntry:
    when = at or utc_now()
    day = business_date(when, settings.load(session).timezone)
    entry = post_entry(session, kind=kind, postings=postings, at=when, business_date=day, memo=memo)
    emit_facts(session, "journal.posted", entry.rows(), when)
    return entry


def record_capital(
    session: Session,
    amount: Money,
    *,
    into: str = accounts.KAS,
    at: dt.datetime | None = None,
    memo: str = "",
) -> PostedEntry:
    """The owner puts money into the shop (modal awal or a top-up)."""
    value = _positive(amount)
    postings = [debit(money_account(into), value), credit(accounts.MODAL, value)]
    return _post(session, "capital", postings, at, memo or "Setoran modal")


def record_drawing(
    session: Session,
    amount: Money,
    *,
    out_of: str = accounts.KAS,
    at: dt.datetime | None = None,
    memo: str = "",
) -> PostedEntry:
    """The owner takes money out of the shop for personal use (prive)."""
    value = _positive(amount)
    postings = [debit(accounts.PRIVE, value), credit(money_account(out_of), value)]
    return _post(session, "drawing", postings, at, memo or "Prive")


def record_expense(
    session: Session,
    category: str,
    amount: Money,
    *,
    paid_from: str = accounts.KAS,
    at: dt.datetime | None = None,
    memo: str = "",
) -> PostedEntry:
    """An operating expense paid now: gaji, sewa, listrik_air, transport or lain."""
    account = accounts.EXPENSE_ACCOUNTS.get(category)
    if account is None:
        raise InvalidInput(N_("Unknown expense category '{category}'."), category=category)
    value = _positive(amount)
    postings = [debit(account, value), credit(money_account(paid_from), value)]
    return _post(session, "expense", postings, at, memo or category)


def transfer(
    session: Session,
    amount: Money,
    *,
    source: str,
    target: str,
    at: dt.datetime | None = None,
    memo: str = "",
) -> PostedEntry:
    """Move money between the shop's own accounts, e.g. depositing the day's cash at the bank."""
    value = _positive(amount)
    if money_account(source) == money_account(target):
        raise InvalidInput(N_("Choose two different accounts for a transfer."))
    postings = [debit(target, value), credit(source, value)]
    return _post(session, "transfer", postings, at, memo or "Pindah dana")

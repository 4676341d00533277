"""What the general journal section reads and writes, as functions for the database worker (no widget here)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from pos.ledger.base.clock import business_date, utc_now
from pos.ledger.base.db import Database
from pos.ledger.books.approvals import Actor
from pos.ledger.books.depreciation import MonthDue, book_depreciation, months_due
from pos.ledger.books.general_journal import (
    ChartAccount,
    Equipment,
    party_by_name,
    post_general_entry,
    postable_accounts,
)
from pos.ledger.books.journal import PostedEntry, credit, debit
from pos.ledger.shop import settings


@dataclass(frozen=True, slots=True)
class JournalState:
    accounts: tuple[ChartAccount, ...]
    months: tuple[MonthDue, ...]  # each ended month of the equipment's lives, booked or not
    today: dt.date


@dataclass(frozen=True, slots=True)
class LineDraft:
    """A line as typed: the account, a debit or a credit, and the customer or supplier it names (if any)."""

    account: str
    debit: int
    credit: int
    party: str = ""


def read_journal(db: Database) -> JournalState:
    with db.read() as session:
        today = business_date(utc_now(), settings.load(session).timezone)
        return JournalState(tuple(postable_accounts(session)), tuple(months_due(session, today)), today)


def post_lines(
    db: Database,
    actor: Actor,
    lines: Sequence[LineDraft],
    day: dt.date,
    memo: str,
    equipment: Equipment | None,
) -> PostedEntry:
    with db.write() as session:
        postings = [
            (debit if line.debit else credit)(
                line.account,
                line.debit or line.credit,
                party_by_name(session, line.account, line.party) if line.party.strip() else None,
            )
            for line in lines
        ]
        return post_general_entry(
            session, actor, postings, day=day, memo=memo, equipment=[equipment] if equipment else ()
        )


def book_month(db: Database, actor: Actor, month: dt.date) -> PostedEntry:
    with db.write() as session:
        return book_depreciation(session, actor, month)

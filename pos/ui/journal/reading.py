"""What the general journal section reads and writes, as functions of a session for `TaskManager.read` /
`write` (no widget here)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy.orm import Session

from pos.ledger.base.clock import business_date, utc_now
from pos.ledger.books.approvals import Actor
from pos.ledger.books.depreciation import MonthDue, months_due
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


def read_journal(session: Session) -> JournalState:
    today = business_date(utc_now(), settings.load(session).timezone)
    return JournalState(tuple(postable_accounts(session)), tuple(months_due(session, today)), today)


def post_lines(
    session: Session,
    actor: Actor,
    lines: Sequence[LineDraft],
    day: dt.date,
    memo: str,
    equipment: Equipment | None,
) -> PostedEntry:
    postings = [
        (debit if line.debit else credit)(
            line.account,
            line.debit or line.credit,
            party_by_name(session, line.account, line.party) if line.party.strip() else None,
        )
        for line in lines
    ]
    return post_general_entry(session, actor, postings, day=day, memo=memo, equipment=[equipment] if equipment else ())

"""Straight-line depreciation of the shop's equipment: a schedule per item and one entry per month for them all.

Each item (brought in with the opening balances or bought through the general journal) loses its cost less what it
is worth at the end in equal monthly parts, from the month it was acquired; the rupiah that do not divide evenly
fall in the later months, so the parts add up to the exact amount. A month is booked once, after it has ended, as
Beban penyusutan against Akumulasi penyusutan, by the owner.
"""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass
from typing import Final

from sqlalchemy import text
from sqlalchemy.orm import Session

from pos.i18n import N_
from pos.ledger.base import fmt
from pos.ledger.base.clock import business_date, utc_now
from pos.ledger.base.errors import Conflict, InvalidInput, NotAllowed
from pos.ledger.base.period import add_months, month_end
from pos.ledger.books import accounts, audit
from pos.ledger.books.approvals import Actor
from pos.ledger.books.journal import PostedEntry, credit, debit, post_entry
from pos.ledger.books.opening_view import books_start
from pos.ledger.replication.changes import emit_facts
from pos.ledger.schema.journal import BOOKS_KINDS_SQL
from pos.ledger.shop import settings

ENTRY_KIND: Final = "depreciation"


@dataclass(frozen=True, slots=True)
class MonthCharge:
    month: dt.date  # the first day of the month
    amount: int
    accumulated: int  # depreciation up to and including this month
    book_value: int  # cost less `accumulated`


@dataclass(frozen=True, slots=True)
class Equipment:
    id: uuid.UUID
    name: str
    cost: int
    residual: int
    acquired_on: dt.date
    life_months: int

    def schedule(self) -> list[MonthCharge]:
        """Every month of the item's life with its part, so the parts sum to cost less residual exactly."""
        base = self.cost - self.residual
        first = self.acquired_on.replace(day=1)
        out = []
        for i in range(self.life_months):
            amount = base * (i + 1) // self.life_months - base * i // self.life_months
            accumulated = base * (i + 1) // self.life_months
            out.append(MonthCharge(add_months(first, i), amount, accumulated, self.cost - accumulated))
        return out

    def charge_for(self, month: dt.date) -> int:
        first = self.acquired_on.replace(day=1)
        index = (month.year - first.year) * 12 + month.month - first.month
        if not 0 <= index < self.life_months:
            return 0
        base = self.cost - self.residual
        return base * (index + 1) // self.life_months - base * index // self.life_months


_EQUIPMENT = text(
    "SELECT a.id, a.name, a.cost, a.residual, a.acquired_on, a.life_months FROM fixed_assets a "
    "WHERE NOT EXISTS (SELECT 1 FROM journal_entries r WHERE r.reverses_id = a.entry_id) "
    "ORDER BY a.acquired_on, a.name"
)


def equipment(session: Session) -> list[Equipment]:
    """The equipment being depreciated: every registered item whose entry still stands."""
    return [
        Equipment(
            uuid.UUID(bytes=bytes(r[0])), str(r[1]), int(r[2]), int(r[3]), dt.date.fromisoformat(str(r[4])), int(r[5])
        )
        for r in session.execute(_EQUIPMENT)
    ]


def booked_months(session: Session) -> set[dt.date]:
    """First days of the months whose depreciation is booked (and not reversed)."""
    rows = session.execute(
        text(
            f"SELECT business_date FROM journal_entries e WHERE {BOOKS_KINDS_SQL} AND kind = :k "
            "AND NOT EXISTS (SELECT 1 FROM journal_entries r WHERE r.reverses_id = e.id)"
        ),
        {"k": ENTRY_KIND},
    ).scalars()
    return {dt.date.fromisoformat(str(day)).replace(day=1) for day in rows}


@dataclass(frozen=True, slots=True)
class MonthDue:
    month: dt.date
    amount: int
    booked: bool


def months_due(session: Session, today: dt.date) -> list[MonthDue]:
    """Each ended month from the first equipment's month, with the depreciation it carries and whether it is booked."""
    items = equipment(session)
    if not items:
        return []
    booked = booked_months(session)
    month = min(item.acquired_on for item in items).replace(day=1)
    out = []
    while month_end(month) < today:
        amount = sum(item.charge_for(month) for item in items)
        if amount or month in booked:
            out.append(MonthDue(month, amount, month in booked))
        month = add_months(month, 1)
    return out


def book_depreciation(session: Session, actor: Actor, month: dt.date, *, at: dt.datetime | None = None) -> PostedEntry:
    """Book one ended month's depreciation of all equipment, dated the month's last day; the owner only, once."""
    if not actor.is_owner:
        raise NotAllowed(N_("Only the owner may book depreciation."))
    when = at or utc_now()
    first = month.replace(day=1)
    last = month_end(first)
    today = business_date(when, settings.load(session).timezone)
    if last >= today:
        raise Conflict(N_("Depreciation for {month} is booked once the month has ended."), month=fmt.month(first))
    start = books_start(session)
    if start is not None and last < start:
        raise InvalidInput(N_("The books start on {day}; that month is before them."), day=fmt.date(start))
    if first in booked_months(session):
        raise Conflict(N_("Depreciation for {month} is already booked."), month=fmt.month(first))
    amount = sum(item.charge_for(first) for item in equipment(session))
    if amount <= 0:
        raise InvalidInput(N_("No equipment is depreciated in {month}."), month=fmt.month(first))
    entry = post_entry(
        session,
        kind=ENTRY_KIND,
        postings=[debit(accounts.BEBAN_PENYUSUTAN, amount), credit(accounts.AKUMULASI_PENYUSUTAN, amount)],
        at=when,
        business_date=last,
        memo=f"Penyusutan {first:%Y-%m}",
    )
    emit_facts(session, "journal.posted", entry.rows(), when)
    audit.record(
        session,
        "depreciation.booked",
        at=when,
        user_id=actor.user_id,
        detail={"month": f"{first:%Y-%m}", "amount": amount},
    )
    return entry

"""PPh Final in the books: the month's tax booked as an expense owed to the state, and its payment.

The tax itself is worked out by `reports.pph` from turnover. Booking it (`accrue_pph`) posts Beban PPh Final
against Utang PPh Final on the month's last day; paying it (`pay_pph`, by the 15th of the next month under the
rules) moves the liability to Kas or Bank. Both are tied to the month by a fixed source id, so booking a month
again books only what changed (a return after booking lowers the tax) and a payment can never exceed what the
month owes. The statements stay right whether or not a month was booked: they count the tax on turnover not
yet booked as owed (see `reports.position`).
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
from pos.ledger.base.errors import Conflict, InvalidInput
from pos.ledger.base.money import Money
from pos.ledger.base.period import Period, month_end
from pos.ledger.books import accounts
from pos.ledger.books.cash_entries import money_account
from pos.ledger.books.journal import PostedEntry, credit, debit, post_entry
from pos.ledger.replication.changes import emit_facts
from pos.ledger.reports.pph import pph_report
from pos.ledger.shop import settings

ACCRUAL: Final = "pph_accrual"
PAYMENT: Final = "pph_payment"
# Entries of one month share a source id made from the month, the same on every counter.
_NAMESPACE: Final = uuid.UUID("5b0d3c52-7a1e-4f4e-9a51-2f1f3d0e8c11")


@dataclass(frozen=True, slots=True)
class PphMonthStatus:
    month: dt.date  # first day
    due: int  # the tax the month's turnover carries, as the report works it out now
    booked: int
    paid: int

    @property
    def owed(self) -> int:
        """Booked and not yet paid."""
        return self.booked - self.paid

    @property
    def unbooked(self) -> int:
        return self.due - self.booked


def month_source(month: dt.date) -> uuid.UUID:
    return uuid.uuid5(_NAMESPACE, f"pph:{month:%Y-%m}")


def _first_day(month: dt.date) -> dt.date:
    return month.replace(day=1)


def _sum(session: Session, month: dt.date, kind: str) -> int:
    """What the month's entries of `kind` moved on Utang PPh Final (credit positive)."""
    row = session.execute(
        text(
            "SELECT COALESCE(SUM(l.credit - l.debit), 0) FROM journal_entries e "
            "JOIN journal_lines l ON l.entry_id = e.id "
            # `kind <> 'sale'` as written: the index on source_id holds only entries that are not sales.
            "WHERE e.source_id = :source AND e.kind = :kind AND e.kind <> 'sale' AND l.account_code = :liability"
        ),
        {"source": month_source(month).bytes, "kind": kind, "liability": accounts.UTANG_PPH_FINAL},
    ).scalar_one()
    return int(row)


def month_status(session: Session, month: dt.date) -> PphMonthStatus:
    first = _first_day(month)
    due = pph_report(session, Period(first, month_end(first))).tax
    return PphMonthStatus(first, due, _sum(session, first, ACCRUAL), -_sum(session, first, PAYMENT))


def year_status(session: Session, year: int) -> list[PphMonthStatus]:
    """Each month of `year` up to the current one: due, booked, paid."""
    today = business_date(utc_now(), settings.load(session).timezone)
    last = 12 if year < today.year else today.month
    return [month_status(session, dt.date(year, m, 1)) for m in range(1, last + 1)]


def _post(
    session: Session, kind: str, month: dt.date, debit_to: str, credit_to: str, amount: int, at: dt.datetime | None
) -> PostedEntry:
    when = at or utc_now()
    day = month_end(month) if kind == ACCRUAL else business_date(when, settings.load(session).timezone)
    memo = f"PPh Final {month:%m/%Y}"
    entry = post_entry(
        session,
        kind=kind,
        postings=[debit(debit_to, amount), credit(credit_to, amount)],
        at=when,
        business_date=day,
        memo=memo,
        source_id=month_source(month),
    )
    emit_facts(session, "journal.posted", entry.rows(), when)
    return entry


def accrue_pph(session: Session, month: dt.date, *, at: dt.datetime | None = None) -> PostedEntry | None:
    """Book the month's PPh Final on its last day; None when the books already hold exactly that."""
    first = _first_day(month)
    when = at or utc_now()
    if month_end(first) >= business_date(when, settings.load(session).timezone):
        raise Conflict(N_("The tax of a month can be booked once the month is over."))
    status = month_status(session, first)
    change = status.unbooked
    if change == 0:
        return None
    if change > 0:
        return _post(session, ACCRUAL, first, accounts.BEBAN_PPH_FINAL, accounts.UTANG_PPH_FINAL, change, when)
    # Returns after the month was booked lowered its tax: take the difference back out.
    return _post(session, ACCRUAL, first, accounts.UTANG_PPH_FINAL, accounts.BEBAN_PPH_FINAL, -change, when)


def pay_pph(
    session: Session,
    month: dt.date,
    amount: Money | None = None,
    *,
    paid_from: str = accounts.KAS,
    at: dt.datetime | None = None,
) -> PostedEntry:
    """Pay the month's PPh Final (all that it owes unless `amount` says less), booking the month first."""
    first = _first_day(month)
    account = money_account(paid_from)
    accrue_pph(session, first, at=at)
    owed = month_status(session, first).owed
    value = owed if amount is None else amount.rupiah
    if owed <= 0:
        raise Conflict(N_("Nothing is owed for PPh Final of that month."))
    if value <= 0:
        raise InvalidInput(N_("The amount must be more than zero."))
    if value > owed:
        raise InvalidInput(N_("That is more than the month owes ({owed})."), owed=fmt.rupiah(owed))
    return _post(session, PAYMENT, first, accounts.UTANG_PPH_FINAL, account, value, at)


def unbooked_months(session: Session, through: dt.date, today: dt.date) -> list[PphMonthStatus]:
    """Months from the first day booked up to `through`, already over by `today`, whose PPh Final the books do
    not hold yet (or hold a different amount of, after a later return): what a loan pack offers to book first."""
    first = session.execute(text("SELECT MIN(business_date) FROM journal_entries")).scalar()
    if first is None:
        return []
    month = _first_day(dt.date.fromisoformat(str(first)))
    found = []
    while month <= through and month_end(month) < today:
        status = month_status(session, month)
        if status.unbooked:
            found.append(status)
        month = month_end(month) + dt.timedelta(days=1)
    return found


def book_months(session: Session, months: list[PphMonthStatus], *, at: dt.datetime | None = None) -> int:
    """Book the PPh Final of each of `months` (one entry a month) in the caller's transaction; returns how many."""
    return sum(1 for m in months if accrue_pph(session, m.month, at=at) is not None)

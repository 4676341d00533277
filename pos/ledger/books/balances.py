"""Account balances and the trial balance as of any day, read from the per-day totals the triggers keep."""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass

from sqlalchemy import text
from sqlalchemy.orm import Session


@dataclass(frozen=True, slots=True)
class AccountBalance:
    code: str
    name: str
    name_en: str
    kind: str
    normal: str
    section: str
    debit: int
    credit: int

    @property
    def balance(self) -> int:
        """The balance on the account's normal side: positive is the usual state (cash on hand, revenue)."""
        return self.debit - self.credit if self.normal == "D" else self.credit - self.debit


@dataclass(frozen=True, slots=True)
class TrialBalance:
    as_of: dt.date | None
    accounts: tuple[AccountBalance, ...]

    @property
    def total_debit(self) -> int:
        return sum(max(a.debit - a.credit, 0) for a in self.accounts)

    @property
    def total_credit(self) -> int:
        return sum(max(a.credit - a.debit, 0) for a in self.accounts)

    @property
    def difference(self) -> int:
        """Zero in any books kept by double entry."""
        return self.total_debit - self.total_credit

    def balance(self, code: str) -> int:
        return next(a.balance for a in self.accounts if a.code == code)


_ACTIVITY = text(
    "SELECT a.code, a.name, a.name_en, a.kind, a.normal, a.section, "
    "COALESCE(SUM(t.debit), 0) AS debit, COALESCE(SUM(t.credit), 0) AS credit "
    "FROM accounts a LEFT JOIN account_day_totals t ON t.account_code = a.code "
    "AND (:start IS NULL OR t.business_date >= :start) AND (:end IS NULL OR t.business_date <= :end) "
    "GROUP BY a.code ORDER BY a.code"
)


def activity(session: Session, start: dt.date | None, end: dt.date | None) -> tuple[AccountBalance, ...]:
    """Debits and credits per account between `start` and `end` inclusive (None: unbounded)."""
    params = {"start": start.isoformat() if start else None, "end": end.isoformat() if end else None}
    return tuple(AccountBalance(*row) for row in session.execute(_ACTIVITY, params))


def trial_balance(session: Session, as_of: dt.date | None = None) -> TrialBalance:
    """Every account's balance at the end of `as_of` (or now)."""
    return TrialBalance(as_of, activity(session, None, as_of))


def account_balance(session: Session, code: str, as_of: dt.date | None = None) -> int:
    return trial_balance(session, as_of).balance(code)


def party_balance(session: Session, account: str, party_id: uuid.UUID) -> int:
    """What one customer owes (Piutang) or is owed (Utang), from the journal lines tagged with them."""
    row = session.execute(
        text(
            "SELECT COALESCE(SUM(debit), 0) - COALESCE(SUM(credit), 0) FROM journal_lines "
            "WHERE party_id = :party AND account_code = :account"
        ),
        {"party": party_id.bytes, "account": account},
    ).scalar_one()
    return int(row)

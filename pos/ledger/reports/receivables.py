"""Kasbon ageing as a report: what each customer owes as of a day, split by age, with the totals per age, and the
credit each keeps with the shop beside it (never netted into what they owe)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from sqlalchemy.orm import Session

from pos.ledger.people.kasbon import BUCKETS, Ageing, kasbon_ageing
from pos.ledger.reports.rows import plain


@dataclass(frozen=True, slots=True)
class KasbonReport:
    as_of: dt.date
    customers: tuple[Ageing, ...]  # largest debts first

    @property
    def buckets(self) -> tuple[int, int, int, int]:
        """Totals for 0-30, 31-60, 61-90 and over 90 days."""
        sums = [sum(c.buckets[i] for c in self.customers) for i in range(len(BUCKETS))]
        return sums[0], sums[1], sums[2], sums[3]

    @property
    def total(self) -> int:
        return sum(self.buckets)

    @property
    def credit(self) -> int:
        """Credit kept with the shop by the customers who owe."""
        return sum(c.credit for c in self.customers)

    def as_dict(self) -> dict[str, Any]:
        return {
            "as_of": self.as_of.isoformat(),
            "customers": [{**plain(c), "total": c.total} for c in self.customers],
            "buckets": list(self.buckets),
            "total": self.total,
            "credit": self.credit,
        }


def kasbon_report(session: Session, as_of: dt.date) -> KasbonReport:
    return KasbonReport(as_of, tuple(kasbon_ageing(session, as_of)))

"""What the dashboard warns the owner of beyond the day's figures: goods expiring within the days the shop set
(`expiry.warn_days`, 7 unless changed), and supplier debts due within `payables.remind_days` or already overdue."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy.orm import Session

from pos.ledger.books.payables import SupplierDebt, due_soon
from pos.ledger.shop import settings
from pos.ledger.stock.batches import ExpiringLot, expiring


@dataclass(frozen=True, slots=True)
class StockWarnings:
    today: dt.date
    warn_days: int
    remind_days: int
    expiring: tuple[ExpiringLot, ...]  # soonest first; those already expired lead
    debts_due: tuple[SupplierDebt, ...]  # soonest due first; overdue lead

    @property
    def expiring_value(self) -> int:
        return sum(x.value for x in self.expiring)

    @property
    def due_total(self) -> int:
        return sum(d.left for d in self.debts_due)

    @property
    def overdue(self) -> tuple[SupplierDebt, ...]:
        return tuple(d for d in self.debts_due if d.days_overdue(self.today) > 0)


def stock_warnings(session: Session, today: dt.date) -> StockWarnings:
    values = settings.load(session)
    warn, remind = values.expiry_warn_days, values.payables_remind_days
    return StockWarnings(
        today, warn, remind, tuple(expiring(session, today, warn)), tuple(due_soon(session, today, remind))
    )

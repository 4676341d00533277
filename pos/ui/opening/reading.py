"""What the opening-balance screens read and write, as functions for the database worker (no widget here)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from pos.ledger.base.db import Database
from pos.ledger.books.approvals import Actor
from pos.ledger.books.opening_view import OpeningView, opening_view
from pos.ledger.books.payables import DueDebt, payables_due
from pos.ledger.spreadsheet.opening_plan import Entered, OpeningPlan, enter_opening, preview_opening, switch_day_default


@dataclass(frozen=True, slots=True)
class OpeningState:
    """The opening balances that stand (None before any), the supplier debts still due, and the day to offer."""

    view: OpeningView | None
    due: tuple[DueDebt, ...]
    day: dt.date


def read_opening(db: Database) -> OpeningState:
    with db.read() as session:
        return OpeningState(opening_view(session), tuple(payables_due(session)), switch_day_default(session))


def check_opening(db: Database, actor: Actor, plan: OpeningPlan, correcting: bool) -> Entered:
    """Everything posting would do, rolled back: the capital that balances, and every problem."""
    with db.write() as session:
        return preview_opening(session, actor, plan, correcting=correcting)


def post_opening(db: Database, actor: Actor, plan: OpeningPlan, correcting: bool, reason: str) -> Entered:
    with db.write() as session:
        return enter_opening(session, actor, plan, correcting=correcting, reason=reason)

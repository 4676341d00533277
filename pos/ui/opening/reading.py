"""What the opening-balance screens read and write, as functions of a session for `TaskManager.read` / `write`
(no widget here)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy.orm import Session

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


def read_opening(session: Session) -> OpeningState:
    return OpeningState(opening_view(session), tuple(payables_due(session)), switch_day_default(session))


def check_opening(session: Session, actor: Actor, plan: OpeningPlan, correcting: bool) -> Entered:
    """Everything posting would do, rolled back: the capital that balances, and every problem."""
    return preview_opening(session, actor, plan, correcting=correcting)


def post_opening(session: Session, actor: Actor, plan: OpeningPlan, correcting: bool, reason: str) -> Entered:
    return enter_opening(session, actor, plan, correcting=correcting, reason=reason)

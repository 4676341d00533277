"""What the outreach screen reads, as functions of a session for `TaskManager.read` (no widget is touched here)."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass

from sqlalchemy.orm import Session

from pos.ledger.base.clock import business_date, utc_now
from pos.ledger.base.period import Period, named
from pos.ledger.channels.channels import list_channels
from pos.ledger.people.outreach import (
    CustomerProfile,
    CustomerSummary,
    Outreach,
    customer_profile,
    not_seen_for,
    outreach,
    top_customers,
)
from pos.ledger.shop import settings

TOP: int = 20


@dataclass(frozen=True, slots=True)
class CustomerList:
    """A list of customers to reach: who has not come for `days` days ('lost'), or the top spenders ('top')."""

    kind: str
    days: int
    period: Period | None  # the month of the top list
    rows: tuple[CustomerSummary, ...]


@dataclass(frozen=True, slots=True)
class ProfileView:
    profile: CustomerProfile
    channel_names: dict[str, str]  # code -> name, for the history's channel column


def read_list(session: Session, kind: str, days: int) -> CustomerList:
    if kind == "top":
        today = business_date(utc_now(), settings.load(session).timezone)
        month = named("this_month", today)
        return CustomerList(kind, days, month, tuple(top_customers(session, month, limit=TOP)))
    return CustomerList(kind, days, None, tuple(not_seen_for(session, days)))


def read_profile(session: Session, customer_id: uuid.UUID) -> ProfileView:
    names = {c.code: c.name for c in list_channels(session, active_only=False)}
    return ProfileView(customer_profile(session, customer_id), names)


def make_messages(session: Session, customers: Sequence[CustomerSummary], message: str) -> Outreach:
    return outreach(session, customers, message)

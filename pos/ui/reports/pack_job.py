"""Making a loan pack from the reports screen, step by step off the GUI thread.

The database worker plans it (the closed period, months whose PPh Final is not booked, whether the shop is
enrolled), the screen books the tax when the owner agrees; the I/O pool seals it (the sync service witnesses an enrolled
shop's pack over the network, the shop's own key signs it otherwise) and lays out the PDF.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from sqlalchemy.orm import Session

from pos.ledger.base.clock import business_date, utc_now
from pos.ledger.base.db import Database
from pos.ledger.base.period import Period
from pos.ledger.replication import sync_state
from pos.ledger.reports import pack_seal
from pos.ledger.reports.pack import closed_period
from pos.ledger.reports.pph_booking import PphMonthStatus, unbooked_months
from pos.ledger.shop import settings


@dataclass(frozen=True, slots=True)
class Plan:
    period: Period
    moved: bool  # the period on screen was not over, so the pack covers the last whole month
    waiting: list[PphMonthStatus]  # months whose PPh Final is not booked yet
    enrolled: bool


def plan(session: Session, chosen: Period) -> Plan:
    """Database worker, in a read: what the pack will cover and what it needs first."""
    today = business_date(utc_now(), settings.load(session).timezone)
    period = closed_period(chosen, today)
    waiting = unbooked_months(session, period.end, today)
    enrolled = sync_state.enrolment(session) is not None
    return Plan(period, period != chosen, waiting, enrolled)


@dataclass(frozen=True, slots=True)
class Made:
    path: Path
    sealed: pack_seal.SealedPack
    offline: bool  # the shop is enrolled but the service could not witness it: the shop's key signed it


def make(db: Database, period: Period, lang: str, enrolled: bool, path: Path) -> Made:
    """I/O pool: gather the figures, have them witnessed (or signed by the shop), and write the PDF."""
    # ReportLab, and httpx for an enrolled shop, load only when a pack is made, not when the window starts.
    from pos.printing.statements.pack import render_loan_pack
    from pos.sync.pack_sealing import seal_pack

    done = seal_pack(db, period, lang, utc_now(), witnessed=enrolled, fall_back=True)
    render_loan_pack(done.sealed, path)
    return Made(path, done.sealed, done.offline)

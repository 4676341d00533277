"""Making a loan pack from the reports screen, step by step off the GUI thread.

The database worker plans it (the closed period, months whose PPh Final is not booked, whether the shop is
enrolled), the screen books the tax when the owner agrees; the I/O pool seals it (the sync service witnesses an enrolled
shop's pack over the network, the shop's own key signs it otherwise) and lays out the PDF.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from sqlalchemy.orm import Session

from pos.ledger.base import attest
from pos.ledger.base.clock import business_date, utc_now
from pos.ledger.base.db import Database
from pos.ledger.base.period import Period
from pos.ledger.replication import sync_state
from pos.ledger.reports import pack_seal
from pos.ledger.reports.pack import closed_period, loan_pack
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
    from pos.printing.statements.pack import render_loan_pack  # ReportLab loads only when a PDF is made

    now = utc_now()
    with db.read() as session:
        pack = loan_pack(session, period)
        body, lines = pack_seal.statement_body(session, pack, lang, now)
    sealed: pack_seal.SealedPack | None = None
    offline = False
    if enrolled:
        from pos.sync import witness  # httpx loads only for an enrolled shop
        from pos.sync.client import SyncClient, SyncError

        try:
            with SyncClient(db) as client:
                witness.sync(client)
                token = witness.witness_statement(client, body, lines)
                page = f"{client.enrolment.url.rstrip('/')}/v/{attest.code_of(token)}"
            with db.write() as session:
                pack_seal.keep(session, token, lines)
            sealed = pack_seal.SealedPack(pack, lang, token, lines, page)
        except SyncError:
            offline = True
    if sealed is None:
        with db.write() as session:
            sealed = pack_seal.seal_locally(session, pack, lang, now)
    render_loan_pack(sealed, path)
    return Made(path, sealed, offline)

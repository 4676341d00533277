"""A loan pack sealed: its figures gathered in one read, then witnessed by the sync service (an enrolled shop) or
signed with the shop's own key, the seal kept in the books. The command line and the window seal the same way.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from pos.ledger.base import attest
from pos.ledger.base.db import Database
from pos.ledger.base.period import Period
from pos.ledger.reports import pack_seal
from pos.ledger.reports.pack import loan_pack
from pos.sync import witness
from pos.sync.client import SyncClient, SyncError


@dataclass(frozen=True, slots=True)
class Sealed:
    sealed: pack_seal.SealedPack
    offline: bool  # the service was asked and could not be reached: the shop's own key signed it


def seal_pack(
    db: Database,
    period: Period,
    lang: str,
    now: dt.datetime,
    *,
    made_on: dt.date | None = None,
    witnessed: bool,
    fall_back: bool,
) -> Sealed:
    """Gather the pack for `period` and seal it: by the service when `witnessed` (it pushes and pulls first, so the
    heads it sends are those the service holds), else with the shop's key. A service out of reach raises
    `SyncError` unless `fall_back`, when the shop's key signs it and `offline` says so. The network is waited on
    with no session open."""
    with db.read() as session:
        pack = loan_pack(session, period, made_on=made_on)
        body, lines = pack_seal.statement_body(session, pack, lang, now)
    if witnessed:
        try:
            with SyncClient(db) as client:
                witness.sync(client)
                token = witness.witness_statement(client, body, lines)
                witness.service_keys(client)
                page = f"{client.enrolment.url.rstrip('/')}/v/{attest.code_of(token)}"
            with db.write() as session:
                pack_seal.keep(session, token, lines)
            return Sealed(pack_seal.SealedPack(pack, lang, token, lines, page), offline=False)
        except SyncError:
            if not fall_back:
                raise
    with db.write() as session:
        return Sealed(pack_seal.seal_locally(session, pack, lang, now), offline=witnessed)

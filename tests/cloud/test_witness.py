"""The sync service as a witness, over real HTTP against a real PostgreSQL.

It keeps each counter's chain heads as they arrive; a counter whose history no longer extends them (re-hashed,
cut short and renumbered, reordered by a moved date) is flagged, whatever the file itself says, and `laci check`
on the counter reports it. It witnesses and signs a pack's statement only for the heads it holds, and a bank's
look-up says whether the shop's books at the service still agree with the pack.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from ledger.tampering import Tamper, delete_and_renumber, move_a_date, rehash_the_chain
from server import ThreadServer
from shops import Shop, sell, shop_with_counters

from pos.cloud.db import CloudDB
from pos.ledger.base import attest
from pos.ledger.base.clock import utc_now
from pos.ledger.base.db import Database, make_engine
from pos.ledger.base.money import Money
from pos.ledger.base.period import Period
from pos.ledger.books import cash_entries
from pos.ledger.books import witnessed as witness_state
from pos.ledger.books.check import check_books
from pos.ledger.books.journal import head_hashes
from pos.ledger.reports import pack_seal
from pos.ledger.reports.pack import loan_pack
from pos.sync import witness
from pos.sync.client import SyncClient, SyncError

DAYS_AGO = 3


@pytest.fixture
def shop(tmp_path: Path, cloud_db: CloudDB, service: ThreadServer) -> Iterator[Shop]:
    made = shop_with_counters(tmp_path, cloud_db, service.url, 1)
    yield made
    for counter in made.counters:
        counter.dispose()


def _trade(shop: Shop) -> None:
    """A few days of sales on the counter, then everything sent."""
    now = utc_now()
    for back in range(DAYS_AGO, 0, -1):
        for product in range(3):
            sell(shop, 0, product, 1 + back, at=now - dt.timedelta(days=back))
    _sync(shop.counters[0])


def _sync(db: Database) -> None:
    with SyncClient(db) as client:
        witness.sync(client)


def _period() -> Period:
    today = utc_now().date()
    return Period(today - dt.timedelta(days=DAYS_AGO + 1), today - dt.timedelta(days=1))


def test_the_service_holds_each_counters_chain_heads(shop: Shop) -> None:
    _trade(shop)
    counter = shop.counters[0]
    with counter.read() as s:
        held = witness_state.load(s)
        assert held is not None and held.heads == head_hashes(s) and not held.flags
        assert held.syncing_since is not None
        assert check_books(s, full=True).ok and check_books(s, full=False).ok


@pytest.mark.parametrize("tamper", [rehash_the_chain, delete_and_renumber, move_a_date], ids=lambda t: t.__name__)
def test_a_history_rewritten_on_the_counter_is_flagged_by_the_witness(shop: Shop, tamper: Tamper) -> None:
    _trade(shop)
    counter = shop.counters[0]
    path = counter.path
    counter.dispose()
    tamper(path)  # the file is consistent again afterwards: its own chain, totals and stock all add up
    db = Database(make_engine(path))
    shop.counters[0] = db
    with db.read() as s:
        alone = [p.msgid for p in check_books(s, full=True).problems if "sync service" not in p.msgid]
    assert alone == [], alone
    sell(shop, 0, 0, 1)  # the attacker's counter goes on trading and syncing
    _sync(db)
    with db.read() as s:
        report = check_books(s, full=True)
    found = [str(p) for p in report.problems]
    assert not report.ok and any("layanan sinkronisasi" in p for p in found), found
    with SyncClient(db) as client:
        flags = client.http.get("/v1/chain").json()["flags"]
    assert flags and {f["reason"] for f in flags} <= {"rewritten", "truncated", "gap", "reordered"}


def test_a_pack_is_witnessed_signed_and_looked_up_by_its_code(shop: Shop, service: ThreadServer) -> None:
    _trade(shop)
    counter = shop.counters[0]
    period = _period()
    with counter.read() as s:
        pack = loan_pack(s, period)
        body, lines = pack_seal.statement_body(s, pack, "id", utc_now())
    with SyncClient(counter) as client:
        token = witness.witness_statement(client, body, lines)
        keys = witness.service_keys(client)
    signed = attest.decode(token)
    assert signed.body["witness"]["by"] == "service" and signed.body["witness"]["syncing_since"]
    assert signed.body["figures"] == body["figures"] and signed.body["heads"] == body["heads"]
    assert attest.check(token, keys, lines).ok
    assert pack.pnl.current.net_sales > 0 and signed.body["key_figures"]["revenue"] == pack.pnl.current.net_sales

    found = httpx.get(f"{service.url}/v1/statements/{signed.code.lower()}").json()
    assert found["token"] == token and found["figures"] == lines and found["agrees"] is True
    published = httpx.get(f"{service.url}/v1/keys").json()
    assert {k["key_id"]: attest.decode_key(k["public_key"]) for k in published} == keys

    # An expense booked afterwards into the pack's period: the service's books no longer agree with the pack.
    with counter.write() as s:
        cash_entries.record_expense(s, "transport", Money(25_000), at=utc_now() - dt.timedelta(days=2))
    _sync(counter)
    again = httpx.get(f"{service.url}/v1/statements/{signed.code}").json()
    assert again["agrees"] is False and again["later_pushes"] == 1


def test_the_service_witnesses_only_the_heads_it_holds(shop: Shop) -> None:
    _trade(shop)
    counter = shop.counters[0]
    with counter.read() as s:
        body, lines = pack_seal.statement_body(s, loan_pack(s, _period()), "id", utc_now())
    sell(shop, 0, 1, 1)  # not sent yet: the counter's head is beyond the service's
    with counter.read() as s:
        ahead, _ = pack_seal.statement_body(s, loan_pack(s, _period()), "id", utc_now())
    with SyncClient(counter) as client:
        with pytest.raises(SyncError, match="sync"):
            witness.witness_statement(client, ahead, lines)
        with pytest.raises(SyncError):
            witness.witness_statement(client, body, [*lines, ["pnl", "extra", "", 1]])  # figures it does not bind
        with pytest.raises(SyncError):
            witness.witness_statement(client, {**body, "shop": {**body["shop"], "id": "someone-else"}}, lines)


def test_a_code_nobody_issued_is_not_found(service: ThreadServer) -> None:
    assert httpx.get(f"{service.url}/v1/statements/LACI-AAAA-BBBB-CCCC-DDDD").status_code == 404
    assert httpx.get(f"{service.url}/v1/statements/not-a-code").status_code == 404

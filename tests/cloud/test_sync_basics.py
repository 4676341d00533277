"""Sync over real HTTP against a real PostgreSQL: enrolment, push and pull, idempotence, isolation."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import httpx
import pytest
from replicas import fingerprint, new_counter
from server import ThreadServer

from pos.cloud.auth import create_shop
from pos.cloud.db import CloudDB
from pos.ledger.base.ids import UserId
from pos.ledger.base.money import Money, Qty
from pos.ledger.books.approvals import Actor
from pos.ledger.books.check import check_books
from pos.ledger.counter.cart import Cart, line_for_scan
from pos.ledger.counter.payments import cash
from pos.ledger.counter.shifts import open_shift
from pos.ledger.people.users import add_user
from pos.ledger.selling.sales import ring_up
from pos.ledger.stock.barcodes import DEFAULT_FORMATS, ean13_with_check
from pos.ledger.stock.product_records import BarcodeSpec, add_product
from pos.sync.client import SyncClient, SyncError, enrol

CODE = ean13_with_check("899000000028")


def test_enrol_push_pull_between_two_counters(tmp_path: Path, cloud_db: CloudDB, service: ThreadServer) -> None:
    _shop, owner_code = create_shop(cloud_db, "Warung Bu Sri")
    a = new_counter(tmp_path / "a", "A")
    assert enrol(a, service.url, owner_code) == "Warung Bu Sri"
    with SyncClient(a) as client:
        invite = client.invite()
    b = new_counter(tmp_path / "b", "B")
    enrol(b, service.url, invite)

    with a.write() as s:
        owner = Actor(UserId(add_user(s, "Bu Sri", "owner", "2468")), "Bu Sri", "owner")
        add_product(s, "Teh Botol", Money(5_000), cost=Money(3_500), barcodes=[BarcodeSpec(CODE)])
        open_shift(s, owner, Money(100_000))
    with a.write() as s:
        cart = Cart()
        cart.add(line_for_scan(s, CODE, DEFAULT_FORMATS, Qty.units(2)))
        ring_up(s, owner, cart, [cash(10_000)])

    with SyncClient(a) as client:
        first = client.sync()
        again = client.sync()
    assert first.pushed > 0 and again.pushed == 0
    with SyncClient(b) as client:
        got = client.sync()
    assert got.applied > 0
    with SyncClient(a) as client:
        client.sync()
    assert fingerprint(a) == fingerprint(b)
    with b.read() as s:
        assert check_books(s).ok

    # The owner's view in the cloud: takings by counter and method.
    with SyncClient(a) as client:
        today = dt.date.today()
        totals = client.daily_totals(today - dt.timedelta(days=1), today + dt.timedelta(days=1))
    assert [(t["counter"], t["method"], t["amount"], t["sales"]) for t in totals] == [("A", "cash", 10_000, 1)]


def test_an_enrolment_code_works_once(tmp_path: Path, cloud_db: CloudDB, service: ThreadServer) -> None:
    _shop, code = create_shop(cloud_db, "Toko Satu")
    enrol(new_counter(tmp_path / "a", "A"), service.url, code)
    with pytest.raises(SyncError, match="403"):
        enrol(new_counter(tmp_path / "b", "B"), service.url, code)


def test_a_counter_code_is_unique_in_a_shop(tmp_path: Path, cloud_db: CloudDB, service: ThreadServer) -> None:
    _shop, code = create_shop(cloud_db, "Toko Satu")
    a = new_counter(tmp_path / "a", "A")
    enrol(a, service.url, code)
    with SyncClient(a) as client:
        invite = client.invite()
    with pytest.raises(SyncError, match="409"):
        enrol(new_counter(tmp_path / "b", "A"), service.url, invite)


def test_one_shops_token_reaches_nothing_of_another(tmp_path: Path, cloud_db: CloudDB, service: ThreadServer) -> None:
    _s1, code1 = create_shop(cloud_db, "Toko Satu")
    _s2, code2 = create_shop(cloud_db, "Toko Dua")
    one = new_counter(tmp_path / "one", "A")
    two = new_counter(tmp_path / "two", "A")
    enrol(one, service.url, code1)
    enrol(two, service.url, code2)
    with one.write() as s:
        add_product(s, "Rahasia Toko Satu", Money(1_000))
    with SyncClient(one) as client:
        client.sync()
    with SyncClient(two) as client:
        client.sync()
    with two.read() as s:
        from pos.ledger.stock.search import search_products

        assert search_products(s, "Rahasia") == []
    # Even with raw requests: events, devices and reports of shop one are invisible to shop two's token.
    with two.read() as s:
        from pos.ledger.replication import sync_state

        token = sync_state.enrolment(s).token  # type: ignore[union-attr]
    headers = {"Authorization": f"Bearer {token}"}
    events = httpx.get(f"{service.url}/v1/events", params={"after": 0}, headers=headers).json()["events"]
    assert all("Rahasia" not in str(e["payload"]) for e in events)
    devices = httpx.get(f"{service.url}/v1/devices", headers=headers).json()
    assert len(devices) == 1
    # Row-level security as the second wall: a transaction of shop two sees no row of shop one.
    with cloud_db.transaction(_s2) as conn:
        assert conn.execute("SELECT count(*) FROM events WHERE shop_id = %s", (_s1,)).fetchone() == (0,)
        assert conn.execute("SELECT count(*) FROM shops").fetchone() == (1,)
    with cloud_db.transaction() as conn:  # no shop stated: nothing at all
        assert conn.execute("SELECT count(*) FROM events").fetchone() == (0,)


def test_requests_without_a_valid_token_are_refused(service: ThreadServer) -> None:
    assert httpx.get(f"{service.url}/v1/events").status_code == 401
    assert httpx.get(f"{service.url}/v1/events", headers={"Authorization": "Bearer nope"}).status_code == 401
    assert (
        httpx.post(
            f"{service.url}/v1/push", content=b"x" * (9 * 1024 * 1024), headers={"Authorization": "Bearer nope"}
        ).status_code
        == 413
    )

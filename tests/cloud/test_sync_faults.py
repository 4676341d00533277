"""Offline counters converge with nothing lost and nothing counted twice, whatever the network does."""

from __future__ import annotations

import datetime as dt
import itertools
import os
import subprocess
import sys
import threading
from pathlib import Path

import httpx
import pytest
from faults import DropAnswers, Offline
from replicas import fingerprint, outbox
from server import ProcessServer, ThreadServer
from shops import CODES, Shop, sell, shop_with_counters, sync_all

from pos.cloud.auth import authenticate
from pos.cloud.db import CloudDB
from pos.ledger.base.money import Money
from pos.ledger.books.check import check_books
from pos.ledger.replication import sync_state
from pos.ledger.stock.product_records import find_by_barcode, get_product
from pos.ledger.stock.products import ProductEdit, edit_product
from pos.sync.client import SyncClient, SyncError


def stored_once(cloud: CloudDB, shop: Shop) -> None:
    """Every outbox event of every counter is in the cloud exactly once."""
    for counter in shop.counters:
        with counter.read() as s:
            token = sync_state.enrolment(s).token  # type: ignore[union-attr]
        caller = authenticate(cloud, token)
        with cloud.transaction(caller.shop_id) as conn:
            count, distinct, top = conn.execute(
                "SELECT count(*), count(DISTINCT device_seq), max(device_seq) FROM events WHERE device_id = %s",
                (caller.device_id,),
            ).fetchone()  # type: ignore[misc]
        mine = len(outbox(counter))
        assert count == distinct == top == mine, (count, distinct, top, mine)


def converged(shop: Shop) -> None:
    prints = [fingerprint(c) for c in shop.counters]
    assert all(p == prints[0] for p in prints[1:])
    for counter in shop.counters:
        with counter.read() as s:
            assert check_books(s).ok


def test_an_answer_lost_after_the_server_committed(tmp_path: Path, cloud_db: CloudDB, service: ThreadServer) -> None:
    shop = shop_with_counters(tmp_path, cloud_db, service.url, 2)
    for n in range(5):
        sell(shop, 0, n % 3, 1)
    with SyncClient(shop.counters[0], transport=DropAnswers(1)) as client, pytest.raises(SyncError):
        client.sync()
    with shop.counters[0].read() as s:
        assert sync_state.waiting_count(s) > 0  # not acknowledged: still waiting here
    sync_all(shop)
    stored_once(cloud_db, shop)
    converged(shop)


def test_duplicate_and_reordered_pushes(tmp_path: Path, cloud_db: CloudDB, service: ThreadServer) -> None:
    shop = shop_with_counters(tmp_path, cloud_db, service.url, 2)
    sync_all(shop)
    for n in range(6):
        sell(shop, 1, n % 3, 2)
    counter = shop.counters[1]
    with counter.read() as s:
        token = sync_state.enrolment(s).token  # type: ignore[union-attr]
        after = sync_state.pushed_seq(s)
        batch = sync_state.waiting(s, after, 100)
    headers = {"Authorization": f"Bearer {token}"}
    late, early = batch[3:], batch[:3]
    gap = httpx.post(f"{service.url}/v1/push", json={"events": late}, headers=headers)
    assert gap.status_code == 409 and gap.json()["acked"] == after  # nothing stored past the gap
    reordered = list(reversed(early)) + early  # out of order and duplicated within one push
    ok = httpx.post(f"{service.url}/v1/push", json={"events": reordered}, headers=headers)
    assert ok.status_code == 200 and ok.json()["acked"] == after + 3
    again = httpx.post(f"{service.url}/v1/push", json={"events": batch + batch}, headers=headers)
    assert again.status_code == 200 and again.json()["acked"] == after + len(batch)
    sync_all(shop)
    stored_once(cloud_db, shop)
    converged(shop)


def test_the_server_is_killed_in_the_middle_of_a_push(tmp_path: Path, cloud_url: str, cloud_db: CloudDB) -> None:
    server = ProcessServer(cloud_url).start()
    try:
        shop = shop_with_counters(tmp_path, cloud_db, server.url, 2)
        for n in range(1_200):  # several push batches
            sell(shop, 0, n % 3, 1)
        errors: list[Exception] = []

        def push() -> None:
            try:
                with SyncClient(shop.counters[0]) as client:
                    client.push()
            except SyncError as err:
                errors.append(err)

        worker = threading.Thread(target=push)
        worker.start()
        # Kill the service as soon as the first batch is in, while later batches are on their way.
        deadline = dt.datetime.now() + dt.timedelta(seconds=30)
        while dt.datetime.now() < deadline:
            with shop.counters[0].read() as s:
                if sync_state.pushed_seq(s) > 0:
                    break
        server.kill()
        worker.join(timeout=60)
        server = ProcessServer(cloud_url, port=server.port).start()  # the same address, restarted
        sync_all(shop)
    finally:
        server.stop()
    stored_once(cloud_db, shop)
    converged(shop)


KILLER = """
import os, sys
import httpx
from pos.ledger.shop.opening import open_database
from pos.sync.client import SyncClient
from pathlib import Path

class DieAfterAnswer(httpx.HTTPTransport):
    def handle_request(self, request):
        response = super().handle_request(request)
        if request.url.path == "/v1/push":
            response.read()
            os._exit(9)  # the counter dies: the server has committed, the counter never records the ack
        return response

db = open_database(Path(sys.argv[1]))
with SyncClient(db, transport=DieAfterAnswer()) as client:
    client.push()
"""


def test_a_counter_killed_between_the_servers_commit_and_its_ack(
    tmp_path: Path, cloud_db: CloudDB, service: ThreadServer
) -> None:
    shop = shop_with_counters(tmp_path, cloud_db, service.url, 2)
    for n in range(7):
        sell(shop, 0, n % 3, 1, kasbon=n % 2 == 0)
    done = subprocess.run(
        [sys.executable, "-c", KILLER, str(shop.counters[0].path)], env={**os.environ}, capture_output=True, timeout=120
    )
    assert done.returncode == 9, done.stderr
    sync_all(shop)
    stored_once(cloud_db, shop)
    converged(shop)


def test_clocks_two_hours_apart(tmp_path: Path, cloud_db: CloudDB, service: ThreadServer) -> None:
    shop = shop_with_counters(tmp_path, cloud_db, service.url, 2, owners=2)  # both may change prices
    sync_all(shop)
    now = dt.datetime.now(dt.UTC)
    a, b = shop.counters
    with a.read() as s:
        hit = find_by_barcode(s, CODES[0])
        assert hit is not None
        pid = hit.product.id
    # B's clock runs two hours ahead; it edits the price "now" by its clock and syncs first.
    with b.write() as s:
        edit_product(s, shop.owner, pid, ProductEdit(price=Money(7_000)), at=now + dt.timedelta(hours=2))
    with SyncClient(b) as client:
        client.sync()
    # Ten minutes later (real time) A changes the price again: the later edit must win, not the skewed one.
    with a.write() as s:
        edit_product(s, shop.owner, pid, ProductEdit(price=Money(6_500)), at=now + dt.timedelta(minutes=10))
    sell(shop, 1, 0, 1, at=now + dt.timedelta(hours=2))  # and B keeps selling by its own clock
    sync_all(shop)
    converged(shop)
    with b.read() as s:
        assert get_product(s, pid).price == Money(6_500)


@pytest.mark.parametrize("order", list(itertools.permutations(range(3))))
def test_three_counters_selling_offline_converge_in_any_order(
    tmp_path: Path, cloud_db: CloudDB, service: ThreadServer, order: tuple[int, ...]
) -> None:
    shop = shop_with_counters(tmp_path, cloud_db, service.url, 3)
    for i in range(3):  # all three sell the same products while offline
        for n in range(4):
            sell(shop, i, n % 3, i + 1, kasbon=n == 3)
        with SyncClient(shop.counters[i], transport=Offline()) as client, pytest.raises(SyncError):
            client.sync()
    for i in order:
        with SyncClient(shop.counters[i]) as client:
            client.sync()
    sync_all(shop)
    stored_once(cloud_db, shop)
    converged(shop)
    stock = fingerprint(shop.counters[0])["stock"]
    assert sum(row[1] for row in stock) == -(4 * 1 + 4 * 2 + 4 * 3) * 1000


def test_the_cloud_restored_from_an_older_backup_gets_everything_again(
    tmp_path: Path,
    postgres,
    cloud_url: str,  # type: ignore[no-untyped-def]
) -> None:
    name = cloud_url.rsplit("/", 1)[1]
    cloud = CloudDB(cloud_url, max_size=2)
    server = ThreadServer(cloud_url).start()
    shop = shop_with_counters(tmp_path, cloud, server.url, 2)
    for n in range(4):
        sell(shop, n % 2, n % 3, 1)
    sync_all(shop)
    server.stop()
    cloud.close()
    postgres.psql(f'CREATE DATABASE "{name}_backup" TEMPLATE "{name}"')  # last night's backup
    cloud = CloudDB(cloud_url, max_size=2)
    server = ThreadServer(cloud_url, port=server.port).start()
    for n in range(6):  # a morning of sales, synced, then the cloud's disk dies
        sell(shop, n % 2, n % 3, 2, kasbon=n == 5)
    sync_all(shop)
    server.stop()
    cloud.close()
    postgres.psql(f'DROP DATABASE "{name}"')
    postgres.psql(f'ALTER DATABASE "{name}_backup" RENAME TO "{name}"')  # restored from the backup
    cloud = CloudDB(cloud_url, max_size=2)
    server = ThreadServer(cloud_url, port=server.port).start()
    try:
        sync_all(shop)  # counters resend what the restored cloud no longer has
        stored_once(cloud, shop)
        converged(shop)
    finally:
        server.stop()
        cloud.close()

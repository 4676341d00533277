"""Hypothesis, stateful: three honest counters and one dishonest device, through a proxy that breaks requests,
with the service killed and restarted. After a clean final sync: every honest sale is in the cloud once and on
every counter, the books, stock and kasbon agree, the dishonest device gained no authority and took over no
device, and no counter is stuck."""

from __future__ import annotations

import contextlib
import itertools
import json
import tempfile
import uuid
from pathlib import Path
from typing import Any

import httpx
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, initialize, invariant, rule
from proxy import FAULTS, FaultProxy
from replicas import fingerprint
from rogue import Books, enrol_rogue, forge_sale
from server import ProcessServer
from shops import CODES, sell, shop_with_counters, sync_all
from test_sync_faults import stored_once
from trust_support import BROKEN, attacks, broken, product_id

from pos.cloud.auth import authenticate
from pos.cloud.db import CloudDB
from pos.ledger.base.device import local_device
from pos.ledger.base.money import Money
from pos.ledger.books.check import check_books
from pos.ledger.people.users import list_users
from pos.ledger.replication import quarantine, sync_state
from pos.ledger.shop import settings as shop_settings
from pos.ledger.stock.product_records import find_by_barcode
from pos.ledger.stock.products import ProductEdit, edit_product
from pos.sync.client import SyncClient, SyncError

_prices = itertools.count(7_000, 250)
# Every example enrols four devices from this one address: more than a minute's default allows when examples are
# quick, and a refused enrolment would end the example before its attack.
ROOMY_ENROLMENT = ("--enrol-per-minute", "100000")
faults = st.lists(st.sampled_from(FAULTS), max_size=3)


def make_machine(cloud_url: str, holder: dict[str, Any]) -> type[RuleBasedStateMachine]:
    class Adversary(RuleBasedStateMachine):
        @initialize()
        def open_shop(self) -> None:
            self.cloud = CloudDB(cloud_url, max_size=2)
            self.proxy: FaultProxy = holder["proxy"]
            self.proxy.clear()
            self.tmp = Path(tempfile.mkdtemp(prefix="laci-adversary-"))
            self.shop = shop_with_counters(self.tmp, self.cloud, self.proxy.url, 3)
            self.rogue = enrol_rogue(self.shop.counters[0], self.proxy.url)
            self.books = Books()
            self.sales = 0
            self.prices: dict[int, int] = {}
            with self.shop.counters[0].read() as s:
                self.owner_device = local_device(s).id

        def _quietly(self, faults_: list[str], call: Any) -> None:
            self.proxy.plan(*faults_)
            try:
                with contextlib.suppress(SyncError, httpx.HTTPError):
                    call()
            finally:
                self.proxy.clear()

        @rule(counter=st.integers(0, 2), product=st.integers(0, 2), qty=st.integers(1, 3), kasbon=st.booleans())
        def sell(self, counter: int, product: int, qty: int, kasbon: bool) -> None:
            sell(self.shop, counter, product, qty, kasbon=kasbon)
            self.sales += 1

        @rule(product=st.integers(0, 2))
        def owner_changes_a_price(self, product: int) -> None:
            value = next(_prices)
            with self.shop.counters[0].write() as s:
                hit = find_by_barcode(s, CODES[product])
                assert hit is not None
                edit_product(s, self.shop.owner, hit.product.id, ProductEdit(price=Money(value)))
            self.prices[product] = value

        @rule(counter=st.integers(0, 2), broken_by=faults)
        def sync(self, counter: int, broken_by: list[str]) -> None:
            def run() -> None:
                with SyncClient(self.shop.counters[counter]) as client:
                    client.sync()

            self._quietly(broken_by, run)

        @rule()
        def restart_the_service(self) -> None:
            holder["server"].kill()  # kill -9: whatever was in flight is cut
            holder["server"] = ProcessServer(cloud_url, holder["server"].port, *ROOMY_ENROLMENT).start()

        @rule(count=st.integers(1, 12), broken_by=faults)
        def rogue_claims_owners_rights(self, count: int, broken_by: list[str]) -> None:
            tried = list(attacks(self.rogue, self.shop).values())[:count]
            self._quietly(broken_by, lambda: self.rogue.push(*tried))

        @rule(how=st.sampled_from(sorted(BROKEN)), broken_by=faults)
        def rogue_sends_a_broken_sale(self, how: str, broken_by: list[str]) -> None:
            event = broken(self.rogue, self.books, product_id(self.shop), how)
            self._quietly(broken_by, lambda: self.rogue.push(event))

        @rule(broken_by=faults)
        def rogue_makes_up_a_sale(self, broken_by: list[str]) -> None:
            # Well formed: the shop takes it as this device's word, like any counter's sale.
            event = forge_sale(self.rogue, self.books, product_id(self.shop), commit=False)

            def push() -> None:
                answer = self.rogue.push(event)
                if answer.status_code == 200 and not answer.json()["rejected"]:
                    self.books.took(event)  # its chain moves on

            self._quietly(broken_by, push)

        @rule()
        def rogue_replays_an_honest_event(self) -> None:
            with contextlib.suppress(httpx.HTTPError):
                honest = [e for e in self.rogue.pull() if e["device_id"] != self.rogue.device_id.hex]
                if honest:
                    last = honest[-1]
                    self.rogue.push((last["kind"], json.loads(json.dumps(last["payload"]))))

        @rule(victim=st.integers(0, 2))
        def rogue_tries_to_take_a_device_over(self, victim: int) -> None:
            with self.shop.counters[victim].read() as s:
                device = local_device(s).id
            with contextlib.suppress(httpx.HTTPError, SyncError):
                code = httpx.post(  # an invite made with its own (counter) token: refused
                    f"{self.proxy.url}/v1/enrolment-codes", json={"role": "owner"}, headers=self.rogue.headers
                )
                assert code.status_code == 403, code.text
                with SyncClient(self.shop.counters[0]) as client:
                    leaked = client.invite().split(".")[0]  # an invite the owner made, forwarded to it
                answer = httpx.post(
                    f"{self.proxy.url}/v1/enrol",
                    json={"code": leaked, "device_id": str(device), "device_code": "X"},
                )
                assert answer.status_code in (409, 429), answer.text

        @invariant()
        def books_balance_on_every_honest_counter(self) -> None:
            if hasattr(self, "shop"):
                for db in self.shop.counters:
                    with db.read() as s:
                        assert check_books(s).ok

        def teardown(self) -> None:
            if not hasattr(self, "shop"):
                return
            try:
                self.proxy.clear()
                sync_all(self.shop)  # clean: no fault, the service up; nobody may be stuck
                stored_once(self.cloud, self.shop)
                prints = [fingerprint(db) for db in self.shop.counters]
                assert prints[0] == prints[1] == prints[2]
                honest = {str(local_device_of(db)) for db in self.shop.counters}
                with self.shop.counters[0].read() as s:
                    shop_id = uuid.UUID(sync_state.enrolment(s).shop_id)  # type: ignore[union-attr]
                with self.cloud.transaction(shop_id) as conn:
                    stored = conn.execute(
                        "SELECT count(*) FROM sales_index WHERE device_id = ANY(%s::uuid[])", (list(honest),)
                    ).fetchone()
                    replaced = conn.execute("SELECT count(*) FROM device_log WHERE action = 'replaced'").fetchone()
                    owners = conn.execute("SELECT device_id FROM devices WHERE owner").fetchall()
                assert stored == (self.sales,)  # every honest sale once
                assert replaced == (0,) and owners == [(self.owner_device,)]  # no takeover, no new owner
                assert authenticate(self.cloud, self.rogue.token).owner is False
                for db in self.shop.counters:
                    with db.read() as s:
                        assert [u.name for u in list_users(s, active_only=False)] == ["Bu Sri"]
                        assert shop_settings.load(s).discount_limit_bp == 1000
                        for n, value in self.prices.items():
                            assert find_by_barcode(s, CODES[n]).product.price == Money(value)  # type: ignore[union-attr]
                        assert quarantine.summary(s).held == 0  # nothing a counter could not apply got through
                        assert check_books(s).ok
            finally:
                for db in self.shop.counters:
                    db.dispose()
                self.cloud.close()

    return Adversary


def local_device_of(db: Any) -> uuid.UUID:
    with db.read() as s:
        return local_device(s).id


def test_honest_counters_hold_against_a_dishonest_device_faults_and_restarts(cloud_url: str) -> None:
    server = ProcessServer(cloud_url, None, *ROOMY_ENROLMENT).start()
    holder: dict[str, Any] = {"server": server, "proxy": FaultProxy(server.port)}
    machine = make_machine(cloud_url, holder)
    machine.TestCase.settings = settings(
        max_examples=5,  # about three minutes on two shared CPUs
        stateful_step_count=14,
        deadline=None,
        suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    )
    try:
        machine.TestCase().runTest()
    finally:
        holder["proxy"].close()
        holder["server"].stop()

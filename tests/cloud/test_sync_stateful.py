"""Hypothesis, stateful: any interleaving of selling, editing, syncing and failing syncs ends converged."""

from __future__ import annotations

import contextlib
import itertools
import tempfile
from pathlib import Path

import pytest
from faults import DropAnswers, Offline
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, initialize, invariant, rule
from replicas import fingerprint, outbox
from shops import CODES, sell, shop_with_counters, sync_all

from pos.cloud.auth import authenticate
from pos.cloud.db import CloudDB
from pos.ledger.base.errors import NotAllowed
from pos.ledger.base.money import Money
from pos.ledger.books.check import check_books
from pos.ledger.replication import sync_state
from pos.ledger.stock.product_records import find_by_barcode
from pos.ledger.stock.products import ProductEdit, edit_product
from pos.sync.client import SyncClient, SyncError

_prices = itertools.count(6_000, 500)


def make_machine(cloud_url: str, service_url: str) -> type[RuleBasedStateMachine]:
    class SyncMachine(RuleBasedStateMachine):
        @initialize()
        def open_shop(self) -> None:
            self.cloud = CloudDB(cloud_url, max_size=2)
            self.tmp = Path(tempfile.mkdtemp(prefix="laci-sync-"))
            self.shop = shop_with_counters(self.tmp, self.cloud, service_url, 2)
            self.sold = 0

        @rule(counter=st.integers(0, 1), product=st.integers(0, 2), qty=st.integers(1, 3), kasbon=st.booleans())
        def sell_offline(self, counter: int, product: int, qty: int, kasbon: bool) -> None:
            sell(self.shop, counter, product, qty, kasbon=kasbon)
            self.sold += qty * 1000

        @rule(counter=st.integers(0, 1), product=st.integers(0, 2))
        def change_price(self, counter: int, product: int) -> None:
            # At the owner's device (0) the price changes; at a cashier's counter (1) it is refused where typed.
            db = self.shop.counters[counter]
            with contextlib.ExitStack() as stack:
                if counter == 1:
                    stack.enter_context(pytest.raises(NotAllowed))
                with db.write() as s:
                    hit = find_by_barcode(s, CODES[product])
                    assert hit is not None
                    edit_product(s, self.shop.owner, hit.product.id, ProductEdit(price=Money(next(_prices))))

        @rule(counter=st.integers(0, 1))
        def sync(self, counter: int) -> None:
            with SyncClient(self.shop.counters[counter]) as client:
                client.sync()

        @rule(counter=st.integers(0, 1))
        def sync_loses_its_answer(self, counter: int) -> None:
            # The next sync must repair whatever this one left half done.
            with (
                SyncClient(self.shop.counters[counter], transport=DropAnswers(1)) as client,
                contextlib.suppress(SyncError),
            ):
                client.sync()

        @rule(counter=st.integers(0, 1))
        def sync_while_offline(self, counter: int) -> None:
            with SyncClient(self.shop.counters[counter], transport=Offline()) as client, contextlib.suppress(SyncError):
                client.sync()

        @invariant()
        def books_balance_everywhere(self) -> None:
            if hasattr(self, "shop"):
                for db in self.shop.counters:
                    with db.read() as s:
                        assert check_books(s).ok

        def teardown(self) -> None:
            """After any run: sync everyone twice; all counters agree, every event is in the cloud once."""
            if not hasattr(self, "shop"):
                return
            try:
                sync_all(self.shop)
                prints = [fingerprint(c) for c in self.shop.counters]
                assert prints[0] == prints[1]
                assert -sum(row[1] for row in prints[0]["stock"]) == self.sold
                for db in self.shop.counters:
                    with db.read() as s:
                        token = sync_state.enrolment(s).token  # type: ignore[union-attr]
                    caller = authenticate(self.cloud, token)
                    with self.cloud.transaction(caller.shop_id) as conn:
                        count, distinct = conn.execute(
                            "SELECT count(*), count(DISTINCT device_seq) FROM events WHERE device_id = %s",
                            (caller.device_id,),
                        ).fetchone()  # type: ignore[misc]
                    assert count == distinct == len(outbox(db))
            finally:
                for db in self.shop.counters:
                    db.dispose()
                self.cloud.close()

    return SyncMachine


def test_sell_edit_sync_and_fault_interleavings(cloud_url: str, service) -> None:  # type: ignore[no-untyped-def]
    machine = make_machine(cloud_url, service.url)
    machine.TestCase.settings = settings(
        max_examples=12,
        stateful_step_count=12,
        deadline=None,
        suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    )
    machine.TestCase().runTest()

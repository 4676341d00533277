"""Clocks: a counter whose clock ran ahead heals, so once every clock is right the edit made last wins.

Hypothesis draws three counters' clock errors (up to two hours either way) and a stretch of price edits and syncs
made while they are wrong; then the clocks are put right, every counter syncs once, and edits follow one after
the other in real time. The last of them must be the price on every counter. The service runs on a clock the
test moves (real time, as the service knows it), ahead of this machine's own.
"""

from __future__ import annotations

import datetime as dt
import itertools
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from server import ThreadServer
from shops import CODES, shop_with_counters, sync_all

from pos.cloud.db import CloudDB
from pos.cloud.ingest import MAX_CLOCK_AHEAD
from pos.ledger.base.db import Database
from pos.ledger.base.hlc import clamp
from pos.ledger.base.money import Money
from pos.ledger.stock.product_records import find_by_barcode
from pos.ledger.stock.products import ProductEdit, edit_product
from pos.sync.client import SyncClient

_prices = itertools.count(10_000, 100)


class Clock:
    def __init__(self) -> None:
        # Ahead of this machine's clock, so what a counter reads from its own clock never runs past the story.
        self.now = dt.datetime.now(dt.UTC) + dt.timedelta(days=2)

    def __call__(self) -> dt.datetime:
        return self.now


def price(db: Database) -> int:
    with db.read() as s:
        hit = find_by_barcode(s, CODES[0])
        assert hit is not None
        return hit.product.price.rupiah


def test_once_clocks_are_right_the_edit_made_last_wins(cloud_url: str) -> None:
    clock = Clock()
    server = ThreadServer(cloud_url, clock=clock).start()
    cloud = CloudDB(cloud_url, max_size=2)
    minutes = st.integers(-120, 120)
    step = st.tuples(st.integers(0, 2), st.booleans(), st.integers(1, 600))

    @settings(max_examples=8, deadline=None, suppress_health_check=list(HealthCheck))
    # Counter 0 ran two hours ahead and edited; once right, it edits, then counter 1 does: counter 1's must win.
    @example((120, 0, 0), [(0, True, 10)], [(0, False), (1, False)])
    @given(
        st.tuples(minutes, minutes, minutes),
        st.lists(step, min_size=1, max_size=10),
        st.lists(st.tuples(st.integers(0, 2), st.booleans()), min_size=1, max_size=4),
    )
    def heals(skews: tuple[int, int, int], wrong: list[tuple[int, bool, int]], right: list[tuple[int, bool]]) -> None:
        shop = shop_with_counters(Path(tempfile.mkdtemp(prefix="laci-clock-")), cloud, server.url, 3, owners=3)
        try:
            with shop.counters[0].read() as s:
                product = find_by_barcode(s, CODES[0]).product.id  # type: ignore[union-attr]

            def edit(n: int, skew: dt.timedelta) -> int:
                value = next(_prices)
                with shop.counters[n].write() as s:
                    edit_product(s, shop.owner, product, ProductEdit(price=Money(value)), at=clock.now + skew)
                return value

            for n, is_edit, seconds in wrong:  # clocks wrong: edits by each counter's own clock, some syncs
                clock.now += dt.timedelta(seconds=seconds)
                if is_edit:
                    edit(n, dt.timedelta(minutes=skews[n]))
                else:
                    with SyncClient(shop.counters[n]) as client:
                        client.sync()
            clock.now += dt.timedelta(seconds=1)
            sync_all(shop, rounds=1)  # the clocks are right again; each counter syncs once
            last = None
            for n, syncs in right:  # edits one after the other in real time
                clock.now += dt.timedelta(seconds=1)
                last = edit(n, dt.timedelta(0))
                if syncs:
                    with SyncClient(shop.counters[n]) as client:
                        client.sync()
            sync_all(shop)
            assert [price(db) for db in shop.counters] == [last] * 3, (skews, wrong, right)
        finally:
            for db in shop.counters:
                db.dispose()

    try:
        heals()
    finally:
        server.stop()
        cloud.close()


def test_stamps_pulled_back_together_keep_their_order() -> None:
    """Two edits of one field sent in one push, both ahead of the service: pulled back, still in order."""
    now = dt.datetime(2026, 11, 22, 2, 0, tzinfo=dt.UTC)
    ms = int(now.timestamp() * 1000)
    device = "ab" * 16
    first, second = (f"{ms + ahead:013d}-00000-{device}" for ahead in (3_600_000, 3_600_500))
    one = clamp(first, now, MAX_CLOCK_AHEAD)
    two = clamp(second, now, MAX_CLOCK_AHEAD, one)
    assert one < two and one.startswith(f"{ms:013d}")

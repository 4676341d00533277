"""Keeping the owner's read models up to date from the event log, and building them again from it.

Each shop's read models stand at a server sequence (`web_cursor`). Catching up reads the fact events after it in
order, writes their copies and rollups, and moves the cursor, all in one transaction: a batch is applied once
or not at all, whatever stops the service. The push itself does no more than before: a trigger marks the shop
in `web_dirty`, and a worker thread catches marked shops up once their counters pause (or after `MAX_LAG`
while they keep pushing). A page catches its shops up first, so what it shows is as fresh as the last sync.
"""

from __future__ import annotations

import datetime as dt
import logging
import threading
import uuid
from typing import Any, Final

import orjson
from psycopg import Connection
from psycopg.types.json import set_json_loads

from pos.cloud.db import WEB_REBUILT, CloudDB
from pos.cloud.web import products
from pos.cloud.web.mirror import Batch
from pos.cloud.web.rollup import roll_up

BATCH: Final = 2000  # events a step reads
QUIET: Final = dt.timedelta(seconds=0.5)  # a shop is caught up once its pushes pause this long...
MAX_LAG: Final = dt.timedelta(seconds=30)  # ...or once it has waited this long
POLL_SECONDS: Final = 1.0

# The read-model tables of a shop that a rebuild empties (the owner's settings and counters' last contact stay).
REBUILT: Final = WEB_REBUILT

# Fact tables the read models do not copy: left in PostgreSQL rather than decoded for nothing.
UNREAD: Final = (
    "audit_log",
    "price_history",
    "purchases",
    "purchase_lines",
    "channel_settlements",
    "stock_counts",
    "stock_count_lines",
)

log = logging.getLogger(__name__)


def _lock_cursor(conn: Connection[Any], shop_id: uuid.UUID, *, wait: bool) -> int | None:
    """The shop's cursor, locked for this transaction; None when another transaction holds it and `wait` is off."""
    conn.execute("INSERT INTO web_cursor (shop_id) VALUES (%s) ON CONFLICT DO NOTHING", (shop_id,))
    lock = "FOR UPDATE" if wait else "FOR UPDATE SKIP LOCKED"
    row = conn.execute(f"SELECT seq FROM web_cursor WHERE shop_id = %s {lock}", (shop_id,)).fetchone()
    return None if row is None else int(row[0])


def step(conn: Connection[Any], shop_id: uuid.UUID, after: int, size: int = BATCH) -> tuple[int, int]:
    """Apply the fact events after server sequence `after`, up to `size` of them; returns (events applied, the new
    cursor). Master-data changes are the service's own business (merged at push) and are passed over."""
    set_json_loads(orjson.loads, conn)
    last = conn.execute("SELECT last_seq FROM shops WHERE shop_id = %s", (shop_id,)).fetchone()
    if last is None:
        return 0, after
    rows = conn.execute(
        "SELECT server_seq, device_id, kind, CASE WHEN kind IN ('change', 'changes') THEN NULL "
        "ELSE (payload -> 'rows') - %s::text[] END FROM events WHERE shop_id = %s AND server_seq > %s "
        "AND server_seq <= %s AND rejected IS NULL ORDER BY server_seq LIMIT %s",
        (list(UNREAD), shop_id, after, int(last[0]), size),
    ).fetchall()
    batch = Batch()
    changed = False
    for _seq, device_id, kind, facts in rows:
        if kind in ("change", "changes"):
            changed = True
        elif isinstance(facts, dict):
            batch.add(device_id, facts)
    roll_up(conn, shop_id, batch.write(conn, shop_id))
    if batch.passed_over:
        log.warning("%d event(s) of shop %s could not be copied into its read models", batch.passed_over, shop_id)
    if changed:
        products.refresh(conn, shop_id, after, int(rows[-1][0]))
    # Fewer than asked for: every event up to the shop's sequence has been read (changes and refusals included).
    cursor = int(rows[-1][0]) if len(rows) == size else max(after, int(last[0]))
    conn.execute("UPDATE web_cursor SET seq = %s, updated_at = now() WHERE shop_id = %s", (cursor, shop_id))
    return len(rows), cursor


def catch_up(db: CloudDB, shop_id: uuid.UUID, *, budget: int | None = None) -> bool:
    """Bring the shop's read models up to its newest event, one transaction per step; with `budget`, stop after
    about that many events. Returns whether they now hold every event (False also when another worker is busy
    with the shop, in which case what it commits is what the page shows)."""
    done = 0
    with db.transaction(shop_id) as conn:
        if caught_up(conn, shop_id):
            return True  # the usual case for a page: nothing new, and nothing written
    while True:
        with db.transaction(shop_id) as conn:
            after = _lock_cursor(conn, shop_id, wait=False)
            if after is None:
                return False
            applied, cursor = step(conn, shop_id, after)
            last = conn.execute("SELECT last_seq FROM shops WHERE shop_id = %s", (shop_id,)).fetchone()
        if last is None or cursor >= int(last[0]):
            return True
        done += applied
        if budget is not None and done >= budget:
            return False


def caught_up(conn: Connection[Any], shop_id: uuid.UUID) -> bool:
    """Whether the shop's read models hold every event it has (read only)."""
    row = conn.execute(
        "SELECT s.last_seq, c.seq FROM shops s LEFT JOIN web_cursor c ON c.shop_id = s.shop_id WHERE s.shop_id = %s",
        (shop_id,),
    ).fetchone()
    return row is None or (row[1] is not None and int(row[1]) >= int(row[0]))


def rebuild(db: CloudDB, shop_id: uuid.UUID) -> int:
    """Empty the shop's read models and build them again from its whole event log, in one transaction (pages go
    on showing the old figures until it commits). Returns the events read."""
    total = 0
    with db.transaction(shop_id) as conn:
        _lock_cursor(conn, shop_id, wait=True)
        for table in REBUILT:
            conn.execute(f"DELETE FROM {table} WHERE shop_id = %s", (shop_id,))
        after = 0
        while True:
            applied, cursor = step(conn, shop_id, after)
            total += applied
            if applied < BATCH:
                break
            after = cursor
    return total


def shop_ids(db: CloudDB) -> list[uuid.UUID]:
    """Every shop with a device: device tokens are read before a shop is known, so they carry no shop policy."""
    with db.transaction() as conn:
        return [row[0] for row in conn.execute("SELECT DISTINCT shop_id FROM device_tokens ORDER BY shop_id")]


def _due(db: CloudDB) -> list[uuid.UUID]:
    """Marked shops whose pushes have paused (or that waited long enough), unmarked as they are taken."""
    now = dt.datetime.now(dt.UTC)
    with db.transaction() as conn:
        rows = conn.execute(
            "DELETE FROM web_dirty WHERE shop_id IN (SELECT shop_id FROM web_dirty "
            "WHERE marked_at < %s OR first_at < %s ORDER BY first_at LIMIT 50 FOR UPDATE SKIP LOCKED) "
            "RETURNING shop_id",
            (now - QUIET, now - MAX_LAG),
        ).fetchall()
    return [row[0] for row in rows]


class Worker:
    """A daemon thread that catches marked shops up; several service processes may each run one."""

    def __init__(self, db: CloudDB, poll_seconds: float = POLL_SECONDS) -> None:
        self.db = db
        self.poll_seconds = poll_seconds
        self.stopping = threading.Event()
        self.thread = threading.Thread(target=self._run, name="laci-web-catchup", daemon=True)

    def start(self) -> Worker:
        self.thread.start()
        return self

    def stop(self) -> None:
        self.stopping.set()
        self.thread.join(timeout=30)

    def _run(self) -> None:
        while not self.stopping.is_set():
            try:
                due = _due(self.db)
                for shop_id in due:
                    if self.stopping.is_set():
                        return
                    if not catch_up(self.db, shop_id):
                        self._mark(shop_id)  # busy elsewhere: look again later
            except Exception:
                # The worker must outlive a bad moment (the database restarting); the next round tries again.
                log.exception("catching up the owner's read models failed")
                due = []
            if not due:
                self.stopping.wait(self.poll_seconds)

    def _mark(self, shop_id: uuid.UUID) -> None:
        with self.db.transaction() as conn:
            conn.execute("INSERT INTO web_dirty (shop_id) VALUES (%s) ON CONFLICT DO NOTHING", (shop_id,))

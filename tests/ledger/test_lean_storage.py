"""Lean storage (migration 0017): fact events kept by their rows' keys and read back when pushed, acknowledged
events leaving the outbox after `KEPT_DAYS`, and an older shop converted in place with its books intact."""

from __future__ import annotations

import datetime as dt
import json
import shutil
import sqlite3
import uuid
import zlib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from builders import add_item, cart_of, counter_template, ean, fresh_db, sell
from hypothesis import given
from hypothesis import strategies as st
from sqlalchemy import text
from sqlalchemy.exc import DatabaseError

from pos.ledger.base.db import Database
from pos.ledger.base.device import local_device
from pos.ledger.books.check import check_books
from pos.ledger.counter.payments import cash
from pos.ledger.replication import fact_refs
from pos.ledger.replication.outbox import KEPT_DAYS, emit, events_json
from pos.ledger.replication.sync_state import (
    prune_outbox,
    pushed_seq,
    record_push,
    record_refusals,
    waiting,
    waiting_body,
)
from pos.ledger.shop.opening import open_database

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "upgrade"
TEH = ean(21)
KOPI = ean(22)
NOW = dt.datetime(2026, 11, 23, 3, 0, tzinfo=dt.UTC)


@pytest.fixture(scope="module")
def counter_path(template_db: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    return counter_template(template_db, tmp_path_factory.mktemp("counter"))


@pytest.fixture
def shop(counter_path: Path, tmp_path: Path) -> Iterator[Database]:
    db = fresh_db(counter_path, tmp_path / "shop")
    with db.write() as s:
        add_item(s, "Teh botol 350 ml", 5_000, cost=3_500, barcode=TEH)
        add_item(s, "Kopi sachet", 1_500, cost=1_000, barcode=KOPI)
    yield db
    db.dispose()


def rows_in_tables(db: Database, payload: dict[str, object]) -> dict[str, list[dict[str, object]]]:
    """The same rows as the event names, read straight from their tables as event JSON values."""
    rows = payload["rows"]
    assert isinstance(rows, dict)
    out: dict[str, list[dict[str, object]]] = {}
    with db.engine.connect() as conn:
        for table, listed in rows.items():
            keys = [c for c, _ in fact_refs.key_columns(table)]
            out[table] = []
            for row in listed:
                where = " AND ".join(f"{k} = ?" for k in keys)
                values = tuple(bytes.fromhex(row[k]) if isinstance(row[k], str) else row[k] for k in keys)
                cursor = conn.exec_driver_sql(f"SELECT * FROM {table} WHERE {where}", values)
                names = list(cursor.keys())
                [found] = cursor.all()
                out[table].append(
                    {n: v.hex() if isinstance(v, bytes) else v for n, v in zip(names, found, strict=True)}
                )
    return out


def test_a_sale_event_keeps_only_keys_and_is_pushed_with_every_row_it_wrote(shop: Database) -> None:
    with shop.write() as s:
        first = sell(s, cart_of(s, TEH, KOPI), [cash(10_000)])
        second = sell(s, cart_of(s, KOPI), [cash(2_000)])
    with shop.read() as s:
        events = s.execute(text("SELECT payload, body FROM outbox WHERE kind = 'sale.completed' ORDER BY seq")).all()
        together = events_json(s, [(e.payload, e.body) for e in events])
        one_by_one = [events_json(s, [(e.payload, e.body)])[0] for e in events]
    assert together == one_by_one, "a push reads many events at once, in their order"
    for event, text_, sale in zip(events, together, (first, second), strict=True):
        assert fact_refs.is_refs(event.body) and len(event.body) < 150
        payload = json.loads(text_)
        assert payload["rows"]["sales"][0]["receipt_no"] == sale.receipt_no
        assert set(payload["rows"]) == {
            "journal_entries",
            "journal_lines",
            "sales",
            "sale_lines",
            "sale_payments",
            "stock_movements",
        }
        assert payload["rows"] == rows_in_tables(shop, payload), "every column of every row, as stored"


def test_a_change_keeps_its_json_and_both_kinds_go_out_in_one_push_in_order(shop: Database) -> None:
    with shop.write() as s:
        emit(s, "change", {"entity": "settings", "key": "shop.name", "fields": {"value": "x"}, "hlc": "1"}, NOW)
        sell(s, cart_of(s, TEH), [cash(5_000)])
    with shop.read() as s:
        count, body = waiting_body(s, 0, 1_000)
        listed = waiting(s, 0, 1_000)
    events = json.loads(body)["events"]
    assert count == len(events) == len(listed)
    assert [e["device_seq"] for e in events] == list(range(1, count + 1))
    assert [e["payload"] for e in events] == [e["payload"] for e in listed]
    assert events[-2]["payload"]["fields"] == {"value": "x"}
    assert events[-1]["kind"] == "sale.completed" and events[-1]["payload"]["rows"]["sale_lines"][0]["name"]


def outbox_seqs(db: Database) -> list[int]:
    with db.read() as s:
        return list(s.execute(text("SELECT seq FROM outbox ORDER BY seq")).scalars())


def emit_at(db: Database, days_ago: int, n: int = 1) -> None:
    with db.write() as s:
        for _ in range(n):
            emit(
                s,
                "change",
                {"entity": "settings", "key": "k", "fields": {"value": "v"}, "hlc": "1"},
                NOW - dt.timedelta(days=days_ago),
            )


def test_acknowledged_events_leave_after_the_kept_days_and_no_others(shop: Database) -> None:
    start = len(outbox_seqs(shop))
    emit_at(shop, KEPT_DAYS + 10, 3)  # old: acknowledged below, so they go
    emit_at(shop, KEPT_DAYS + 5, 2)  # old but never acknowledged: they stay
    emit_at(shop, 1, 2)
    seqs = outbox_seqs(shop)
    old_acked = seqs[start : start + 3]
    with shop.write() as s:
        record_push(s, old_acked[-1], NOW)
        prune_outbox(s, NOW)
    assert outbox_seqs(shop) == [q for q in seqs if q not in old_acked]
    with shop.write() as s:
        record_push(s, seqs[-1], NOW)
        prune_outbox(s, NOW)  # the same day again: the tail is read once a day
    assert outbox_seqs(shop) == [q for q in seqs if q not in old_acked]
    with shop.write() as s:
        prune_outbox(s, NOW + dt.timedelta(days=1))
    assert outbox_seqs(shop) == seqs[:start] + seqs[-2:], "the next day the two old ones go too; recent ones stay"


def test_an_event_the_cloud_refused_is_never_dropped_however_old(shop: Database) -> None:
    """The cloud keeps only why it refused an event: this outbox holds the one copy of it, for the owner."""
    emit_at(shop, KEPT_DAYS + 10, 3)
    seqs = outbox_seqs(shop)
    refused = seqs[-2]
    with shop.read() as s:
        device = local_device(s).id.hex
    with shop.write() as s:
        record_push(s, seqs[-1], NOW)  # acknowledged, the refused one too (the cloud keeps its number whole)
        record_refusals(
            s,
            [{"server_seq": 77, "device_id": device, "device_seq": refused, "kind": "refused", "msgid": "no"}],
            NOW,
        )
        assert prune_outbox(s, NOW) == 2
    assert outbox_seqs(shop)[-1] == refused
    with shop.write() as s:
        prune_outbox(s, NOW + dt.timedelta(days=400))  # every other acknowledged event goes
    assert outbox_seqs(shop) == [refused]
    with shop.read() as s:
        [event] = waiting(s, refused - 1, 1)
    assert event["device_seq"] == refused and event["payload"]["entity"] == "settings"


def test_the_database_refuses_to_drop_an_event_the_cloud_has_not_acknowledged(shop: Database) -> None:
    emit_at(shop, KEPT_DAYS + 10, 2)
    first, last = outbox_seqs(shop)[-2:]
    with shop.write() as s:
        record_push(s, first, NOW, holds_exactly=True)
    with shop.engine.begin() as conn, pytest.raises(DatabaseError, match="acknowledged"):
        conn.exec_driver_sql("DELETE FROM outbox WHERE seq = ?", (last,))
    with shop.engine.begin() as conn, pytest.raises(DatabaseError, match="immutable"):
        conn.exec_driver_sql("UPDATE outbox SET kind = 'x' WHERE seq = ?", (first,))
    with shop.engine.begin() as conn:
        conn.exec_driver_sql("DELETE FROM outbox WHERE seq = ?", (first,))
    assert outbox_seqs(shop)[-1] == last


def test_a_cloud_restored_within_the_kept_days_gets_every_lost_event_again(shop: Database) -> None:
    with shop.write() as s:
        for _ in range(3):
            sell(s, cart_of(s, TEH), [cash(5_000)])
    seqs = outbox_seqs(shop)
    with shop.write() as s:
        record_push(s, seqs[-1], NOW)
        prune_outbox(s, NOW)
        assert outbox_seqs(shop) == seqs, "all recent: all kept"
        record_push(s, seqs[-3], NOW, holds_exactly=True)  # the cloud lost the last two
        assert pushed_seq(s) == seqs[-3]
    with shop.read() as s:
        count, body = waiting_body(s, seqs[-3], 100)
    events = json.loads(body)["events"]
    assert count == 2 and [e["device_seq"] for e in events] == seqs[-2:]
    assert all(e["payload"]["rows"]["sales"] for e in events)


keys = st.lists(
    st.sampled_from(fact_refs.FACT_TABLES).flatmap(
        lambda table: st.tuples(
            st.just(table),
            st.lists(
                st.tuples(
                    *[
                        st.uuids() if is_uuid else st.integers(min_value=0, max_value=2**40)
                        for _c, is_uuid in fact_refs.key_columns(table)
                    ]
                ),
                min_size=1,
                max_size=6,
            ),
        )
    ),
    max_size=8,
)


@given(keys)
def test_keys_come_back_as_they_were_packed(tables: list[tuple[str, list[tuple[object, ...]]]]) -> None:
    merged: dict[str, list[tuple[object, ...]]] = {}
    for table, rows in tables:
        merged.setdefault(table, []).extend(rows)
    as_rows = {
        t: [dict(zip([c for c, _ in fact_refs.key_columns(t)], r, strict=True)) for r in rows]
        for t, rows in merged.items()
    }
    decoded = fact_refs.decode(fact_refs.encode(as_rows))
    expected = {
        t: [tuple(v.bytes if isinstance(v, uuid.UUID) else v for v in r) for r in rows] for t, rows in merged.items()
    }
    assert decoded == {t: expected[t] for t in fact_refs.FACT_TABLES if t in expected}


def test_an_older_shop_is_converted_in_place_with_its_books_and_events_intact(tmp_path: Path) -> None:
    path = tmp_path / "laci.sqlite3"
    shutil.copyfile(FIXTURES / "laci-rev-0014.sqlite3", path)
    raw = sqlite3.connect(path)
    before = {
        seq: json.loads(zlib.decompress(body)) for seq, body in raw.execute("SELECT seq, body FROM outbox ORDER BY seq")
    }
    raw.close()
    db = open_database(path)
    try:
        with db.read() as s:
            assert check_books(s).ok
            kept = s.execute(text("SELECT seq, body FROM outbox ORDER BY seq")).all()
            assert [k.seq for k in kept] == [2, 3], "the event acknowledged over a year ago left"
            assert fact_refs.is_refs(kept[0].body) and not fact_refs.is_refs(kept[1].body)
            texts = events_json(s, [("", k.body) for k in kept])
        assert json.loads(texts[1]) == before[3]
        assert _without_later_columns(json.loads(texts[0]), before[2]) == before[2], (
            "the sale goes out with the very rows it went out with before"
        )
    finally:
        db.dispose()


def _without_later_columns(rebuilt: dict[str, Any], before: dict[str, Any]) -> dict[str, Any]:
    """`rebuilt` less the columns a later revision added (a stock movement's batch), which come back empty."""
    out: dict[str, Any] = {"rows": {}}
    for table, rows in rebuilt["rows"].items():
        known = set().union(*(row.keys() for row in before["rows"].get(table, [])))
        out["rows"][table] = [{c: v for c, v in row.items() if c in known or v is not None} for row in rows]
    return out


def test_an_older_shop_with_refusals_of_its_own_keeps_every_event_and_fetches_them_again(tmp_path: Path) -> None:
    """Refusals noted before the outbox could tell them apart: which events they were is not known here, so the
    upgrade leaves nothing out and the counter asks the cloud for every refusal again, numbers included."""
    path = tmp_path / "laci.sqlite3"
    shutil.copyfile(FIXTURES / "laci-rev-0014.sqlite3", path)
    raw = sqlite3.connect(path)
    [(device,)] = raw.execute("SELECT id FROM devices WHERE is_local = 1").fetchall()
    raw.execute(
        "INSERT INTO sync_held (server_seq, device_id, kind, payload, status, msgid, params, held_at, version) "
        "VALUES (9, ?, 'refused', NULL, 'refused', 'no', '{}', '2026-01-15T03:00:00+00:00', '0')",
        (device,),
    )
    raw.execute("INSERT INTO sync_state (key, value) VALUES ('refusals_seq', '9')")
    raw.commit()
    raw.close()
    db = open_database(path)
    try:
        with db.read() as s:
            assert s.execute(text("SELECT seq FROM outbox ORDER BY seq")).scalars().all() == [1, 2, 3]
            assert s.execute(text("SELECT value FROM sync_state WHERE key = 'refusals_seq'")).scalar() == "0"
    finally:
        db.dispose()

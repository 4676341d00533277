"""Protocol details: revoked tokens, bad events refused with a reason, snapshots, the CLI, the API spec."""

from __future__ import annotations

import json
import re
import uuid
from pathlib import Path

import httpx
import pytest
from cli_support import laci
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from replicas import fingerprint, new_counter
from server import ProcessServer, ThreadServer
from shops import sell, shop_with_counters, sync_all

from pos.cloud.app import create_app
from pos.cloud.auth import authenticate, revoke
from pos.cloud.db import CloudDB
from pos.ledger.base.money import Money
from pos.ledger.replication import sync_state
from pos.ledger.stock.product_records import add_product
from pos.sync.client import SyncClient, SyncError, enrol

ROOT = Path(__file__).resolve().parents[2]


def token_of(db) -> str:  # type: ignore[no-untyped-def]
    with db.read() as s:
        return sync_state.enrolment(s).token  # type: ignore[no-any-return, union-attr]


def test_a_revoked_device_is_cut_off_at_once(tmp_path: Path, cloud_db: CloudDB, service: ThreadServer) -> None:
    shop = shop_with_counters(tmp_path, cloud_db, service.url, 2)
    caller = authenticate(cloud_db, token_of(shop.counters[1]))
    # The owner's device revokes counter B through the API; a cashier's counter may not.
    b_headers = {"Authorization": f"Bearer {token_of(shop.counters[1])}"}
    refused = httpx.post(f"{service.url}/v1/devices/{caller.device_id}/revoke", headers=b_headers)
    assert refused.status_code == 403
    owner_headers = {"Authorization": f"Bearer {token_of(shop.counters[0])}"}
    assert httpx.post(f"{service.url}/v1/devices/{caller.device_id}/revoke", headers=owner_headers).status_code == 200
    with SyncClient(shop.counters[1]) as client, pytest.raises(SyncError, match="401"):
        client.sync()
    assert not revoke(cloud_db, caller.shop_id, uuid.uuid4())


def test_a_bad_event_is_refused_with_a_reason_while_the_rest_go_on(
    tmp_path: Path, cloud_db: CloudDB, service: ThreadServer
) -> None:
    shop = shop_with_counters(tmp_path, cloud_db, service.url, 2)
    sync_all(shop)
    a = shop.counters[0]
    with a.read() as s:
        after = sync_state.pushed_seq(s)
    sell(shop, 0, 0, 1)
    with a.read() as s:
        [good] = sync_state.waiting(s, after, 10)
    rows = good["payload"]["rows"]
    entry = {**rows["journal_entries"][0], "id": uuid.uuid4().hex, "device_id": uuid.uuid4().hex}
    lines = [{**line, "entry_id": entry["id"]} for line in rows["journal_lines"]]
    forged = dict(
        good,
        device_seq=good["device_seq"] + 1,
        id=str(uuid.uuid4()),
        kind="journal.posted",
        payload={"rows": {"journal_entries": [entry], "journal_lines": lines}},
    )
    unknown = dict(good, device_seq=good["device_seq"] + 2, id=str(uuid.uuid4()), payload={"rows": {"users": [{}]}})
    future = dict(good, device_seq=good["device_seq"] + 3, id=str(uuid.uuid4()), schema_version=99)
    answer = httpx.post(
        f"{service.url}/v1/push",
        json={"events": [good, forged, unknown, future]},
        headers={"Authorization": f"Bearer {token_of(a)}"},
    )
    assert answer.status_code == 200
    body = answer.json()
    assert body["acked"] == good["device_seq"] + 3
    reasons = {r["device_seq"]: r["reason"] for r in body["rejected"]}
    assert "another device" in reasons[good["device_seq"] + 1]
    assert "cannot carry users" in reasons[good["device_seq"] + 2]
    assert "schema version" in reasons[good["device_seq"] + 3]
    with SyncClient(shop.counters[1]) as client:
        client.sync()  # B gets the good sale and none of the refused events
    with shop.counters[1].read() as s:
        from pos.ledger.books.check import check_books

        assert check_books(s).ok


def test_a_cursor_older_than_the_log_starts_from_a_snapshot(
    tmp_path: Path, cloud_db: CloudDB, service: ThreadServer
) -> None:
    shop = shop_with_counters(tmp_path, cloud_db, service.url, 1)
    with shop.counters[0].write() as s:
        add_product(s, "Barang Baru", Money(9_000))
    sync_all(shop)
    caller = authenticate(cloud_db, token_of(shop.counters[0]))
    with cloud_db.transaction(caller.shop_id) as conn:  # an operator compacted the event log
        conn.execute("UPDATE shops SET pruned_before = last_seq WHERE shop_id = %s", (caller.shop_id,))
    with SyncClient(shop.counters[0]) as client:
        client.sync()
        invite = client.invite()
    late = new_counter(tmp_path / "late", "Z")
    enrol(late, service.url, invite)
    with SyncClient(late) as client:
        client.sync()  # 410 for cursor 0, then the snapshot of master data
    late_prints, first = fingerprint(late), fingerprint(shop.counters[0])
    assert late_prints["products"] == first["products"]
    assert late_prints["users"] == first["users"]


def test_the_cli_end_to_end(tmp_path: Path, cloud_url: str) -> None:
    created = laci("cloud", "create-shop", "Warung CLI", "--database-url", cloud_url)
    assert created.returncode == 0, created.stderr
    code = re.search(r"([0-9A-F]{6}-[0-9A-F]{6}-[0-9A-F]{6})", created.stdout)
    assert code is not None
    server = ProcessServer(cloud_url).start()
    try:
        data = str(tmp_path / "counter")
        assert laci("--data-dir", data, "init", "--shop-name", "Warung CLI").returncode == 0
        status = laci("--data-dir", data, "sync", "status")
        assert "Belum terhubung" in status.stdout or "Not connected" in status.stdout
        enrolled = laci("--data-dir", data, "sync", "enrol", server.url, code.group(1))
        assert enrolled.returncode == 0, enrolled.stderr
        now = laci("--data-dir", data, "sync", "now")
        assert now.returncode == 0, now.stderr
        figures = json.loads(laci("--data-dir", data, "sync", "status", "--json").stdout)
        assert figures["enrolled"] and figures["waiting"] == 0 and figures["last_push"]
        again = laci("--data-dir", data, "sync", "enrol", server.url, code.group(1))
        assert again.returncode == 4  # refused: the code was used up
    finally:
        server.stop()
    offline = laci("--data-dir", data, "sync", "now")
    assert offline.returncode == 6 and "nanti" in offline.stderr  # sales are kept; the message says so


def test_the_openapi_spec_in_docs_is_current() -> None:
    spec = create_app("postgresql://unused/unused").openapi()
    kept = json.loads((ROOT / "docs" / "openapi.json").read_text(encoding="utf-8"))
    assert kept == json.loads(json.dumps(spec)), "regenerate docs/openapi.json (see docs/cloud.md)"


json_values = st.recursive(
    st.none() | st.booleans() | st.integers(-(2**40), 2**40) | st.text(max_size=20),
    lambda children: st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=10), children, max_size=4),
    max_leaves=20,
)
payloads = (
    json_values
    | st.fixed_dictionaries(
        {
            "rows": st.dictionaries(
                st.sampled_from(["sales", "journal_entries", "users", "x"]),
                st.lists(st.dictionaries(st.text(max_size=8), json_values, max_size=4), max_size=3),
            )
        }
    )
    | st.fixed_dictionaries(
        {
            "entity": st.sampled_from(["products", "users", "nope"]),
            "key": st.text(max_size=10),
            "fields": st.dictionaries(st.sampled_from(["name", "price", "pin_hash", "evil"]), json_values, max_size=3),
            "hlc": st.text(max_size=30),
        }
    )
)


def test_random_events_pushed_never_break_the_service_or_other_counters(
    tmp_path: Path, cloud_db: CloudDB, service: ThreadServer
) -> None:
    shop = shop_with_counters(tmp_path, cloud_db, service.url, 2)
    sync_all(shop)
    token = token_of(shop.counters[0])
    headers = {"Authorization": f"Bearer {token}"}
    with shop.counters[0].read() as s:
        seq = sync_state.pushed_seq(s)

    @settings(max_examples=80, deadline=None, suppress_health_check=list(HealthCheck))
    @given(
        st.lists(
            st.tuples(st.sampled_from(["change", "sale.completed", "x" * 50]), payloads, st.integers(-2, 2)),
            min_size=1,
            max_size=5,
        )
    )
    def push(batch: list[tuple[str, object, int]]) -> None:
        nonlocal seq
        events = []
        for kind, payload, version in batch:
            seq += 1
            events.append(
                {
                    "id": str(uuid.uuid4()),
                    "device_seq": seq,
                    "kind": kind,
                    "schema_version": version,
                    "payload": payload,
                    "created_at": "2026-11-22T03:00:00+00:00",
                }
            )
        answer = httpx.post(f"{service.url}/v1/push", json={"events": events}, headers=headers, timeout=30)
        assert answer.status_code in (200, 409, 422), answer.text
        if answer.status_code != 200:
            seq -= len(batch)  # refused whole: nothing stored, the sequence numbers are free again
        else:
            assert answer.json()["acked"] == seq

    push()
    # Whatever was stored, the other counter still syncs and its books still balance.
    with SyncClient(shop.counters[1]) as client:
        client.sync()
    with shop.counters[1].read() as s:
        from pos.ledger.books.check import check_books

        assert check_books(s).ok


def test_a_malformed_push_body_is_refused_whole_with_a_reason(
    tmp_path: Path, cloud_db: CloudDB, service: ThreadServer
) -> None:
    shop = shop_with_counters(tmp_path, cloud_db, service.url, 1)
    sync_all(shop)
    headers = {"Authorization": f"Bearer {token_of(shop.counters[0])}", "Content-Type": "application/json"}
    with shop.counters[0].read() as s:
        seq = sync_state.pushed_seq(s)
    good = {
        "id": str(uuid.uuid4()),
        "device_seq": seq + 1,
        "kind": "change",
        "schema_version": 1,
        "payload": {},
        "created_at": "2026-11-22T03:00:00+00:00",
    }
    bodies = {
        "not json": b"{events: [",
        "not an object": b"[]",
        "other fields": json.dumps({"events": [], "shop_id": "x"}).encode(),
        "a field missing": json.dumps({"events": [{k: v for k, v in good.items() if k != "kind"}]}).encode(),
        "an extra field": json.dumps({"events": [{**good, "shop_id": "x"}]}).encode(),
        "a sequence of zero": json.dumps({"events": [{**good, "device_seq": 0}]}).encode(),
        "a sequence as text": json.dumps({"events": [{**good, "device_seq": "1"}]}).encode(),
        "a bad id": json.dumps({"events": [{**good, "id": "nope"}]}).encode(),
        "a time without zone": json.dumps({"events": [{**good, "created_at": "2026-11-22T03:00:00"}]}).encode(),
        "a payload list": json.dumps({"events": [{**good, "payload": [1]}]}).encode(),
        "a long kind": json.dumps({"events": [{**good, "kind": "x" * 41}]}).encode(),
        "too many": json.dumps({"events": [good] * 1001}).encode(),
    }
    for what, body in bodies.items():
        answer = httpx.post(f"{service.url}/v1/push", content=body, headers=headers, timeout=30)
        assert answer.status_code == 422, (what, answer.text)
        assert answer.json()["detail"], what
    with cloud_db.transaction(authenticate(cloud_db, token_of(shop.counters[0])).shop_id) as conn:
        stored = conn.execute("SELECT count(*) FROM events WHERE device_seq > %s", (seq,)).fetchone()
    assert stored is not None and stored[0] == 0
    # The well-formed event goes in.
    answer = httpx.post(f"{service.url}/v1/push", json={"events": [good]}, headers=headers, timeout=30)
    assert answer.status_code == 200 and answer.json()["acked"] == seq + 1

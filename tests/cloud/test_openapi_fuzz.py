"""Schemathesis over the sync service's OpenAPI document: generated requests, real HTTP, real PostgreSQL.

Every operation gets requests that fit the document and requests that break it, as an enrolled owner's device
and as a stranger. No answer may be a server error or differ from what the document says; afterwards the
shop's counters still sync with their books in order, and the other shop in the same database saw nothing.
"""

from __future__ import annotations

import datetime as dt
import json
import uuid
from collections import Counter
from pathlib import Path
from typing import Any

import httpx
import requests
import schemathesis
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from replicas import fingerprint
from schemathesis import GenerationMode
from schemathesis.checks import CheckFunction, positive_data_acceptance
from server import ThreadServer
from shops import Shop, sell, shop_with_counters, sync_all
from sqlalchemy import text

from pos.cloud.app import MAX_REPORT_DAYS
from pos.cloud.auth import new_enrolment_code
from pos.cloud.db import CloudDB
from pos.ledger.base.db import Database
from pos.ledger.books.check import check_books
from pos.ledger.replication import sync_state
from pos.sync.client import SyncClient

OPENAPI = Path(__file__).resolve().parents[2] / "docs" / "openapi.json"
EXAMPLES = 40  # per operation, kind of data and caller: about 1,400 requests, a minute on two shared CPUs
SHOP_TABLES = (
    "devices",
    "device_tokens",
    "enrolment_codes",
    "master_state",
    "sales_index",
    "daily_totals",
    "chain_heads",
    "chain_flags",
    "statements",
)


def shop_id(counter: Database) -> uuid.UUID:
    with counter.read() as s:
        found = sync_state.enrolment(s)
    assert found is not None
    return uuid.UUID(found.shop_id)


def enrol_owner_device(cloud: CloudDB, url: str, shop: uuid.UUID) -> str:
    """A second owner's device, enrolled over HTTP with a code from the cloud, as `laci cloud` hands one out."""
    code = new_enrolment_code(cloud, shop, owner=True)
    answer = httpx.post(
        f"{url}/v1/enrol", json={"code": code, "device_id": str(uuid.uuid4()), "device_code": "F"}, timeout=30
    )
    assert answer.status_code == 200, answer.text
    assert answer.json()["owner"] is True
    return str(answer.json()["token"])


def stored(cloud: CloudDB, shop: uuid.UUID) -> dict[str, Any]:
    """Everything the cloud holds for `shop`: its events one by one, the number of rows in its other tables."""
    with cloud.transaction(shop) as conn:
        found: dict[str, Any] = {
            "shop": conn.execute("SELECT name, last_seq FROM shops WHERE shop_id = %s", (shop,)).fetchall(),
            "events": conn.execute(
                "SELECT server_seq, device_id, device_seq, event_id, kind, payload, rejected FROM events "
                "WHERE shop_id = %s ORDER BY server_seq",
                (shop,),
            ).fetchall(),
        }
        for table in SHOP_TABLES:
            row = conn.execute(f"SELECT count(*) FROM {table} WHERE shop_id = %s", (shop,)).fetchone()
            found[table] = row[0] if row else None
    return found


def beyond_the_document(case: Any) -> list[CheckFunction]:
    """Checks that do not apply to `case`: a daily report over more than MAX_REPORT_DAYS fits the document (a
    schema cannot compare two parameters) but is refused, as the parameter's description says."""
    if case.operation.path != "/v1/reports/daily" or not isinstance(case.query, dict):
        return []
    try:
        days = (dt.date.fromisoformat(str(case.query["to"])) - dt.date.fromisoformat(str(case.query["from"]))).days
    except (KeyError, ValueError):
        return []
    return [positive_data_acceptance] if days > MAX_REPORT_DAYS else []


def breakable(operation: Any) -> bool:
    """Whether the document leaves anything of `operation` to break: a header is text whatever it holds."""
    return bool(operation.body or len(operation.path_parameters) or len(operation.query))


class Fuzzer:
    """Runs generated requests as one caller: `token` None is a stranger, whose Authorization header is
    generated like any other parameter."""

    def __init__(self, url: str, token: str | None, cases: Counter[str]) -> None:
        self.url = url
        self.token = token
        self.cases = cases
        self.session = requests.Session()
        self.fixed = {"authorization": f"Bearer {token}"} if token else None
        self.caller = "owner" if token else "stranger"
        self.acked = 0  # the newest of this device's events the cloud holds

    def fresh_code(self) -> str:
        answer = self.session.post(f"{self.url}/v1/enrolment-codes", headers=self.fixed, timeout=30)
        assert answer.status_code == 200, answer.text
        return str(answer.json()["code"])

    def run(self, operation: Any, mode: GenerationMode) -> None:
        # Half the requests that fit the document get one value put right, so they reach deeper than the first
        # refusal: a working enrolment code, or the device's next sequence numbers (else nearly every push is a
        # gap, answered before its events are even checked).
        helpable = self.token is not None and mode is GenerationMode.POSITIVE

        @settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=list(HealthCheck))
        @given(case=operation.as_strategy(mode, headers=self.fixed), helped=st.booleans())
        def send(case: Any, helped: bool) -> None:
            if helpable and helped and isinstance(case.body, dict):
                self.help(operation.path, case.body)
            self.cases[f"{self.caller} {mode.value}"] += 1
            response = case.call_and_validate(
                base_url=self.url, session=self.session, excluded_checks=beyond_the_document(case)
            )
            if operation.path == "/v1/push" and response.status_code in (200, 409):
                self.acked = int(response.json()["acked"])

        send()

    def help(self, path: str, body: dict[str, Any]) -> None:
        if path == "/v1/enrol":
            body["code"] = self.fresh_code()
        elif path == "/v1/push":
            events = [event for event in body.get("events", []) if isinstance(event, dict)]
            for n, event in enumerate(events, start=self.acked + 1):
                event["device_seq"] = n

    def all_operations(self, schema: Any) -> None:
        for found in schema.get_all_operations():
            operation = found.ok()
            self.run(operation, GenerationMode.POSITIVE)
            if breakable(operation):
                self.run(operation, GenerationMode.NEGATIVE)


def books_in_order(shop: Shop) -> None:
    for counter in shop.counters:
        with counter.read() as s:
            assert check_books(s).ok


def test_generated_requests_break_nothing_and_reach_no_other_shop(
    tmp_path: Path, cloud_db: CloudDB, service: ThreadServer
) -> None:
    shop = shop_with_counters(tmp_path / "sri", cloud_db, service.url, 2)
    other = shop_with_counters(tmp_path / "other", cloud_db, service.url, 1)
    sell(shop, 0, 0, 2)
    sell(shop, 1, 1, 1, kasbon=True)
    sell(other, 0, 2, 3)
    sync_all(shop)
    sync_all(other)
    other_id = shop_id(other.counters[0])
    other_before, other_books = stored(cloud_db, other_id), fingerprint(other.counters[0])
    token = enrol_owner_device(cloud_db, service.url, shop_id(shop.counters[0]))
    schema = schemathesis.openapi.from_path(OPENAPI)

    cases: Counter[str] = Counter()
    Fuzzer(service.url, token, cases).all_operations(schema)
    Fuzzer(service.url, None, cases).all_operations(schema)

    print(f"generated requests: {sum(cases.values())} {dict(cases)}")  # shown with -s
    operations = [found.ok() for found in schema.get_all_operations()]
    assert len(operations) == 19 and sum(map(breakable, operations)) == 11
    for caller in ("owner", "stranger"):  # every operation was called, and the breakable ones broken
        assert cases[f"{caller} positive"] >= 19 + 7 * EXAMPLES, cases
        assert cases[f"{caller} negative"] >= 11 * EXAMPLES // 2, cases
    # The shop's counters still sell and sync, and agree to the last sale.
    sell(shop, 1, 2, 1)
    sync_all(shop)
    assert fingerprint(shop.counters[0]) == fingerprint(shop.counters[1])
    with shop.counters[0].read() as s:
        assert s.execute(text("SELECT COUNT(*) FROM sales")).scalar_one() == 3
    books_in_order(shop)
    # The other shop: not one row more or less in the cloud, and nothing new for its counter.
    assert stored(cloud_db, other_id) == other_before
    with SyncClient(other.counters[0]) as client:
        report = client.sync()
    assert (report.pushed, report.pulled) == (0, 0)
    assert fingerprint(other.counters[0]) == other_books
    books_in_order(other)


def refs(node: Any) -> list[str]:
    if isinstance(node, dict):
        own = [node["$ref"]] if isinstance(node.get("$ref"), str) else []
        return own + [ref for value in node.values() for ref in refs(value)]
    if isinstance(node, list):
        return [ref for value in node for ref in refs(value)]
    return []


def test_every_reference_in_the_document_resolves() -> None:
    # The push body's schema once pointed at `#/$defs/EventIn`, which is not in the document: generators could
    # not build a body from it, nor a client read it.
    document = json.loads(OPENAPI.read_text(encoding="utf-8"))
    found = refs(document)
    assert "#/components/schemas/PushResponse" in found
    for ref in found:
        node = document
        for part in ref.removeprefix("#/").split("/"):
            node = node[part]
        assert isinstance(node, dict), ref


def test_what_the_fuzzing_found_is_refused_with_a_reason(
    tmp_path: Path, cloud_db: CloudDB, service: ThreadServer
) -> None:
    shop = shop_with_counters(tmp_path, cloud_db, service.url, 1)
    sync_all(shop)
    cloud_shop = shop_id(shop.counters[0])
    headers = {"Authorization": f"Bearer {enrol_owner_device(cloud_db, service.url, cloud_shop)}"}
    with httpx.Client(base_url=service.url, headers=headers, timeout=30) as http:
        device = next(d["device_id"] for d in http.get("/v1/devices").json() if d["code"] == "F")

        def push(seq: Any, **change: Any) -> httpx.Response:
            event = {
                "id": str(uuid.uuid4()),
                "device_seq": seq,
                "kind": "sale.completed",
                "schema_version": 1,
                "payload": {},
                "created_at": "2026-11-22T10:00:00+07:00",
            }
            return http.post("/v1/push", json={"events": [{**event, **change}]})

        # Each of these was a server error, and the device stuck behind it for good: its every retry failed too.
        for what, answer in {
            "a schema version beyond PostgreSQL's integer": push(1, schema_version=2**40),
            "a time before year 1 in UTC": push(1, created_at="0001-01-01T00:00:00+23:59"),
        }.items():
            assert answer.status_code == 422 and answer.json()["detail"], what
        assert push(1, created_at="2026-11-22T23:00:00+18:00").json()["acked"] == 1  # kept, as UTC
        sale = uuid.uuid4().hex
        rows = {
            "sales": [{"id": sale, "device_id": device, "business_date": "2026-11-22"}],
            "sale_payments": [{"sale_id": sale, "method": "cash", "amount": 2**63 - 1}] * 2,
        }
        # Refused with its reason and kept as refused (the full check of a sale is in test_trust_events.py).
        refused_sale = push(2, payload={"rows": rows}).json()
        assert refused_sale["acked"] == 2 and [r["device_seq"] for r in refused_sale["rejected"]] == [2]
        # JSON has one kind of number: 3.0 is the whole number 3, as the document's "integer" says.
        assert push(3.0, schema_version=1.0).json()["acked"] == 3
        # A name PostgreSQL cannot store is refused before the code is spent; the same code then works.
        code = http.post("/v1/enrolment-codes").json()["code"]
        enrolment = {"code": code, "device_id": str(uuid.uuid4()), "device_code": "G"}
        refused = http.post("/v1/enrol", json={**enrolment, "device_name": "Kasir\x00"})
        assert refused.status_code == 422
        assert http.post("/v1/enrol", json={**enrolment, "device_name": "Kasir G"}).status_code == 200
        # A report over too many days is refused in the shape the document gives a 422.
        wide = http.get("/v1/reports/daily", params={"from": "2025-01-01", "to": "2026-12-31"})
        assert wide.status_code == 422
        assert wide.json()["detail"][0]["msg"] == "ask for at most 400 days at a time"
    # The shop's own counter still syncs: nothing of the refused events reached it.
    with SyncClient(shop.counters[0]) as client:
        client.sync()
    books_in_order(shop)
    with cloud_db.transaction(cloud_shop) as conn:
        kept = conn.execute("SELECT device_seq, created_at FROM events WHERE device_id = %s", (uuid.UUID(device),))
        assert [(seq, at.astimezone(dt.UTC)) for seq, at in kept] == [
            (1, dt.datetime(2026, 11, 22, 5, 0, tzinfo=dt.UTC)),
            (2, dt.datetime(2026, 11, 22, 3, 0, tzinfo=dt.UTC)),
            (3, dt.datetime(2026, 11, 22, 3, 0, tzinfo=dt.UTC)),
        ]

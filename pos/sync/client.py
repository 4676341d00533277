"""Talking to the cloud over HTTP(S): enrol once, then push and pull whenever a connection is there.

Selling never waits for this: the counter writes its outbox locally, and sync runs on its own thread (or from
`laci sync now`). Every step can be cut short at any point and simply repeated: pushes are idempotent on the
server, the push cursor moves only on an acknowledgement, and pulled events are applied with their cursor in
one SQLite transaction.
"""

from __future__ import annotations

import datetime as dt
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import Any, Final

import httpx

from pos.i18n import N_
from pos.ledger.base.clock import utc_now
from pos.ledger.base.db import Database
from pos.ledger.base.device import local_device
from pos.ledger.base.errors import LedgerError
from pos.ledger.replication import sync_state
from pos.sync.trust import ssl_context

PUSH_BATCH: Final = 500
PULL_PAGE: Final = 1000
TIMEOUT: Final = httpx.Timeout(30.0, connect=5.0)
JSON_BODY: Final = {"Content-Type": "application/json"}


class SyncError(LedgerError):
    """Sync could not finish this time (offline, refused, or the cloud answered with an error)."""


@dataclass(frozen=True, slots=True)
class SyncReport:
    pushed: int
    pulled: int
    applied: int
    rejected: list[tuple[int, str]]


def _client(base_url: str, token: str | None, transport: httpx.BaseTransport | None) -> httpx.Client:
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    if transport is not None:
        return httpx.Client(base_url=base_url.rstrip("/"), headers=headers, timeout=TIMEOUT, transport=transport)
    return httpx.Client(base_url=base_url.rstrip("/"), headers=headers, timeout=TIMEOUT, verify=ssl_context())


def _fail(err: Exception) -> SyncError:
    if isinstance(err, httpx.HTTPStatusError):
        detail = err.response.text[:200]
        return SyncError(
            N_("The cloud refused the request ({status}): {detail}"), status=err.response.status_code, detail=detail
        )
    return SyncError(
        N_("The cloud cannot be reached now; sales are kept and will be sent later. ({detail})"),
        detail=type(err).__name__,
    )


def enrol(db: Database, url: str, code: str, *, transport: httpx.BaseTransport | None = None) -> str:
    """Enrol this counter with a one-time code from the owner; returns the shop's name."""
    with db.read() as session:
        device = local_device(session)
    try:
        with _client(url, None, transport) as http:
            answer = http.post(
                "/v1/enrol",
                json={
                    "code": code,
                    "device_id": str(device.id),
                    "device_code": device.code,
                    "device_name": device.name,
                },
            )
            answer.raise_for_status()
    except (httpx.HTTPError, OSError) as err:
        raise _fail(err) from err
    body = answer.json()
    with db.write() as session:
        sync_state.save_enrolment(session, url, body["shop_id"], body["shop_name"], body["token"])
    return str(body["shop_name"])


class SyncClient:
    """Push and pull for one enrolled counter. `transport` lets tests put faults between us and the cloud."""

    def __init__(self, db: Database, *, transport: httpx.BaseTransport | None = None, page: int = PULL_PAGE) -> None:
        self.db = db
        with db.read() as session:
            found = sync_state.enrolment(session)
        if found is None:
            raise SyncError(N_("This counter is not connected to the cloud yet. Enrol it with 'laci sync enrol'."))
        self.enrolment = found
        self.http = _client(found.url, found.token, transport)
        self.resend = False
        # Each pulled page is applied in one write transaction; the counter asks for smaller pages so a sale
        # never waits long for the lock.
        self.page = page

    def close(self) -> None:
        self.http.close()

    def __enter__(self) -> SyncClient:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()

    def _batch(self, after: int) -> tuple[int, bytes]:
        """The next push after device sequence `after`: how many events, and the request body."""
        with self.db.read() as session:
            return sync_state.waiting_body(session, after, PUSH_BATCH)

    def push(self) -> tuple[int, list[tuple[int, str]]]:
        """Send everything waiting in the outbox; returns how many events the cloud now holds from us, and refusals.

        While one batch is on its way, the next is read (and its events decompressed) on a helper thread, as if
        the cloud will acknowledge all of this one, which it nearly always does; when it answers otherwise the
        batch read ahead is dropped and the next is read from what it acknowledged. The outbox's sequence has no
        gaps, so the batch after `after` holding `count` events ends at `after + count`.
        """
        sent = 0
        rejected: list[tuple[int, str]] = []
        with self.db.read() as session:
            after = sync_state.pushed_seq(session)
        count, body = self._batch(after)
        with ThreadPoolExecutor(max_workers=1, thread_name_prefix="laci-push") as ahead:
            while count:
                upcoming = ahead.submit(self._batch, after + count)
                try:
                    answer = self.http.post("/v1/push", content=body, headers=JSON_BODY)
                    if answer.status_code not in (200, 409):
                        answer.raise_for_status()
                except (httpx.HTTPError, OSError) as err:
                    self._note_error(err)
                    raise _fail(err) from err
                reply = answer.json()
                acked = int(reply["acked"])
                rejected += [(int(r["device_seq"]), str(r["reason"])) for r in reply.get("rejected", [])]
                with self.db.write() as session:
                    sync_state.record_push(session, acked)
                    now = sync_state.pushed_seq(session)
                if answer.status_code == 200:
                    sent += max(0, acked - after)
                elif acked <= after:
                    # The cloud is missing something before what we sent and we have nothing earlier: a broken
                    # outbox.
                    raise SyncError(
                        N_("The cloud is missing events this counter no longer has (from {seq})."), seq=acked + 1
                    )
                if now == after + count:
                    after = now
                    count, body = upcoming.result()
                else:
                    upcoming.result()  # read for a cursor the cloud did not confirm: dropped
                    after = now
                    count, body = self._batch(after)
        return sent, rejected

    def pull(self) -> tuple[int, int]:
        """Fetch and apply what other counters sent; returns (events received, events applied)."""
        received = applied = 0
        while True:
            with self.db.read() as session:
                after = sync_state.pulled_seq(session)
            try:
                answer = self.http.get("/v1/events", params={"after": after, "limit": self.page})
                if answer.status_code == 410:
                    self._load_snapshot()
                    continue
                answer.raise_for_status()
            except (httpx.HTTPError, OSError) as err:
                self._note_error(err)
                raise _fail(err) from err
            body = answer.json()
            events: list[dict[str, Any]] = body["events"]
            with self.db.write() as session:
                applied += sync_state.apply_pulled(session, events, int(body["last_seq"]))
                if int(body["device_acked"]) < sync_state.pushed_seq(session):
                    # The cloud holds less of our log than it once acknowledged: it was restored from a backup.
                    sync_state.record_push(session, int(body["device_acked"]), holds_exactly=True)
                    self.resend = True
            received += len(events)
            if not body["more"]:
                return received, applied

    def _load_snapshot(self) -> None:
        answer = self.http.get("/v1/snapshot")
        answer.raise_for_status()
        with self.db.write() as session:
            sync_state.apply_snapshot(session, answer.json())

    def sync(self) -> SyncReport:
        """Push, then pull: what this counter did goes out first, then it catches up with the others."""
        self.resend = False
        pushed, rejected = self.push()
        received, applied = self.pull()
        if self.resend:
            more, refused = self.push()
            pushed += more
            rejected += refused
        with self.db.write() as session:
            sync_state.put(session, "last_error", "")
        return SyncReport(pushed, received, applied, rejected)

    def invite(self) -> str:
        """A one-time code another counter enrols with (the owner's device only)."""
        try:
            answer = self.http.post("/v1/enrolment-codes")
            answer.raise_for_status()
        except (httpx.HTTPError, OSError) as err:
            raise _fail(err) from err
        return str(answer.json()["code"])

    def daily_totals(self, start: dt.date, end: dt.date) -> list[dict[str, Any]]:
        answer = self.http.get("/v1/reports/daily", params={"from": start.isoformat(), "to": end.isoformat()})
        answer.raise_for_status()
        result: list[dict[str, Any]] = answer.json()
        return result

    def _note_error(self, err: Exception) -> None:
        try:
            with self.db.write() as session:
                sync_state.put(session, "last_error", f"{utc_now().isoformat()} {type(err).__name__}")
        except Exception:
            pass

"""Talking to the cloud over HTTP(S): enrol once, then push and pull whenever a connection is there.

Selling never waits for this: the counter writes its outbox locally, and sync runs on its own thread (or from
`laci sync now`). Every step can be cut short at any point and simply repeated: pushes are idempotent on the
server, the push cursor moves only on an acknowledgement, and pulled events are applied with their cursor in
one SQLite transaction.
"""

from __future__ import annotations

import datetime as dt
import ipaddress
import uuid
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import Any, Final
from urllib.parse import urlsplit

import httpx

from pos.i18n import N_
from pos.ledger.base.clock import utc_now
from pos.ledger.base.db import Database
from pos.ledger.base.device import local_device
from pos.ledger.base.errors import InvalidInput, NotAllowed, Unavailable
from pos.ledger.people import users
from pos.ledger.replication import authority, inbound, pins, sync_state
from pos.sync.trust import ssl_context

PUSH_BATCH: Final = 500
PULL_PAGE: Final = 1000
TIMEOUT: Final = httpx.Timeout(30.0, connect=5.0)
JSON_BODY: Final = {"Content-Type": "application/json"}
WAITING_HEADER: Final = "X-Laci-Waiting"


class SyncError(Unavailable):
    """Sync could not finish this time (offline, refused, or the cloud answered with an error)."""


class SyncSetupWrong(InvalidInput, SyncError):
    """The cloud's address or the invite as typed cannot be used; nothing was sent."""


class NotEnrolled(NotAllowed, SyncError):
    """This counter has not joined the shop in the cloud, so it may not sync yet."""


class CloudRefused(NotAllowed, SyncError):
    """The cloud answered and said no (a used invite, a device without the right): asking again will not help."""


# Answers that mean "not now" rather than "no": a request that timed out, or too many at once.
_TRY_AGAIN = (408, 429)


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
        status = err.response.status_code
        kind = CloudRefused if 400 <= status < 500 and status not in _TRY_AGAIN else SyncError
        return kind(N_("The cloud refused the request ({status}): {detail}"), status=status, detail=detail)
    return SyncError(
        N_("The cloud cannot be reached now; sales are kept and will be sent later. ({detail})"),
        detail=type(err).__name__,
    )


def check_url(url: str) -> None:
    """Refuse a service address that would send the device token in clear over a network: only HTTPS, or plain
    HTTP to this machine itself."""
    parts = urlsplit(url)
    host = parts.hostname or ""
    if parts.scheme == "https" and host:
        return
    if parts.scheme == "http" and (host == "localhost" or _loopback(host)):
        return
    raise SyncSetupWrong(N_("The cloud's address must start with https:// (plain http:// only to this computer)."))


def _loopback(host: str) -> bool:
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def parse_invite(invite: str) -> tuple[str, bytes | None]:
    """An invite as the owner's counter prints it: the service's one-time code, then (after a dot) the shop's
    PIN key, which stays on the counters and is never sent to the service."""
    code, _dot, key_text = invite.strip().partition(".")
    if not key_text:
        return code, None
    try:
        return code, pins.key_from_text(key_text)
    except ValueError:
        raise SyncSetupWrong(N_("The invite is not complete: copy all of it, dot and all.")) from None


def enrol(db: Database, url: str, invite: str, *, transport: httpx.BaseTransport | None = None) -> str:
    """Enrol this counter with a one-time invite from the owner (or the host's owner code); returns the shop's name."""
    check_url(url)
    code, key = parse_invite(invite)
    with db.read() as session:
        device = local_device(session)
        written = sync_state.outbox_seq(session)
    try:
        with _client(url, None, transport) as http:
            answer = http.post(
                "/v1/enrol",
                json={
                    "code": code,
                    "device_id": str(device.id),
                    "device_code": device.code,
                    "device_name": device.name,
                    "outbox_seq": written,
                },
            )
            answer.raise_for_status()
    except (httpx.HTTPError, OSError) as err:
        raise _fail(err) from err
    body = answer.json()
    with db.write() as session:
        sync_state.save_enrolment(session, url, body["shop_id"], body["shop_name"], body["token"])
        sync_state.joined(session, owner=bool(body["owner"]), key=key, acked=int(body.get("acked", 0)))
    return str(body["shop_name"])


@dataclass(frozen=True, slots=True)
class OwnerLink:
    url: str
    expires_at: dt.datetime


@dataclass(frozen=True, slots=True)
class WebSession:
    session_id: str
    created_at: dt.datetime
    last_seen_at: dt.datetime
    agent: str


class SyncClient:
    """Push and pull for one enrolled counter. `transport` lets tests put faults between us and the cloud."""

    def __init__(self, db: Database, *, transport: httpx.BaseTransport | None = None, page: int = PULL_PAGE) -> None:
        self.db = db
        with db.read() as session:
            found = sync_state.enrolment(session)
        if found is None:
            raise NotEnrolled(N_("This counter is not connected to the cloud yet. Enrol it with 'laci sync enrol'."))
        self.enrolment = found
        with db.read() as session:
            self.me = local_device(session).id.hex
        self.http = _client(found.url, found.token, transport)
        self.resend = False
        self.known_devices: set[str] = set()
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
                # How many of our own events still wait, for the owner's Counters page.
                waiting = {WAITING_HEADER: str(sync_state.waiting_count(session))}
            try:
                answer = self.http.get("/v1/events", params={"after": after, "limit": self.page}, headers=waiting)
                if answer.status_code == 410:
                    self._load_snapshot()
                    continue
                answer.raise_for_status()
            except (httpx.HTTPError, OSError) as err:
                self._note_error(err)
                raise _fail(err) from err
            body = answer.json()
            events: list[dict[str, Any]] = body["events"]
            if {str(e["device_id"]) for e in events} - self.known_devices:
                self.refresh_devices()  # a device enrolled since: its role decides what it may change
            with self.db.write() as session:
                applied += sync_state.apply_pulled(
                    session, events, int(body["last_seq"]), checked_from=int(body.get("checked_from", 0))
                )
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
        self.refresh_devices()
        received, applied = self.pull()
        self.fetch_refusals()
        with self.db.write() as session:
            applied += inbound.retry_held(session, utc_now())
            sync_state.prune_outbox(session)
            if users.resend_keyed(session):
                self.resend = True
        if self.resend:
            more, refused = self.push()
            pushed += more
            rejected += refused
        with self.db.write() as session:
            sync_state.put(session, "last_error", "")
        return SyncReport(pushed, received, applied, rejected)

    def _get(self, path: str, **params: Any) -> Any:
        try:
            answer = self.http.get(path, params=params)
            answer.raise_for_status()
        except (httpx.HTTPError, OSError) as err:
            self._note_error(err)
            raise _fail(err) from err
        return answer.json()

    def refresh_devices(self) -> list[dict[str, Any]]:
        """The shop's devices and their roles, as the service holds them: what counters check authority by."""
        devices: list[dict[str, Any]] = self._get("/v1/devices")
        with self.db.write() as session:
            authority.save_roles(session, devices)
        self.known_devices = {str(d["device_id"]) for d in devices}
        return devices

    def fetch_refusals(self) -> None:
        """What the service refused from any counter of the shop, kept here with the reason for the owner."""
        while True:
            with self.db.read() as session:
                after = int(sync_state.get(session, "refusals_seq") or 0)
            found: list[dict[str, Any]] = self._get("/v1/refusals", after=after, limit=self.page)
            if not found:
                return
            with self.db.write() as session:
                sync_state.record_refusals(session, found)

    def invite(self, *, owner: bool = False, replaces: uuid.UUID | None = None) -> str:
        """A one-time invite another device enrols with (from an owner's device only): the service's code and,
        after a dot, the shop's PIN key, which never goes to the service."""
        body: dict[str, Any] = {"role": "owner" if owner else "counter"}
        if replaces is not None:
            body["replaces"] = str(replaces)
        try:
            answer = self.http.post("/v1/enrolment-codes", json=body)
            answer.raise_for_status()
        except (httpx.HTTPError, OSError) as err:
            raise _fail(err) from err
        with self.db.write() as session:
            key = pins.shop_key(session)
            if key is None and authority.local_is_owner(session):
                key = pins.new_key()
                pins.save_key(session, key)
        code = str(answer.json()["code"])
        return f"{code}.{pins.key_text(key)}" if key is not None else code

    def devices(self) -> list[dict[str, Any]]:
        found: list[dict[str, Any]] = self._get("/v1/devices")
        return found

    def device_log(self) -> list[dict[str, Any]]:
        found: list[dict[str, Any]] = self._get("/v1/device-log")
        return found

    def owner_link(self) -> OwnerLink:
        """A one-time link that signs the owner in to the web pages on a phone (the owner's device only)."""
        body = self._call("POST", "/v1/owner-links")
        base = self.enrolment.url.rstrip("/")
        return OwnerLink(base + str(body["path"]), dt.datetime.fromisoformat(str(body["expires_at"])))

    def web_sessions(self) -> list[WebSession]:
        """The live web sessions that can read this shop (the owner's device only)."""
        return [
            WebSession(
                str(s["session_id"]),
                dt.datetime.fromisoformat(str(s["created_at"])),
                dt.datetime.fromisoformat(str(s["last_seen_at"])),
                str(s["agent"]),
            )
            for s in self._call("GET", "/v1/web-sessions")
        ]

    def end_web_session(self, session_id: str) -> None:
        self._call("POST", f"/v1/web-sessions/{session_id}/end")

    def _call(self, method: str, path: str) -> Any:
        try:
            answer = self.http.request(method, path)
            answer.raise_for_status()
        except (httpx.HTTPError, OSError) as err:
            raise _fail(err) from err
        return answer.json()

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

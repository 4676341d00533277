"""The counter's side of the service's witness: what it holds of the chains, departures reported, packs witnessed.

After each sync the counter reads the heads the service holds and its flags, keeps them for `laci check` (which
compares the books with them even without a network), and reports any witnessed entry of its own that its books
no longer carry, so the owner's dashboard and the shop's verification pages show the rewrite at once. A loan pack
of an enrolled shop is witnessed here: the counter pushes and pulls everything first, so the heads it sends are
those the service holds.
"""

from __future__ import annotations

import contextlib
from typing import Any

import httpx

from pos.i18n import N_
from pos.ledger.base import attest
from pos.ledger.base.clock import utc_now
from pos.ledger.base.device import local_device
from pos.ledger.books import witnessed
from pos.ledger.books.check_chains import departures
from pos.ledger.replication import sync_state
from pos.sync.client import SyncClient, SyncError, SyncReport


def sync(client: SyncClient) -> SyncReport:
    """Push and pull, then read what the service holds of the chains (a failure there is noted, not raised: the
    sales went through)."""
    report = client.sync()
    try:
        refresh(client)
        with client.db.read() as session:
            known = witnessed.service_keys(session)
        if not known:
            service_keys(client)
    except SyncError as err:
        with client.db.write() as session:
            sync_state.put(session, "last_error", f"{utc_now().isoformat()} {err}")
    return report


def refresh(client: SyncClient) -> witnessed.WitnessState:
    """Read the service's chain heads and flags, keep them, and report this counter's own departures."""
    try:
        answer = client.http.get("/v1/chain")
        answer.raise_for_status()
        state = witnessed.parse(answer.json(), utc_now())
    except (httpx.HTTPError, OSError, ValueError, KeyError, TypeError) as err:
        raise SyncError(
            N_("The cloud's copy of the books could not be read now. ({detail})"), detail=type(err).__name__
        ) from err
    with client.db.read() as session:
        me = local_device(session).id
        gone = [d for d in departures(session, state.heads) if d.device == me]
    for departure in gone:
        with contextlib.suppress(httpx.HTTPError, OSError):  # the next sync reports it again
            client.http.post("/v1/chain/departures", json={"seq": departure.seq, "hash": departure.here})
    with client.db.write() as session:
        witnessed.save(session, state)
    return state


def service_keys(client: SyncClient) -> dict[str, bytes]:
    """The service's published signing keys, kept on the counter so `laci verify` works offline."""
    try:
        answer = client.http.get("/v1/keys")
        answer.raise_for_status()
        keys = {str(k["key_id"]): attest.decode_key(str(k["public_key"])) for k in answer.json()}
    except (httpx.HTTPError, OSError, ValueError, KeyError, TypeError) as err:
        raise SyncError(
            N_("The cloud's signing key could not be read now. ({detail})"), detail=type(err).__name__
        ) from err
    with client.db.write() as session:
        witnessed.save_service_keys(session, keys)
    return keys


def witness_statement(client: SyncClient, body: dict[str, Any], lines: list[Any]) -> str:
    """Have the service witness and sign a pack's statement (sync first: the heads must be those it holds);
    returns the signed token."""
    try:
        answer = client.http.post("/v1/statements", json={"body": body, "lines": lines})
    except (httpx.HTTPError, OSError) as err:
        raise SyncError(
            N_("The cloud cannot be reached now, so it cannot witness the pack. ({detail})"), detail=type(err).__name__
        ) from err
    if answer.status_code == 409:
        raise SyncError(N_("The cloud would not witness the pack: {reason}"), reason=answer.json().get("detail", ""))
    try:
        answer.raise_for_status()
    except httpx.HTTPError as err:
        detail = answer.text[:200]
        raise SyncError(
            N_("The cloud refused the request ({status}): {detail}"), status=answer.status_code, detail=detail
        ) from err
    return str(answer.json()["token"])

"""Loan-pack statements the service witnesses and signs, its signing key, and what a bank's officer looks up.

A counter sends the statement of a pack it is making (the period, the shop, the digest of every printed figure,
the key figures, each counter's chain head) with the printed figures. The service checks that the figures are the
ones the digest binds and that the heads are exactly those it holds (the counter has pushed and pulled
everything, and its history still extends what was witnessed), adds when it witnessed it and since when the shop
has synced, and signs it with its own Ed25519 key. The public key is published (`/v1/keys`, and in the docs), so
`laci verify` checks a pack without a network. Looked up by its code, a statement says whether the shop's books at
the service still agree with it: no counter departed from its history since, and nothing was booked into its
period after it was made.
"""

from __future__ import annotations

import datetime as dt
import json
import uuid
from dataclasses import dataclass
from typing import Any, Final

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from psycopg import Connection
from psycopg.types.json import Jsonb

from pos.cloud.auth import Caller
from pos.cloud.db import CloudDB
from pos.cloud.witness import ChainState, state
from pos.ledger.base import attest

KIND: Final = "loan_pack"
MAX_LINES: Final = 5000


class Refused(Exception):
    """The statement cannot be witnessed as it is (the reason is for the counter to show)."""

    def __init__(self, reason: str, status: int = 409) -> None:
        super().__init__(reason)
        self.status = status


def signing_key(db: CloudDB) -> tuple[str, Ed25519PrivateKey]:
    """The service's key: made on first use and kept in the database, the oldest one if two workers raced."""
    with db.transaction() as conn:
        row = conn.execute(
            "SELECT key_id, private_key FROM service_keys ORDER BY created_at, key_id LIMIT 1"
        ).fetchone()
        if row is None:
            key = Ed25519PrivateKey.generate()
            public = attest.public_bytes(key)
            conn.execute(
                "INSERT INTO service_keys (key_id, private_key, public_key) VALUES (%s, %s, %s) ON CONFLICT DO NOTHING",
                (attest.key_id(public), key.private_bytes_raw(), public),
            )
            return attest.key_id(public), key
    return str(row[0]), Ed25519PrivateKey.from_private_bytes(bytes(row[1]))


def published_keys(db: CloudDB) -> dict[str, bytes]:
    """Every key the service signs with, by id (the public halves only)."""
    signing_key(db)
    with db.transaction() as conn:
        return {str(k): bytes(p) for k, p in conn.execute("SELECT key_id, public_key FROM service_keys")}


def _heads(body: dict[str, Any]) -> dict[uuid.UUID, tuple[int, str]]:
    raw = body.get("heads")
    if not isinstance(raw, list):
        raise Refused("the statement has no chain heads")
    try:
        return {uuid.UUID(hex=str(d)): (int(s), str(h)) for d, s, h in raw}
    except (ValueError, TypeError):
        raise Refused("the statement's chain heads are malformed") from None


def _check_heads(claimed: dict[uuid.UUID, tuple[int, str]], held: ChainState, caller: Caller) -> None:
    for device, (seq, digest) in held.heads.items():
        mine = claimed.get(device)
        if mine is None or mine[0] < seq:
            if device == caller.device_id and mine is not None:
                raise Refused("this counter no longer has entries the service holds")
            raise Refused("the counter has not received everything the service holds: sync first")
        if mine[0] > seq:
            raise Refused("the counter has entries the service does not hold yet: sync first")
        if mine[1] != digest:
            raise Refused("the counter's journal is not the one the service witnessed")
    if set(claimed) - set(held.heads):
        raise Refused("the counter has entries the service does not hold yet: sync first")


def witness(db: CloudDB, caller: Caller, body: Any, lines: Any, now: dt.datetime | None = None) -> tuple[str, str]:
    """Check, sign and keep a pack's statement; returns (token, code)."""
    if not isinstance(body, dict) or body.get("kind") != KIND or body.get("v") != attest.VERSION:
        raise Refused("not a loan-pack statement")
    try:
        bound = isinstance(lines, list) and len(lines) <= MAX_LINES and attest.digest(lines) == body.get("figures")
    except ValueError:  # text that is not Unicode (a lone surrogate) has no canonical form
        bound = False
    if not bound:
        raise Refused("the figures are not the ones the statement binds")
    shop = body.get("shop")
    if not isinstance(shop, dict) or shop.get("id") != str(caller.shop_id):
        raise Refused("the statement names another shop")
    period = body.get("period")
    try:
        start, end = (dt.date.fromisoformat(str(x)) for x in period)  # type: ignore[union-attr]
    except (TypeError, ValueError):
        raise Refused("the statement's period is malformed") from None
    claimed = _heads(body)
    key_id, key = signing_key(db)
    when = now or dt.datetime.now(dt.UTC)
    with db.transaction(caller.shop_id) as conn:
        conn.execute("SELECT 1 FROM shops WHERE shop_id = %s FOR UPDATE", (caller.shop_id,))  # no push in between
        held = state(conn, caller.shop_id)
        _check_heads(claimed, held, caller)
        signed = {
            **{k: v for k, v in body.items() if k not in ("witness", "pub")},
            "witness": {
                "by": "service",
                "key": key_id,
                "at": when.isoformat(timespec="seconds"),
                "syncing_since": held.syncing_since.isoformat(timespec="seconds") if held.syncing_since else None,
                "departures": len(held.flags),
            },
        }
        token = attest.sign(signed, key)
        code = attest.code_of(token)
        conn.execute(
            "INSERT INTO statements (shop_id, code, token, figures, period_start, period_end, witnessed_at) "
            "VALUES (%s, %s, %s, %s, %s, %s, %s)",
            (caller.shop_id, code, token, Jsonb(lines), start, end, when),
        )
        conn.execute("INSERT INTO statement_codes (code, shop_id) VALUES (%s, %s)", (code, caller.shop_id))
    return token, code


@dataclass(frozen=True, slots=True)
class Agreement:
    """Whether the shop's books at the service still agree with a statement."""

    departures: tuple[str, ...]  # reasons of flags raised after the statement was witnessed
    later_pushes: int  # pushes since that booked entries dated inside (or before) the period

    @property
    def ok(self) -> bool:
        return not self.departures and self.later_pushes == 0


@dataclass(frozen=True, slots=True)
class Found:
    token: str
    figures: list[Any]
    shop_name: str
    witnessed_at: dt.datetime
    chain: ChainState
    agreement: Agreement

    def as_dict(self) -> dict[str, Any]:
        return {
            "token": self.token,
            "figures": self.figures,
            "shop_name": self.shop_name,
            "witnessed_at": self.witnessed_at.isoformat(),
            "chain": self.chain.as_dict(),
            "agrees": self.agreement.ok,
            "departures_since": list(self.agreement.departures),
            "later_pushes": self.agreement.later_pushes,
        }


def _agreement(
    conn: Connection[Any], shop_id: uuid.UUID, body: dict[str, Any], at: dt.datetime, chain: ChainState
) -> Agreement:
    heads = _heads(body)
    end = str(body["period"][1])
    later = 0
    for device in {*heads, *chain.heads}:
        seq = heads.get(device, (0, ""))[0]
        row = conn.execute(
            "SELECT COUNT(*) FROM chain_heads WHERE shop_id = %s AND device_id = %s AND first_seq > %s "
            "AND min_date <= %s",
            (shop_id, device, seq, end),
        ).fetchone()
        later += int(row[0]) if row else 0
    return Agreement(tuple(f.reason for f in chain.flags if f.at > at), later)


def lookup(db: CloudDB, code: str) -> Found | None:
    """A witnessed statement by its code, with what the service knows of the shop's books now."""
    normal = attest.normal_code(code)
    if normal is None:
        return None
    with db.transaction() as conn:
        row = conn.execute("SELECT shop_id FROM statement_codes WHERE code = %s", (normal,)).fetchone()
    if row is None:
        return None
    shop_id: uuid.UUID = row[0]
    with db.transaction(shop_id) as conn:
        found = conn.execute(
            "SELECT s.token, s.figures, s.witnessed_at, h.name FROM statements s JOIN shops h ON h.shop_id = s.shop_id "
            "WHERE s.shop_id = %s AND s.code = %s",
            (shop_id, normal),
        ).fetchone()
        if found is None:
            return None
        chain = state(conn, shop_id)
        body = attest.decode(str(found[0])).body
        agreement = _agreement(conn, shop_id, body, found[2], chain)
    figures = found[1] if isinstance(found[1], list) else json.loads(found[1])
    return Found(str(found[0]), figures, str(found[3]), found[2], chain, agreement)

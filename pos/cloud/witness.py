"""The service as a witness to each counter's hash chain: heads kept as they arrive, departures flagged.

Every journal entry a counter pushes carries its sequence, the hash of the entry before it and its own hash. In
the push's transaction the service notes the last of them (`chain_heads`) and checks that the first follows the
head it already held; a counter that re-hashed, cut short, renumbered or reordered its history can only push
entries that do not, and is flagged (`chain_flags`). A counter also reports, after each sync, any witnessed head
its own books no longer carry, so a rewrite shows even before the next sale is pushed. Flags are never cleared:
the owner's dashboard and every verification page of the shop show them.
"""

from __future__ import annotations

import datetime as dt
import itertools
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Final

from psycopg import Connection

from pos.cloud.auth import Caller
from pos.cloud.db import CloudDB
from pos.i18n import N_
from pos.ledger.base.chain import GENESIS_HASH

# Why a counter was flagged, as the pages say it (the same words the counter uses).
REASONS: Final = {
    "rewritten": N_("an entry it had witnessed came back with another hash"),
    "truncated": N_("the counter no longer has entries the service holds"),
    "gap": N_("entries came in that do not follow the last one the service holds"),
    "reordered": N_("entries came in out of their order"),
}


@dataclass(frozen=True, slots=True)
class Link:
    seq: int
    prev: str
    hash: str
    day: str


def _links(device: uuid.UUID, payloads: Sequence[dict[str, Any]]) -> list[Link]:
    found: list[Link] = []
    for payload in payloads:
        rows = payload.get("rows")
        if not isinstance(rows, dict):
            continue
        for entry in rows.get("journal_entries", []):
            try:
                if entry.get("device_id") != device.hex:
                    continue
                seq, prev, digest = int(entry["device_seq"]), str(entry["prev_hash"]), str(entry["hash"])
                found.append(Link(seq, prev, digest, str(entry["business_date"])))
            except (KeyError, TypeError, ValueError):
                continue  # the event was checked already; an entry without its chain fields proves nothing
    return found


def _flag(conn: Connection[Any], caller: Caller, seq: int, reason: str, held: str, seen: str | None) -> None:
    conn.execute(
        "INSERT INTO chain_flags (shop_id, device_id, seq, reason, held, seen) VALUES (%s, %s, %s, %s, %s, %s) "
        "ON CONFLICT DO NOTHING",
        (caller.shop_id, caller.device_id, seq, reason, held, seen),
    )


def observe(conn: Connection[Any], caller: Caller, payloads: Sequence[dict[str, Any]]) -> None:
    """In a push's transaction: keep the chain head its accepted events carry, and flag a departure."""
    links = _links(caller.device_id, payloads)
    if not links:
        return
    held = conn.execute(
        "SELECT seq, hash FROM chain_heads WHERE shop_id = %s AND device_id = %s ORDER BY seq DESC LIMIT 1",
        (caller.shop_id, caller.device_id),
    ).fetchone()
    first = links[0]
    if held is not None:
        seq, digest = int(held[0]), str(held[1])
        if first.seq <= seq:
            # Entries the service had witnessed came again with new content: the chain was cut back and re-made.
            _flag(conn, caller, seq, "truncated" if first.seq < seq else "rewritten", digest, first.prev)
        elif first.seq > seq + 1:
            _flag(conn, caller, seq, "gap", digest, first.prev)
        elif first.prev != digest:
            _flag(conn, caller, seq, "rewritten", digest, first.prev)
    elif first.seq == 1 and first.prev != GENESIS_HASH:
        _flag(conn, caller, 0, "rewritten", GENESIS_HASH, first.prev)
    for before, after in itertools.pairwise(links):
        if after.seq != before.seq + 1 or after.prev != before.hash:
            _flag(conn, caller, before.seq, "reordered", before.hash, after.prev)
    last = max(links, key=lambda x: x.seq)
    conn.execute(
        "INSERT INTO chain_heads (shop_id, device_id, seq, hash, first_seq, min_date) VALUES (%s, %s, %s, %s, %s, %s) "
        "ON CONFLICT (shop_id, device_id, seq) DO NOTHING",
        (caller.shop_id, caller.device_id, last.seq, last.hash, first.seq, min(x.day for x in links)),
    )


@dataclass(frozen=True, slots=True)
class Flag:
    device_id: uuid.UUID
    seq: int
    reason: str
    at: dt.datetime


@dataclass(frozen=True, slots=True)
class ChainState:
    heads: dict[uuid.UUID, tuple[int, str]]  # each counter's last witnessed entry
    flags: tuple[Flag, ...]
    syncing_since: dt.datetime | None  # when the first event of the shop arrived

    def as_dict(self) -> dict[str, Any]:
        return {
            "heads": [{"device_id": str(d), "seq": s, "hash": h} for d, (s, h) in sorted(self.heads.items())],
            "flags": [
                {"device_id": str(f.device_id), "seq": f.seq, "reason": f.reason, "at": f.at.isoformat()}
                for f in self.flags
            ],
            "syncing_since": self.syncing_since.isoformat() if self.syncing_since else None,
        }


def _flags(conn: Connection[Any], shop_id: uuid.UUID) -> tuple[Flag, ...]:
    return tuple(
        Flag(row[0], int(row[1]), str(row[2]), row[3])
        for row in conn.execute(
            "SELECT device_id, seq, reason, at FROM chain_flags WHERE shop_id = %s ORDER BY at, device_id, seq",
            (shop_id,),
        )
    )


def flags(db: CloudDB, shop_id: uuid.UUID) -> tuple[Flag, ...]:
    """Every time a counter of the shop departed from what the service had witnessed (one indexed read)."""
    with db.transaction(shop_id) as conn:
        return _flags(conn, shop_id)


def state(conn: Connection[Any], shop_id: uuid.UUID) -> ChainState:
    """The heads, the flags and the first sync of a shop (the caller's transaction states the shop)."""
    heads = {
        row[0]: (int(row[1]), str(row[2]))
        for row in conn.execute(
            "SELECT DISTINCT ON (device_id) device_id, seq, hash FROM chain_heads WHERE shop_id = %s "
            "ORDER BY device_id, seq DESC",
            (shop_id,),
        )
    }
    found = _flags(conn, shop_id)
    # The shop's first event, through the primary key; if the log's start was compacted away, the first counter.
    since = (
        conn.execute(
            "SELECT received_at FROM events WHERE shop_id = %s ORDER BY server_seq LIMIT 1", (shop_id,)
        ).fetchone()
        or conn.execute("SELECT MIN(created_at) FROM devices WHERE shop_id = %s", (shop_id,)).fetchone()
    )
    return ChainState(heads, found, since[0] if since else None)


def chain_state(db: CloudDB, shop_id: uuid.UUID) -> ChainState:
    with db.transaction(shop_id) as conn:
        return state(conn, shop_id)


def report(db: CloudDB, caller: Caller, seq: int, seen: str | None) -> bool:
    """A counter says its own entry `seq` now hashes to `seen` (None: it is gone); flag it if that departs from
    what the service witnessed there. Returns whether a flag was raised."""
    with db.transaction(caller.shop_id) as conn:
        held = conn.execute(
            "SELECT hash FROM chain_heads WHERE shop_id = %s AND device_id = %s AND seq = %s",
            (caller.shop_id, caller.device_id, seq),
        ).fetchone()
        if held is None or held[0] == seen:
            return False
        _flag(conn, caller, seq, "rewritten" if seen else "truncated", str(held[0]), seen)
        return True

"""What the sync service last said it holds of this shop's hash chains, kept on the counter for `laci check`.

The service keeps each counter's chain heads as the entries arrive and flags a counter whose history stops
extending them. The counter asks for that after each sync (`pos.sync.client`) and keeps the answer here, so a
check without a network still compares the books with the last copy held outside them.
"""

from __future__ import annotations

import datetime as dt
import json
import uuid
from dataclasses import dataclass
from typing import Any, Final

from sqlalchemy.orm import Session

from pos.i18n import N_, _
from pos.ledger.base import attest
from pos.ledger.replication import sync_state

KEY: Final = "witness"
KEYS: Final = "service_keys"

# Why the service flagged a counter; the service sends the code, the counter says it in the shop's language.
REASONS: Final = {
    "rewritten": N_("an entry it had witnessed came back with another hash"),
    "truncated": N_("the counter no longer has entries the service holds"),
    "gap": N_("entries came in that do not follow the last one the service holds"),
    "reordered": N_("entries came in out of their order"),
}


@dataclass(frozen=True, slots=True)
class Flag:
    device: uuid.UUID
    seq: int
    code: str
    at: str  # ISO time the service raised it

    @property
    def reason(self) -> str:
        return _(REASONS[self.code]) if self.code in REASONS else self.code


@dataclass(frozen=True, slots=True)
class WitnessState:
    fetched_at: str
    heads: dict[uuid.UUID, tuple[int, str]]
    flags: tuple[Flag, ...]
    syncing_since: str | None


def parse(answer: dict[str, Any], fetched_at: dt.datetime) -> WitnessState:
    """The service's `GET /v1/chain` answer as a state (garbage raises ValueError, KeyError or TypeError)."""
    heads = {uuid.UUID(str(h["device_id"])): (int(h["seq"]), str(h["hash"])) for h in answer["heads"]}
    flags = tuple(
        Flag(uuid.UUID(str(f["device_id"])), int(f["seq"]), str(f["reason"]), str(f["at"])) for f in answer["flags"]
    )
    since = answer.get("syncing_since")
    return WitnessState(fetched_at.isoformat(), heads, flags, str(since) if since else None)


def save(session: Session, state: WitnessState) -> None:
    value = {
        "fetched_at": state.fetched_at,
        "heads": [[d.hex, s, h] for d, (s, h) in sorted(state.heads.items())],
        "flags": [[f.device.hex, f.seq, f.code, f.at] for f in state.flags],
        "syncing_since": state.syncing_since,
    }
    sync_state.put(session, KEY, json.dumps(value, separators=(",", ":")))


def load(session: Session) -> WitnessState | None:
    raw = sync_state.get(session, KEY)
    if not raw:
        return None
    value = json.loads(raw)
    return WitnessState(
        str(value["fetched_at"]),
        {uuid.UUID(hex=d): (int(s), str(h)) for d, s, h in value["heads"]},
        tuple(Flag(uuid.UUID(hex=d), int(s), str(c), str(a)) for d, s, c, a in value["flags"]),
        value.get("syncing_since"),
    )


def save_service_keys(session: Session, keys: dict[str, bytes]) -> None:
    """Keep the service's published signing keys, so `laci verify` checks its signatures without a network."""
    sync_state.put(session, KEYS, " ".join(f"{k}:{attest.encode_key(v)}" for k, v in sorted(keys.items())))


def service_keys(session: Session) -> dict[str, bytes]:
    """The service keys this counter last read (empty when it never did)."""
    raw = sync_state.get(session, KEYS) or ""
    return {k: attest.decode_key(v) for k, v in (pair.split(":", 1) for pair in raw.split() if ":" in pair)}

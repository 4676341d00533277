"""Checkpoints: what a passing check found, signed with the shop's key, so the next check re-hashes only what is new.

A checkpoint seals each hash chain (journal and audit log) at its last entry, the account totals month by month,
the last row of each fact table, and the schema's cookie (which SQLite changes on every DROP or CREATE, so the
triggers that keep facts from changing cannot be dropped and put back unseen). `laci check` then trusts what the
newest checkpoint vouches for, checks that it still holds (the sealed entries keep their hashes, the sealed totals
are unchanged, the schema is the same), and checks every row after it in full. The key is kept outside the
database (`shop.signing`): whoever edits the file alone cannot seal a rewritten chain. One is made at most per
closed day; `laci check --full` checks everything as if there were none.
"""

from __future__ import annotations

import datetime as dt
import json
import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any, Final

from sqlalchemy import insert, select, text
from sqlalchemy.orm import Session

from pos.ledger.base import attest
from pos.ledger.base.chain import chain_digest
from pos.ledger.books.audit import audit_heads
from pos.ledger.books.journal import Anchor, head_hashes
from pos.ledger.books.signing import existing_key, shop_key
from pos.ledger.schema import Checkpoint, core

VERSION: Final = 1
# Facts whose new rows a quick check reads: everything after the row a checkpoint sealed.
SEALED_TABLES: Final = ("sales", "sale_returns", "party_payments", "stock_movements")


@dataclass(frozen=True, slots=True)
class Seal:
    """The state a checkpoint vouches for."""

    through: dt.date
    schema_cookie: int
    triggers: str  # digest of every trigger's SQL
    journal: dict[uuid.UUID, Anchor]
    audit: dict[uuid.UUID, Anchor]
    rowids: dict[str, int]
    totals: str  # digest of the account totals per month
    stock: tuple[int, int] = (0, 0)  # the stock levels kept per product: their sum, and a sum weighted by row

    def body(self, made_at: dt.datetime) -> dict[str, Any]:
        return {
            "v": VERSION,
            "made_at": made_at.astimezone(dt.UTC).isoformat(timespec="seconds"),
            "through": self.through.isoformat(),
            "schema": self.schema_cookie,
            "triggers": self.triggers,
            "journal": {d.hex: list(a) for d, a in sorted(self.journal.items())},
            "audit": {d.hex: list(a) for d, a in sorted(self.audit.items())},
            "rowids": dict(sorted(self.rowids.items())),
            "totals": self.totals,
            "stock": list(self.stock),
        }

    @classmethod
    def from_body(cls, body: dict[str, Any]) -> Seal:
        def anchors(raw: dict[str, Any]) -> dict[uuid.UUID, Anchor]:
            return {uuid.UUID(hex=d): (int(a[0]), str(a[1])) for d, a in raw.items()}

        return cls(
            dt.date.fromisoformat(body["through"]),
            int(body["schema"]),
            str(body["triggers"]),
            anchors(body["journal"]),
            anchors(body["audit"]),
            {str(k): int(v) for k, v in body["rowids"].items()},
            str(body["totals"]),
            (int(body["stock"][0]), int(body["stock"][1])),
        )


def schema_cookie(session: Session) -> int:
    return int(session.execute(text("PRAGMA schema_version")).scalar_one())


def triggers_digest(session: Session) -> str:
    rows = session.execute(text("SELECT name, sql FROM sqlite_master WHERE type = 'trigger' ORDER BY name")).all()
    return chain_digest("", [[str(n), str(s)] for n, s in rows])


_MONTHS = text(
    "SELECT account_code, substr(business_date, 1, 7), SUM(debit), SUM(credit) FROM account_day_totals GROUP BY 1, 2"
)


def month_totals(session: Session) -> dict[tuple[str, str], tuple[int, int]]:
    """Debits and credits per account and month, from the day totals (a few thousand rows after five years)."""
    return {(str(a), str(m)): (int(d), int(c)) for a, m, d, c in session.execute(_MONTHS)}


def totals_digest(months: dict[tuple[str, str], tuple[int, int]]) -> str:
    kept = sorted([a, m, d, c] for (a, m), (d, c) in months.items() if d or c)
    return chain_digest("", kept)


# Weights small enough that a sum over every product never leaves SQLite's 64-bit integers.
WEIGHT: Final = "(l.rowid % 9973 + 1)"


def stock_sums(session: Session) -> tuple[int, int]:
    """The stock levels the trigger keeps, summed plainly and weighted by row: one product's level changed behind
    the app's back moves the weighted sum even when another is changed to make up the plain one."""
    row = session.execute(
        text(f"SELECT COALESCE(SUM(l.qty_milli), 0), COALESCE(SUM(l.qty_milli * {WEIGHT}), 0) FROM stock_levels l")
    ).one()
    return int(row[0]), int(row[1])


def last_rowids(session: Session) -> dict[str, int]:
    return {
        t: int(session.execute(text(f"SELECT COALESCE(MAX(rowid), 0) FROM {t}")).scalar_one()) for t in SEALED_TABLES
    }


def current_seal(session: Session, through: dt.date) -> Seal:
    """The books as they stand, to be sealed once a full or quick check found them in order."""
    return Seal(
        through,
        schema_cookie(session),
        triggers_digest(session),
        head_hashes(session),
        audit_heads(session),
        last_rowids(session),
        totals_digest(month_totals(session)),
        stock_sums(session),
    )


@dataclass(frozen=True, slots=True)
class Found:
    """The newest checkpoint, and whether this computer can vouch for it."""

    id: int
    made_at: dt.datetime
    seal: Seal
    signature_ok: bool  # signed by the shop's key, and the signature holds
    own_key: bool  # signed by the key this computer has (else it was made elsewhere or the key was lost)


def newest(session: Session) -> Found | None:
    row = session.execute(select(Checkpoint).order_by(Checkpoint.id.desc()).limit(1)).scalar()
    if row is None:
        return None
    key = existing_key(session)
    own = key is not None and attest.key_id(attest.public_bytes(key)) == row.key_id
    ok = key is not None and own and attest.detached_holds(row.body.encode(), row.signature, attest.public_bytes(key))
    try:
        seal = Seal.from_body(json.loads(row.body))
    except (ValueError, KeyError, TypeError):
        return Found(row.id, row.made_at, _EMPTY, False, own)
    return Found(row.id, row.made_at, seal, ok, own)


_EMPTY = Seal(dt.date.min, 0, "", {}, {}, {}, "", (0, 0))


def make(session: Session, seal: Seal, at: dt.datetime) -> None:
    """Sign and store a checkpoint of `seal` (the caller checked the books it describes)."""
    key = shop_key(session)
    raw = attest.canonical(seal.body(at))
    session.execute(
        insert(core(Checkpoint)),
        [
            {
                "made_at": at,
                "through": seal.through,
                "body": raw.decode(),
                "signature": attest.detached(raw, key),
                "key_id": attest.key_id(attest.public_bytes(key)),
            }
        ],
    )


def due(found: Found | None, through: dt.date) -> bool:
    """Whether a new checkpoint is worth making: none yet, or the newest covers days before `through`."""
    return found is None or not found.signature_ok or found.seal.through < through


def sealed_totals(
    months: dict[tuple[str, str], tuple[int, int]], newer: Iterable[tuple[str, str, int, int]]
) -> dict[tuple[str, str], tuple[int, int]]:
    """The month totals as they were when sealed: today's, less the lines of every entry after the checkpoint."""
    result = dict(months)
    for account, month, debit, credit in newer:
        d, c = result.get((account, month), (0, 0))
        result[(account, month)] = (d - debit, c - credit)
    return result

"""Hash chains: each record stores the digest of the one before it, so a change anywhere shows.

The canonical forms that journal entries and audit records are hashed over live here too, so that whoever
receives one (another counter, the sync service) can check its hash from the rows it travels as.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import uuid
from collections.abc import Mapping, Sequence
from typing import Any, Final

GENESIS_HASH: Final = "0" * 64


def chain_digest(prev_hash: str, *parts: Any) -> str:
    """SHA-256 over the previous digest and a canonical JSON form of `parts`."""
    body = json.dumps([prev_hash, *parts], sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(body.encode()).hexdigest()


def entry_hash(prev_hash: str, header: dict[str, Any], lines: Sequence[Sequence[Any]]) -> str:
    """SHA-256 over the previous hash and a canonical JSON form of a journal entry and its lines."""
    return chain_digest(prev_hash, header, [list(line) for line in lines])


def journal_header(
    entry_id: uuid.UUID,
    device_id: uuid.UUID,
    device_seq: int,
    business_date: dt.date,
    created_at: dt.datetime,
    kind: str,
    memo: str,
    source_id: uuid.UUID | None,
    reverses_id: uuid.UUID | None,
) -> dict[str, Any]:
    """What of a journal entry its hash covers, besides its lines."""
    return {
        "id": entry_id.hex,
        "device_id": device_id.hex,
        "device_seq": device_seq,
        "business_date": business_date.isoformat(),
        "created_at": created_at.astimezone(dt.UTC).isoformat(timespec="microseconds"),
        "kind": kind,
        "memo": memo,
        "source_id": source_id.hex if source_id else None,
        "reverses_id": reverses_id.hex if reverses_id else None,
    }


def _hex(value: Any) -> str | None:
    # A UUID as the header writes it (bare lowercase hex), from the hex text a row travels with.
    return None if value is None else str(value).replace("-", "").lower()


def journal_row_hash(entry: Mapping[str, Any], lines: Sequence[Mapping[str, Any]]) -> str:
    """The hash an entry must carry, computed from its rows as they travel between counters (ids as hex, instants
    and dates as ISO text): how a receiver checks that an entry says what its hash claims. The header is built
    as `journal_header` builds it, from text, since the sync service checks every entry pushed to it."""
    created = dt.datetime.fromisoformat(str(entry["created_at"]))
    header = {
        "id": _hex(entry["id"]),
        "device_id": _hex(entry["device_id"]),
        "device_seq": int(entry["device_seq"]),
        "business_date": dt.date.fromisoformat(str(entry["business_date"])).isoformat(),
        "created_at": created.astimezone(dt.UTC).isoformat(timespec="microseconds"),
        "kind": str(entry["kind"]),
        "memo": str(entry.get("memo", "")),
        "source_id": _hex(entry.get("source_id")),
        "reverses_id": _hex(entry.get("reverses_id")),
    }
    parts = sorted(
        (int(line["line_no"]), line["account_code"], line.get("debit", 0), line.get("credit", 0), line.get("party_id"))
        for line in lines
    )
    return entry_hash(str(entry["prev_hash"]), header, parts)


def audit_fields(
    record_id: uuid.UUID,
    device_id: uuid.UUID,
    seq: int,
    at: dt.datetime,
    user_id: uuid.UUID | None,
    action: str,
    detail: str,
    reason: str,
    approved_by: uuid.UUID | None,
) -> dict[str, Any]:
    """What of an audit record its hash covers."""
    return {
        "id": record_id.hex,
        "device_id": device_id.hex,
        "seq": seq,
        "at": at.astimezone(dt.UTC).isoformat(timespec="microseconds"),
        "user_id": user_id.hex if user_id else None,
        "action": action,
        "detail": detail,
        "reason": reason,
        "approved_by": approved_by.hex if approved_by else None,
    }


def audit_row_hash(row: Mapping[str, Any]) -> str:
    """The hash an audit record must carry, from the row as it travels (ids as hex, the instant as ISO text)."""

    def hex_id(value: Any) -> uuid.UUID | None:
        return None if value is None else uuid.UUID(hex=str(value))

    fields = audit_fields(
        uuid.UUID(hex=str(row["id"])),
        uuid.UUID(hex=str(row["device_id"])),
        int(row["seq"]),
        dt.datetime.fromisoformat(str(row["at"])),
        hex_id(row.get("user_id")),
        str(row["action"]),
        str(row["detail"]),
        str(row.get("reason", "")),
        hex_id(row.get("approved_by")),
    )
    return chain_digest(str(row["prev_hash"]), fields)


def devices_of(table: str) -> str:
    """SQL listing the distinct `device_id`s of `table` by seeking its (device_id, ...) index once per device,
    where `SELECT DISTINCT` reads every row of the index: a few reads instead of millions after years."""
    return (
        f"WITH RECURSIVE d(id) AS (SELECT MIN(device_id) FROM {table} UNION ALL "
        f"SELECT (SELECT MIN(device_id) FROM {table} WHERE device_id > d.id) FROM d WHERE d.id IS NOT NULL) "
        "SELECT id FROM d WHERE id IS NOT NULL"
    )

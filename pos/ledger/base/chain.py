"""Hash chains: each record stores the digest of the one before it, so a change anywhere shows."""

from __future__ import annotations

import hashlib
import json
from typing import Any, Final

GENESIS_HASH: Final = "0" * 64


def chain_digest(prev_hash: str, *parts: Any) -> str:
    """SHA-256 over the previous digest and a canonical JSON form of `parts`."""
    body = json.dumps([prev_hash, *parts], sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(body.encode()).hexdigest()


def devices_of(table: str) -> str:
    """SQL listing the distinct `device_id`s of `table` by seeking its (device_id, ...) index once per device,
    where `SELECT DISTINCT` reads every row of the index: a few reads instead of millions after years."""
    return (
        f"WITH RECURSIVE d(id) AS (SELECT MIN(device_id) FROM {table} UNION ALL "
        f"SELECT (SELECT MIN(device_id) FROM {table} WHERE device_id > d.id) FROM d WHERE d.id IS NOT NULL) "
        "SELECT id FROM d WHERE id IS NOT NULL"
    )

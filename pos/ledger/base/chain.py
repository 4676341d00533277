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

"""PIN hashes that can travel: argon2id, then keyed with a secret only the shop's counters hold.

A PIN is 4 to 6 digits, 10^4 to 10^6 candidates: a slow hash alone only slows a search down (a day on one core
for argon2id at the library's cost). So the hash that travels through the cloud, and that every counter keeps,
is an HMAC-SHA256 of the argon2id output under the shop's 128-bit PIN key: without the key, the stored value
says nothing that a search can test. The key is made by the owner's counter, handed to each counter inside its
enrolment invite, and never sent to the service.

Stored form: `$laci-k1$argon2id$v=19$m=65536,t=3,p=4,l=32$<salt>$<tag>`, where the argon2id part names the
salt and cost and `tag` is the HMAC of the raw argon2id output. A hash made before the key existed
(`$argon2id$...`, databases from before migration 0014) still verifies, and can be keyed later without the PIN,
since the argon2id output is in it.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import re
import secrets
from typing import Final

from argon2 import PasswordHasher, Type, extract_parameters
from argon2.exceptions import InvalidHashError, VerificationError
from argon2.low_level import hash_secret_raw
from sqlalchemy import select, text
from sqlalchemy.orm import Session

from pos.ledger.schema import SyncState

KEY_STATE: Final = "pin_key"
KEYED_PREFIX: Final = "$laci-k1$"
KEY_BYTES: Final = 16
_hasher = PasswordHasher()  # argon2id with the library's current recommended cost
_KEYED = re.compile(
    r"^\$laci-k1\$argon2id\$v=(\d+)\$m=(\d+),t=(\d+),p=(\d+),l=(\d+)\$([A-Za-z0-9+/]+)\$([A-Za-z0-9+/]+)$"
)
_MAX_COST: Final = (1 << 21, 20, 16)  # memory (KiB), passes, lanes: beyond these a stored hash is refused


def _b64decode(part: str) -> bytes:
    return base64.b64decode(part + "=" * (-len(part) % 4))


def _b64encode(raw: bytes) -> str:
    return base64.b64encode(raw).decode().rstrip("=")


def key_text(key: bytes) -> str:
    """The key as it is written inside an invite: base32, 26 letters and digits."""
    return base64.b32encode(key).decode().rstrip("=")


def key_from_text(value: str) -> bytes:
    """A key read back from an invite; ValueError when it is not one."""
    clean = value.strip().upper()
    try:
        key = base64.b32decode(clean + "=" * (-len(clean) % 8))
    except binascii.Error:
        raise ValueError("not a PIN key") from None
    if len(key) != KEY_BYTES:
        raise ValueError("not a PIN key")
    return key


def new_key() -> bytes:
    return secrets.token_bytes(KEY_BYTES)


def shop_key(session: Session) -> bytes | None:
    """This counter's copy of the shop's PIN key, if it holds one."""
    stored = session.scalar(select(SyncState.value).where(SyncState.key == KEY_STATE))
    return key_from_text(stored) if stored else None


def save_key(session: Session, key: bytes) -> None:
    session.execute(
        text(
            "INSERT INTO sync_state (key, value) VALUES (:k, :v) ON CONFLICT (key) DO UPDATE SET value = excluded.value"
        ),
        {"k": KEY_STATE, "v": key_text(key)},
    )


def is_keyed(value: object) -> bool:
    if not isinstance(value, str):
        return False
    found = _KEYED.match(value)
    if found is None:
        return False
    memory, passes, lanes = int(found.group(2)), int(found.group(3)), int(found.group(4))
    return memory <= _MAX_COST[0] and passes <= _MAX_COST[1] and lanes <= _MAX_COST[2] and 16 <= int(found[5]) <= 64


def keyed(plain: str, key: bytes) -> str:
    """The keyed form of an argon2id hash (`$argon2id$...`); a keyed hash is returned as it is."""
    if plain.startswith(KEYED_PREFIX):
        return plain
    params = extract_parameters(plain)
    if params.type is not Type.ID:
        raise ValueError("only argon2id hashes are keyed")
    salt, raw = plain.rsplit("$", 2)[1:]
    tag = hmac.new(key, _b64decode(raw), hashlib.sha256).digest()
    return (
        f"{KEYED_PREFIX}argon2id$v={params.version}$m={params.memory_cost},t={params.time_cost},"
        f"p={params.parallelism},l={params.hash_len}${salt}${_b64encode(tag)}"
    )


def hash_pin(pin: str, key: bytes | None) -> str:
    """A new hash of `pin`: keyed when the key is there (always, on a counter that belongs to a shop)."""
    plain = _hasher.hash(pin)
    return keyed(plain, key) if key is not None else plain


class KeyMissing(Exception):
    """The hash is keyed and this counter does not hold the shop's PIN key."""


def verify(stored: str, pin: str, key: bytes | None) -> bool:
    """Whether `pin` matches `stored`; KeyMissing when only the shop's key could tell."""
    if not stored.startswith(KEYED_PREFIX):
        try:
            return _hasher.verify(stored, pin)
        except (VerificationError, InvalidHashError):
            return False
    if key is None:
        raise KeyMissing
    found = _KEYED.match(stored)
    if found is None or not is_keyed(stored):
        return False
    version, memory, passes, lanes, length = (int(found.group(n)) for n in range(1, 6))
    raw = hash_secret_raw(
        pin.encode(),
        _b64decode(found.group(6)),
        time_cost=passes,
        memory_cost=memory,
        parallelism=lanes,
        hash_len=length,
        type=Type.ID,
        version=version,
    )
    tag = hmac.new(key, raw, hashlib.sha256).digest()
    return hmac.compare_digest(tag, _b64decode(found.group(7)))

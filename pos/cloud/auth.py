"""Who may talk to the cloud: one-time enrolment codes, device tokens bound to a shop and device, revocation.

Codes and tokens are random; only their SHA-256 is stored (they are long random strings, so a fast hash is
enough and a stolen database reveals none). A request's shop comes from its token alone, never from the request.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
import uuid
from dataclasses import dataclass
from typing import Final

from pos.cloud.db import CloudDB

CODE_LIFETIME: Final = dt.timedelta(days=7)


class AuthError(Exception):
    """The caller is not who it claims, or no longer may be."""


class ConflictError(Exception):
    """The request clashes with what the shop already has (a counter code in use)."""


def digest(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


@dataclass(frozen=True, slots=True)
class Caller:
    shop_id: uuid.UUID
    device_id: uuid.UUID
    owner: bool


def create_shop(db: CloudDB, name: str, now: dt.datetime | None = None) -> tuple[uuid.UUID, str]:
    """A new shop and the owner's one-time enrolment code."""
    shop_id = uuid.uuid4()
    with db.transaction(shop_id) as conn:
        conn.execute("INSERT INTO shops (shop_id, name) VALUES (%s, %s)", (shop_id, name.strip()))
    return shop_id, new_enrolment_code(db, shop_id, owner=True, now=now)


def new_enrolment_code(db: CloudDB, shop_id: uuid.UUID, *, owner: bool = False, now: dt.datetime | None = None) -> str:
    code = f"{secrets.token_hex(3).upper()}-{secrets.token_hex(3).upper()}-{secrets.token_hex(3).upper()}"
    expires = (now or dt.datetime.now(dt.UTC)) + CODE_LIFETIME
    with db.transaction(shop_id) as conn:
        conn.execute(
            "INSERT INTO enrolment_codes (code_hash, shop_id, owner, expires_at) VALUES (%s, %s, %s, %s)",
            (digest(code), shop_id, owner, expires),
        )
    return code


@dataclass(frozen=True, slots=True)
class Enrolment:
    shop_id: uuid.UUID
    shop_name: str
    token: str
    owner: bool


def enrol(db: CloudDB, code: str, device_id: uuid.UUID, device_code: str, device_name: str) -> Enrolment:
    """Trade a one-time code for a device token. The counter's code (A, B...) must be free in the shop."""
    now = dt.datetime.now(dt.UTC)
    with db.transaction() as conn:
        row = conn.execute(
            "SELECT shop_id, owner, expires_at, used_at FROM enrolment_codes WHERE code_hash = %s FOR UPDATE",
            (digest(code.strip().upper()),),
        ).fetchone()
        if row is None or row[3] is not None or row[2] < now:
            raise AuthError("this enrolment code is unknown, used or expired")
        shop_id, owner = row[0], bool(row[1])
        conn.execute("SELECT set_config('laci.shop_id', %s, true)", (str(shop_id),))
        taken = conn.execute(
            "SELECT device_id FROM devices WHERE shop_id = %s AND code = %s", (shop_id, device_code)
        ).fetchone()
        if taken is not None and taken[0] != device_id:
            raise ConflictError(f"counter code {device_code} is already used by another counter of this shop")
        conn.execute(
            "INSERT INTO devices (shop_id, device_id, code, name, owner) VALUES (%s, %s, %s, %s, %s) "
            "ON CONFLICT (shop_id, device_id) DO UPDATE SET revoked_at = NULL, owner = devices.owner OR excluded.owner",
            (shop_id, device_id, device_code, device_name, owner),
        )
        token = secrets.token_urlsafe(32)
        conn.execute(
            "INSERT INTO device_tokens (token_hash, shop_id, device_id) VALUES (%s, %s, %s)",
            (digest(token), shop_id, device_id),
        )
        conn.execute(
            "UPDATE enrolment_codes SET used_at = %s WHERE code_hash = %s", (now, digest(code.strip().upper()))
        )
        name = conn.execute("SELECT name FROM shops WHERE shop_id = %s", (shop_id,)).fetchone()
        assert name is not None
    return Enrolment(shop_id, name[0], token, owner)


def authenticate(db: CloudDB, token: str) -> Caller:
    """The shop and device a bearer token belongs to, if it is known and not revoked."""
    with db.transaction() as conn:
        row = conn.execute(
            "SELECT shop_id, device_id FROM device_tokens WHERE token_hash = %s", (digest(token),)
        ).fetchone()
        if row is None:
            raise AuthError("unknown token")
        shop_id, device_id = row
        conn.execute("SELECT set_config('laci.shop_id', %s, true)", (str(shop_id),))
        device = conn.execute(
            "SELECT revoked_at, owner FROM devices WHERE shop_id = %s AND device_id = %s", (shop_id, device_id)
        ).fetchone()
    if device is None or device[0] is not None:
        raise AuthError("this device has been revoked")
    return Caller(shop_id, device_id, bool(device[1]))


def revoke(db: CloudDB, shop_id: uuid.UUID, device_id: uuid.UUID) -> bool:
    """Cut a device off; its tokens stop working at once. Returns False if the shop has no such device."""
    with db.transaction(shop_id) as conn:
        cur = conn.execute(
            "UPDATE devices SET revoked_at = now() WHERE shop_id = %s AND device_id = %s AND revoked_at IS NULL",
            (shop_id, device_id),
        )
        return cur.rowcount > 0

"""Who may talk to the cloud: one-time enrolment codes, device tokens bound to a shop and device, revocation.

Codes and tokens are random; only their SHA-256 is stored (they are long random strings, so a fast hash is
enough and a stolen database reveals none). A request's shop and device come from its token alone, never from
the request.

Enrolment never takes a device over: a device id the shop already has is refused, unless the owner made the
invite to replace exactly that device, which revokes its old tokens and is written in `device_log`. An invite
is used once, lapses after an hour, and states the role it gives; only an owner's device makes invites, so only
an owner's device can make another one.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
import uuid
from dataclasses import dataclass
from typing import Any, Final

from psycopg import Connection
from psycopg.types.json import Jsonb

from pos.cloud.db import CloudDB, set_shop

OWNER_CODE_LIFETIME: Final = dt.timedelta(days=2)  # from `laci cloud create-shop`, handed to the owner
INVITE_LIFETIME: Final = dt.timedelta(hours=1)  # from the owner's device, typed in at the new counter at once


class AuthError(Exception):
    """The caller is not who it claims, or no longer may be."""


class ConflictError(Exception):
    """The request clashes with what the shop already has (a device or counter code in use)."""


def digest(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


@dataclass(frozen=True, slots=True)
class Caller:
    shop_id: uuid.UUID
    device_id: uuid.UUID
    owner: bool


def _code() -> str:
    return f"{secrets.token_hex(3).upper()}-{secrets.token_hex(3).upper()}-{secrets.token_hex(3).upper()}"


def log(
    conn: Connection[Any], shop_id: uuid.UUID, device_id: uuid.UUID, action: str, by: uuid.UUID | None, **detail: Any
) -> None:
    conn.execute(
        "INSERT INTO device_log (shop_id, entry_id, device_id, action, by_device, detail) "
        "VALUES (%s, %s, %s, %s, %s, %s)",
        (shop_id, uuid.uuid4(), device_id, action, by, Jsonb(detail)),
    )


def create_shop(db: CloudDB, name: str, now: dt.datetime | None = None) -> tuple[uuid.UUID, str]:
    """A new shop and the owner's one-time enrolment code."""
    shop_id = uuid.uuid4()
    with db.transaction(shop_id) as conn:
        conn.execute("INSERT INTO shops (shop_id, name) VALUES (%s, %s)", (shop_id, name.strip()))
    return shop_id, new_enrolment_code(db, shop_id, owner=True, lifetime=OWNER_CODE_LIFETIME, now=now)


def new_enrolment_code(
    db: CloudDB,
    shop_id: uuid.UUID,
    *,
    owner: bool = False,
    replaces: uuid.UUID | None = None,
    by: uuid.UUID | None = None,
    lifetime: dt.timedelta = INVITE_LIFETIME,
    now: dt.datetime | None = None,
) -> str:
    """A one-time code: for a new counter, an owner's device, or to replace device `replaces` of the shop.

    Only the host (`laci cloud create-shop`) and an owner's device (`by`) make codes; the API checks the latter.
    """
    if replaces is not None:
        with db.transaction(shop_id) as conn:
            found = conn.execute(
                "SELECT 1 FROM devices WHERE shop_id = %s AND device_id = %s", (shop_id, replaces)
            ).fetchone()
        if found is None:
            raise LookupError("no such device in this shop")
    code = _code()
    expires = (now or dt.datetime.now(dt.UTC)) + lifetime
    with db.transaction() as conn:
        conn.execute(
            "INSERT INTO enrolment_codes (code_hash, shop_id, owner, expires_at, replaces, created_by) "
            "VALUES (%s, %s, %s, %s, %s, %s)",
            (digest(code), shop_id, owner, expires, replaces, by),
        )
    return code


@dataclass(frozen=True, slots=True)
class Enrolment:
    shop_id: uuid.UUID
    shop_name: str
    token: str
    owner: bool
    acked: int  # how much of this device's log the cloud holds (a replaced device goes on from there)


@dataclass(frozen=True, slots=True)
class EnrolRequest:
    code: str
    device_id: uuid.UUID
    device_code: str
    device_name: str
    outbox_seq: int = 0  # the device's events written before it joined: told apart in the owner's refusals


def code_shop(db: CloudDB, code: str) -> uuid.UUID | None:
    """The shop an enrolment code belongs to, used or not (for counting attempts per shop)."""
    with db.transaction() as conn:
        row = conn.execute(
            "SELECT shop_id FROM enrolment_codes WHERE code_hash = %s", (digest(code.strip().upper()),)
        ).fetchone()
    return None if row is None else row[0]


def enrol(db: CloudDB, request: EnrolRequest) -> Enrolment:
    """Trade a one-time code for a device token; never for a device the shop already has, unless replacing it."""
    try:
        return _enrol(db, request)
    except TakeoverRefused as refused:
        # Kept apart from the refused transaction, so the owner sees the attempt.
        with db.transaction(refused.shop_id) as conn:
            log(conn, refused.shop_id, request.device_id, "refused", refused.by, reason="already enrolled")
        raise ConflictError(str(refused)) from None


class TakeoverRefused(ConflictError):
    def __init__(self, shop_id: uuid.UUID, by: uuid.UUID | None) -> None:
        super().__init__(
            "this device is already enrolled in the shop; the owner can replace it with an invite made for it"
        )
        self.shop_id = shop_id
        self.by = by


def _enrol(db: CloudDB, request: EnrolRequest) -> Enrolment:
    now = dt.datetime.now(dt.UTC)
    code_hash = digest(request.code.strip().upper())
    with db.transaction() as conn:
        row = conn.execute(
            "SELECT shop_id, owner, expires_at, used_at, replaces, created_by FROM enrolment_codes "
            "WHERE code_hash = %s FOR UPDATE",
            (code_hash,),
        ).fetchone()
        if row is None or row[3] is not None or row[2] < now:
            raise AuthError("this enrolment code is unknown, used or expired")
        shop_id, owner, replaces, by = row[0], bool(row[1]), row[4], row[5]
        set_shop(conn, shop_id)
        existing = conn.execute(
            "SELECT code FROM devices WHERE shop_id = %s AND device_id = %s FOR UPDATE", (shop_id, request.device_id)
        ).fetchone()
        taken = conn.execute(
            "SELECT device_id FROM devices WHERE shop_id = %s AND code = %s", (shop_id, request.device_code)
        ).fetchone()
        if taken is not None and taken[0] != request.device_id:
            raise ConflictError(f"counter code {request.device_code} is already used by another counter of this shop")
        if existing is not None:
            if replaces != request.device_id:
                raise TakeoverRefused(shop_id, by)
            # The owner replaces this device on purpose: its old tokens stop working now.
            conn.execute(
                "DELETE FROM device_tokens WHERE shop_id = %s AND device_id = %s", (shop_id, request.device_id)
            )
            conn.execute(
                "UPDATE devices SET revoked_at = NULL, owner = %s, name = %s WHERE shop_id = %s AND device_id = %s",
                (owner, request.device_name, shop_id, request.device_id),
            )
            log(conn, shop_id, request.device_id, "replaced", by, owner=owner)
        elif replaces is not None:
            raise ConflictError("this invite replaces another device")
        else:
            conn.execute(
                "INSERT INTO devices (shop_id, device_id, code, name, owner, joined_seq) "
                "VALUES (%s, %s, %s, %s, %s, %s)",
                (shop_id, request.device_id, request.device_code, request.device_name, owner, request.outbox_seq),
            )
            log(conn, shop_id, request.device_id, "enrolled", by, owner=owner, code=request.device_code)
        token = secrets.token_urlsafe(32)
        conn.execute(
            "INSERT INTO device_tokens (token_hash, shop_id, device_id) VALUES (%s, %s, %s)",
            (digest(token), shop_id, request.device_id),
        )
        conn.execute("UPDATE enrolment_codes SET used_at = %s WHERE code_hash = %s", (now, code_hash))
        shop = conn.execute("SELECT name FROM shops WHERE shop_id = %s", (shop_id,)).fetchone()
        acked = conn.execute(
            "SELECT acked_seq FROM devices WHERE shop_id = %s AND device_id = %s", (shop_id, request.device_id)
        ).fetchone()
        assert shop is not None and acked is not None
    return Enrolment(shop_id, shop[0], token, owner, int(acked[0]))


def authenticate(db: CloudDB, token: str) -> Caller:
    """The shop and device a bearer token belongs to, if it is known and not revoked."""
    with db.transaction() as conn:
        row = conn.execute(
            "SELECT shop_id, device_id FROM device_tokens WHERE token_hash = %s", (digest(token),)
        ).fetchone()
        if row is None:
            raise AuthError("unknown token")
        shop_id, device_id = row
        set_shop(conn, shop_id)
        device = conn.execute(
            "SELECT revoked_at, owner FROM devices WHERE shop_id = %s AND device_id = %s", (shop_id, device_id)
        ).fetchone()
    if device is None or device[0] is not None:
        raise RevokedError(shop_id)
    return Caller(shop_id, device_id, bool(device[1]))


class RevokedError(AuthError):
    """A token of a device the owner revoked: the shop is known, for counting failures per shop."""

    def __init__(self, shop_id: uuid.UUID) -> None:
        super().__init__("this device has been revoked")
        self.shop_id = shop_id


def revoke(db: CloudDB, shop_id: uuid.UUID, device_id: uuid.UUID, by: uuid.UUID | None = None) -> bool:
    """Cut a device off; its tokens stop working at once. Returns False if the shop has no such device."""
    with db.transaction(shop_id) as conn:
        cur = conn.execute(
            "UPDATE devices SET revoked_at = now() WHERE shop_id = %s AND device_id = %s AND revoked_at IS NULL",
            (shop_id, device_id),
        )
        if cur.rowcount > 0:
            log(conn, shop_id, device_id, "revoked", by)
        return cur.rowcount > 0

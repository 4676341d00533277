"""Owner logins of the web: made and reached through one-time links from a shop's owner counter, or a password.

A link is minted by an owner device only, lives minutes and works once; only its SHA-256 is stored. Redeeming it
signs in as the shop's owner login (made on first use), or, from a signed-in browser, adds the shop to that
login: one owner, several outlets, each linked from its own owner counter. A shop belongs to one login at a time.
Passwords are optional and hashed with argon2id.
"""

from __future__ import annotations

import datetime as dt
import secrets
import uuid
from dataclasses import dataclass
from typing import Final

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError

from pos.cloud.auth import Caller, digest
from pos.cloud.db import CloudDB
from pos.i18n import N_

LINK_LIFETIME: Final = dt.timedelta(minutes=10)
MIN_PASSWORD: Final = 10
MAX_PASSWORD: Final = 200
MAX_LOGIN: Final = 80
_hasher = PasswordHasher()
# Checked when no such login exists, so an unknown login costs the same time as a wrong password.
_DUMMY: Final = _hasher.hash(secrets.token_urlsafe(16))


class LinkError(Exception):
    """The link is unknown, used, expired, or its counter is no longer the shop's owner device."""


class PasswordRefused(Exception):
    """A password or login name that cannot be used; the message is an English message id."""


@dataclass(frozen=True, slots=True)
class Link:
    code: str
    expires_at: dt.datetime


def mint_link(db: CloudDB, caller: Caller, now: dt.datetime | None = None) -> Link:
    """A one-time link code for the caller's shop; the caller must be an owner device (checked by the API too)."""
    if not caller.owner:
        raise LinkError("only the owner's device may make an owner's link")
    code = secrets.token_urlsafe(24)
    expires = (now or dt.datetime.now(dt.UTC)) + LINK_LIFETIME
    with db.transaction() as conn:
        conn.execute(
            "INSERT INTO web_links (code_hash, shop_id, device_id, expires_at) VALUES (%s, %s, %s, %s)",
            (digest(code), caller.shop_id, caller.device_id, expires),
        )
    return Link(code, expires)


@dataclass(frozen=True, slots=True)
class LinkTarget:
    shop_id: uuid.UUID
    shop_name: str
    owner_id: uuid.UUID | None  # the login the shop belongs to now, if any


def peek(db: CloudDB, code: str, now: dt.datetime | None = None) -> LinkTarget:
    """The shop a valid link leads to, without using it (the page asks before it signs in)."""
    when = now or dt.datetime.now(dt.UTC)
    with db.transaction() as conn:
        row = conn.execute(
            "SELECT l.shop_id, o.owner_id FROM web_links l LEFT JOIN web_owner_shops o ON o.shop_id = l.shop_id "
            "WHERE l.code_hash = %s AND l.used_at IS NULL AND l.expires_at > %s",
            (digest(code), when),
        ).fetchone()
        if row is None:
            raise LinkError("unknown, used or expired link")
        conn.execute("SELECT set_config('laci.shop_id', %s, true)", (str(row[0]),))
        name = conn.execute("SELECT name FROM shops WHERE shop_id = %s", (row[0],)).fetchone()
    return LinkTarget(row[0], str(name[0]) if name else "", row[1])


def redeem(db: CloudDB, code: str, signed_in: uuid.UUID | None, now: dt.datetime | None = None) -> uuid.UUID:
    """Use a link once; returns the owner login to sign in as. From a signed-in browser (`signed_in`), the
    link's shop joins that login; otherwise it signs in as the shop's login, made now if it has none."""
    when = now or dt.datetime.now(dt.UTC)
    with db.transaction() as conn:
        row = conn.execute(
            "SELECT shop_id, device_id, expires_at, used_at FROM web_links WHERE code_hash = %s FOR UPDATE",
            (digest(code),),
        ).fetchone()
        if row is None or row[3] is not None or row[2] <= when:
            raise LinkError("unknown, used or expired link")
        shop_id, device_id = row[0], row[1]
        conn.execute("UPDATE web_links SET used_at = %s WHERE code_hash = %s", (when, digest(code)))
        conn.execute("SELECT set_config('laci.shop_id', %s, true)", (str(shop_id),))
        device = conn.execute(
            "SELECT owner, revoked_at FROM devices WHERE shop_id = %s AND device_id = %s", (shop_id, device_id)
        ).fetchone()
        if device is None or not device[0] or device[1] is not None:
            # The counter that made the link was revoked (or is no longer the owner's) since.
            raise LinkError("the counter that made this link may no longer do so")
        current = conn.execute("SELECT owner_id FROM web_owner_shops WHERE shop_id = %s", (shop_id,)).fetchone()
        owner = signed_in or (current[0] if current else None)
        if owner is None:
            owner = uuid.uuid4()
            conn.execute("INSERT INTO web_owners (owner_id) VALUES (%s)", (owner,))
        conn.execute(
            "INSERT INTO web_owner_shops (shop_id, owner_id, linked_by) VALUES (%s, %s, %s) "
            "ON CONFLICT (shop_id) DO UPDATE SET owner_id = excluded.owner_id, linked_at = now(), "
            "linked_by = excluded.linked_by",
            (shop_id, owner, device_id),
        )
    return owner


def shops_of(db: CloudDB, owner_id: uuid.UUID) -> list[uuid.UUID]:
    with db.transaction() as conn:
        rows = conn.execute(
            "SELECT shop_id FROM web_owner_shops WHERE owner_id = %s ORDER BY linked_at, shop_id", (owner_id,)
        ).fetchall()
    return [r[0] for r in rows]


def login_of(db: CloudDB, owner_id: uuid.UUID) -> str | None:
    with db.transaction() as conn:
        row = conn.execute("SELECT login FROM web_owners WHERE owner_id = %s", (owner_id,)).fetchone()
    return str(row[0]) if row and row[0] else None


def set_password(db: CloudDB, owner_id: uuid.UUID, login: str, password: str) -> None:
    """Let the owner sign in with `login` and `password` too (a phone number or an e-mail address, say)."""
    login = login.strip().lower()
    if not login or len(login) > MAX_LOGIN or "\x00" in login:
        raise PasswordRefused(N_("Choose a login name of up to 80 characters."))
    if not MIN_PASSWORD <= len(password) <= MAX_PASSWORD or "\x00" in password:
        raise PasswordRefused(N_("The password needs at least 10 characters."))
    hashed = _hasher.hash(password)
    with db.transaction() as conn:
        taken = conn.execute("SELECT owner_id FROM web_owners WHERE login = %s", (login,)).fetchone()
        if taken is not None and taken[0] != owner_id:
            raise PasswordRefused(N_("This login name is taken; choose another."))
        conn.execute(
            "UPDATE web_owners SET login = %s, password_hash = %s WHERE owner_id = %s", (login, hashed, owner_id)
        )


def check_password(db: CloudDB, login: str, password: str) -> uuid.UUID | None:
    """The owner login with this name and password, or None (in about the same time either way)."""
    with db.transaction() as conn:
        row = conn.execute(
            "SELECT owner_id, password_hash FROM web_owners WHERE login = %s", (login.strip().lower(),)
        ).fetchone()
    stored = str(row[1]) if row and row[1] else _DUMMY
    try:
        _hasher.verify(stored, password)
    except (VerificationError, InvalidHashError):
        return None
    return row[0] if row and row[1] else None

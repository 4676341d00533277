"""People at the counter: owners and cashiers, their PINs (argon2id, keyed: `pins`), and lockout (`lockout`).

PIN checks run in their own transactions at the `Database` level, not inside a caller's: a try is counted and
committed before the PIN is checked, and stays counted whatever happens to the action it was meant to allow.
Users and PINs are changed only at an owner's device (`authority`): every other counter refuses such a change.
"""

from __future__ import annotations

import datetime as dt
import re
import uuid
from dataclasses import dataclass
from typing import Final, Literal

from sqlalchemy import delete, insert, select, update
from sqlalchemy.orm import Session

from pos.i18n import N_
from pos.ledger.base import fmt
from pos.ledger.base.clock import local, utc_now
from pos.ledger.base.db import Database
from pos.ledger.base.errors import Conflict, InvalidInput, NotAllowed, NotFound
from pos.ledger.base.ids import UserId, new_id
from pos.ledger.books import audit
from pos.ledger.books.approvals import Action, Actor, Approval
from pos.ledger.people import lockout
from pos.ledger.replication import authority, pins
from pos.ledger.replication.changes import record_change, republish
from pos.ledger.schema import SyncState, User, core
from pos.ledger.shop import settings

MAX_ATTEMPTS: Final = lockout.FREE_TRIES
LOCKOUT: Final = lockout.FIRST_LOCK  # the first lock; each further wrong PIN doubles it
_PIN = re.compile(r"^\d{4,6}$")


@dataclass(frozen=True, slots=True)
class UserInfo:
    id: UserId
    name: str
    role: Literal["owner", "cashier"]
    is_active: bool
    locked_until: dt.datetime | None


def _check_pin_format(pin: str) -> None:
    if not _PIN.match(pin):
        raise InvalidInput(N_("A PIN is 4 to 6 digits."))


def check_new_pin(pin: str, again: str) -> None:
    """A new PIN as typed twice: 4 to 6 digits, the same both times; `InvalidInput` otherwise."""
    _check_pin_format(pin)
    if again != pin:
        raise InvalidInput(N_("The two PINs are not the same."))


def hash_pin(session: Session, pin: str) -> str:
    """A new PIN's hash, keyed with the shop's PIN key (made now on an owner's counter that has none yet)."""
    _check_pin_format(pin)
    key = pins.shop_key(session)
    if key is None and authority.local_is_owner(session):
        key = pins.new_key()
        pins.save_key(session, key)
    return pins.hash_pin(pin, key)


def add_user(
    session: Session,
    name: str,
    role: Literal["owner", "cashier"],
    pin: str,
    *,
    at: dt.datetime | None = None,
    by: Actor | None = None,
) -> UserId:
    """Create a user. The first user of a shop must be an owner; after that only an owner may add users."""
    clean = name.strip()
    if not clean:
        raise InvalidInput(N_("The user needs a name."))
    if role not in ("owner", "cashier"):
        raise InvalidInput(N_("A user is either an owner or a cashier."))
    existing = session.execute(select(User.id).limit(1)).first()
    if existing is None and role != "owner":
        raise InvalidInput(N_("The first user must be the owner."))
    if existing is not None and (by is None or not by.is_owner):
        raise NotAllowed(N_("Only the owner may add users."))
    authority.require_owner_device(session)
    if session.execute(select(User.id).where(User.name == clean)).first():
        raise Conflict(N_("There is already a user named {name}."), name=clean)
    uid = new_id()
    when = at or utc_now()
    # The PIN's hash travels to the other counters so an owner's PIN works at all of them; the PIN never does.
    fields = {"name": clean, "role": role, "pin_hash": hash_pin(session, pin), "is_active": True}
    session.execute(insert(core(User)), [{"id": uid, **fields, "failed_attempts": 0, "locked_until": None, "hlc": ""}])
    record_change(session, "users", uid, fields, when)
    audit.record(
        session, "user.add", at=at or utc_now(), user_id=by.user_id if by else uid, detail={"name": clean, "role": role}
    )
    return UserId(uid)


def list_users(session: Session, active_only: bool = True) -> list[UserInfo]:
    query = select(User).order_by(User.role.desc(), User.name)
    if active_only:
        query = query.where(User.is_active)
    now = utc_now()
    return [
        UserInfo(UserId(u.id), u.name, u.role, u.is_active, lockout.state(session, u.id, now).until)  # type: ignore[arg-type]
        for u in session.scalars(query)
    ]


def has_owner(session: Session) -> bool:
    return session.execute(select(User.id).where(User.role == "owner", User.is_active)).first() is not None


def _verify(db: Database, pin_hash: str, pin: str) -> bool:
    with db.read() as session:
        key = pins.shop_key(session)
    try:
        return pins.verify(pin_hash, pin, key)
    except pins.KeyMissing:
        raise NotAllowed(
            N_(
                "This counter does not hold the shop's PIN key yet. Enrol it again with a new invite from the "
                "owner's counter ('laci sync invite --replace')."
            )
        ) from None


def _locked_out(session: Session, name: str, until: dt.datetime) -> NotAllowed:
    when = fmt.datetime(local(until, settings.load(session).timezone))
    return NotAllowed(N_("{name} is locked out after too many wrong PINs, until {time}."), name=name, time=when)


def authenticate(db: Database, user_id: uuid.UUID, pin: str, *, at: dt.datetime | None = None) -> Actor:
    """The user, if `pin` is theirs and they are not locked out. The try is counted before the PIN is checked."""
    now = at or utc_now()
    with db.write() as session:
        user = session.get(User, user_id)
        if user is None or not user.is_active:
            raise NotFound(N_("User not found."))
        name, role, pin_hash = user.name, user.role, user.pin_hash
        lock = lockout.state(session, user_id, now)
        if lock.locked(now):
            assert lock.until is not None
            raise _locked_out(session, name, lock.until)
        lockout.count_try(session, [user_id], now, "login")
    ok = _verify(db, pin_hash, pin)  # slow on purpose, and outside any write lock
    with db.write() as session:
        if ok:
            lockout.note_right(session, user_id, now, "login")
        else:
            lockout.note_wrong(session, [user_id], now, "login")
    if not ok:
        raise NotAllowed(N_("Wrong PIN."))
    return Actor(UserId(user_id), name, role)  # type: ignore[arg-type]


def approve(db: Database, pin: str, action: Action, *, reason: str = "", at: dt.datetime | None = None) -> Approval:
    """An owner's approval for one `action`, if `pin` belongs to an active owner who is not locked out."""
    now = at or utc_now()
    with db.write() as session:
        owners = [
            (u.id, u.pin_hash, lockout.state(session, u.id, now))
            for u in session.scalars(select(User).where(User.role == "owner", User.is_active))
        ]
        usable = [(uid, h) for uid, h, lock in owners if not lock.locked(now)]
        # Any owner's PIN could be the target of guessing, so each try counts against all of them.
        lockout.count_try(session, [uid for uid, _h in usable], now, action)
    match = next((uid for uid, h in usable if _verify(db, h, pin)), None)
    with db.write() as session:
        if match is not None:
            lockout.note_right(session, match, now, action)
        else:
            lockout.note_wrong(session, [uid for uid, _h in usable], now, action)
    if match is None:
        if owners and not usable:
            until = min(lock.until for _u, _h, lock in owners if lock.until is not None)
            with db.read() as session:
                when = fmt.datetime(local(until, settings.load(session).timezone))
            raise NotAllowed(N_("The owner is locked out after too many wrong PINs, until {time}."), time=when)
        raise NotAllowed(N_("That is not the owner's PIN."))
    return Approval(UserId(match), action, now, reason)


def change_pin(session: Session, user_id: uuid.UUID, new_pin: str, *, by: Actor, at: dt.datetime | None = None) -> None:
    """Set a new PIN (and lift a lockout): an owner for anyone, a cashier only for themselves."""
    if not by.is_owner and by.user_id != user_id:
        raise NotAllowed(N_("Only the owner may change another user's PIN."))
    if session.get(User, user_id) is None:
        raise NotFound(N_("User not found."))
    authority.require_owner_device(session)
    when = at or utc_now()
    new_hash = hash_pin(session, new_pin)
    session.execute(update(User).where(User.id == user_id).values(pin_hash=new_hash))
    record_change(session, "users", user_id, {"pin_hash": new_hash}, when)
    audit.record(session, "user.pin_changed", at=when, user_id=by.user_id, detail={"user": user_id.hex})
    lockout.note_reset(session, user_id, when, by.user_id)


def deactivate_user(session: Session, user_id: uuid.UUID, *, by: Actor, at: dt.datetime | None = None) -> None:
    """Stop a user from logging in (their sales and audit records stay theirs). Only an owner may, and the last
    active owner stays: without one, no one could approve or change anything again."""
    if not by.is_owner:
        raise NotAllowed(N_("Only the owner may manage users."))
    authority.require_owner_device(session)
    user = session.get(User, user_id)
    if user is None or not user.is_active:
        raise NotFound(N_("User not found."))
    if user.role == "owner":
        owners = session.execute(select(User.id).where(User.role == "owner", User.is_active)).all()
        if len(owners) <= 1:
            raise NotAllowed(N_("{name} is the only owner and stays active."), name=user.name)
    when = at or utc_now()
    session.execute(update(User).where(User.id == user_id).values(is_active=False))
    record_change(session, "users", user_id, {"is_active": False}, when)
    audit.record(session, "user.deactivated", at=when, user_id=by.user_id, detail={"user": user_id.hex})


RESEND_STATE: Final = "reseal_pins"


def resend_keyed(session: Session, at: dt.datetime | None = None) -> int:
    """Once after the upgrade that keyed PIN hashes, on an owner's device: key every hash still unkeyed here and
    send every user again with the stamps their fields hold (the cloud dropped the unkeyed hashes it had). Other
    devices just forget the note. Returns the events queued."""
    flag = session.scalar(select(SyncState.value).where(SyncState.key == RESEND_STATE))
    role = authority.local_role(session)
    if flag != "1" or role is None:
        return 0
    session.execute(delete(SyncState).where(SyncState.key == RESEND_STATE))
    if role != authority.ROLE_OWNER:
        return 0
    key = pins.shop_key(session)
    if key is None:
        key = pins.new_key()
        pins.save_key(session, key)
    when = at or utc_now()
    sent = 0
    for user in session.scalars(select(User)).all():
        pin_hash = pins.keyed(user.pin_hash, key) if not pins.is_keyed(user.pin_hash) else user.pin_hash
        session.execute(update(User).where(User.id == user.id).values(pin_hash=pin_hash))
        fields = {"name": user.name, "role": user.role, "pin_hash": pin_hash, "is_active": user.is_active}
        sent += republish(session, "users", user.id, fields, when)
    return sent

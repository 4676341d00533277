"""People at the counter: owners and cashiers, their PINs (argon2id, salted), and lockout after wrong PINs.

PIN checks run in their own transactions at the `Database` level, not inside a caller's: a wrong PIN must be
counted and committed even though the action it was meant to allow is refused.
"""

from __future__ import annotations

import datetime as dt
import re
import uuid
from dataclasses import dataclass
from typing import Final, Literal

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import insert, select, update
from sqlalchemy.orm import Session

from pos.i18n import N_
from pos.ledger.base.clock import utc_now
from pos.ledger.base.db import Database
from pos.ledger.base.errors import InvalidInput, NotAllowed, NotFound
from pos.ledger.base.ids import UserId, new_id
from pos.ledger.books import audit
from pos.ledger.books.approvals import Action, Actor, Approval
from pos.ledger.replication.changes import record_change
from pos.ledger.schema import User, core

MAX_ATTEMPTS: Final = 5
LOCKOUT: Final = dt.timedelta(minutes=5)
_PIN = re.compile(r"^\d{4,6}$")
_hasher = PasswordHasher()  # argon2id with the library's current recommended cost


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


def hash_pin(pin: str) -> str:
    _check_pin_format(pin)
    return _hasher.hash(pin)


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
    if session.execute(select(User.id).where(User.name == clean)).first():
        raise InvalidInput(N_("There is already a user named {name}."), name=clean)
    uid = new_id()
    when = at or utc_now()
    # The PIN's hash travels to the other counters so an owner's PIN works at all of them; the PIN never does.
    fields = {"name": clean, "role": role, "pin_hash": hash_pin(pin), "is_active": True}
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
    return [UserInfo(UserId(u.id), u.name, u.role, u.is_active, u.locked_until) for u in session.scalars(query)]  # type: ignore[arg-type]


def has_owner(session: Session) -> bool:
    return session.execute(select(User.id).where(User.role == "owner", User.is_active)).first() is not None


def _verify(pin_hash: str, pin: str) -> bool:
    try:
        return _hasher.verify(pin_hash, pin)
    except (VerificationError, InvalidHashError):
        return False


def _locked(locked_until: dt.datetime | None, now: dt.datetime) -> bool:
    return locked_until is not None and locked_until > now


def _note_failure(session: Session, user_ids: list[uuid.UUID], now: dt.datetime, what: str) -> None:
    for uid in user_ids:
        user = session.get(User, uid)
        if user is None:
            continue
        attempts = user.failed_attempts + 1
        locked = now + LOCKOUT if attempts >= MAX_ATTEMPTS else user.locked_until
        session.execute(
            update(User)
            .where(User.id == uid)
            .values(failed_attempts=0 if attempts >= MAX_ATTEMPTS else attempts, locked_until=locked)
        )
        audit.record(
            session, "pin.wrong", at=now, user_id=uid, detail={"for": what, "locked": attempts >= MAX_ATTEMPTS}
        )


def _note_success(session: Session, uid: uuid.UUID) -> None:
    session.execute(update(User).where(User.id == uid).values(failed_attempts=0, locked_until=None))


def authenticate(db: Database, user_id: uuid.UUID, pin: str, *, at: dt.datetime | None = None) -> Actor:
    """The user, if `pin` is theirs and they are not locked out; a wrong PIN is counted, then refused."""
    now = at or utc_now()
    with db.read() as session:
        user = session.get(User, user_id)
        if user is None or not user.is_active:
            raise NotFound(N_("User not found."))
        name, role, pin_hash, locked_until = user.name, user.role, user.pin_hash, user.locked_until
    if _locked(locked_until, now):
        raise NotAllowed(N_("{name} is locked out after too many wrong PINs. Try again in a few minutes."), name=name)
    ok = _verify(pin_hash, pin)  # slow on purpose, and outside any write lock
    with db.write() as session:
        if ok:
            _note_success(session, user_id)
        else:
            _note_failure(session, [user_id], now, "login")
    if not ok:
        raise NotAllowed(N_("Wrong PIN."))
    return Actor(UserId(user_id), name, role)  # type: ignore[arg-type]


def approve(db: Database, pin: str, action: Action, *, reason: str = "", at: dt.datetime | None = None) -> Approval:
    """An owner's approval for one `action`, if `pin` belongs to an active owner who is not locked out."""
    now = at or utc_now()
    with db.read() as session:
        owners = [
            (u.id, u.pin_hash, u.locked_until)
            for u in session.scalars(select(User).where(User.role == "owner", User.is_active))
        ]
    usable = [(uid, h) for uid, h, locked in owners if not _locked(locked, now)]
    match = next((uid for uid, h in usable if _verify(h, pin)), None)
    with db.write() as session:
        if match is not None:
            _note_success(session, match)
        else:
            # Any owner's PIN could be the target of guessing, so each wrong try counts against all of them.
            _note_failure(session, [uid for uid, _h in usable], now, action)
    if match is None:
        if owners and not usable:
            raise NotAllowed(N_("The owner is locked out after too many wrong PINs. Try again in a few minutes."))
        raise NotAllowed(N_("That is not the owner's PIN."))
    return Approval(UserId(match), action, now, reason)


def change_pin(session: Session, user_id: uuid.UUID, new_pin: str, *, by: Actor, at: dt.datetime | None = None) -> None:
    """Set a new PIN (and lift a lockout): an owner for anyone, a cashier only for themselves."""
    if not by.is_owner and by.user_id != user_id:
        raise NotAllowed(N_("Only the owner may change another user's PIN."))
    if session.get(User, user_id) is None:
        raise NotFound(N_("User not found."))
    new_hash = hash_pin(new_pin)
    session.execute(
        update(User).where(User.id == user_id).values(pin_hash=new_hash, failed_attempts=0, locked_until=None)
    )
    record_change(session, "users", user_id, {"pin_hash": new_hash}, at or utc_now())
    audit.record(session, "user.pin_changed", at=at or utc_now(), user_id=by.user_id, detail={"user": user_id.hex})


def deactivate_user(session: Session, user_id: uuid.UUID, *, by: Actor, at: dt.datetime | None = None) -> None:
    """Stop a user from logging in (their sales and audit records stay theirs). Only an owner may, and the last
    active owner stays: without one, no one could approve or change anything again."""
    if not by.is_owner:
        raise NotAllowed(N_("Only the owner may manage users."))
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

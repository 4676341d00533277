"""Applying what other counters sent: the shop's rules first, then every event on its own if need be.

A pulled page is applied in one savepoint, the fast way. Should any event in it fail, the page is applied again
event by event, each in its own savepoint, and the one that fails is set aside with its reason
(`quarantine`) while the rest go in: one bad event never stops a counter. Changes that the sender's role does not
allow (`authority`) are refused before anything is applied, whatever the cloud let through.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from typing import Any

from sqlalchemy.exc import OperationalError, SQLAlchemyError
from sqlalchemy.orm import Session

from pos.i18n import N_
from pos.ledger.base import hlc
from pos.ledger.base.device import local_device
from pos.ledger.base.errors import LedgerError
from pos.ledger.replication import authority, event_rules, pins, quarantine
from pos.ledger.replication.authority import Refusal
from pos.ledger.replication.changes import apply_events, record_clamped

_FAILURES = (LedgerError, ValueError, TypeError, KeyError, AttributeError, SQLAlchemyError)
NO_PIN_KEY = N_(
    "This counter does not hold the shop's PIN key, so it cannot take this change of a PIN yet. Enrol it again "
    "with a new invite from the owner's counter."
)


def _changes(kind: str, payload: Mapping[str, Any]) -> list[tuple[str, str, Mapping[str, Any]]]:
    if kind == "change":
        return [(str(payload["entity"]), str(payload["key"]), payload["fields"])]
    if kind == "changes":
        return [(str(payload["entity"]), str(item["key"]), item["fields"]) for item in payload["items"]]
    return []


def verdict(event: Mapping[str, Any], owners: frozenset[str], key: bytes | None) -> tuple[str, Refusal] | None:
    """Whether the shop's rules refuse this event (for good) or it must wait (held), before it is applied."""
    kind, payload, origin = str(event["kind"]), event["payload"], str(event["device_id"])
    is_owner = origin in owners
    try:
        for entity, row_key, fields in _changes(kind, payload):
            refused = authority.refusal(entity, row_key, fields, origin=origin, origin_is_owner=is_owner)
            if refused is not None:
                return quarantine.REFUSED, refused
            if entity == "users" and key is None and pins.is_keyed(fields.get("pin_hash")):
                return quarantine.HELD, Refusal(NO_PIN_KEY)
        refused = authority.fact_refusal(kind, origin_is_owner=is_owner)
    except (KeyError, TypeError, AttributeError):
        return quarantine.HELD, Refusal(N_("The event is malformed."))
    return (quarantine.REFUSED, refused) if refused is not None else None


def _why(event: Mapping[str, Any], err: Exception, owners: frozenset[str]) -> Refusal:
    origin = str(event["device_id"])
    found = event_rules.check(str(event["kind"]), event["payload"], origin, owner=origin in owners)
    if isinstance(found, Refusal):
        return found
    return Refusal(
        N_("This counter could not apply it ({error}); it is tried again at every sync."),
        {"error": f"{type(err).__name__}: {str(err)[:160]}"},
    )


def _apply_one(session: Session, event: Mapping[str, Any], now: dt.datetime) -> Exception | None:
    try:
        with session.begin_nested():
            apply_events(session, [(str(event["kind"]), event["payload"])], now)
    except _FAILURES as err:
        if isinstance(err, OperationalError):
            raise  # the database itself (locked, full): sync stops and tries again, nothing is set aside
        return err
    return None


def _apply(session: Session, events: Sequence[Mapping[str, Any]], owners: frozenset[str], now: dt.datetime) -> int:
    if not events:
        return 0
    try:
        with session.begin_nested():
            apply_events(session, [(str(e["kind"]), e["payload"]) for e in events], now)
        return len(events)
    except _FAILURES as err:
        if isinstance(err, OperationalError):
            raise
    applied = 0
    for event in events:
        failed = _apply_one(session, event, now)
        if failed is None:
            applied += 1
        else:
            quarantine.set_aside(session, event, quarantine.HELD, _why(event, failed, owners), now)
    return applied


def apply_pulled(
    session: Session, events: Sequence[dict[str, Any]], now: dt.datetime, *, trusted_below: int = 0
) -> int:
    """Apply a page of pulled events in the caller's transaction; returns how many were applied.

    Events below `trusted_below` were stored before the shop's rules were checked and every counter of the time
    applied them: they are applied as they were then, so a counter that joins later agrees with the others.
    """
    me = local_device(session).id.hex
    owners = authority.owners(session)
    key = pins.shop_key(session)
    batch: list[dict[str, Any]] = []
    applied = 0
    pulled_back = False
    for event in events:
        payload = event["payload"]
        if event["device_id"] == me:
            # Our own event coming back: already applied here, unless the cloud pulled a clock back.
            if event["kind"] in ("change", "changes") and "clamped_from" in payload:
                applied += _apply(session, batch, owners, now)
                batch.clear()
                record_clamped(session, payload)
                pulled_back = True
            continue
        found = verdict(event, owners, key) if int(event.get("server_seq", 0)) >= trusted_below else None
        if found is not None:
            quarantine.set_aside(session, event, found[0], found[1], now)
            continue
        batch.append(event)
    applied += _apply(session, batch, owners, now)
    if pulled_back:
        hlc.pull_back(session)
    return applied


def retry_held(session: Session, now: dt.datetime) -> int:
    """Try the held events again, oldest first (after an upgrade, or once what they lacked is here)."""
    owners = authority.owners(session)
    key = pins.shop_key(session)
    released = 0
    for event in quarantine.to_retry(session):
        found = verdict(event, owners, key)
        if found is not None:
            quarantine.set_aside(session, event, found[0], found[1], now)
            continue
        failed = _apply_one(session, event, now)
        if failed is None:
            quarantine.release(session, int(event["server_seq"]))
            released += 1
        else:
            quarantine.still_held(session, int(event["server_seq"]), _why(event, failed, owners))
    return released

"""Applying pulled events on a counter: the sender's role decides, events from before the checks are applied as
they were, and a PIN change this counter cannot use yet waits for the shop's PIN key."""

from __future__ import annotations

import datetime as dt
import uuid
from pathlib import Path
from typing import Any

from replicas import new_counter, outbox
from sqlalchemy import text, update

from pos.ledger.base.db import Database
from pos.ledger.base.device import local_device
from pos.ledger.base.money import Money
from pos.ledger.people.users import add_user, authenticate
from pos.ledger.replication import authority, inbound, pins, quarantine, sync_state
from pos.ledger.schema import Device
from pos.ledger.stock.product_records import add_product

AT = dt.datetime(2026, 11, 22, 2, 0, tzinfo=dt.UTC)


def pulled(source: Database, first_seq: int = 1) -> list[dict[str, Any]]:
    """`source`'s outbox as the cloud would hand it out, numbered from `first_seq`."""
    with source.read() as s:
        device = local_device(s).id.hex
    return [
        {"server_seq": first_seq + n, "device_id": device, "kind": kind, "payload": payload}
        for n, (_seq, kind, payload) in enumerate(outbox(source))
    ]


def told_roles(db: Database, **roles: Database) -> None:
    """What `/v1/devices` would tell `db`: each named counter with its role ("owner" or "counter")."""
    devices = []
    for role, counter in roles.items():
        with counter.read() as s:
            device = local_device(s)
        devices.append({"device_id": device.id.hex, "code": device.code, "owner": role.startswith("owner")})
    with db.write() as s:
        s.execute(update(Device).values(role=None))
        sync_state.save_enrolment(s, "https://sync.example.id", str(uuid.uuid4()), "Warung", "token")
        authority.save_roles(s, devices)


def test_a_price_from_a_counter_device_is_refused_unless_the_cloud_stored_it_before_the_checks(
    tmp_path: Path,
) -> None:
    cashier = new_counter(tmp_path / "b", "B")
    with cashier.write() as s:
        add_product(s, "Teh Botol", Money(5_000))
    events = [e for e in pulled(cashier) if e["kind"] == "change" and e["payload"]["entity"] == "products"]
    for checked_from, expect in ((0, 0), (len(events) + 10, 1)):
        other = new_counter(tmp_path / f"c{checked_from}", "C")
        told_roles(other, counter=cashier, owner=other)
        with other.write() as s:
            sync_state.apply_pulled(s, events, cursor=len(events), checked_from=checked_from, at=AT)
        with other.read() as s:
            products = s.execute(text("SELECT count(*) FROM products")).scalar_one()
            refused = quarantine.summary(s).refused
        assert (products, refused) == (expect, 1 - expect), checked_from


def test_a_pin_change_waits_for_the_shops_key_and_goes_in_once_it_is_here(tmp_path: Path) -> None:
    owner = new_counter(tmp_path / "a", "A")
    with owner.write() as s:
        user = add_user(s, "Bu Sri", "owner", "246810", at=AT)
    keyless = new_counter(tmp_path / "b", "B")
    with keyless.write() as s:
        s.execute(text("DELETE FROM sync_state WHERE key = 'pin_key'"))
    told_roles(keyless, owner=owner, counter=keyless)
    with keyless.write() as s:
        inbound.apply_pulled(s, pulled(owner), AT)
    with keyless.read() as s:
        [held] = quarantine.items(s)
    assert held.status == quarantine.HELD
    assert "PIN key" in held.reason or "kunci PIN" in held.reason
    with keyless.write() as s:  # enrolled again with an invite from the owner's counter: the key is here
        with owner.read() as o:
            key = pins.shop_key(o)
        assert key is not None
        pins.save_key(s, key)
        assert inbound.retry_held(s, AT) == 1
    assert authenticate(keyless, user, "246810", at=AT).is_owner

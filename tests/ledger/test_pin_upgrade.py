"""Migration 0014 on a shop's existing PIN hashes: keyed where the counter is its owner's, noted for sending
again where only the cloud can tell; every PIN goes on working."""

from __future__ import annotations

import shutil
import sqlite3
import uuid
from pathlib import Path

from argon2 import PasswordHasher
from sqlalchemy import text, update

from pos.ledger.people.users import RESEND_STATE, authenticate, resend_keyed
from pos.ledger.replication import authority, pins, sync_state
from pos.ledger.schema import Device
from pos.ledger.shop.opening import open_database

FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "upgrade" / "laci-rev-0013.sqlite3"
USER = uuid.UUID(int=77)


def old_shop(tmp_path: Path, *, enrolled: bool) -> Path:
    path = tmp_path / "laci.sqlite3"
    shutil.copyfile(FIXTURE, path)
    db = sqlite3.connect(path)
    db.execute(
        "INSERT INTO users (id, name, role, pin_hash, failed_attempts, locked_until, is_active, hlc) "
        "VALUES (?, 'Bu Sri', 'owner', ?, 0, NULL, 1, '')",
        (USER.bytes, PasswordHasher().hash("2468")),
    )
    for field in ("name", "role", "pin_hash", "is_active"):  # as `add_user` stamped them
        db.execute(
            "INSERT INTO field_clocks (entity, key, field, hlc) VALUES ('users', ?, ?, "
            "'1767225600000-00000-00000000000000000000000000000001')",
            (USER.hex, field),
        )
    if enrolled:
        for key, value in (("url", "https://sync.example.id"), ("shop_id", str(uuid.uuid4())), ("token", "t")):
            db.execute("INSERT INTO sync_state (key, value) VALUES (?, ?)", (key, value))
    db.commit()
    db.close()
    return path


def test_a_counter_on_its_own_keys_its_hashes_and_every_pin_still_works(tmp_path: Path) -> None:
    db = open_database(old_shop(tmp_path, enrolled=False))
    try:
        with db.read() as s:
            stored = s.execute(text("SELECT pin_hash FROM users")).scalar_one()
        assert stored.startswith(pins.KEYED_PREFIX)
        assert authenticate(db, USER, "2468").is_owner
    finally:
        db.dispose()


def test_an_enrolled_counter_keeps_its_hashes_until_the_cloud_says_it_is_the_owners(tmp_path: Path) -> None:
    db = open_database(old_shop(tmp_path, enrolled=True))
    try:
        assert authenticate(db, USER, "2468").is_owner  # the unkeyed hash still works meanwhile
        with db.write() as s:
            assert sync_state.get(s, RESEND_STATE) == "1"
            assert resend_keyed(s) == 0  # not told its role yet: it waits
            s.execute(update(Device).where(Device.is_local).values(role=authority.ROLE_OWNER))
            sent = resend_keyed(s)
        assert sent == 1
        with db.read() as s:
            assert sync_state.get(s, RESEND_STATE) is None
            assert pins.shop_key(s) is not None
        assert authenticate(db, USER, "2468").is_owner
    finally:
        db.dispose()

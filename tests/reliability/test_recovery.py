"""A damaged database at start: the newest good backup found where the owner keeps them, and put back safely."""

from __future__ import annotations

import datetime as dt
import sqlite3
from pathlib import Path

import pytest
from damage_support import corrupt_page_of, files_under
from shop_support import sell, set_up_counter

from pos.ledger.base.errors import NotFound
from pos.ledger.counter.payments import cash
from pos.ledger.shop import backup, settings
from pos.ledger.shop.opening import DamagedDatabase, init_shop, open_database
from pos.ledger.shop.recovery import plan_recovery, recover

T = dt.datetime(2026, 11, 22, 3, 0, tzinfo=dt.UTC)


def sales_in(path: Path) -> int:
    conn = sqlite3.connect(path)
    try:
        return int(conn.execute("SELECT COUNT(*) FROM sales").fetchone()[0])
    finally:
        conn.close()


def shop(directory: Path, **chosen: str) -> Path:
    """A closed shop database with two sales and the settings `chosen` (`backup_folder` is `backup.folder`)."""
    db = open_database(directory / "laci.sqlite3")
    with db.write() as s:
        init_shop(s, "Warung Bu Sri")
        for key, value in chosen.items():
            settings.put(s, key.replace("_", "."), value)
    counter = set_up_counter(db)
    for _ in range(2):
        sell(counter, counter.cashier, [(counter.codes[0], 1)], [cash(5_000)])
    db.dispose()
    return directory / "laci.sqlite3"


def test_the_newest_good_backup_is_found_in_the_folder_the_damaged_file_names(tmp_path: Path) -> None:
    usb = tmp_path / "usb"
    path = shop(tmp_path / "shop", backup_folder=str(usb), shop_timezone="Asia/Makassar")
    older = backup.take_backup(path, usb, "daily", at=T)
    beside = backup.take_backup(path, path.parent / "backups", "manual", at=T - dt.timedelta(days=2))
    newer = backup.take_backup(path, usb, "shift", at=T + dt.timedelta(hours=8))
    cut = newer.path.read_bytes()
    newer.path.write_bytes(cut[: len(cut) // 2])  # a copy cut short, as a pulled-out stick leaves it
    corrupt_page_of(path)
    with pytest.raises(DamagedDatabase):
        open_database(path)

    plan = plan_recovery(path)
    assert plan.searched == (usb, path.parent / "backups")
    assert plan.backup == older  # the newer one fails its check; the one beside the database is older
    assert plan.timezone == "Asia/Makassar"
    assert plan.taken_at() == dt.datetime(2026, 11, 22, 11, 0, tzinfo=dt.timezone(dt.timedelta(hours=8)))
    assert beside.path.exists()


def test_recovering_puts_the_backup_in_place_and_keeps_the_damaged_file(tmp_path: Path) -> None:
    path = shop(tmp_path / "shop")
    made = backup.take_backup(path, path.parent / "backups", "daily", at=T)
    db = open_database(path)
    with db.write() as s:
        settings.put(s, "language", "en")
    db.dispose()
    corrupt_page_of(path)
    damaged = path.read_bytes()

    plan = plan_recovery(path)
    assert plan.backup == made and plan.language == "en"
    kept = recover(plan, at=T + dt.timedelta(days=1))
    assert kept == path.parent / "laci.replaced-20261123T030000Z.sqlite3"
    assert kept.read_bytes() == damaged
    assert backup.verify_file(path) == [] and sales_in(path) == 2
    open_database(path).dispose()


def test_with_no_good_backup_nothing_is_offered_and_nothing_changes(tmp_path: Path) -> None:
    path = shop(tmp_path / "shop")
    folder = path.parent / "backups"
    folder.mkdir()
    (folder / backup.backup_name("daily", T)).write_bytes(b"SQLite format 3\x00" + bytes(4080))
    path.write_bytes(b"\x00" * 100 + path.read_bytes()[100:])  # the header gone: SQLite cannot read it at all
    before = files_under(tmp_path)

    plan = plan_recovery(path)
    assert plan.backup is None and plan.taken_at() is None
    assert plan.searched == (folder,) and plan.language is None and plan.timezone == "Asia/Jakarta"
    with pytest.raises(NotFound):
        recover(plan)
    assert files_under(tmp_path) == before

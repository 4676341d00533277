"""Backups that never pause a sale, a restore that checks before it replaces, damage found at start."""

from __future__ import annotations

import datetime as dt
import os
import sqlite3
import stat
from collections import namedtuple
from pathlib import Path

import pytest
from cli_support import laci
from PIL import Image
from shop_support import sell, set_up_counter

from pos.ledger.base.errors import BooksProblem, Unavailable
from pos.ledger.books.check import check_books
from pos.ledger.counter.cart import Cart, line_for_scan
from pos.ledger.counter.payments import cash
from pos.ledger.selling.sales import ring_up
from pos.ledger.shop import backup, backup_kept
from pos.ledger.shop.opening import DamagedDatabase, open_database
from pos.ledger.stock.barcodes import DEFAULT_FORMATS
from pos.ledger.stock.pictures import set_picture
from pos.ledger.stock.product_records import find_by_barcode

T = dt.datetime(2026, 11, 22, 3, 0, tzinfo=dt.UTC)


def shop_with_sales(directory: Path, n: int = 3):  # type: ignore[no-untyped-def]
    db = open_database(directory / "laci.sqlite3")
    with db.write() as s:
        from pos.ledger.shop.opening import init_shop

        init_shop(s, "Warung Bu Sri")
    counter = set_up_counter(db)
    for _ in range(n):
        sell(counter, counter.cashier, [(counter.codes[0], 1)], [cash(5_000)])
    return db, counter


def sales_count(path: Path) -> int:
    """Sales in a database file or in a backup of it (compressed, or a shift's pages on their full copy)."""
    if path.name.endswith(".zst"):
        whole = path.with_name(path.name + ".counted")
        backup.materialize(path, whole)
        try:
            return sales_count(whole)
        finally:
            whole.unlink()
    conn = sqlite3.connect(path)
    try:
        return int(conn.execute("SELECT COUNT(*) FROM sales").fetchone()[0])
    finally:
        conn.close()


def test_a_backup_is_whole_and_checked(tmp_path: Path) -> None:
    db, _counter = shop_with_sales(tmp_path / "shop")
    made = backup.take_backup(db.path, tmp_path / "usb", "manual", at=T)
    assert made.path.name == "laci-manual-20261122T030000Z.sqlite3.zst"
    assert made.page_map.exists(), "a full copy keeps the map of its pages, for the shifts' copies after it"
    assert backup.verify_file(made.path) == []
    assert sales_count(made.path) == 3
    assert not list((tmp_path / "usb").glob("*.partial"))
    db.dispose()


@pytest.mark.linux_only(
    reason="Windows files have no owner-only mode bits: the user's own profile folder, where Laci keeps its data, "
    "is private through its access list"
)
def test_the_database_and_its_backups_are_readable_by_their_owner_only(tmp_path: Path) -> None:
    db, _counter = shop_with_sales(tmp_path / "shop")
    made = backup.take_backup(db.path, tmp_path / "usb", "manual", at=T)
    assert stat.S_IMODE(made.path.stat().st_mode) == 0o600
    assert stat.S_IMODE(db.path.stat().st_mode) == 0o600
    db.dispose()


def test_a_backup_taken_while_selling_is_consistent(tmp_path: Path) -> None:
    db, counter = shop_with_sales(tmp_path / "shop", 1)
    with db.write() as s:  # a sale in progress, holding the write lock, while the copy runs
        made = None
        cart = Cart()
        cart.add(line_for_scan(s, counter.codes[0], DEFAULT_FORMATS))
        ring_up(s, counter.cashier, cart, [cash(5_000)])
        made = backup.take_backup(db.path, tmp_path / "usb", "daily", at=T)
    assert sales_count(made.path) == 1  # the copy holds what was committed, whole
    assert sales_count(db.path) == 2
    db.dispose()


def test_rotation_keeps_the_newest(tmp_path: Path) -> None:
    db, _counter = shop_with_sales(tmp_path / "shop", 1)
    for day in range(backup.KEEP["daily"] + 3):
        backup.take_backup(db.path, tmp_path / "usb", "daily", at=T + dt.timedelta(days=day))
    kept = backup.backups(tmp_path / "usb")
    assert len(kept) == backup.KEEP["daily"]
    assert kept[0].taken_at == T + dt.timedelta(days=backup.KEEP["daily"] + 2)
    assert not backup.due_daily(tmp_path / "usb", T + dt.timedelta(days=backup.KEEP["daily"] + 2))
    db.dispose()


def test_restore_end_to_end_keeps_the_replaced_database(tmp_path: Path) -> None:
    db, counter = shop_with_sales(tmp_path / "shop", 2)
    saved = backup.take_backup(db.path, tmp_path / "usb", "shift", at=T)
    sell(counter, counter.cashier, [(counter.codes[1], 1)], [cash(10_000)])  # a sale after the backup
    path = db.path
    db.dispose()
    kept = backup.restore(saved.path, path, at=T)
    assert kept is not None and sales_count(kept) == 3
    reopened = open_database(path)
    with reopened.read() as s:
        assert check_books(s).ok
    reopened.dispose()
    assert sales_count(path) == 2


def test_product_pictures_go_with_the_backups_and_come_back_with_a_restore(tmp_path: Path) -> None:
    db, counter = shop_with_sales(tmp_path / "shop", 1)
    data, usb = db.path.parent, tmp_path / "usb"
    with db.read() as s:
        hit = find_by_barcode(s, counter.codes[0])
        assert hit is not None
        product = hit.product.id
        photo, other = tmp_path / "photo.png", tmp_path / "other.png"
        Image.new("RGB", (1200, 900), (200, 40, 40)).save(photo)
        Image.new("RGB", (640, 480), (40, 40, 200)).save(other)
        first = set_picture(s, data, product, photo)
    made = backup.take_backup(db.path, usb, "shift", at=T)
    assert (usb / "pictures" / first.name).read_bytes() == first.read_bytes()
    assert backup.mirror_pictures(data, usb) == 0, "an unchanged picture is not copied again"

    with db.read() as s:
        changed = set_picture(s, data, product, other)  # a new photo of the same product
    os.utime(changed, ns=(first.stat().st_atime_ns, first.stat().st_mtime_ns + 1_000_000_000))
    assert backup.mirror_pictures(data, usb) == 1
    assert (usb / "pictures" / changed.name).read_bytes() == changed.read_bytes()
    assert not list((usb / "pictures").glob("*.partial"))

    # The laptop is lost: a new data folder from the backup has the database and the pictures.
    path = db.path
    db.dispose()
    fresh = tmp_path / "new-laptop" / path.name
    fresh.parent.mkdir()
    backup.restore(made.path, fresh, at=T)
    assert (fresh.parent / "pictures" / changed.name).read_bytes() == changed.read_bytes()
    # A restore over a data folder that still has its pictures leaves them as they are.
    with Image.open(changed) as kept_now:
        assert kept_now.size == (640, 480)
    assert backup.restore_pictures(usb, data) == 0


def test_a_damaged_backup_is_refused_and_nothing_is_replaced(tmp_path: Path) -> None:
    db, _counter = shop_with_sales(tmp_path / "shop", 2)
    path = db.path
    db.dispose()
    bad = tmp_path / "laci-manual-20261122T030000Z.sqlite3"
    bad.write_bytes(b"SQLite format 3\x00" + os.urandom(4096))
    before = path.read_bytes()
    with pytest.raises(BooksProblem):
        backup.restore(bad, path)
    assert path.read_bytes() == before


def test_a_corrupt_database_is_detected_at_start_with_the_newest_good_backup_offered(tmp_path: Path) -> None:
    data = tmp_path / "shop"
    db, _counter = shop_with_sales(data, 2)
    good = backup.take_backup(db.path, data / "backups", "daily", at=T)
    path = db.path
    db.dispose()
    raw = bytearray(path.read_bytes())
    for offset in range(4096, len(raw), 4096):  # scribble over every page after the first
        raw[offset + 100 : offset + 300] = os.urandom(200)
    path.write_bytes(bytes(raw))
    with pytest.raises(DamagedDatabase):
        open_database(path)
    result = laci("--data-dir", str(data), "check")
    assert result.returncode == 5  # damaged: restore a backup
    assert "rusak" in result.stderr or "tidak bisa dibaca" in result.stderr
    assert str(good.path) in result.stderr  # the way back is named
    assert backup.newest_good(data / "backups") == good


def test_backup_and_restore_from_the_command_line(tmp_path: Path) -> None:
    data = tmp_path / "shop"
    db, counter = shop_with_sales(data, 2)
    db.dispose()
    made = laci("--data-dir", str(data), "backup", "--out", str(tmp_path / "usb"))
    assert made.returncode == 0, made.stderr
    [copy] = backup.backups(tmp_path / "usb")
    restored = laci("--data-dir", str(data), "restore", str(copy.path))
    assert restored.returncode == 0, restored.stderr
    assert laci("--data-dir", str(data), "check").returncode == 0
    refused = laci("--data-dir", str(data), "restore", str(tmp_path / "nope.sqlite3"))
    assert refused.returncode == 3  # not found
    del counter


def test_the_daily_copy_is_made_once_a_day_into_the_chosen_folder(tmp_path: Path) -> None:
    db, _counter = shop_with_sales(tmp_path / "shop", 1)
    with db.write() as s:
        from pos.ledger.shop import settings

        settings.put(s, "backup.folder", str(tmp_path / "usb"))
    first = backup.daily_if_due(db, at=T)
    assert first is not None and first.path.parent == tmp_path / "usb"
    assert backup.daily_if_due(db, at=T + dt.timedelta(hours=5)) is None
    assert backup.daily_if_due(db, at=T + dt.timedelta(days=1)) is not None
    assert backup.auto_backup(db, "shift", at=T).kind == "shift"
    db.dispose()


def _copies(folder: Path, kinds: list[tuple[str, int]], size: int) -> list[Path]:
    """Files named as backups of `kinds` (kind, hours after T), `size` bytes each."""
    folder.mkdir(parents=True, exist_ok=True)
    made = []
    for kind, hours in kinds:
        path = folder / backup.backup_name(kind, T + dt.timedelta(hours=hours))
        path.write_bytes(b"\0" * size)
        made.append(path)
    return made


DiskUsage = namedtuple("DiskUsage", "total used free")


def _room(monkeypatch: pytest.MonkeyPatch, free: int) -> None:
    """The backup folder's disk has `free` bytes left, whatever this machine's disk has."""
    monkeypatch.setattr(backup.shutil, "disk_usage", lambda _path: DiskUsage(10**12, 10**12 - free, free))


def test_a_full_backup_folder_gives_up_its_oldest_automatic_copies(tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    db, _counter = shop_with_sales(tmp_path / "shop", 1)
    live = sum(p.stat().st_size for p in (db.path, db.path.with_name(db.path.name + "-wal")) if p.exists())
    usb = tmp_path / "usb"
    old_shift, mid_shift, new_shift, daily, manual = _copies(
        usb, [("shift", 1), ("shift", 2), ("shift", 3), ("daily", 0), ("manual", -5)], live // 2
    )
    _room(monkeypatch, live // 4)  # room for a quarter: two old copies of half a database each must go
    deleted = backup.make_room(usb, db.path)
    assert deleted == [old_shift, mid_shift]
    assert sorted(p.name for p in usb.iterdir()) == sorted(p.name for p in (new_shift, daily, manual))
    db.dispose()


def test_a_backup_folder_too_small_is_refused_before_anything_is_deleted(tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    db, _counter = shop_with_sales(tmp_path / "shop", 1)
    usb = tmp_path / "usb"
    kept = _copies(usb, [("shift", 1), ("manual", 2), ("pre-upgrade", 3)], 10)
    _room(monkeypatch, 1_000)
    with pytest.raises(Unavailable) as refused:  # the disk, not the request: the same copy works once there is room
        backup.take_backup(db.path, usb, "shift", at=T + dt.timedelta(hours=4))
    assert refused.value.msgid.startswith("Backups have stopped: the backup folder {folder} has {free} free")
    assert refused.value.params["free"] == "1 MB"
    assert "MB" in str(refused.value) and str(usb) in str(refused.value)
    assert sorted(usb.iterdir()) == sorted(kept), "a refused backup deletes nothing and leaves nothing"
    db.dispose()


def sell_one(db, counter) -> None:  # type: ignore[no-untyped-def]
    sell(counter, counter.cashier, [(counter.codes[0], 1)], [cash(5_000)])


def test_a_shift_copy_holds_only_the_changed_pages_and_restores_whole(tmp_path: Path) -> None:
    db, counter = shop_with_sales(tmp_path / "shop", 3)
    usb = tmp_path / "usb"
    daily = backup.take_backup(db.path, usb, "daily", at=T)
    for _ in range(2):
        sell_one(db, counter)
    shift = backup.take_backup(db.path, usb, "shift", at=T + dt.timedelta(hours=8))
    assert shift.path.name.endswith(".pages.zst")
    assert shift.size * 3 < daily.size, "a few pages, not the database again"
    assert backup.verify_file(shift.path) == []
    assert sales_count(shift.path) == 5 and sales_count(daily.path) == 3
    sell_one(db, counter)
    db.dispose()
    backup.restore(shift.path, db.path, at=T + dt.timedelta(hours=9))
    restored = open_database(db.path)
    with restored.read() as s:
        assert check_books(s).ok
    assert sales_count(db.path) == 5, "the shift's copy, not the sale after it"
    restored.dispose()


def test_a_shift_copy_taken_while_a_sale_is_being_written_holds_only_what_was_committed(tmp_path: Path) -> None:
    db, counter = shop_with_sales(tmp_path / "shop", 1)
    usb = tmp_path / "usb"
    backup.take_backup(db.path, usb, "daily", at=T)
    sell_one(db, counter)
    with db.write() as s:  # a sale in progress, holding the write lock, while the copy runs
        cart = Cart()
        cart.add(line_for_scan(s, counter.codes[0], DEFAULT_FORMATS))
        ring_up(s, counter.cashier, cart, [cash(5_000)])
        shift = backup.take_backup(db.path, usb, "shift", at=T + dt.timedelta(hours=1))
    assert shift.path.name.endswith(".pages.zst")
    assert sales_count(shift.path) == 2 and sales_count(db.path) == 3
    assert backup.verify_file(shift.path) == []
    db.dispose()


def test_a_shift_copy_without_its_full_copy_is_refused_and_goes_with_it_in_the_rotation(tmp_path: Path) -> None:
    db, counter = shop_with_sales(tmp_path / "shop", 1)
    usb = tmp_path / "usb"
    daily = backup.take_backup(db.path, usb, "daily", at=T)
    sell_one(db, counter)
    shift = backup.take_backup(db.path, usb, "shift", at=T + dt.timedelta(hours=1))
    daily.path.rename(daily.path.with_name("elsewhere.zst"))
    assert backup.verify_file(shift.path)
    with pytest.raises(BooksProblem):
        backup.restore(shift.path, db.path)
    assert sales_count(db.path) == 2, "nothing replaced"
    daily.path.with_name("elsewhere.zst").rename(daily.path)
    later = backup.take_backup(db.path, usb, "daily", at=T + dt.timedelta(days=1))
    gone = backup_kept.rotate(usb, "daily", 1)  # a tiny budget: all but what must stay goes
    assert gone == [], "the older daily stays while the newest shift's pages need it"
    third = backup.take_backup(db.path, usb, "shift", at=T + dt.timedelta(days=1, hours=1))
    gone = backup_kept.rotate(usb, "shift", 1)
    assert set(gone) == {daily.path, shift.path}, "the full copy goes with the pages taken against it"
    assert not daily.path.exists() and not shift.path.exists() and not daily.page_map.exists()
    assert later.path.exists() and third.path.exists() and sales_count(third.path) == 2
    db.dispose()


def test_damaged_compressed_copies_are_refused_and_nothing_is_replaced(tmp_path: Path) -> None:
    db, counter = shop_with_sales(tmp_path / "shop", 1)
    usb = tmp_path / "usb"
    daily = backup.take_backup(db.path, usb, "daily", at=T)
    sell_one(db, counter)
    shift = backup.take_backup(db.path, usb, "shift", at=T + dt.timedelta(hours=1))
    for damaged in (daily.path, shift.path):
        data = bytearray(damaged.read_bytes())
        data[len(data) // 2 :] = bytes(len(data) - len(data) // 2)
        damaged.write_bytes(bytes(data))
        assert backup.verify_file(damaged)
        with pytest.raises(BooksProblem):
            backup.restore(damaged, db.path)
    assert sales_count(db.path) == 2
    assert not list(tmp_path.glob("shop/*.restoring"))
    db.dispose()


def test_all_the_copies_together_stay_within_three_times_the_database(tmp_path: Path) -> None:
    db, counter = shop_with_sales(tmp_path / "shop", 3)
    usb = tmp_path / "usb"
    for day in range(6):
        backup.take_backup(db.path, usb, "daily", at=T + dt.timedelta(days=day))
        backup.take_backup(db.path, usb, "manual", at=T + dt.timedelta(days=day, hours=1))
        for hour in range(3):
            sell_one(db, counter)
            backup.take_backup(db.path, usb, "shift", at=T + dt.timedelta(days=day, hours=2 + hour))
    kept = backup.backups(usb)
    total = sum(b.size for b in kept) + sum(p.stat().st_size for p in usb.glob("*.pagemap"))
    assert total <= backup_kept.BUDGET * backup_kept.live_size(db.path)
    assert {b.kind for b in kept} == {"daily", "manual", "shift"}, "the newest of each kind stays"
    assert sales_count(kept[0].path) == 21
    db.dispose()

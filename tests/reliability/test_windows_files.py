"""Files as a Windows shop laptop treats them, imitated here and run as they are on Windows too.

An antivirus that holds a fresh file for a moment (a `PermissionError` from `os.replace`), folder names with
'#', '%' and spaces, Windows drive and share paths, a USB stick that came back under another letter, a data folder
on a network drive, and a restore beside a log file that is not the restored copy's own.
"""

from __future__ import annotations

import datetime as dt
import os
import sys
from collections.abc import Callable
from pathlib import Path, PurePath, PurePosixPath, PureWindowsPath

import pytest
from shop_support import sell
from test_backups import T, sales_count, shop_with_sales

from pos import cli
from pos.ledger.base import drives, files
from pos.ledger.base.db import make_engine, sqlite_uri
from pos.ledger.base.drives import DataFolderOnNetwork, missing_drive, mount_type, network_location, network_share
from pos.ledger.base.files import FileInUse, replace_patiently
from pos.ledger.counter.payments import cash
from pos.ledger.shop import backup
from pos.ledger.shop.opening import open_database

# Folder names a shop really types: a number sign, a percent sign, spaces. ('?' cannot be in a Windows file name,
# so it is only in the URI cases below.)
AWKWARD = ("Backup #1", "100% aman", "Cadangan Toko Bu Sri", "D#%20x")


class FakeAntivirus:
    """`os.replace` that refuses the first `refusals` renames, as a scanner holding the new file does."""

    def __init__(self, refusals: int) -> None:
        self.refusals = refusals
        self.tries = 0
        self.real = os.replace

    def __call__(self, source: object, target: object) -> None:
        self.tries += 1
        if self.tries <= self.refusals:
            raise PermissionError(13, "The process cannot access the file because it is being used", str(source))
        self.real(source, target)  # type: ignore[arg-type]


@pytest.fixture
def no_waiting(monkeypatch: pytest.MonkeyPatch) -> list[float]:
    waited: list[float] = []
    monkeypatch.setattr(files.time, "sleep", waited.append)
    return waited


@pytest.mark.parametrize(
    ("path", "uri"),
    [
        (PureWindowsPath(r"D:\Backup #1\laci.sqlite3"), "file:///D:/Backup%20%231/laci.sqlite3"),
        (PureWindowsPath(r"C:\Users\Sri\100% aman\laci.sqlite3"), "file:///C:/Users/Sri/100%25%20aman/laci.sqlite3"),
        (PureWindowsPath(r"E:\Toko?\x.sqlite3"), "file:///E:/Toko%3F/x.sqlite3"),
        (PureWindowsPath(r"\\nas\toko\Backup #2\laci.sqlite3"), "file:////nas/toko/Backup%20%232/laci.sqlite3"),
        (
            PurePosixPath("/media/sri/FLASH DISK/#1?/laci.sqlite3"),
            "file:///media/sri/FLASH%20DISK/%231%3F/laci.sqlite3",
        ),
        (PurePosixPath("/home/sri/Toko Ümit/laci.sqlite3"), "file:///home/sri/Toko%20%C3%9Cmit/laci.sqlite3"),
    ],
)
def test_sqlite_uris_survive_what_folder_names_hold(path: PurePath, uri: str) -> None:
    assert sqlite_uri(path) == uri
    assert sqlite_uri(path, mode="ro", immutable="1") == uri + "?mode=ro&immutable=1"


@pytest.mark.parametrize("name", AWKWARD)
def test_a_shop_lives_and_backs_up_in_folders_named_awkwardly(tmp_path: Path, name: str) -> None:
    db, _counter = shop_with_sales(tmp_path / name / "shop", 2)
    made = backup.take_backup(db.path, tmp_path / name / "usb", "manual", at=T)
    assert backup.verify_file(made.path) == []  # read through a file: URI with the name in it
    assert sales_count(made.path) == 2
    db.dispose()
    # The start-up check and the restore read the same names.
    assert backup.restore(made.path, tmp_path / name / "shop" / "laci.sqlite3") is not None
    open_database(tmp_path / name / "shop" / "laci.sqlite3").dispose()


def test_the_engine_takes_the_file_name_as_it_is(tmp_path: Path) -> None:
    odd = tmp_path / "a#b" / ("c?d" if os.name != "nt" else "c d") / "laci.sqlite3"
    odd.parent.mkdir(parents=True)
    engine = make_engine(odd)
    with engine.connect() as conn:
        conn.exec_driver_sql("CREATE TABLE t (x)")
    engine.dispose()
    assert odd.is_file()  # not a file cut short at the '#' or the '?'


def test_an_antivirus_holding_the_new_copy_is_waited_for(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, no_waiting: list[float]
) -> None:
    db, _counter = shop_with_sales(tmp_path / "shop", 1)
    scanner = FakeAntivirus(refusals=3)
    monkeypatch.setattr(files.os, "replace", scanner)
    made = backup.take_backup(db.path, tmp_path / "usb", "daily", at=T)
    # The copy is let go at the fourth try, a little longer waited for each time; its page map goes at the first.
    assert scanner.tries == 5 and no_waiting == [0.05, 0.1, 0.2]
    assert backup.verify_file(made.path) == []
    assert not list((tmp_path / "usb").glob("*.partial"))
    db.dispose()


def test_an_antivirus_that_never_lets_go_leaves_no_partial_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, no_waiting: list[float]
) -> None:
    db, _counter = shop_with_sales(tmp_path / "shop", 1)
    monkeypatch.setattr(files.os, "replace", FakeAntivirus(refusals=1_000))
    with pytest.raises(FileInUse) as refused:
        backup.take_backup(db.path, tmp_path / "usb", "daily", at=T)
    assert "laci-daily-20261122T030000Z.sqlite3" in str(refused.value)
    assert "program lain" in str(refused.value)  # said in the shop's words, in Indonesian
    assert sum(no_waiting) == pytest.approx(sum(files.RETRY_DELAYS))
    assert list((tmp_path / "usb").iterdir()) == []  # neither the copy nor its .partial
    db.dispose()


def test_partial_files_left_by_an_earlier_crash_are_removed(tmp_path: Path) -> None:
    db, _counter = shop_with_sales(tmp_path / "shop", 1)
    usb = tmp_path / "usb"
    usb.mkdir()
    old, fresh = usb / "laci-daily-20261101T030000Z.partial", usb / "laci-manual-20261122T025959Z.partial"
    for left in (old, fresh):
        left.write_bytes(b"half a copy")
    hours_ago = (T - dt.timedelta(hours=5)).timestamp()
    os.utime(old, (hours_ago, hours_ago))
    backup.take_backup(db.path, usb, "daily", at=T)
    assert not old.exists()
    assert fresh.exists()  # maybe another program's copy being written now
    db.dispose()


def test_a_renamed_file_that_stays_held_is_refused_in_plain_words(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, no_waiting: list[float]
) -> None:
    source, target = tmp_path / "a", tmp_path / "b"
    source.write_text("x")
    monkeypatch.setattr(files.os, "replace", FakeAntivirus(refusals=1_000))
    with pytest.raises(FileInUse):
        replace_patiently(source, target)
    assert source.exists() and not target.exists()


def test_a_restore_never_meets_a_log_that_is_not_its_own(tmp_path: Path) -> None:
    db, _counter = shop_with_sales(tmp_path / "shop", 2)
    made = backup.take_backup(db.path, tmp_path / "usb", "manual", at=T)
    db.dispose()
    live = tmp_path / "shop" / "laci.sqlite3"
    # The database was moved away by hand, and its -wal and -shm stayed: SQLite would replay that log into the
    # restored copy and damage it.
    live.unlink()
    for suffix in ("-wal", "-shm"):
        live.with_name(live.name + suffix).write_bytes(b"\0" * 4096)
    backup.restore(made.path, live, at=T)
    assert not live.with_name("laci.sqlite3-wal").exists() and not live.with_name("laci.sqlite3-shm").exists()
    assert sorted(p.name for p in live.parent.glob("*-wal")) == ["laci.replaced-20261122T030000Z.sqlite3-wal"]
    assert backup.verify_file(live) == [] and sales_count(live) == 2


def test_a_restore_refused_by_an_antivirus_puts_everything_back(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, no_waiting: list[float]
) -> None:
    db, counter = shop_with_sales(tmp_path / "shop", 2)
    made = backup.take_backup(db.path, tmp_path / "usb", "manual", at=T)
    sell(counter, counter.cashier, [(counter.codes[0], 1)], [cash(5_000)])  # in the -wal while the engine is open
    live = tmp_path / "shop" / "laci.sqlite3"
    before = sorted(p.name for p in live.parent.iterdir())
    real = os.replace

    def held_log(source: object, target: object) -> None:
        if str(source).endswith("-wal"):
            raise PermissionError(13, "in use", str(source))
        real(source, target)  # type: ignore[arg-type]

    monkeypatch.setattr(files.os, "replace", held_log)
    with pytest.raises(FileInUse):
        backup.restore(made.path, live, at=T)
    assert sorted(p.name for p in live.parent.iterdir()) == before
    db.dispose()
    assert sales_count(live) == 3  # the database is back where it was, with its own log


@pytest.mark.parametrize(
    ("folder", "present", "missing"),
    [
        (PureWindowsPath(r"E:\Cadangan Laci"), {"C:\\"}, PureWindowsPath("E:\\")),
        (PureWindowsPath(r"F:\Cadangan Laci"), {"F:\\"}, None),  # the folder is made on a stick that is there
        (PureWindowsPath(r"\\nas\toko\cadangan"), set(), PureWindowsPath("\\\\nas\\toko\\")),
        (PurePosixPath("/media/sri/FLASHDISK/laci"), {"/media", "/media/sri"}, PurePosixPath("/media/sri/FLASHDISK")),
        (PurePosixPath("/run/media/sri/KINGSTON/laci"), {"/run/media/sri"}, PurePosixPath("/run/media/sri/KINGSTON")),
        (PurePosixPath("/home/sri/cadangan/baru"), set(), None),  # not on a removable drive: made as asked
    ],
)
def test_a_drive_that_is_not_there_is_named(folder: PurePath, present: set[str], missing: PurePath | None) -> None:
    assert missing_drive(folder, lambda p: str(p) in present) == missing


def test_a_backup_to_a_stick_that_is_not_there_says_what_to_do(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    db, _counter = shop_with_sales(tmp_path / "shop", 1)
    gone = tmp_path / "E-drive"  # stands for E:\ after the stick came back as F:
    monkeypatch.setattr(backup, "folder_drive_missing", lambda folder: gone if gone in folder.parents else None)
    with pytest.raises(backup.BackupFolderUnreachable) as refused:
        backup.take_backup(db.path, gone / "Cadangan", "daily", at=T)
    text = str(refused.value)
    assert str(gone) in text and "Pengaturan" in text  # the drive, and where to choose the folder again
    assert not gone.exists()  # nothing was made on the computer's own disk in the stick's place
    db.dispose()


@pytest.mark.parametrize(
    ("path", "share"),
    [
        (PureWindowsPath(r"\\nas\toko\Laci"), r"\\nas\toko"),
        (PureWindowsPath(r"\\?\UNC\nas\toko\Laci"), r"\\nas\toko"),
        (PureWindowsPath(r"C:\Users\Sri\AppData\Local\Laci"), None),
        (PureWindowsPath(r"\\?\C:\Laci"), None),
        (PurePosixPath("/home/sri/.local/share/Laci"), None),
    ],
)
def test_network_shares_are_recognised(path: PurePath, share: str | None) -> None:
    assert network_share(path) == share


def test_a_mapped_network_drive_is_recognised() -> None:
    asked: list[str] = []

    def drive_type(root: str) -> int:
        asked.append(root)
        return {"Z:\\": drives.DRIVE_REMOTE, "C:\\": 3}.get(root, 2)

    assert network_location(PureWindowsPath(r"Z:\Laci"), drive_type=drive_type) == "Z:"
    assert network_location(PureWindowsPath(r"C:\Laci"), drive_type=drive_type) is None
    assert network_location(PureWindowsPath(r"E:\Laci"), drive_type=drive_type) is None  # a USB stick is local
    assert asked == ["Z:\\", "C:\\", "E:\\"]


MOUNTINFO = r"""22 1 8:1 / / rw,relatime - ext4 /dev/sda1 rw
41 22 0:52 / /mnt/nas\040toko rw,relatime - nfs4 nas:/toko rw,vers=4.2
42 22 0:53 / /srv/smb rw,relatime - cifs //nas/share rw
43 41 8:17 / /mnt/nas\040toko/usb rw,relatime - vfat /dev/sdb1 rw
"""


@pytest.mark.parametrize(
    ("path", "kind"),
    [
        ("/home/sri/.local/share/Laci", "ext4"),
        ("/mnt/nas toko/Laci", "nfs4"),
        ("/srv/smb/Laci", "cifs"),
        ("/mnt/nas toko/usb/Laci", "vfat"),  # the deepest mount wins
        ("/srv/smbx", "ext4"),  # a name that merely begins like a mount point
    ],
)
def test_linux_mounts_are_read_for_their_file_system(path: str, kind: str) -> None:
    assert mount_type(PurePosixPath(path), MOUNTINFO) == kind
    assert (kind in drives.NETWORK_FILESYSTEMS) == (kind in ("nfs4", "cifs"))


def _pretend_network(monkeypatch: pytest.MonkeyPatch, share: Path) -> None:
    """Make `share` look like a network location on this system: a mapped drive on Windows, an NFS mount on Linux."""
    if sys.platform == "win32":
        monkeypatch.setattr(drives, "_windows_drive_type", lambda root: drives.DRIVE_REMOTE)
    else:
        table = f"22 1 8:1 / / rw - ext4 /dev/sda1 rw\n41 22 0:52 / {share.resolve()} rw - nfs4 nas:/toko rw\n"
        monkeypatch.setattr(drives, "_read_mountinfo", lambda: table)
        monkeypatch.setattr(drives.sys, "platform", "linux")


def _network_refusal(run: Callable[[], object]) -> str:
    with pytest.raises(DataFolderOnNetwork) as refused:
        run()
    return str(refused.value)


def test_a_data_folder_on_a_network_drive_is_refused_with_the_reason(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    share = tmp_path / "nas"
    share.mkdir()
    monkeypatch.setattr(
        drives,
        "network_location",
        lambda folder, **_kw: "nfs4" if share in (folder, *folder.parents) else None,
    )
    text = _network_refusal(lambda: open_database(share / "Laci" / "laci.sqlite3"))
    assert "jaringan" in text and str(share / "Laci") in text  # a network drive, in the shop's words
    assert not (share / "Laci").exists()  # refused before anything was made there
    assert cli.main(["--data-dir", str(share / "Laci"), "report", "daily"]) == 4  # refused by the rule
    assert "jaringan" in capsys.readouterr().err
    open_database(tmp_path / "local" / "laci.sqlite3").dispose()  # the computer's own disk is fine


def test_network_locations_are_found_on_this_system(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    share = tmp_path / "nas"
    (share / "Laci").mkdir(parents=True)
    assert network_location(share / "Laci") is None
    _pretend_network(monkeypatch, share)
    assert network_location(share / "Laci" / "not yet made") is not None

"""Backups of the shop's database: online copies that never pause a sale, checked, rotated, and restored safely.

A full copy (daily, manual, before an upgrade) is made with SQLite's online backup API into a temporary file
that is checked (integrity and the books), then kept compressed with zstd beside the map of its pages; a
shift's copy holds only the pages changed since the newest full copy (`backup_pages`), a few megabytes taken in
seconds. Everything is written under a temporary name and renamed when whole, so a backup folder never holds a
half-written copy; which copies stay is `backup_kept`'s rule (newest of each kind, at most three times the
database in all). A restore rebuilds and checks the copy before anything is replaced and keeps the current
database aside. Files are readable by their owner only: the books, customers' phone numbers and the sync token
are in them.

Product pictures are files beside the database, not rows in it. Each backup brings one copy of them up to date
in the backup folder's own `pictures` folder (new and changed pictures copied, none deleted, so every database
copy kept there finds its pictures), and a restore brings back the pictures the data folder lacks.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import shutil
import sqlite3
import stat
from pathlib import Path
from typing import Final

import zstandard

from pos.i18n import N_
from pos.ledger.base.clock import utc_now
from pos.ledger.base.data_lock import RESTORE_REFUSED, exclusive
from pos.ledger.base.db import Database, sqlite_uri
from pos.ledger.base.drives import folder_drive_missing
from pos.ledger.base.errors import BooksProblem, LedgerError, NotFound, Unavailable
from pos.ledger.base.files import remove_patiently, remove_stale, replace_patiently
from pos.ledger.shop import backup_pages, settings
from pos.ledger.shop.backup_kept import FULL, PAGES, base_for_pages, live_size, stamp

# What the rest of the program asks this module for, kept in `backup_kept`.
from pos.ledger.shop.backup_kept import KEEP as KEEP  # isort: skip
from pos.ledger.shop.backup_kept import BackupFile as BackupFile  # isort: skip
from pos.ledger.shop.backup_kept import backup_name as backup_name  # isort: skip
from pos.ledger.shop.backup_kept import backups as backups  # isort: skip
from pos.ledger.shop.backup_kept import due_daily as due_daily  # isort: skip
from pos.ledger.shop.backup_kept import make_room as make_room  # isort: skip
from pos.ledger.shop.backup_kept import rotate as rotate  # isort: skip

PRIVATE: Final = stat.S_IRUSR | stat.S_IWUSR  # 0600
# The product pictures' folder inside the data folder (`pos.ledger.stock.pictures.FOLDER`, named again here so that
# a backup does not load the imaging library) and what a picture may be called there.
PICTURES: Final = "pictures"
PICTURE_SUFFIXES: Final = (".jpg", ".png")
# A half-written copy older than this was left by a crash, a pulled stick or a killed program, not one being made.
STALE_PARTIAL_SECONDS: Final = 3600
SIDE_FILES: Final = ("-wal", "-shm")


class BackupFolderUnreachable(Unavailable):
    """The backup folder's drive (a USB stick, most often) is not there; nothing was written."""


def make_private(path: Path) -> None:
    """Owner-only access, where the file system supports it."""
    with contextlib.suppress(OSError):  # e.g. a FAT-formatted USB stick has no permissions to set
        os.chmod(path, PRIVATE)


def verify_file(path: Path) -> list[str]:
    """Why `path` is not a usable Laci database (empty when it is): SQLite's integrity check and the books.

    A compressed copy or a shift's pages are rebuilt into a temporary file beside them and checked there.
    """
    if not path.exists():
        return [f"{path} does not exist"]
    if path.name.endswith((".zst", PAGES)):
        whole = path.with_name(path.name + ".check.partial")
        try:
            materialize(path, whole)
            return verify_file(whole)
        except (OSError, ValueError, LedgerError, zstandard.ZstdError) as err:
            return [str(err)]
        finally:
            remove_patiently(whole)
    problems: list[str] = []
    try:
        # Immutable: a backup is a finished file, and reading it must leave nothing beside it (a WAL-mode copy
        # opened read-only would leave its `-shm` file behind on the owner's USB stick).
        conn = sqlite3.connect(sqlite_uri(path, mode="ro", immutable="1"), uri=True)
        try:
            rows = conn.execute("PRAGMA integrity_check").fetchall()
            problems += [str(r[0]) for r in rows if r[0] != "ok"]
            if problems:
                return problems
            tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
            if not {"journal_entries", "journal_lines", "alembic_version"} <= tables:
                return ["not a Laci database"]
            unbalanced = conn.execute(
                "SELECT COUNT(*) FROM (SELECT entry_id FROM journal_lines GROUP BY entry_id "
                "HAVING SUM(debit) <> SUM(credit))"
            ).fetchone()
            if unbalanced and unbalanced[0]:
                problems.append(f"{unbalanced[0]} journal entries do not balance")
        finally:
            conn.close()
    except sqlite3.DatabaseError as err:
        problems.append(str(err))
    return problems


def unreachable(folder: Path) -> BackupFolderUnreachable | None:
    """Why backups cannot go to `folder` now (its drive or USB stick is not there), with the way out; or None."""
    drive = folder_drive_missing(folder)
    if drive is None:
        return None
    return BackupFolderUnreachable(
        N_(
            "The backup folder {folder} is on {drive}, which is not there now. Plug in the USB stick or drive; if "
            "Windows gave it another letter, choose the folder again in Settings, Backups."
        ),
        folder=str(folder),
        drive=str(drive),
    )


def take_backup(db_path: Path, folder: Path, kind: str = "manual", *, at: dt.datetime | None = None) -> BackupFile:
    """Copy the live database into `folder` (a USB stick, a synced folder) while the shop keeps selling.

    A shift's copy is the pages changed since the newest full copy in the folder (a full copy when there is
    none). Every file is written as `.partial` and renamed when whole; a copy that fails (a full stick, an
    antivirus that will not let go, a check that fails) leaves no `.partial` behind, and neither do older failures.
    """
    if kind not in KEEP:
        raise ValueError(f"unknown kind of backup {kind!r}")  # named by the code that asks for the copy
    problem = unreachable(folder)
    if problem is not None:
        raise problem
    when = at or utc_now()
    folder.mkdir(parents=True, exist_ok=True)
    remove_stale(folder, "laci-*.partial", STALE_PARTIAL_SECONDS)
    base = base_for_pages(folder) if kind == "shift" else None
    make_room(folder, db_path, full=base is None)
    made = _take_pages(db_path, folder, kind, when, base) if base is not None else None
    if made is None:
        made = _take_full(db_path, folder, kind, when)
    rotate(folder, kind, live_size(db_path))
    mirror_pictures(db_path.parent, folder)
    return made


def _take_full(db_path: Path, folder: Path, kind: str, when: dt.datetime) -> BackupFile:
    plain = folder / f"{backup_name(kind, when).removesuffix(FULL)}.db.partial"
    try:
        _copy_database(db_path, plain)
        problems = verify_file(plain)
        if problems:
            raise BooksProblem(N_("The backup copy failed its check: {problem}"), problem=problems[0])
        return keep_full_copy(plain, folder, kind, when)
    finally:
        remove_patiently(plain)


def keep_full_copy(plain: Path, folder: Path, kind: str, when: dt.datetime) -> BackupFile:
    """Keep the finished, checked database file `plain` in `folder` as a compressed full copy with its page map."""
    target = folder / backup_name(kind, when)
    partial = target.with_name(target.name + ".partial")
    found = BackupFile(target, kind, when, 0)
    map_partial = found.page_map.with_name(found.page_map.name + ".partial")
    try:
        page_map = backup_pages.compress(plain, partial)
        page_map.write(map_partial)
        make_private(partial)
        replace_patiently(partial, target)
        replace_patiently(map_partial, found.page_map)
    except BaseException:
        # A copy whose map could not be kept goes too: a backup that failed leaves nothing behind.
        for path in (partial, map_partial, target):
            remove_patiently(path)
        raise
    return BackupFile(target, kind, when, target.stat().st_size)


def _take_pages(db_path: Path, folder: Path, kind: str, when: dt.datetime, base: BackupFile) -> BackupFile | None:
    """The pages changed since `base`; None when they cannot be taken against it (a full copy is made then)."""
    target = folder / backup_name(kind, when, PAGES)
    partial = target.with_name(target.name + ".partial")
    try:
        page_map = backup_pages.PageMap.read(base.page_map)
        backup_pages.write_delta(db_path, page_map, base.path.name, partial)
        make_private(partial)
        replace_patiently(partial, target)
    except (ValueError, OSError):
        remove_patiently(partial)
        return None
    except BaseException:
        remove_patiently(partial)
        raise
    return BackupFile(target, kind, when, target.stat().st_size)


def materialize(backup_file: Path, target: Path) -> None:
    """A backup as a whole database file in `target`: copied, decompressed, or rebuilt from its full copy."""
    name = backup_file.name
    if name.endswith(PAGES):
        base = backup_file.with_name(backup_pages.delta_base(backup_file))
        if not base.exists():
            raise BooksProblem(N_("{file} cannot be restored: {problem}"), file=name, problem=f"{base.name} is gone")
        backup_pages.rebuild(backup_file, base, target)
    elif name.endswith(".zst"):
        backup_pages.decompress(backup_file, target)
    else:
        shutil.copyfile(backup_file, target)


def _copy_database(db_path: Path, target: Path) -> None:
    src = sqlite3.connect(db_path)
    try:
        dst = sqlite3.connect(target)
        try:
            src.backup(dst, pages=1024)  # in steps, so a sale waiting for the lock is never held up for long
        finally:
            dst.close()
    finally:
        src.close()


def _pictures(directory: Path) -> dict[str, os.stat_result]:
    if not directory.is_dir():
        return {}
    return {p.name: p.stat() for p in directory.iterdir() if p.is_file() and p.suffix in PICTURE_SUFFIXES}


def _copy_picture(source: Path, target: Path) -> None:
    # Through a temporary name, so a copy cut short never stands as a picture; copy2 keeps the time it was set.
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_name(target.name + ".partial")
    try:
        shutil.copy2(source, partial)
        replace_patiently(partial, target)
    except BaseException:
        remove_patiently(partial)
        raise


def mirror_pictures(data_dir: Path, folder: Path) -> int:
    """Copy the product pictures that are new or changed since the last backup into `folder`; returns how many."""
    source, target = data_dir / PICTURES, folder / PICTURES
    if target.resolve() == source.resolve():  # a copy made into the data folder itself
        return 0
    kept = _pictures(target)
    copied = 0
    for name, st in _pictures(source).items():
        old = kept.get(name)
        if old is not None and (old.st_size, old.st_mtime_ns) == (st.st_size, st.st_mtime_ns):
            continue
        _copy_picture(source / name, target / name)
        copied += 1
    return copied


def restore_pictures(folder: Path, data_dir: Path) -> int:
    """Bring back from backup `folder` the product pictures missing from the data folder; returns how many.

    A picture already in the data folder stays: it is the same or newer than the backup's.
    """
    source, target = folder / PICTURES, data_dir / PICTURES
    have = _pictures(target)
    missing = [name for name in _pictures(source) if name not in have]
    for name in missing:
        _copy_picture(source / name, target / name)
    return len(missing)


def newest_good(folder: Path) -> BackupFile | None:
    """The newest backup that passes its check: what to offer when the live database is damaged."""
    for candidate in backups(folder):
        if not verify_file(candidate.path):
            return candidate
    return None


def restore(backup_file: Path, db_path: Path, *, at: dt.datetime | None = None) -> Path | None:
    """Replace the live database with `backup_file`, after checking it; returns where the old database was kept.

    Refused (`DataFolderInUse`) while another Laci program has the data folder open; the program restoring must
    have closed its own database first. The old file, with its `-wal` and `-shm`, is renamed aside, never deleted;
    a `-wal` or `-shm` left beside the database without it goes aside too, so the restored copy never meets a log
    that is not its own. Pictures missing from the data folder come back from the backup folder's copy.
    """
    partial = db_path.with_suffix(".restoring")
    try:
        # Rebuilt (decompressed, or a shift's pages laid on their full copy) once, and checked before anything moves.
        materialize(backup_file, partial)
        problems = verify_file(partial)
    except (OSError, ValueError, zstandard.ZstdError) as err:
        problems = [str(err)]
    if problems:
        remove_patiently(partial)
        raise BooksProblem(N_("{file} cannot be restored: {problem}"), file=backup_file.name, problem=problems[0])
    try:
        with exclusive(db_path.parent, RESTORE_REFUSED):
            kept = _set_aside(db_path, db_path.with_name(f"{db_path.stem}.replaced-{stamp(at or utc_now())}"))
            make_private(partial)
            replace_patiently(partial, db_path)
    except BaseException:
        remove_patiently(partial)
        raise
    restore_pictures(backup_file.parent, db_path.parent)
    return kept


def _set_aside(db_path: Path, stem: Path) -> Path | None:
    """Rename the database and its side files to `stem` + their suffixes, all or none; returns the database's."""
    moves = [(db_path, stem.with_name(stem.name + db_path.suffix))]
    moves += [(db_path.with_name(db_path.name + s), stem.with_name(stem.name + db_path.suffix + s)) for s in SIDE_FILES]
    done: list[tuple[Path, Path]] = []
    try:
        for source, target in moves:
            if source.exists():
                replace_patiently(source, target)
                done.append((source, target))
    except BaseException:
        for source, target in reversed(done):  # back as they were: a database without its log loses sales
            replace_patiently(target, source)
        raise
    return moves[0][1] if done and done[0][0] == db_path else None


def backup_folder(db_path: Path, configured: str) -> Path:
    """Where backups go: the folder the owner chose, else `backups` beside the database."""
    return Path(configured).expanduser() if configured else db_path.parent / "backups"


def find_backup(path: str) -> Path:
    found = Path(path).expanduser()
    if not found.exists():
        raise NotFound(N_("File {file} does not exist."), file=str(found))
    return found


def auto_backup(db: Database, kind: str, *, at: dt.datetime | None = None) -> BackupFile:
    """A copy into the shop's backup folder (the owner's choice, else beside the database)."""
    with db.read() as session:
        folder = backup_folder(db.path, settings.load(session).backup_folder)
    return take_backup(db.path, folder, kind, at=at)


def daily_if_due(db: Database, *, at: dt.datetime | None = None) -> BackupFile | None:
    """Today's daily copy, unless it was already made."""
    with db.read() as session:
        folder = backup_folder(db.path, settings.load(session).backup_folder)
    if not due_daily(folder, at):
        return None
    return take_backup(db.path, folder, "daily", at=at)

"""Which backups a folder keeps: their names, the newest of each kind, and a bound on the room they all take.

All copies together take at most `BUDGET` times the live database: the oldest give way first, never the newest
of a kind, nor the full copy the newest shift's pages were taken against. A new copy may take at most
`FREE_SHARE` of what is free on the backup drive; past that the backup stops and says so, so backups never
fill the disk the shop (or the owner's other files) need.
"""

from __future__ import annotations

import datetime as dt
import re
import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import Final

from pos.i18n import N_
from pos.ledger.base import fmt
from pos.ledger.base.clock import utc_now
from pos.ledger.base.errors import Unavailable
from pos.ledger.shop import backup_pages

# Copies kept of each kind at most (fewer when the budget says so).
KEEP: Final = {"daily": 7, "shift": 30, "manual": 5, "pre-upgrade": 3}
BUDGET: Final = 3.0  # every copy in the folder together, in times the live database's size
FREE_SHARE: Final = 0.5  # of the free space a new copy may take; the rest stays free
# Room asked for beyond the expected size of a copy: the database may grow while it is copied.
HEADROOM: Final = 1.1
# A compressed full copy is less than this share of the database (0.30 for a busy demo shop of 60 days), so a
# copy is asked room for with some to spare.
COMPRESSED_SHARE: Final = 0.5
FULL: Final = ".sqlite3.zst"  # a whole database, compressed; `.sqlite3` for copies made before compression
PAGES: Final = ".pages.zst"  # the pages changed since a full copy
PAGE_MAP: Final = ".pagemap"  # beside each compressed full copy: the hash of every page
_NAME = re.compile(r"^laci-(?P<kind>[a-z-]+)-(?P<stamp>\d{8}T\d{6}Z)(?P<form>\.sqlite3|\.sqlite3\.zst|\.pages\.zst)$")


@dataclass(frozen=True, slots=True)
class BackupFile:
    path: Path
    kind: str
    taken_at: dt.datetime
    size: int

    @property
    def is_pages(self) -> bool:
        return self.path.name.endswith(PAGES)

    @property
    def page_map(self) -> Path:
        return self.path.with_name(self.path.name.removesuffix(FULL) + PAGE_MAP)


def stamp(at: dt.datetime) -> str:
    return at.astimezone(dt.UTC).strftime("%Y%m%dT%H%M%SZ")


def backup_name(kind: str, at: dt.datetime, form: str = FULL) -> str:
    return f"laci-{kind}-{stamp(at)}{form}"


def backups(folder: Path) -> list[BackupFile]:
    """Backups in `folder`, newest first."""
    found = []
    if not folder.is_dir():
        return []
    for path in folder.iterdir():
        match = _NAME.match(path.name)
        if match:
            taken = dt.datetime.strptime(match["stamp"], "%Y%m%dT%H%M%SZ").replace(tzinfo=dt.UTC)
            found.append(BackupFile(path, match["kind"], taken, path.stat().st_size))
    return sorted(found, key=lambda b: b.taken_at, reverse=True)


def base_for_pages(folder: Path) -> BackupFile | None:
    """The newest compressed full copy with its page map: what a shift's pages are taken against."""
    for found in backups(folder):
        if found.path.name.endswith(FULL) and found.page_map.exists():
            return found
    return None


def _size(found: BackupFile) -> int:
    return found.size + (found.page_map.stat().st_size if found.page_map.exists() else 0)


def _delete(found: BackupFile, kept: list[BackupFile]) -> list[Path]:
    """Delete a copy (with its page map), and the page copies taken against it: useless without it."""
    gone = [found.path]
    found.path.unlink(missing_ok=True)
    found.page_map.unlink(missing_ok=True)
    for other in list(kept):
        if other.is_pages and other.path.exists() and backup_pages.delta_base(other.path) == found.path.name:
            other.path.unlink(missing_ok=True)
            kept.remove(other)
            gone.append(other.path)
    return gone


def _protected(kept: list[BackupFile]) -> set[Path]:
    """The newest of each kind, and the full copy the newest shift's pages need."""
    newest: dict[str, BackupFile] = {}
    for found in kept:  # newest first
        newest.setdefault(found.kind, found)
    keep = {b.path for b in newest.values()}
    for found in newest.values():
        if found.is_pages and found.path.exists():
            base = found.path.with_name(backup_pages.delta_base(found.path))
            keep.add(base)
    return keep


def rotate(folder: Path, kind: str, live_size: int | None = None) -> list[Path]:
    """Delete the oldest copies of `kind` beyond `KEEP`, then the oldest of any kind while all of them take more
    than `BUDGET` times the live database (`live_size`); returns what was removed."""
    kept = backups(folder)
    protected = _protected(kept)
    gone: list[Path] = []
    for found in [b for b in kept if b.kind == kind][KEEP[kind] :]:
        if found.path not in protected and found in kept:
            kept.remove(found)
            gone += _delete(found, kept)
    if live_size:
        total = sum(_size(b) for b in kept)
        for found in reversed(list(kept)):  # oldest first
            if total <= BUDGET * live_size:
                break
            if found.path in protected or found not in kept:
                continue
            total -= _size(found)
            kept.remove(found)
            gone += _delete(found, kept)
            total = sum(_size(b) for b in kept)
    return gone


def _megabytes(size: int) -> str:
    return f"{fmt.qty(-(-size // 1_000_000) * 1000)} MB"


def live_size(db_path: Path) -> int:
    return sum(p.stat().st_size for p in (db_path, db_path.with_name(db_path.name + "-wal")) if p.exists())


def make_room(folder: Path, db_path: Path, *, full: bool = True) -> list[Path]:
    """Make sure `folder` can take one more copy within `FREE_SHARE` of its free space, deleting the oldest copies
    that are not protected while it cannot; returns what was deleted.

    Refused, before anything is deleted, with the figures and what to do, when even that is not enough: the
    owner sees it where the backup was asked for (the shift close, the settings, the daily copy's notice).
    """
    live = live_size(db_path)
    needed = int(live * HEADROOM * (COMPRESSED_SHARE if full else 0.05))
    free = shutil.disk_usage(folder).free
    kept = backups(folder)
    protected = _protected(kept)
    spare = [b for b in reversed(kept) if b.path not in protected]
    if (free + sum(_size(b) for b in spare)) * FREE_SHARE < needed:
        raise Unavailable(
            N_(
                "Backups have stopped: the backup folder {folder} has {free} free, and a copy needs {needed}. "
                "Laci leaves half of the free space for the shop. Free some space there or choose another "
                "backup folder in Settings, Backups."
            ),
            folder=str(folder),
            free=_megabytes(free),
            needed=_megabytes(needed),
        )
    deleted: list[Path] = []
    while free * FREE_SHARE < needed and spare:
        oldest = spare.pop(0)
        if oldest.path.exists():
            free += _size(oldest)
            deleted += _delete(oldest, kept)
            free = shutil.disk_usage(folder).free
    return deleted


def due_daily(folder: Path, now: dt.datetime | None = None) -> bool:
    """Whether today's daily copy is still to be made."""
    today = (now or utc_now()).astimezone(dt.UTC).date()
    return not any(b.kind == "daily" and b.taken_at.date() == today for b in backups(folder))

"""One Laci window per data folder: an operating-system lock on `laci.lock` there, let go however the program ends.

The window holds the lock for as long as it runs, so a second double-click finds it taken (and brings the first
window forward instead of printing the pending jobs a second time). A restore and a schema upgrade take the lock
for their own moment and refuse while another program holds it. The other commands (reports, a backup, an
import) read and write through SQLite beside the window, as they always could.

The lock is the operating system's (`flock` on Linux and macOS, `LockFileEx` on Windows through `filelock`):
a program that crashes or is killed lets go of it with its last breath, so no stale lock file ever keeps a shop
shut.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Final

from filelock import FileLock, Timeout

from pos.i18n import N_
from pos.ledger.base.errors import Unavailable

LOCK_NAME: Final = "laci.lock"

WINDOW_OPEN: Final = N_(
    "Laci is already open on the shop's data in {folder}. Close that Laci window first, then try again."
)
RESTORE_REFUSED: Final = N_(
    "Laci is open on the shop's data in {folder}, so the backup was not restored: nothing was changed. "
    "Close the Laci window first, then restore."
)
UPGRADE_REFUSED: Final = N_(
    "The shop's data in {folder} needs an upgrade for this version of Laci, and another Laci program has it open. "
    "Close that program first, then start again."
)


class DataFolderInUse(Unavailable):
    """Another Laci program holds the data folder; nothing was changed."""


_held: dict[Path, FileLock] = {}
_guard = threading.Lock()


def lock_path(folder: Path) -> Path:
    return folder / LOCK_NAME


def _key(folder: Path) -> Path:
    return folder.resolve()


def _take(folder: Path, refusal: str) -> FileLock:
    folder.mkdir(parents=True, exist_ok=True)
    # Not thread-local: the process holds it, whichever thread asks later whether it does.
    lock = FileLock(str(lock_path(folder)), timeout=0, thread_local=False)
    try:
        lock.acquire()
    except Timeout as err:
        raise DataFolderInUse(refusal, folder=str(folder)) from err
    return lock


def hold(folder: Path) -> None:
    """Take `folder` for this program until `let_go`; `DataFolderInUse` if another program has it."""
    with _guard:
        if _key(folder) in _held:
            return
        _held[_key(folder)] = _take(folder, WINDOW_OPEN)


def let_go(folder: Path) -> None:
    with _guard:
        lock = _held.pop(_key(folder), None)
    if lock is not None:
        lock.release()


def held_here(folder: Path) -> bool:
    """Whether this program holds `folder` (through `hold`)."""
    with _guard:
        return _key(folder) in _held


@contextmanager
def exclusive(folder: Path, refusal: str) -> Iterator[None]:
    """`folder` to this program alone while the block runs; `DataFolderInUse` (with `refusal`) when another has it.

    A program that already holds the folder (the window restoring a backup) goes straight on.
    """
    if held_here(folder):
        yield
        return
    lock = _take(folder, refusal)
    try:
        yield
    finally:
        lock.release()

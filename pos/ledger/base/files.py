"""Files as a Windows shop laptop treats them: renames an antivirus holds up, and an OS error said plainly.

An antivirus (or Windows Search, or a sync client) opens a file it has just seen written, to scan it; for that
moment Windows refuses to rename or delete it (`PermissionError`, WinError 5 or 32). A rename is tried again a
few times, waiting a little longer each time, before the refusal is passed on in the shop's words. The same
words serve a file that Excel or another Laci holds open.
"""

from __future__ import annotations

import contextlib
import errno
import os
import time
from pathlib import Path
from typing import Final

from pos.i18n import N_
from pos.ledger.base.errors import Unavailable

# About three seconds in all: long enough for a scan of a backup-sized file, short enough for a person waiting.
RETRY_DELAYS: Final = (0.05, 0.1, 0.2, 0.4, 0.8, 1.6)


class FileInUse(Unavailable):
    """Another program holds the file (or this user may not change it); nothing was changed."""


class FileProblem(Unavailable):
    """The operating system refused a file operation for another reason; the message says which."""


def file_in_use(path: str | os.PathLike[str]) -> FileInUse:
    return FileInUse(
        N_(
            "{file} could not be changed: another program has it open (Excel, an antivirus, or Laci itself), or "
            "this user may not change it. Close that program and try again."
        ),
        file=str(path),
    )


def replace_patiently(source: Path, target: Path, *, delays: tuple[float, ...] = RETRY_DELAYS) -> None:
    """`os.replace(source, target)`, tried again while another program holds one of them; `FileInUse` after that.

    The caller still owns `source` when this raises (a `.partial` file is the caller's to remove).
    """
    for delay in (*delays, None):
        try:
            os.replace(source, target)
            return
        except PermissionError as err:
            if delay is None:
                raise file_in_use(target) from err
            time.sleep(delay)


def remove_patiently(path: Path, *, delays: tuple[float, ...] = RETRY_DELAYS) -> bool:
    """Delete `path` if it is there, waiting for a scanner to let go of it; returns whether it is gone.

    Used to clean up after a failure, so it never raises: a file that stays is reported by the return value.
    """
    for delay in (*delays, None):
        try:
            path.unlink(missing_ok=True)
            return True
        except PermissionError:
            if delay is None:
                return False
            time.sleep(delay)
        except OSError:
            return False
    return False


def plain_os_error(error: OSError) -> Unavailable:
    """What an operating-system error means for the person at the counter, naming the file when it is known."""
    file = error.filename if error.filename is not None else ""
    if isinstance(error, PermissionError):
        return file_in_use(file or "?")
    if isinstance(error, FileNotFoundError):
        return FileProblem(N_("{file} is not there (was a USB stick or drive removed?)."), file=file)
    if isinstance(error, IsADirectoryError):
        return FileProblem(N_("{file} is a folder; give the name of a file inside it."), file=file)
    if isinstance(error, NotADirectoryError):
        return FileProblem(N_("Part of {file} is a file, not a folder."), file=file)
    if error.errno == errno.ENOSPC:
        return FileProblem(N_("The disk holding {file} is full. Free some space and try again."), file=file)
    detail = error.strerror or str(error)
    if file:
        return FileProblem(N_("{file}: {detail}"), file=file, detail=detail)
    return FileProblem(N_("The operating system refused: {detail}"), detail=detail)


def remove_stale(folder: Path, pattern: str, older_than: float, *, now: float | None = None) -> list[Path]:
    """Delete files in `folder` matching `pattern` last written more than `older_than` seconds ago.

    What a crash, a pulled USB stick or a killed program left half-written; a copy being written right now by
    another program is younger than that and stays.
    """
    removed: list[Path] = []
    if not folder.is_dir():
        return removed
    cutoff = (time.time() if now is None else now) - older_than
    for path in folder.glob(pattern):
        with contextlib.suppress(OSError):
            if path.is_file() and path.stat().st_mtime < cutoff and remove_patiently(path, delays=()):
                removed.append(path)
    return removed

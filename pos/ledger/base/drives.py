"""Where a folder really is: on a network share (no place for the shop's live database) or on a drive that is gone.

SQLite's write-ahead log shares memory between the programs that use a database; over a network share (SMB,
NFS) that memory is not shared and two computers can damage the books. The data folder is therefore refused on
one, with the reason. Backups may go to a share: a backup is a finished file.

A USB stick that Windows mounted as E: last week may be F: today, or not plugged in at all; a backup folder on it
is then on a drive that is not there, which `missing_drive` names so the window can say what to do.
"""

from __future__ import annotations

import ctypes
import sys
from collections.abc import Callable
from pathlib import Path, PurePath, PurePosixPath, PureWindowsPath
from typing import Final

from pos.i18n import N_
from pos.ledger.base.errors import NotAllowed

# Linux file system types that live on another computer (from /proc/self/mountinfo).
NETWORK_FILESYSTEMS: Final = frozenset(
    {
        "nfs",
        "nfs4",
        "cifs",
        "smb3",
        "smbfs",
        "ncpfs",
        "afs",
        "ceph",
        "glusterfs",
        "fuse.sshfs",
        "fuse.glusterfs",
        "fuse.rclone",
        "davfs",
        "fuse.davfs2",
    }
)
DRIVE_REMOTE: Final = 4  # GetDriveTypeW's answer for a mapped network drive
# Where Linux and macOS mount a USB stick: a stick that is not plugged in leaves its folder missing under these.
REMOVABLE_ROOTS: Final = (("media",), ("run", "media"), ("mnt",), ("Volumes",))


class DataFolderOnNetwork(NotAllowed):
    """The data folder is on another computer; nothing was opened."""


def network_share(path: PurePath) -> str | None:
    r"""The share a Windows path names (`\\nas\toko`, also written `\\?\UNC\nas\toko`), or None."""
    if not isinstance(path, PureWindowsPath):
        return None
    drive = path.drive
    if drive.upper().startswith("\\\\?\\UNC\\"):
        return "\\\\" + drive[8:]
    if drive.startswith("\\\\") and not drive.startswith("\\\\?\\") and not drive.startswith("\\\\.\\"):
        return drive
    return None


def _unescape(field: str) -> str:
    # mountinfo writes space, tab, newline and backslash in mount points as octal escapes.
    for code, char in (("\\040", " "), ("\\011", "\t"), ("\\012", "\n"), ("\\134", "\\")):
        field = field.replace(code, char)
    return field


def mount_type(path: PurePosixPath, mountinfo: str) -> str | None:
    """The file system type of the mount holding `path` (an absolute, resolved path), from mountinfo's text."""
    best: tuple[int, str] | None = None
    for line in mountinfo.splitlines():
        before, sep, after = line.partition(" - ")
        fields, tail = before.split(), after.split()
        if not sep or len(fields) < 5 or not tail:
            continue
        point = PurePosixPath(_unescape(fields[4]))
        if (path == point or point in path.parents) and (best is None or len(point.parts) >= best[0]):
            best = (len(point.parts), tail[0])
    return best[1] if best else None


def _windows_drive_type(root: str) -> int:
    windll = getattr(ctypes, "windll", None)
    if windll is None:
        return 0
    return int(windll.kernel32.GetDriveTypeW(root))


def _existing(path: Path) -> Path:
    """`path` made absolute and resolved as far as it exists: a data folder may not have been made yet."""
    path = path.absolute()
    for candidate in (path, *path.parents):
        if candidate.exists():
            return candidate.resolve()
    return path


def _read_mountinfo() -> str:
    try:
        return Path("/proc/self/mountinfo").read_text(encoding="utf-8", errors="replace")
    except OSError:
        return ""


def network_location(
    folder: PurePath,
    *,
    drive_type: Callable[[str], int] | None = None,
    mountinfo: Callable[[], str] | None = None,
) -> str | None:
    r"""What makes `folder` a network location (the share, the mapped drive, the file system), or None.

    On Windows: a `\\server\share` path, or a drive letter mapped to one. On Linux: a mount of a network file
    system. macOS is not examined. A `PureWindowsPath` is judged as written (for tests on any system).
    """
    if isinstance(folder, PureWindowsPath):
        # Resolving a real path turns a mapped drive into the share it stands for.
        where = _existing(folder) if isinstance(folder, Path) else folder
        share = network_share(folder) or network_share(PureWindowsPath(where))
        if share:
            return share
        if where.drive and (drive_type or _windows_drive_type)(where.drive + "\\") == DRIVE_REMOTE:
            return where.drive
        return None
    if isinstance(folder, Path) and sys.platform.startswith("linux"):
        kind = mount_type(PurePosixPath(_existing(folder)), (mountinfo or _read_mountinfo)())
        if kind in NETWORK_FILESYSTEMS:
            return kind
    return None


def refuse_network_folder(folder: Path) -> None:
    """`DataFolderOnNetwork` when `folder` is on a network share or drive, with the reason and the way out."""
    where = network_location(folder)
    if where is not None:
        raise DataFolderOnNetwork(
            N_(
                "The shop's data folder {folder} is on a network drive ({where}). Two computers writing to the books "
                "there can damage them, so Laci keeps them on this computer's own disk: choose a folder on it (backups "
                "may still go to the network drive)."
            ),
            folder=str(folder),
            where=where,
        )


def missing_drive(folder: PurePath, exists: Callable[[PurePath], bool]) -> PurePath | None:
    """The drive (or the USB stick's mount folder) of `folder` that is not there now, or None.

    `E:\\Cadangan` with no E: gives `E:\\`; `/media/sri/FLASHDISK/laci` with the stick unplugged gives
    `/media/sri/FLASHDISK`. A folder that is merely not made yet, on a drive that is there, gives None.
    """
    if isinstance(folder, PureWindowsPath):
        anchor = PureWindowsPath(folder.anchor)
        if folder.drive and not exists(anchor):
            return anchor
        return None
    parts = folder.parts
    if not folder.is_absolute():
        return None
    for root in REMOVABLE_ROOTS:
        if parts[1 : 1 + len(root)] != root:
            continue
        # The topmost missing folder below the mount root, up to the backup folder's parent (the backup folder
        # itself may be made on a stick that is there).
        for depth in range(len(root) + 2, len(parts)):
            candidate = type(folder)(*parts[:depth])
            if not exists(candidate):
                return candidate
    return None


def folder_drive_missing(folder: Path) -> PurePath | None:
    """`missing_drive` on this machine's own folders."""
    return missing_drive(folder.absolute(), lambda p: Path(p).exists())

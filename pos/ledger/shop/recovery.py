"""A shop whose database is damaged at start: which backup would bring it back, and putting that backup in place.

The damaged file may still tell where the owner keeps backups and the shop's time zone. It is only read, and
only as far as SQLite can read it: nothing about it changes until the owner chooses to restore, and then it is
kept aside, never deleted.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import sqlite3
from dataclasses import dataclass
from pathlib import Path

from pos.i18n import LANGUAGES, N_
from pos.ledger.base.clock import DEFAULT_TIMEZONE, local, zone
from pos.ledger.base.db import sqlite_uri
from pos.ledger.base.errors import NotFound
from pos.ledger.shop.backup import BackupFile, backup_folder, newest_good, restore


@dataclass(frozen=True, slots=True)
class Recovery:
    """What to tell the owner about a damaged database, and what can be offered."""

    database: Path
    searched: tuple[Path, ...]  # the folders looked in for backups, the owner's choice first
    backup: BackupFile | None  # the newest backup that passes its check, if any
    timezone: str  # the shop's, to say when the backup was taken in the owner's clock
    language: str | None  # the shop's, if the damaged file still tells it

    def taken_at(self) -> dt.datetime | None:
        """When the offered backup was taken, on the shop's wall clock."""
        return local(self.backup.taken_at, self.timezone) if self.backup else None


def plan_recovery(database: Path) -> Recovery:
    """Look for the newest good backup of `database` in the owner's backup folder and beside the database."""
    remembered = _remembered(database)
    folders = [backup_folder(database, str(remembered.get("backup.folder") or ""))]
    beside = backup_folder(database, "")
    if beside not in folders:
        folders.append(beside)
    candidates = [found for folder in folders if (found := newest_good(folder)) is not None]
    best = max(candidates, key=lambda b: b.taken_at, default=None)
    language = remembered.get("language")
    return Recovery(
        database,
        tuple(folders),
        best,
        _timezone(remembered.get("shop.timezone")),
        language if isinstance(language, str) and language in LANGUAGES else None,
    )


def recover(plan: Recovery, *, at: dt.datetime | None = None) -> Path | None:
    """Put the planned backup in place of the damaged database (checked again first, as every restore is).

    Returns where the damaged file is now kept (beside the database, renamed), or None if it had gone.
    """
    if plan.backup is None:
        raise NotFound(N_("There is no good backup to restore."))
    return restore(plan.backup.path, plan.database, at=at)


def _timezone(name: object) -> str:
    if isinstance(name, str) and name:
        with contextlib.suppress(LookupError, ValueError, OSError):  # an unknown or malformed zone name
            zone(name)
            return name
    return DEFAULT_TIMEZONE


def _remembered(database: Path) -> dict[str, object]:
    """The settings that help recovery, as far as the damaged file can still be read; nothing where it cannot."""
    found: dict[str, object] = {}
    with contextlib.suppress(sqlite3.Error, ValueError):
        conn = sqlite3.connect(sqlite_uri(database, mode="ro", immutable="1"), uri=True)  # leaves nothing beside it
        try:
            rows = conn.execute(
                "SELECT key, value FROM settings WHERE key IN ('backup.folder', 'shop.timezone', 'language')"
            ).fetchall()
        finally:
            conn.close()
        for key, value in rows:
            with contextlib.suppress(ValueError, TypeError):
                found[str(key)] = json.loads(value)
    return found

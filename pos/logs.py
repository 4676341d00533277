"""The log file: where the window writes what it did and the details of anything unexpected, kept small.

It lives in the user's log folder (platformdirs: `%LOCALAPPDATA%\\Laci\\Logs` on Windows, `~/.local/state/Laci/log`
on Linux), or in `LACI_LOG_DIR` when that is set. The windowed program on Windows has no console at all, so the
file is the only place a problem can be read afterwards; "something unexpected" on screen names it.
"""

from __future__ import annotations

import logging
import os
import sys
from logging.handlers import RotatingFileHandler
from pathlib import Path
from typing import Final

from platformdirs import user_log_path

LOG_NAME: Final = "laci.log"
MAX_BYTES: Final = 1_000_000  # a few weeks of a busy shop's log
BACKUPS: Final = 4  # laci.log.1 ... laci.log.4, the oldest dropped
FORMAT: Final = "%(asctime)s %(levelname)s %(name)s: %(message)s"


def log_folder() -> Path:
    override = os.environ.get("LACI_LOG_DIR")
    if override:
        return Path(override).expanduser()
    return user_log_path("Laci", appauthor=False)


def log_file() -> Path:
    return log_folder() / LOG_NAME


class _LaciFile(RotatingFileHandler):
    """The log file's handler, told apart so that a second start in one process does not add another."""


def start_logging(level: int = logging.INFO) -> Path | None:
    """Log to the rotating file (and to stderr when there is one); returns the file, None if it cannot be made.

    Called again in the same process, it changes nothing.
    """
    root = logging.getLogger()
    root.setLevel(min(root.level or level, level))
    formatter = logging.Formatter(FORMAT)
    if sys.stderr is not None and not any(type(h) is logging.StreamHandler for h in root.handlers):
        console = logging.StreamHandler(sys.stderr)
        console.setFormatter(formatter)
        root.addHandler(console)
    existing = next((h for h in root.handlers if isinstance(h, _LaciFile)), None)
    if existing is not None:
        return Path(existing.baseFilename)
    path = log_file()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handler = _LaciFile(path, maxBytes=MAX_BYTES, backupCount=BACKUPS, encoding="utf-8")
    except OSError as err:
        logging.getLogger(__name__).warning("No log file at %s: %s", path, err)
        return None
    handler.setFormatter(formatter)
    root.addHandler(handler)
    return path

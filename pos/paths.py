"""Where a shop's files live: `--data-dir`, else `LACI_HOME`, else the user's data folder (platformdirs)."""

from __future__ import annotations

import os
from pathlib import Path

from platformdirs import user_data_path

from pos.ledger.shop.opening import DB_FILENAME


def data_dir(override: str | os.PathLike[str] | None = None) -> Path:
    if override:
        return Path(override).expanduser()
    env = os.environ.get("LACI_HOME")
    if env:
        return Path(env).expanduser()
    return user_data_path("Laci", appauthor=False)


def database_path(directory: Path) -> Path:
    return directory / DB_FILENAME

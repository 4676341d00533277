"""Schema upgrades through Alembic, run by the app on start after the database file is copied aside."""

from __future__ import annotations

import datetime as dt
import sqlite3
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Final

from sqlalchemy import Engine, text

if TYPE_CHECKING:
    from alembic.config import Config

# The newest revision in migrations/versions; tests/ledger/test_migrations.py checks it against Alembic's head.
# Knowing it lets a start with an up-to-date database skip importing Alembic (and Mako with it) altogether.
HEAD: Final = "0019"


def migrations_dir() -> Path:
    """Where the migration scripts are: beside the `pos` package in a checkout, inside the bundle when frozen."""
    frozen_root = getattr(sys, "_MEIPASS", None)
    if frozen_root:
        return Path(frozen_root) / "migrations"
    return Path(__file__).resolve().parents[3] / "migrations"


def alembic_config() -> Config:
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(migrations_dir()))
    return cfg


def head_revision() -> str:
    """Alembic's own head, read from the migration scripts (slower than HEAD; for tests and upgrades)."""
    from alembic.script import ScriptDirectory

    head = ScriptDirectory.from_config(alembic_config()).get_current_head()
    assert head is not None, "no migrations found"
    return head


def current_revision(engine: Engine) -> str | None:
    with engine.connect() as conn:
        has_table = conn.execute(
            text("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'alembic_version'")
        ).first()
        if has_table is None:
            return None
        return conn.execute(text("SELECT version_num FROM alembic_version")).scalar()


def backup_before_upgrade(db_path: Path, revision: str | None, today: dt.date | None = None) -> Path:
    """Copy the database aside with SQLite's online backup, named by date and the revision it had."""
    day = (today or dt.date.today()).isoformat()
    target = db_path.with_name(f"{db_path.stem}.{day}.rev-{revision or 'none'}.pre-upgrade{db_path.suffix}")
    src = sqlite3.connect(db_path)
    try:
        dst = sqlite3.connect(target)
        try:
            src.backup(dst)
        finally:
            dst.close()
    finally:
        src.close()
    return target


def upgrade(engine: Engine, db_path: Path | None = None) -> Path | None:
    """Bring the schema to head. An existing, older database is copied aside first; returns the copy's path."""
    current = current_revision(engine)
    if current == HEAD:
        return None
    from alembic import command

    head = head_revision()
    if current == head:
        return None
    copy = None
    if current is not None and db_path is not None and db_path.exists():
        copy = backup_before_upgrade(db_path, current)
    cfg = alembic_config()
    # SQLite's procedure for schema changes that rebuild tables: foreign keys off (only possible outside a
    # transaction), the changes, a foreign_key_check that must come back empty before the commit, keys on again.
    with engine.connect() as conn:
        # Straight to the sqlite3 connection: through SQLAlchemy the statement would open a transaction first.
        raw = conn.connection.driver_connection
        assert raw is not None
        raw.execute("PRAGMA foreign_keys = OFF")
        try:
            with conn.begin():
                cfg.attributes["connection"] = conn
                command.upgrade(cfg, "head")
                broken = conn.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
                if broken:
                    raise RuntimeError(f"the upgrade left rows pointing at missing rows: {broken[:5]}")
        finally:
            raw.execute("PRAGMA foreign_keys = ON")
        _vacuum_if_worth_it(raw)
    return copy


def _vacuum_if_worth_it(raw: sqlite3.Connection) -> None:
    """Give the pages an upgrade freed back to the disk when they are a quarter of the file or more (revision 0017
    takes a busy shop's file to about a third): VACUUM rewrites the file, so it is not run for a little."""
    free = raw.execute("PRAGMA freelist_count").fetchone()[0]
    pages = raw.execute("PRAGMA page_count").fetchone()[0]
    if pages and free * 4 >= pages:
        raw.execute("VACUUM")

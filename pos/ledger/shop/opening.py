"""The shop behind a database: opening it (migrating first) and first-time setup of its name and counter."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from pos.i18n import N_
from pos.ledger.base import migrate
from pos.ledger.base.clock import utc_now
from pos.ledger.base.data_lock import UPGRADE_REFUSED, exclusive
from pos.ledger.base.db import Database, make_engine, sqlite_uri
from pos.ledger.base.drives import refuse_network_folder
from pos.ledger.base.errors import BooksProblem, InvalidInput
from pos.ledger.base.ids import new_id
from pos.ledger.replication.changes import record_change
from pos.ledger.schema import Device
from pos.ledger.shop import settings
from pos.ledger.shop.backup import backup_folder, keep_full_copy, make_private, rotate

DB_FILENAME = "laci.sqlite3"


class DamagedDatabase(BooksProblem):
    """The database file cannot be used as it is; the message says why, and a backup can be restored."""


def open_database(path: Path) -> Database:
    """Open (creating if needed) the database at `path`, check it is readable, and migrate it to the newest schema.

    A file whose structure SQLite cannot read raises `DamagedDatabase` before anything is written to it, so the
    damage is not made worse and a backup can be restored instead. A folder on a network drive is refused
    (`DataFolderOnNetwork`), and so is an upgrade while another Laci program has the folder open
    (`DataFolderInUse`): it would change the tables under that program's feet.
    """
    refuse_network_folder(path.parent)
    path.parent.mkdir(parents=True, exist_ok=True)
    existed = path.exists() and path.stat().st_size > 0
    if existed:
        _refuse_damaged(path)
    engine = make_engine(path)
    try:
        copy = None
        if migrate.current_revision(engine) != migrate.HEAD:
            with exclusive(path.parent, UPGRADE_REFUSED):
                copy = migrate.upgrade(engine, path)
    except BaseException:
        engine.dispose()
        raise
    for file in (path, path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm")):
        if file.exists():
            make_private(file)
    db = Database(engine)
    if copy is not None:
        _keep_upgrade_copy(db, copy)
    return db


def _refuse_damaged(path: Path) -> None:
    """Refuse a file whose structure SQLite cannot read, in a time that does not grow with the books.

    It reads the schema and both ends of every table and the start of every index: a damaged header, schema or
    root page, or damage where the writes land (the ends of the tables), shows here. Reading every page
    (`PRAGMA quick_check`) took seconds a gigabyte, so a start would grow with years of sales; that whole-file
    check is made where its time is affordable: on every backup before it counts (`backup.verify_file`) and
    by `laci check`.
    """
    try:
        conn = sqlite3.connect(sqlite_uri(path, mode="ro"), uri=True)
        try:
            _read_structure(conn)
        finally:
            conn.close()
    except sqlite3.DatabaseError as err:
        raise DamagedDatabase(N_("The shop's database cannot be read: {detail}"), detail=str(err)) from err


def _read_structure(conn: sqlite3.Connection) -> None:
    schema = conn.execute("SELECT type, name, tbl_name, sql FROM sqlite_master WHERE type IN ('table', 'index')")
    for kind, name, table, sql in schema.fetchall():
        definition = (sql or "").upper()
        quoted, on = _quoted(name), _quoted(table)
        if kind == "table" and sql and not definition.startswith("CREATE VIRTUAL"):
            if "WITHOUT ROWID" in definition:
                conn.execute(f"SELECT 1 FROM {quoted} LIMIT 1").fetchall()
            else:
                conn.execute(f"SELECT rowid FROM {quoted} ORDER BY rowid LIMIT 1").fetchall()
                conn.execute(f"SELECT rowid FROM {quoted} ORDER BY rowid DESC LIMIT 1").fetchall()
        elif kind == "index" and " WHERE " not in definition:  # a partial index cannot be named for a scan
            conn.execute(f"SELECT 1 FROM {on} INDEXED BY {quoted} LIMIT 1").fetchall()


def _quoted(identifier: str) -> str:
    return '"' + identifier.replace('"', '""') + '"'


def _keep_upgrade_copy(db: Database, copy: Path) -> None:
    # The copy taken before a schema upgrade also goes to the owner's backup folder, with the other backups.
    with db.read() as session:
        folder = backup_folder(db.path, settings.load(session).backup_folder)
    folder.mkdir(parents=True, exist_ok=True)
    keep_full_copy(copy, folder, "pre-upgrade", utc_now())  # compressed, as every full copy there
    rotate(folder, "pre-upgrade", copy.stat().st_size)


def is_initialised(session: Session) -> bool:
    return session.execute(select(Device.id).where(Device.is_local)).first() is not None


def init_shop(session: Session, shop_name: str, device_code: str = "A", device_name: str = "Kasir 1") -> bool:
    """Set up a new shop, or rename an existing one. Returns True when the shop was created now."""
    name = shop_name.strip()
    if not name:
        raise InvalidInput(N_("The shop needs a name."))
    code = device_code.strip().upper()
    if not (1 <= len(code) <= 4 and code.isalnum()):
        raise InvalidInput(N_("The counter code must be 1 to 4 letters or digits, for example A."))
    created = not is_initialised(session)
    if created:
        device_id = new_id()
        session.add(Device(id=device_id, code=code, name=device_name, is_local=True))
        session.flush()
        record_change(session, "devices", device_id, {"code": code, "name": device_name}, utc_now())
    settings.put(session, "shop.name", name)
    return created

"""The SQLite engine and sessions: durable pragmas on every connection, one write transaction at a time.

Every connection gets WAL, `synchronous=FULL` (a printed receipt must survive a power cut), foreign keys and a
busy timeout. Write transactions start with `BEGIN IMMEDIATE` so two writers queue on the busy timeout instead
of failing half-way when a read lock cannot be upgraded; reads use a plain deferred `BEGIN`.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path, PurePath, PureWindowsPath
from typing import Any
from urllib.parse import quote

from sqlalchemy import URL, Engine, create_engine, event
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session, sessionmaker

from pos.i18n import N_
from pos.ledger.base.errors import Unavailable

BUSY_TIMEOUT_MS = 10_000


class DiskFull(Unavailable):
    """The disk (or SQLite's page limit) is full; the transaction was rolled back whole."""


_READONLY = "laci_readonly"


def _on_connect(dbapi_conn: sqlite3.Connection, _record: Any) -> None:
    # Let SQLAlchemy's "begin" event below emit BEGIN itself; pysqlite's implicit transactions are unreliable.
    dbapi_conn.isolation_level = None
    cur = dbapi_conn.cursor()
    cur.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    cur.execute("PRAGMA journal_mode = WAL")
    cur.execute("PRAGMA synchronous = FULL")
    cur.execute("PRAGMA foreign_keys = ON")
    cur.close()


def _on_begin(conn: Any) -> None:
    readonly = conn.get_execution_options().get(_READONLY, False)
    conn.exec_driver_sql("BEGIN" if readonly else "BEGIN IMMEDIATE")


def sqlite_uri(path: PurePath, **params: str) -> str:
    """A `file:` URI naming `path` for `sqlite3.connect(..., uri=True)`, with `params` as its query.

    Folder names may hold what a URI reads specially (`D:\\Backup #1`, `100% aman`, `Toko?`): each is percent-
    encoded. Windows drive paths become `file:///D:/...` and network shares `file:////server/share/...` (an empty
    authority, which SQLite requires).
    """
    if isinstance(path, Path):
        path = path.absolute()
    text = path.as_posix()
    if isinstance(path, PureWindowsPath) and not text.startswith("//"):
        # SQLite takes `/D:/...` as the drive path; the colon after the letter stays as it is.
        uri = "file:///" + text[:2] + quote(text[2:], safe="/")
    else:
        uri = "file://" + quote(text, safe="/")
    query = "&".join(f"{key}={quote(value, safe='')}" for key, value in params.items())
    return f"{uri}?{query}" if query else uri


def make_engine(path: Path | str) -> Engine:
    """An engine on the SQLite file at `path` (created if missing) with Laci's pragmas."""
    # The file name goes to sqlite3 as it is: a URL string would be cut at a '?' or '#' in a folder's name.
    engine = create_engine(URL.create("sqlite", database=str(path)), future=True)
    event.listen(engine, "connect", _on_connect)
    event.listen(engine, "begin", _on_begin)
    return engine


class Database:
    """The counter's database: hands out write and read sessions on one engine."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self._writes = sessionmaker(engine, expire_on_commit=False)
        self._reads = sessionmaker(engine.execution_options(**{_READONLY: True}), expire_on_commit=False)

    @property
    def path(self) -> Path:
        return Path(str(self.engine.url.database))

    @contextmanager
    def write(self) -> Iterator[Session]:
        """One business event: everything inside commits together, or nothing does."""
        try:
            with self._writes() as session, session.begin():
                yield session
        except OperationalError as err:
            if "full" in str(err.orig).lower():
                # SQLite rolled the whole transaction back; say so in the shop's words.
                raise DiskFull(
                    N_("The disk is full, so nothing was saved. Free some space and try again; the cart is kept.")
                ) from err
            raise

    @contextmanager
    def read(self) -> Iterator[Session]:
        """A consistent snapshot for reports and lookups; writing through it is a bug."""
        with self._reads() as session, session.begin():
            yield session

    def dispose(self) -> None:
        self.engine.dispose()

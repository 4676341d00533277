"""The shop's own signing key (Ed25519): it signs the books' checkpoints, and loan packs when no service witnesses.

The private key lives in a file beside the database (`laci.key` beside `laci.db`), readable by its owner only, and
never inside the database: someone who copies or edits the database file alone cannot sign a checkpoint for a
rewritten chain. Whoever controls the whole computer can; against that only the sync service's witness holds,
and the docs say so. A database with no file behind it (tests in memory) keeps its key for the process's life.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Final

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.serialization import Encoding, NoEncryption, PrivateFormat, load_pem_private_key
from sqlalchemy.orm import Session

SUFFIX: Final = ".key"
_IN_MEMORY: dict[int, Ed25519PrivateKey] = {}


def key_path(session: Session) -> Path | None:
    """Where the key of the database behind `session` is kept; None for a database in memory."""
    name = session.get_bind().engine.url.database
    if not name or name == ":memory:":
        return None
    return Path(name).with_suffix(SUFFIX)


def _write(path: Path, key: Ed25519PrivateKey) -> None:
    pem = key.private_bytes(Encoding.PEM, PrivateFormat.PKCS8, NoEncryption())
    # Created private from the start (no window in which another user could read it), and never overwritten.
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "wb") as out:
        out.write(pem)
        out.flush()
        os.fsync(out.fileno())


def _read(path: Path) -> Ed25519PrivateKey | None:
    try:
        key = load_pem_private_key(path.read_bytes(), password=None)
    except (OSError, ValueError):
        return None
    return key if isinstance(key, Ed25519PrivateKey) else None


def existing_key(session: Session) -> Ed25519PrivateKey | None:
    """The shop's key if it has one already (a check reads, it never makes a key)."""
    path = key_path(session)
    if path is None:
        return _IN_MEMORY.get(id(session.get_bind().engine))
    return _read(path) if path.exists() else None


def shop_key(session: Session) -> Ed25519PrivateKey:
    """The shop's key, made on first use."""
    found = existing_key(session)
    if found is not None:
        return found
    key = Ed25519PrivateKey.generate()
    path = key_path(session)
    if path is None:
        _IN_MEMORY[id(session.get_bind().engine)] = key
        return key
    try:
        _write(path, key)
    except FileExistsError:  # another process made it a moment ago: use that one
        made = _read(path)
        if made is None:
            raise
        return made
    return key

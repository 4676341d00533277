"""Backups page by page: full copies compressed with zstd beside a map of their pages, and copies of only the pages
that changed since such a full copy (a shift's backup), rebuilt into a whole database when restored.

A busy shop's database is gigabytes; a copy at every shift close was the whole file each time. SQLite writes a
sale into a few pages, so a shift's copy holds only the pages whose hash differs from the full copy's page map:
a few megabytes, made in the time it takes to read the file once. The live pages are read from the database file
itself inside a read transaction, after a checkpoint has put every committed page there (`_snapshot`); a sale
committed meanwhile goes to the write-ahead log and waits for nothing.
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import json
import shutil
import sqlite3
import struct
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO, Final

import zstandard

LEVEL: Final = 3  # zstd's default: about a third of the file's size for a shop's database, at disk speed
_HASH_SIZE: Final = 8
_RECORD: Final = struct.Struct(">I")  # a changed page's number, before its bytes


def page_hash(page: bytes) -> bytes:
    return hashlib.blake2b(page, digest_size=_HASH_SIZE).digest()


@dataclass(frozen=True, slots=True)
class PageMap:
    """The hash of every page of a full copy, in page order."""

    page_size: int
    hashes: tuple[bytes, ...]

    def write(self, path: Path) -> None:
        header = json.dumps({"page_size": self.page_size, "pages": len(self.hashes)}).encode() + b"\n"
        path.write_bytes(zstandard.ZstdCompressor(level=LEVEL).compress(header + b"".join(self.hashes)))

    @classmethod
    def read(cls, path: Path) -> PageMap:
        data = zstandard.ZstdDecompressor().decompress(path.read_bytes())
        line, _, body = data.partition(b"\n")
        header = json.loads(line)
        hashes = tuple(body[i : i + _HASH_SIZE] for i in range(0, len(body), _HASH_SIZE))
        if len(hashes) != int(header["pages"]):
            raise ValueError(f"{path.name}: a page map cut short")
        return cls(int(header["page_size"]), hashes)


def _page_size(path: Path) -> int:
    with path.open("rb") as fh:
        header = fh.read(100)
    size = int.from_bytes(header[16:18], "big")
    return 65536 if size == 1 else size


def compress(source: Path, target: Path) -> PageMap:
    """Write `source` (a finished database file) to `target` compressed; returns the map of its pages."""
    page_size = _page_size(source)
    hashes: list[bytes] = []
    with source.open("rb") as src, target.open("wb") as out:
        writer = zstandard.ZstdCompressor(level=LEVEL, threads=-1).stream_writer(out, closefd=False)
        with writer:
            while page := src.read(page_size):
                hashes.append(page_hash(page))
                writer.write(page)
    return PageMap(page_size, tuple(hashes))


def decompress(source: Path, target: Path) -> None:
    with source.open("rb") as src, target.open("wb") as out:
        zstandard.ZstdDecompressor().copy_stream(src, out)


@contextlib.contextmanager
def _snapshot(db_path: Path, scratch: Path) -> Iterator[tuple[BinaryIO, int, int]]:
    """The live database's pages as of one moment: (a file to read them from, page size, page count).

    A read transaction is opened and a checkpoint run beside it; when the checkpoint reports every frame of the
    log copied, the database file holds exactly what the transaction sees, and keeps it while the transaction is
    open (a checkpoint never copies past a reader). When it cannot (another reader kept an older view), the pages
    come from an online backup into `scratch` instead: slower, as consistent.
    """
    reader = sqlite3.connect(db_path, isolation_level=None)
    try:
        reader.execute("BEGIN")
        reader.execute("SELECT COUNT(*) FROM sqlite_master").fetchone()  # the read that fixes the snapshot
        page_size = int(reader.execute("PRAGMA page_size").fetchone()[0])
        page_count = int(reader.execute("PRAGMA page_count").fetchone()[0])
        other = sqlite3.connect(db_path)
        try:
            busy, log, copied = other.execute("PRAGMA wal_checkpoint(PASSIVE)").fetchone()
        finally:
            other.close()
        if busy == 0 and log == copied:
            with db_path.open("rb") as fh:
                yield fh, page_size, page_count
            return
        reader.execute("ROLLBACK")
        copy = sqlite3.connect(scratch)
        try:
            reader.backup(copy, pages=1024)
        finally:
            copy.close()
        page_count = scratch.stat().st_size // page_size
        with scratch.open("rb") as fh:
            yield fh, page_size, page_count
    finally:
        reader.close()
        scratch.unlink(missing_ok=True)


def write_delta(db_path: Path, base: PageMap, base_name: str, target: Path) -> int:
    """Write to `target` the live pages that differ from `base` (the map of the full copy `base_name`); returns
    how many. Raises ValueError when the page size changed since (a full copy is needed then)."""
    changed = 0
    scratch = target.with_name(target.name + ".scratch")
    with _snapshot(db_path, scratch) as (pages, page_size, page_count):
        if page_size != base.page_size:
            raise ValueError("the page size changed since the full copy")
        header = {"base": base_name, "page_size": page_size, "pages": page_count}
        with target.open("wb") as out:
            writer = zstandard.ZstdCompressor(level=LEVEL).stream_writer(out, closefd=False)
            with writer:
                writer.write(json.dumps(header).encode() + b"\n")
                for number in range(page_count):
                    page = pages.read(page_size)
                    if len(page) != page_size:
                        raise ValueError("the database file is shorter than its page count")
                    if number >= len(base.hashes) or page_hash(page) != base.hashes[number]:
                        writer.write(_RECORD.pack(number) + page)
                        changed += 1
    return changed


def delta_base(path: Path) -> str:
    """The name of the full copy a page delta was taken against."""
    with path.open("rb") as fh, zstandard.ZstdDecompressor().stream_reader(fh) as reader:
        line = io.BufferedReader(reader).readline()
    return str(json.loads(line)["base"])


def rebuild(delta: Path, base_copy: Path, target: Path) -> None:
    """A whole database in `target`: the full copy `base_copy` (compressed or not) with the delta's pages on it."""
    if base_copy.suffix == ".zst":
        decompress(base_copy, target)
    else:
        shutil.copyfile(base_copy, target)
    with delta.open("rb") as fh, zstandard.ZstdDecompressor().stream_reader(fh) as raw:
        reader = io.BufferedReader(raw)
        header = json.loads(reader.readline())
        page_size, pages = int(header["page_size"]), int(header["pages"])
        with target.open("r+b") as out:
            while record := reader.read(_RECORD.size):
                (number,) = _RECORD.unpack(record)
                page = reader.read(page_size)
                if len(page) != page_size or number >= pages:
                    raise ValueError(f"{delta.name} is cut short or damaged")
                out.seek(number * page_size)
                out.write(page)
            out.truncate(pages * page_size)

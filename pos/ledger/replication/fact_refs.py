"""Fact events kept by reference: the outbox stores the keys of the rows an event wrote, not the rows again.

Facts never change (the database refuses updates and deletes of every fact table), so the rows an event
wrote can be read back from their tables whenever the event is pushed, and the outbox need not hold a second
copy of them: a busy shop's sale event shrinks from about 470 bytes of compressed JSON to its keys (about 100
bytes). `encode` packs the keys in FACT_TABLES order; `rebuild` reads the rows of many events at once, one
statement per table and chunk, and writes each event's JSON as `emit_facts` would have (every column, ids as
hex, instants as the ISO text they are stored as).
"""

from __future__ import annotations

import json
import uuid
import zlib
from collections.abc import Iterable, Mapping, Sequence
from functools import cache
from typing import Any, Final

from sqlalchemy import Connection, Table

from pos.ledger.schema import metadata
from pos.ledger.schema.base import UUIDBlob

# Tables whose rows are facts, in an order that satisfies their foreign keys.
FACT_TABLES: Final = (
    "shifts",
    "journal_entries",
    "journal_lines",
    "opening_items",
    "fixed_assets",
    "sales",
    "sale_lines",
    "sale_payments",
    "sale_line_options",
    "sale_line_parts",
    "sale_line_consignments",
    "sale_effects",
    "voucher_uses",
    "points_movements",
    "sale_returns",
    "return_lines",
    "sale_voids",
    "shift_closes",
    "cash_movements",
    "purchases",
    "purchase_lines",
    "stock_batches",
    "production_runs",
    "consignments",
    "consignment_lines",
    "party_payments",
    "order_payments",
    "channel_settlements",
    "channel_settlement_sales",
    "stock_counts",
    "stock_count_lines",
    "stock_movements",
    "price_history",
    "audit_log",
)
# Each fact table's number in an encoded reference: kept for good, so a new fact table gets the next number.
NUMBERS: Final = {
    name: n
    for n, name in enumerate(
        (
            "shifts",
            "journal_entries",
            "journal_lines",
            "sales",
            "sale_lines",
            "sale_payments",
            "sale_returns",
            "return_lines",
            "sale_voids",
            "shift_closes",
            "cash_movements",
            "purchases",
            "purchase_lines",
            "party_payments",
            "order_payments",
            "channel_settlements",
            "stock_counts",
            "stock_count_lines",
            "stock_movements",
            "price_history",
            "audit_log",
            "opening_items",
            "fixed_assets",
            "sale_effects",
            "voucher_uses",
            "points_movements",
            "channel_settlement_sales",
            "sale_line_options",
            "sale_line_parts",
            "sale_line_consignments",
            "stock_batches",
            "production_runs",
            "consignments",
            "consignment_lines",
        )
    )
}
_NAMES: Final = {n: name for name, n in NUMBERS.items()}
MARK: Final = b"\x01"  # first byte of an outbox body holding references (zlib's streams start with 0x78)
_PACKED: Final = b"\x02"  # ... and of one holding them zlib-compressed, when that is smaller
_CHUNK: Final = 400  # keys per statement, under SQLite's limit on bound parameters

Key = tuple[Any, ...]


@cache
def key_columns(table: str) -> tuple[tuple[str, bool], ...]:
    """The primary key's columns of a fact table, each with whether it holds a UUID."""
    return tuple((c.name, isinstance(c.type, UUIDBlob)) for c in metadata.tables[table].primary_key.columns)


def _varint(n: int, out: bytearray) -> None:
    if n < 0:
        raise ValueError("keys are not negative")
    while True:
        byte, n = n & 0x7F, n >> 7
        out.append(byte | (0x80 if n else 0))
        if not n:
            return


def _read_varint(data: bytes, at: int) -> tuple[int, int]:
    value = shift = 0
    while True:
        byte = data[at]
        at += 1
        value |= (byte & 0x7F) << shift
        shift += 7
        if not byte & 0x80:
            return value, at


def _as_uuid(value: Any) -> uuid.UUID:
    if isinstance(value, uuid.UUID):
        return value
    if isinstance(value, bytes):
        return uuid.UUID(bytes=value)
    return uuid.UUID(hex=str(value))


def encode(tables: Mapping[str, Sequence[Mapping[str, Any]]]) -> bytes:
    """The keys of the rows a fact event wrote, packed: table number, row count, then each row's key."""
    out = bytearray()
    for name in FACT_TABLES:
        rows = tables.get(name)
        if not rows:
            continue
        out.append(NUMBERS[name])
        _varint(len(rows), out)
        for row in rows:
            for column, is_uuid in key_columns(name):
                if is_uuid:
                    out += _as_uuid(row[column]).bytes
                else:
                    _varint(int(row[column]), out)
    raw = bytes(out)
    packed = zlib.compress(raw, 9)
    return _PACKED + packed if len(packed) < len(raw) else MARK + raw


def is_refs(body: bytes | None) -> bool:
    return body is not None and body[:1] in (MARK, _PACKED)


def decode(body: bytes) -> dict[str, list[Key]]:
    """The keys `encode` packed, per table, in the order the event wrote them."""
    data = zlib.decompress(body[1:]) if body[:1] == _PACKED else body[1:]
    out: dict[str, list[Key]] = {}
    at = 0
    while at < len(data):
        name = _NAMES[data[at]]
        count, at = _read_varint(data, at + 1)
        keys = out.setdefault(name, [])
        for _ in range(count):
            key: list[Any] = []
            for _column, is_uuid in key_columns(name):
                if is_uuid:
                    key.append(data[at : at + 16])
                    at += 16
                else:
                    value, at = _read_varint(data, at)
                    key.append(value)
            keys.append(tuple(key))
    return out


def _json_value(value: Any) -> Any:
    return value.hex() if isinstance(value, bytes) else value


def _read_rows(connection: Connection, name: str, keys: Iterable[Key]) -> dict[Key, dict[str, Any]]:
    """The rows of table `name` with these keys, as event JSON values, by key.

    Keys of one column are read with `IN`; keys of two (a parent and a line) by their parents, keeping the
    lines asked for.
    """
    table: Table = metadata.tables[name]
    columns = [c.name for c in table.columns]
    keyed_by = [c for c, _ in key_columns(name)]
    at = [columns.index(c) for c in keyed_by]
    wanted = set(keys)
    parents = sorted({k[0] for k in wanted})
    select = ", ".join(f'"{c}"' for c in columns)
    found: dict[Key, dict[str, Any]] = {}
    for start in range(0, len(parents), _CHUNK):
        chunk = parents[start : start + _CHUNK]
        marks = ", ".join("?" * len(chunk))
        sql = f'SELECT {select} FROM "{name}" WHERE "{keyed_by[0]}" IN ({marks})'
        for row in connection.exec_driver_sql(sql, tuple(chunk)):
            key = tuple(row[i] for i in at)
            if key in wanted:
                found[key] = {c: _json_value(v) for c, v in zip(columns, row, strict=True)}
    return found


def _payloads(connection: Connection, bodies: Sequence[bytes]) -> list[dict[str, Any] | None]:
    """Each referenced event's payload, None where a row it names is not in its table."""
    decoded = [decode(body) for body in bodies]
    wanted: dict[str, set[Key]] = {}
    for refs in decoded:
        for name, keys in refs.items():
            wanted.setdefault(name, set()).update(keys)
    rows = {name: _read_rows(connection, name, keys) for name, keys in wanted.items()}
    out: list[dict[str, Any] | None] = []
    for refs in decoded:
        try:
            out.append({"rows": {name: [rows[name][k] for k in keys] for name, keys in refs.items()}})
        except KeyError:
            out.append(None)
    return out


def rebuild(connection: Connection, bodies: Sequence[bytes]) -> list[str]:
    """Each referenced event's JSON (`{"rows": {...}}`), read back from the fact tables in one pass per table."""
    out = []
    for payload in _payloads(connection, bodies):
        if payload is None:
            # Facts are never deleted; a missing row means the file was changed behind the ledger's back.
            raise LookupError("an outbox event names a fact row that is gone")
        out.append(json.dumps(payload, sort_keys=True, separators=(",", ":"), default=str))
    return out


def complete(connection: Connection, bodies: Sequence[bytes]) -> list[bool]:
    """Whether every row each referenced event names is in its table (an upgrade keeps JSON where one is not)."""
    return [payload is not None for payload in _payloads(connection, bodies)]

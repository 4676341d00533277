"""The one check of an event's shape, shared by the sync service (before it stores) and the counters.

An event must be something an honest counter of this version could have written: a known kind with the tables
that kind writes, each row naming only its table's columns with values of the column's type and size, the
table's CHECK constraints holding, journal entries balanced and hashed as they claim, rows that name a device
naming the sender, and master-data changes naming a known entity, key and fields. What an event refers to (a
sale's product, a payment's sale) is returned as `Needs`, for the service to check against what the shop's log
already holds, so no counter is ever handed an event it cannot apply.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import sqlite3
import threading
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any, Final

from sqlalchemy import BigInteger, Boolean, CheckConstraint, Column, Date, Integer, String, Table, Text
from sqlalchemy.sql.elements import TextClause

from pos.i18n import N_
from pos.ledger.base.chain import audit_row_hash, journal_row_hash
from pos.ledger.replication import pins
from pos.ledger.replication.authority import Refusal
from pos.ledger.replication.changes import ENTITIES, FACT_TABLES, LOCAL_SETTING_PREFIXES
from pos.ledger.schema import metadata
from pos.ledger.schema.accounts import CHART_CODES
from pos.ledger.schema.base import UTCDateTime, UUIDBlob
from pos.ledger.schema.channels import SEEDED_CHANNELS

JOURNAL: Final = ("journal_entries", "journal_lines")
# What a sale leaves of its prices: each effect, a voucher's use, the customer's points earned and redeemed.
SALE_PRICE_FACTS: Final = ("sale_effects", "voucher_uses", "points_movements")
# Every kind of fact event a counter writes, and the tables it may carry (a journal entry may come with any).
KIND_TABLES: Final[dict[str, frozenset[str]]] = {
    "audit.recorded": frozenset({"audit_log"}),
    "journal.posted": frozenset(JOURNAL),
    "sale.completed": frozenset(
        {
            *JOURNAL,
            *("sales", "sale_lines", "sale_payments", "stock_movements", *SALE_PRICE_FACTS),
            *("sale_line_options", "sale_line_parts", "sale_line_consignments"),
        }
    ),
    "sale.returned": frozenset({*JOURNAL, "sale_returns", "return_lines", "stock_movements"}),
    "sale.voided": frozenset({*JOURNAL, "sale_voids", "stock_movements"}),
    "shift.opened": frozenset({"shifts"}),
    "shift.closed": frozenset({*JOURNAL, "shift_closes"}),
    "cash.moved": frozenset({*JOURNAL, "cash_movements"}),
    "purchase.received": frozenset(
        {*JOURNAL, "purchases", "purchase_lines", "stock_batches", "stock_movements", "price_history"}
    ),
    "price.changed": frozenset({"price_history"}),
    "party.paid": frozenset({*JOURNAL, "party_payments"}),
    "order.paid": frozenset({*JOURNAL, "order_payments"}),
    "channel.settled": frozenset({*JOURNAL, "channel_settlements", "channel_settlement_sales"}),
    "stock.counted": frozenset({*JOURNAL, "stock_counts", "stock_count_lines", "stock_movements"}),
    "journal.opening": frozenset({*JOURNAL, "opening_items", "fixed_assets"}),
    "journal.reversed": frozenset({*JOURNAL, "opening_items"}),
    "stock.opening": frozenset({"stock_movements"}),
    "stock.produced": frozenset({*JOURNAL, "production_runs", "stock_batches", "stock_movements"}),
    "stock.consigned": frozenset({"consignments", "consignment_lines", "stock_movements"}),
    "stock.consignment_settled": frozenset({*JOURNAL, "consignments", "consignment_lines", "stock_movements"}),
}
CHANGE_KINDS: Final = ("change", "changes")
# Rows that name the device writing them (`device_id`): they must name the sender.
DEVICE_TABLES: Final = frozenset({"journal_entries", "audit_log", "sales", "shifts"})
# Fact tables other rows point at: their ids must be new to the shop, and are looked for when referred to (a
# payout's sales name the payout they came with).
PARENTS: Final = (
    "journal_entries",
    "shifts",
    "sales",
    "sale_returns",
    "purchases",
    "stock_counts",
    "channel_settlements",
    "stock_batches",
    "production_runs",
    "consignments",
)
# Other keys that must never come twice: a receipt number, a sale voided once only (a second void would return
# its goods to stock again).
UNIQUE_KEYS: Final = {"sales": "receipt_no", "sale_returns": "return_no", "sale_voids": "sale_id"}
MAX_TEXT: Final = 100_000
MAX_ITEMS: Final = 5_000  # rows of one table in an event, items of a batch of changes
MAX_INT: Final = 2**63 - 1
MAX_PAID: Final = 10**12  # rupiah in one event's payments: the owner's daily totals must not overflow
_STAMP = re.compile(r"^(\d{13})-(\d{5})-([0-9a-f]{32})$")
_HEX32 = re.compile(r"[0-9a-fA-F]{32}")
ACCOUNT_CODES: Final = CHART_CODES
# Master rows every counter's database is made with: referring to one needs nothing from the shop's log (an
# order on WhatsApp, a payout from Shopee, before the owner has ever changed that channel's terms).
SEEDED_MASTER: Final = frozenset(("channels", code) for code in SEEDED_CHANNELS)


@dataclass
class Needs:
    """What an accepted event refers to (must already be in the shop) and brings (must be new to it)."""

    facts: set[tuple[str, str]] = field(default_factory=set)  # (parent table, id) referred to
    master: set[tuple[str, str]] = field(default_factory=set)  # (entity, key) referred to
    new_facts: set[tuple[str, str]] = field(default_factory=set)  # (parent table or unique key, value) brought
    new_master: set[tuple[str, str]] = field(default_factory=set)  # (entity, key) written
    chain: list[tuple[int, str, str]] = field(default_factory=list)  # the sender's journal: (seq, prev hash, hash)


class Bad(Exception):
    def __init__(self, msgid: str, **params: Any) -> None:
        super().__init__(msgid)
        self.refusal = Refusal(msgid, dict(params))


# --- values --------------------------------------------------------------------------------------------------


_UUID_TEXT = re.compile(r"^(?:[0-9a-fA-F]{32}|[0-9a-fA-F]{8}(?:-[0-9a-fA-F]{4}){3}-[0-9a-fA-F]{12})$")


def _uuid(value: Any) -> bool:
    """Whether `value` is a UUID as the counters write it (bare hex) or read it (also with dashes)."""
    return isinstance(value, str) and _UUID_TEXT.match(value) is not None


# Kinds of column, as JSON carries their values.
UUID_, INSTANT, DAY, FLAG, WHOLE, TEXT, OTHER = range(7)


def _kind(column: Column[Any]) -> tuple[int, int]:
    kind = column.type
    if isinstance(kind, UUIDBlob):
        return UUID_, 0
    if isinstance(kind, UTCDateTime):
        return INSTANT, 40
    if isinstance(kind, Date):
        return DAY, 10
    if isinstance(kind, Boolean):
        return FLAG, 0
    if isinstance(kind, Integer | BigInteger):
        return WHOLE, 0
    if isinstance(kind, String | Text):
        return TEXT, getattr(kind, "length", None) or MAX_TEXT
    return OTHER, 0


@lru_cache(maxsize=128)
def _specs(table_name: str) -> dict[str, tuple[int, int, bool]]:
    """Each column's kind, size and whether it may be empty: read for every value of every pushed event, so
    built once and tested inline below (a function call a value cost more than the test itself)."""
    return {c.name: (*_kind(c), bool(c.nullable)) for c in metadata.tables[table_name].columns}


def _fits(kind: int, size: int, value: Any) -> bool:
    kind_of = type(value)
    if kind == WHOLE:
        return kind_of is int and -MAX_INT - 1 <= value <= MAX_INT
    if kind == TEXT:
        return kind_of is str and len(value) <= size and "\x00" not in value
    if kind == UUID_:
        return kind_of is str and _UUID_TEXT.match(value) is not None
    if kind == FLAG:
        return kind_of is bool
    if kind == INSTANT:
        return kind_of is str and len(value) <= size and _aware(value)
    if kind == DAY:
        return kind_of is str and len(value) == size and _date(value)
    return False


def check_value(column: Column[Any], value: Any, where: str) -> None:
    """Raise Bad unless `value` (as JSON carries it) fits `column` the way the counter converts it."""
    kind, size, nullable = _specs(column.table.name)[column.name]
    if value is None:
        if not nullable:
            raise Bad(N_("{where} cannot be empty."), where=where)
    elif not _fits(kind, size, value):
        raise Bad(N_("{where} holds a value of the wrong kind or size."), where=where)


def _aware(value: str) -> bool:
    try:
        parsed = dt.datetime.fromisoformat(value)
    except ValueError:
        return False
    return parsed.tzinfo is not None


def _date(value: str) -> bool:
    try:
        dt.date.fromisoformat(value)
    except ValueError:
        return False
    return True


# --- CHECK constraints, evaluated by SQLite as the counter would ----------------------------------------------

_local = threading.local()


def _sqlite() -> sqlite3.Connection:
    conn: sqlite3.Connection | None = getattr(_local, "conn", None)
    if conn is None:
        conn = sqlite3.connect(":memory:", check_same_thread=True)
        _local.conn = conn
    return conn


_SQL_TO_PYTHON: Final = (
    (re.compile(r"\bIS NOT NULL\b"), " is not None"),
    (re.compile(r"\bIS NULL\b"), " is None"),
    (re.compile(r"<>"), "!="),
    (re.compile(r"(?<![<>!=])=(?!=)"), "=="),
    (re.compile(r"\bAND\b"), "and"),
    (re.compile(r"\bOR\b"), "or"),
    (re.compile(r"\bNOT\b"), "not"),
    (re.compile(r"\bIN\b"), "in"),
)


@dataclass(frozen=True, slots=True)
class _Rule:
    name: str
    columns: frozenset[str]
    sql: str  # `SELECT (...)` with the columns as parameters, for SQLite to evaluate
    python: Any  # the same test compiled as Python, for rows without an empty value (the usual case)


@lru_cache(maxsize=128)
def _checks(table_name: str) -> tuple[_Rule, ...]:
    """Each CHECK of the table, as SQLite reads it and as the same comparison in Python: a pushed sale has a
    dozen of them, and SQLite took a quarter of the time it takes to check the event."""
    table: Table = metadata.tables[table_name]
    names = [c.name for c in table.columns]
    found = []
    for constraint in table.constraints:
        if not isinstance(constraint, CheckConstraint) or not isinstance(constraint.sqltext, TextClause):
            continue
        # Column names outside quoted literals become named parameters (SQL) or names (Python).
        parts, python = str(constraint.sqltext).split("'"), str(constraint.sqltext).split("'")
        used: set[str] = set()
        for i in range(0, len(parts), 2):
            for name in names:
                if re.search(rf"\b{name}\b", parts[i]):
                    used.add(name)
                    parts[i] = re.sub(rf"\b{name}\b", f":{name}", parts[i])
            for pattern, replacement in _SQL_TO_PYTHON:
                python[i] = pattern.sub(replacement, python[i])
        try:
            compiled: Any = compile("'".join(python), f"<{constraint.name}>", "eval")
        except SyntaxError:
            compiled = None
        found.append(_Rule(str(constraint.name), frozenset(used), "SELECT (" + "'".join(parts) + ")", compiled))
    return tuple(found)


def _holds(rule: _Rule, values: dict[str, Any]) -> bool:
    if rule.python is not None and None not in values.values():
        return bool(eval(rule.python, {"__builtins__": {}}, values))
    found = _sqlite().execute(rule.sql, {k: int(v) if isinstance(v, bool) else v for k, v in values.items()})
    row = found.fetchone()
    return row is not None and row[0] != 0  # NULL (unknown) passes a CHECK, as in SQL


def _check_constraints(table_name: str, row: Mapping[str, Any], where: str, *, whole: bool) -> None:
    table = metadata.tables[table_name]
    for rule in _checks(table_name):
        values = {}
        for column in rule.columns:
            if column in row:
                value = row[column]
            elif whole and table.columns[column].default is not None:
                value = getattr(table.columns[column].default, "arg", None)
                if callable(value):
                    break
            else:
                break
            values[column] = value
        else:
            if not _holds(rule, values):
                raise Bad(N_("{where} breaks the rule {rule}."), where=where, rule=rule.name)


# --- facts ---------------------------------------------------------------------------------------------------


@lru_cache(maxsize=64)
def _required(table_name: str) -> frozenset[str]:
    table = metadata.tables[table_name]
    return frozenset(c.name for c in table.columns if not c.nullable and c.default is None and c.server_default is None)


@lru_cache(maxsize=64)
def _references(table_name: str) -> tuple[tuple[str, str], ...]:
    """(column, parent table) of each foreign key of a fact table."""
    table = metadata.tables[table_name]
    return tuple((fk.parent.name, fk.column.table.name) for fk in table.foreign_keys)


_MASTER_OF_TABLE: Final = {table: entity for entity, (table, _key, _fields) in ENTITIES.items()}


def _facts(kind: str, payload: Mapping[str, Any], origin: str, needs: Needs) -> None:
    if set(payload) != {"rows"} or not isinstance(payload["rows"], dict) or not payload["rows"]:
        raise Bad(N_("A {kind} event carries its rows and nothing else."), kind=kind)
    rows: dict[str, Any] = payload["rows"]
    unknown = set(rows) - KIND_TABLES[kind]
    if unknown:
        raise Bad(N_("A {kind} event cannot carry {tables}."), kind=kind, tables=", ".join(sorted(map(str, unknown))))
    provided: set[tuple[str, str]] = set()
    for table_name in FACT_TABLES:
        batch = rows.get(table_name)
        if batch is None:
            continue
        if not isinstance(batch, list) or not batch or len(batch) > MAX_ITEMS:
            raise Bad(N_("{table} must be a list of rows."), table=table_name)
        specs, required, table = _specs(table_name), _required(table_name), metadata.tables[table_name]
        for n, row in enumerate(batch, 1):
            where = f"{table_name} {n}"
            if not isinstance(row, dict) or not required <= row.keys() or not row.keys() <= specs.keys():
                raise Bad(N_("{where} must name its table's columns."), where=where)
            for name, value in row.items():
                column_kind, size, nullable = specs[name]
                # The usual kinds tested inline (this loop sees every value of every pushed event).
                kind_of = type(value)
                if column_kind == WHOLE and kind_of is int and -MAX_INT - 1 <= value <= MAX_INT:
                    continue
                if column_kind == UUID_ and kind_of is str and len(value) == 32 and _HEX32.match(value):
                    continue
                if value is None:
                    if not nullable:
                        check_value(table.columns[name], value, f"{where}.{name}")
                elif not _fits(column_kind, size, value):
                    check_value(table.columns[name], value, f"{where}.{name}")
            _check_constraints(table_name, row, where, whole=True)
            if table_name in DEVICE_TABLES and _normal(row["device_id"]) != origin:
                raise Bad(N_("{where} was written for another device."), where=where)
            for column, parent in _references(table_name):
                value = row.get(column)
                if value is None:
                    continue
                ref = _normal(value)
                if parent == "accounts":
                    if ref not in ACCOUNT_CODES:
                        raise Bad(N_("{where} names an unknown account."), where=where)
                elif parent in _MASTER_OF_TABLE:
                    _refers(needs, _MASTER_OF_TABLE[parent], ref)
                elif (parent, ref) not in provided:
                    needs.facts.add((parent, ref))
            if table_name in PARENTS:
                key = (table_name, _normal(row["id"]))
                if key in provided:
                    raise Bad(N_("{where} comes twice."), where=where)
                provided.add(key)
                needs.new_facts.add(key)
            if table_name in UNIQUE_KEYS:
                value = row[UNIQUE_KEYS[table_name]]
                needs.new_facts.add((f"{table_name}.{UNIQUE_KEYS[table_name]}", _normal(value)))
    _journal(rows, needs)
    for row in rows.get("audit_log", []):
        if audit_row_hash(row) != row["hash"]:
            raise Bad(N_("An audit record's hash does not match what it says."))
    paid = sum(abs(p["amount"]) for p in rows.get("sale_payments", []))
    if paid > MAX_PAID:
        raise Bad(N_("The payments are beyond what one event can hold."))


def _normal(value: Any) -> str:
    """A key as the service indexes it: UUIDs as bare lowercase hex, anything else as text."""
    if isinstance(value, str) and len(value) == 32 and _HEX32.fullmatch(value):
        return value.lower()
    return value.replace("-", "").lower() if _uuid(value) else str(value)


def _journal(rows: Mapping[str, Any], needs: Needs) -> None:
    entries = rows.get("journal_entries", [])
    lines: dict[str, list[dict[str, Any]]] = {}
    for line in rows.get("journal_lines", []):
        lines.setdefault(_normal(line["entry_id"]), []).append(line)
    for entry in entries:
        own = lines.pop(_normal(entry["id"]), [])
        debits = sum(line.get("debit", 0) for line in own)
        credits = sum(line.get("credit", 0) for line in own)
        if len(own) < 2 or debits != credits:
            raise Bad(N_("Journal entry {seq} does not balance."), seq=entry["device_seq"])
        if journal_row_hash(entry, own) != entry["hash"]:
            raise Bad(N_("Journal entry {seq}'s hash does not match what it says."), seq=entry["device_seq"])
        needs.chain.append((int(entry["device_seq"]), str(entry["prev_hash"]), str(entry["hash"])))
    needs.chain.sort()
    if lines:
        raise Bad(N_("Journal lines come without their entry."))


# --- master data ---------------------------------------------------------------------------------------------


def _change(entity: Any, key: Any, fields: Any, stamp: Any, origin: str, needs: Needs, *, owner: bool) -> None:
    if entity not in ENTITIES:
        raise Bad(N_("Unknown kind of master data {entity}."), entity=str(entity)[:40])
    table_name, key_column, allowed = ENTITIES[entity]
    table = metadata.tables[table_name]
    found = _STAMP.match(stamp) if isinstance(stamp, str) else None
    if found is None:
        raise Bad(N_("A change needs its clock stamp."))
    if found.group(3) != origin and not owner:
        raise Bad(N_("A change's clock stamp names another device."))
    check_value(table.columns[key_column], key, f"{entity} key")
    if not key:
        raise Bad(N_("A change needs its key."))
    if not isinstance(fields, dict) or not fields or len(fields) > len(allowed) + 1:
        raise Bad(N_("A change needs its fields."))
    extra = set(fields) - set(allowed) - ({"deleted"} if entity == "product_barcodes" else set())
    if extra:
        raise Bad(N_("{entity} has no field {fields}."), entity=entity, fields=", ".join(sorted(map(str, extra))))
    for name, value in fields.items():
        if name == "deleted":
            if not isinstance(value, bool):
                raise Bad(N_("{where} holds a value of the wrong kind or size."), where=f"{entity}.deleted")
        else:
            check_value(table.columns[name], value, f"{entity}.{name}")
    _check_constraints(table_name, fields, entity, whole=False)
    if entity == "settings":
        _setting(str(key), fields)
    if entity == "users" and "pin_hash" in fields and not pins.is_keyed(fields["pin_hash"]):
        raise Bad(N_("A PIN hash must be keyed with the shop's PIN key before it leaves a counter."))
    needs.new_master.add((entity, _normal(key) if isinstance(table.columns[key_column].type, UUIDBlob) else key))
    for fk in table.foreign_keys:
        value = fields.get(fk.parent.name)
        parent_entity = _MASTER_OF_TABLE.get(fk.column.table.name)
        if value is not None and parent_entity is not None:
            ref = _normal(value)
            if (parent_entity, ref) not in needs.new_master:
                _refers(needs, parent_entity, ref)


def _refers(needs: Needs, entity: str, key: str) -> None:
    if (entity, key) not in SEEDED_MASTER:
        needs.master.add((entity, key))


def _setting(key: str, fields: Mapping[str, Any]) -> None:
    # A setting is stored as JSON text and read back by every sale: it must be JSON, and never a counter's own.
    if key.startswith(LOCAL_SETTING_PREFIXES):
        raise Bad(N_("Unknown shared setting {key}."), key=key[:64])
    raw = fields.get("value")
    try:
        json.loads(raw) if isinstance(raw, str) else None
    except ValueError:
        raw = None
    if not isinstance(raw, str):
        raise Bad(N_("The value of setting {key} is not allowed."), key=key)


# --- the entry point -----------------------------------------------------------------------------------------


def check(kind: str, payload: Any, origin: str, *, owner: bool) -> Refusal | Needs:
    """Why an event from device `origin` (hex) cannot be stored, or what it needs from the shop's log.

    `owner`: whether the sender is an owner's device (which may send stamps of other devices again, as it does
    when it re-sends its users with keyed PIN hashes).
    """
    needs = Needs()
    try:
        if not isinstance(payload, dict):
            raise Bad(N_("An event's payload is an object."))
        if kind == "change":
            if set(payload) - {"entity", "key", "fields", "hlc"}:
                raise Bad(N_("A change carries its entity, key, fields and clock, and nothing else."))
            _change(
                payload.get("entity"),
                payload.get("key"),
                payload.get("fields"),
                payload.get("hlc"),
                origin,
                needs,
                owner=owner,
            )
        elif kind == "changes":
            items = payload.get("items")
            if set(payload) != {"entity", "hlc", "items"} or not isinstance(items, list) or not items:
                raise Bad(N_("A batch of changes needs its items."))
            if len(items) > MAX_ITEMS:
                raise Bad(N_("A batch of changes holds at most {n} items."), n=MAX_ITEMS)
            for item in items:
                if not isinstance(item, dict) or set(item) != {"key", "fields"}:
                    raise Bad(N_("A batch of changes needs its items."))
                _change(payload["entity"], item["key"], item["fields"], payload["hlc"], origin, needs, owner=owner)
        elif kind in KIND_TABLES:
            _facts(kind, payload, origin, needs)
        else:
            raise Bad(N_("Unknown kind of event {kind}."), kind=kind[:40])
    except Bad as bad:
        return bad.refusal
    except (KeyError, TypeError, ValueError, AttributeError):
        return Refusal(N_("The event is malformed."))
    return needs

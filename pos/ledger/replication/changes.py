"""Replication between counters: what the outbox carries and how a pulled event is applied.

Two kinds of events travel:

- **facts** (`emit_facts`): the exact rows a business event inserted (a sale with its lines, payments,
  movements and journal entry, hashes included), kept in the outbox by their keys and read back when pushed.
  Facts never change, so applying one is an insert that does nothing when the row is already there: a retried
  or duplicated event cannot count twice.
- **changes** (`record_change`): fields of shared master data (products, customers, users, settings...) with
  the hybrid-logical-clock stamp of the edit. Each field keeps the stamp of its last write, and an incoming
  field wins only if its stamp is later (the device id breaks ties), so every counter converges on the same
  values whatever order the events arrive in.

Stock and kasbon balances are never sent: they are derived from the facts by the same triggers everywhere.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Callable, Mapping, Sequence
from functools import lru_cache
from typing import Any, Final

from sqlalchemy import Boolean, Column, Date, Table, select, text
from sqlalchemy.orm import Session

from pos.i18n import N_
from pos.ledger.base import hlc
from pos.ledger.base.device import local_device
from pos.ledger.base.errors import InvalidInput
from pos.ledger.replication import authority
from pos.ledger.replication.fact_refs import FACT_TABLES as FACT_TABLES  # the event format's tables, read here
from pos.ledger.replication.outbox import emit, emit_refs, jsonable
from pos.ledger.schema import FieldClock, metadata
from pos.ledger.schema.base import UTCDateTime, UUIDBlob

# Master data shared by all counters: entity -> (table, key column, fields that travel).
ENTITIES: Final[dict[str, tuple[str, str, tuple[str, ...]]]] = {
    "devices": ("devices", "id", ("code", "name")),
    "users": ("users", "id", ("name", "role", "pin_hash", "is_active")),
    "categories": ("categories", "id", ("name",)),
    "products": (
        "products",
        "id",
        (
            "name",
            "sku",
            "plu",
            "category_id",
            "unit",
            "price",
            "cost",
            "ppn_exempt",
            "is_weighed",
            "low_stock_milli",
            "is_active",
            "made_to_order",
            "tracks_expiry",
            "consignor_id",
            "consign_price",
            "consign_bp",
        ),
    ),
    "product_options": ("product_options", "id", ("product_id", "position", "name", "values", "deleted")),
    "product_variants": ("product_variants", "product_id", ("parent_id", "values", "position", "deleted")),
    "modifier_groups": ("modifier_groups", "id", ("name", "min_choices", "max_choices", "is_active")),
    "modifiers": ("modifiers", "id", ("group_id", "name", "price", "position", "is_active")),
    "product_modifier_groups": ("product_modifier_groups", "id", ("product_id", "group_id", "position", "deleted")),
    "recipe_lines": ("recipe_lines", "id", ("owner_id", "ingredient_id", "qty_milli", "position", "deleted")),
    "product_barcodes": ("product_barcodes", "barcode", ("product_id", "pack_milli", "pack_price", "deleted")),
    "customers": (
        "customers",
        "id",
        ("name", "phone", "address", "credit_limit", "is_active", "created_at", "opt_out", "group_id"),
    ),
    "suppliers": ("suppliers", "id", ("name", "phone", "address", "is_active")),
    "settings": ("settings", "key", ("value",)),
    "channels": (
        "channels",
        "code",
        ("name", "kind", "commission_bp", "markup_bp", "price_round", "position", "is_active"),
    ),
    "channel_prices": ("channel_prices", "id", ("channel", "product_id", "price")),
    "customer_groups": ("customer_groups", "id", ("name", "credit_limit", "is_active")),
    "group_prices": ("group_prices", "id", ("group_id", "product_id", "category_id", "price", "percent_bp", "deleted")),
    "price_tiers": ("price_tiers", "id", ("product_id", "pack_milli", "min_milli", "price", "deleted")),
    "promotions": (
        "promotions",
        "id",
        (
            "name",
            "kind",
            "rule",
            "starts_on",
            "ends_on",
            "days",
            "from_minute",
            "to_minute",
            "channels",
            "counters",
            "priority",
            "is_active",
        ),
    ),
    "vouchers": (
        "vouchers",
        "id",
        ("code", "name", "amount", "percent_bp", "max_off", "min_spend", "expires_on", "use_limit", "is_active"),
    ),
    "orders": (
        "orders",
        "id",
        (
            "number",
            "channel",
            "customer_id",
            "address",
            "delivery_fee",
            "note",
            "status",
            "items",
            "created_at",
            "created_by",
            "updated_at",
            "sale_id",
        ),
    ),
}

# Settings that belong to one counter (its printer, its drawer), never shared.
LOCAL_SETTING_PREFIXES: Final = ("printer.", "drawer.", "receipt.auto_print", "ticket.auto_print", "backup.")

SCHEMA_VERSION: Final = 1
FACTS_KIND_PREFIXES: Final = (
    "sale.",
    "journal.",
    "shift.",
    "purchase.",
    "party.",
    "stock.",
    "cash.",
    "audit.",
    "order.",
    "channel.",
)


def emit_facts(session: Session, kind: str, tables: Mapping[str, Sequence[Mapping[str, Any]]], at: dt.datetime) -> int:
    """Queue the rows a business event wrote, for the other counters; returns the outbox sequence.

    The outbox keeps the rows' keys only: the rows are read back when the event is pushed (`fact_refs`).
    """
    unknown = set(tables) - set(FACT_TABLES)
    if unknown:
        raise ValueError(f"not fact tables: {sorted(unknown)}")
    return emit_refs(session, kind, tables, at)


def _key_text(value: Any) -> str:
    return value.hex if isinstance(value, uuid.UUID) else str(value)


def record_change(session: Session, entity: str, key: Any, fields: Mapping[str, Any], at: dt.datetime) -> str | None:
    """Stamp a local edit of master data and queue it; returns the stamp (None for a counter-only setting)."""
    if entity not in ENTITIES:
        raise ValueError(f"unknown entity {entity}")
    key_text = _key_text(key)
    if entity == "settings" and key_text.startswith(LOCAL_SETTING_PREFIXES):
        return None
    authority.require_local(session, entity, key_text, fields)
    device = local_device(session)
    stamp = hlc.tick(session, device.id, at)
    for field in fields:
        _set_clock(session, entity, key_text, field, stamp)
    emit(session, "change", {"entity": entity, "key": key_text, "fields": jsonable(fields), "hlc": stamp}, at)
    return stamp


WHOLE_ROW: Final = "*"  # a clock for every field of a row that has none of its own (rows created in bulk)


def record_changes(
    session: Session, entity: str, rows: Sequence[tuple[Any, Mapping[str, Any]]], at: dt.datetime
) -> str:
    """Stamp many new rows of one entity with one clock and queue them as one event (a spreadsheet import).

    Each row gets one whole-row clock instead of one per field, so importing 100,000 products writes 100,000
    clocks, not a million.
    """
    if entity not in ENTITIES:
        raise ValueError(f"unknown entity {entity}")
    for key, fields in rows[:1]:
        authority.require_local(session, entity, _key_text(key), fields)
    device = local_device(session)
    stamp = hlc.tick(session, device.id, at)
    items = [{"key": _key_text(key), "fields": jsonable(fields)} for key, fields in rows]
    session.execute(
        text("INSERT OR REPLACE INTO field_clocks (entity, key, field, hlc) VALUES (:e, :k, :f, :h)"),
        [{"e": entity, "k": item["key"], "f": WHOLE_ROW, "h": stamp} for item in items],
    )
    emit(session, "changes", {"entity": entity, "hlc": stamp, "items": items}, at)
    return stamp


def _set_clock(session: Session, entity: str, key: str, field: str, stamp: str) -> None:
    session.execute(
        text(
            "INSERT INTO field_clocks (entity, key, field, hlc) VALUES (:e, :k, :f, :h) "
            "ON CONFLICT (entity, key, field) DO UPDATE SET hlc = excluded.hlc"
        ),
        {"e": entity, "k": key, "f": field, "h": stamp},
    )


def republish(session: Session, entity: str, key: Any, fields: Mapping[str, Any], at: dt.datetime) -> int:
    """Send fields of a row again with the stamps they hold here (one event per stamp), changing nothing: a
    counter that already holds a stamp ignores it, one that never saw it (or was refused it) takes it. Used by an
    owner's device to send its users again once their PIN hashes are keyed. Returns the events queued."""
    key_text = _key_text(key)
    clocks = dict(
        session.execute(
            select(FieldClock.field, FieldClock.hlc).where(FieldClock.entity == entity, FieldClock.key == key_text)
        ).all()
    )
    by_stamp: dict[str, dict[str, Any]] = {}
    for field, value in fields.items():
        stamp = clocks.get(field) or clocks.get(WHOLE_ROW) or ""
        if not stamp:
            stamp = hlc.tick(session, local_device(session).id, at)
            _set_clock(session, entity, key_text, field, stamp)
        by_stamp.setdefault(stamp, {})[field] = value
    for stamp, group in sorted(by_stamp.items()):
        emit(session, "change", {"entity": entity, "key": key_text, "fields": jsonable(group), "hlc": stamp}, at)
    return len(by_stamp)


Converter = Callable[[Any], Any]


def _identity(value: Any) -> Any:
    return value


def _column_converter(column: Column[Any]) -> Converter:
    if isinstance(column.type, UUIDBlob):
        return lambda v: uuid.UUID(hex=str(v))
    if isinstance(column.type, UTCDateTime):
        return lambda v: dt.datetime.fromisoformat(str(v))
    if isinstance(column.type, Date):
        return lambda v: dt.date.fromisoformat(str(v))
    if isinstance(column.type, Boolean):
        return bool
    return _identity


@lru_cache(maxsize=64)
def _converters(table_name: str) -> dict[str, Converter]:
    # Built once per table: converting thousands of pulled rows must not inspect column types each time.
    return {c.name: _column_converter(c) for c in metadata.tables[table_name].columns}


def _convert(table: Table, row: Mapping[str, Any]) -> dict[str, Any]:
    """JSON values back into the column types: UUIDs, instants, dates and booleans."""
    converters = _converters(table.name)
    out: dict[str, Any] = {}
    for name, value in row.items():
        convert = converters.get(name)
        if convert is None:
            raise InvalidInput(N_("The event has an unknown field '{field}'."), field=f"{table.name}.{name}")
        out[name] = None if value is None else convert(value)
    return out


def _apply_facts(session: Session, rows: Mapping[str, Sequence[Mapping[str, Any]]]) -> None:
    unknown = set(rows) - set(FACT_TABLES)
    if unknown:
        raise InvalidInput(N_("The event has an unknown table '{table}'."), table=", ".join(sorted(unknown)))
    for name in FACT_TABLES:
        batch = rows.get(name)
        if not batch:
            continue
        table = metadata.tables[name]
        converted = [_convert(table, r) for r in batch]
        # Facts are immutable: a row already here is the same row, so inserting it again does nothing.
        session.execute(table.insert().prefix_with("OR IGNORE"), converted)


def _apply_change(session: Session, payload: Mapping[str, Any], now: dt.datetime) -> None:
    entity = payload["entity"]
    if entity not in ENTITIES:
        raise InvalidInput(N_("The event has an unknown table '{table}'."), table=str(entity))
    table_name, key_column, allowed = ENTITIES[entity]
    key_text = str(payload["key"])
    stamp = str(payload["hlc"])
    fields = dict(payload["fields"])
    if set(fields) - set(allowed):
        raise InvalidInput(
            N_("The event has an unknown field '{field}'."), field=", ".join(sorted(set(fields) - set(allowed)))
        )
    # A snapshot row carries a stamp per field; an edit carries one stamp for all its fields.
    stamps = {f: str(payload.get("hlcs", {}).get(f, stamp)) for f in fields}
    hlc.observe(session, stamp, now)
    clocks = dict(
        session.execute(
            select(FieldClock.field, FieldClock.hlc).where(FieldClock.entity == entity, FieldClock.key == key_text)
        ).all()
    )
    row_clock = clocks.get(WHOLE_ROW, "")
    winners = {f: v for f, v in fields.items() if stamps[f] > clocks.get(f, row_clock)}
    if not winners:
        return
    table = metadata.tables[table_name]
    key_value: Any = uuid.UUID(hex=key_text) if isinstance(table.columns[key_column].type, UUIDBlob) else key_text
    deleted = bool(winners.pop("deleted", False)) if "deleted" in winners else None
    values = _convert(table, winners)
    exists = session.execute(select(table.columns[key_column]).where(table.columns[key_column] == key_value)).first()
    if deleted:
        session.execute(table.delete().where(table.columns[key_column] == key_value))
    elif exists is None:
        session.execute(table.insert().values({key_column: key_value, **creation_defaults(table_name), **values}))
    elif values:
        session.execute(table.update().where(table.columns[key_column] == key_value).values(values))
    for field in fields:
        if field in winners or (field == "deleted" and deleted is not None):
            _set_clock(session, entity, key_text, field, stamps[field])


_BEYOND_THE_SCHEMA: Final[dict[str, dict[str, Any]]] = {"devices": {"code": "?", "name": ""}}


def creation_defaults(table_name: str) -> dict[str, Any]:
    """What a row needs beyond the fields that came when it first arrives from another counter, and the schema's
    own column defaults do not give: the insert fills every other column from the schema, so no default is
    restated here. A device named by an edit before its creation arrived is known by '?' until then."""
    return dict(_BEYOND_THE_SCHEMA.get(table_name, {}))


def apply_event(session: Session, kind: str, payload: Mapping[str, Any], now: dt.datetime) -> None:
    """Apply one event pulled from the cloud, in the caller's transaction."""
    apply_events(session, [(kind, payload)], now)


def apply_events(session: Session, events: Sequence[tuple[str, Mapping[str, Any]]], now: dt.datetime) -> None:
    """Apply events in order, in the caller's transaction.

    Consecutive facts are inserted together, one statement per table: FACT_TABLES is ordered for foreign keys,
    so rows of many events can go table by table. A change (master data) first flushes the facts before it,
    since later facts may name the product or customer it creates.
    """
    pending: dict[str, list[Mapping[str, Any]]] = {}

    def flush() -> None:
        if pending:
            _apply_facts(session, pending)
            pending.clear()

    for kind, payload in events:
        if kind == "change":
            flush()
            _apply_change(session, payload, now)
        elif kind == "changes":
            flush()
            for item in payload["items"]:
                _apply_change(
                    session,
                    {"entity": payload["entity"], "key": item["key"], "fields": item["fields"], "hlc": payload["hlc"]},
                    now,
                )
        elif isinstance(payload.get("rows"), Mapping):
            for table, rows in payload["rows"].items():
                pending.setdefault(table, []).extend(rows)
        else:
            raise InvalidInput(N_("Unknown event '{kind}'."), kind=kind)
    flush()


def record_clamped(session: Session, payload: Mapping[str, Any]) -> None:
    """Adopt the cloud's pulled-back clock for our own edit, so every counter holds the same stamp for it."""
    if "items" in payload:  # a batch: each row carried the batch's one clock, as a whole-row clock
        for item in payload["items"]:
            record_clamped(
                session,
                {
                    "entity": payload["entity"],
                    "key": item["key"],
                    "fields": {WHOLE_ROW: None, **item["fields"]},
                    "clamped_from": payload["clamped_from"],
                    "hlc": payload["hlc"],
                },
            )
        return
    entity, key, original, clamped = payload["entity"], str(payload["key"]), payload["clamped_from"], payload["hlc"]
    for field in payload["fields"]:
        current = session.scalar(
            select(FieldClock.hlc).where(FieldClock.entity == entity, FieldClock.key == key, FieldClock.field == field)
        )
        if current == original:
            _set_clock(session, entity, key, field, str(clamped))

"""What the owner's pages need to know of a shop besides its facts: its settings, names and counters.

Master data (products, customers, users, settings, channels) is the service's merged copy in `master_state`, one
row per field with the last writer's value, as every counter converges on it. A field never written has the value
a counter gives a row that arrives without it (or, for the channels every counter starts with, its first value).
"""

from __future__ import annotations

import uuid
from collections.abc import Collection
from dataclasses import dataclass
from typing import Any, Final

import orjson
from psycopg import Connection

from pos.ledger.schema.channels import SEEDED_CHANNEL_ROWS
from pos.ledger.shop import settings

# What a counter gives a row that arrives without the field (the replication's creation defaults).
DEFAULTS: Final[dict[str, dict[str, Any]]] = {
    "products": {"name": "", "unit": "pcs", "is_active": True, "low_stock_milli": 0},
    "customers": {"name": "", "phone": "", "credit_limit": 0, "is_active": True},
    "users": {"name": "", "role": "", "is_active": True},
    "devices": {"code": "?", "name": ""},
}


def setting(conn: Connection[Any], shop_id: uuid.UUID, key: str) -> Any:
    """A shop setting as the counters hold it: its stored JSON value, or the default."""
    row = conn.execute(
        "SELECT value FROM master_state WHERE shop_id = %s AND entity = 'settings' AND key = %s AND field = 'value'",
        (shop_id, key),
    ).fetchone()
    if row is None or not isinstance(row[0], str):
        return settings.DEFAULTS.get(key)
    try:
        return orjson.loads(row[0])
    except orjson.JSONDecodeError:
        return settings.DEFAULTS.get(key)


def master(
    conn: Connection[Any],
    shop_id: uuid.UUID,
    entity: str,
    keys: Collection[str] | None = None,
    fields: Collection[str] | None = None,
) -> dict[str, dict[str, Any]]:
    """Rows of one entity of master data by key (all of them, or `keys`), each with every field's value (or
    those of `fields`, defaults filled in)."""
    if keys is not None and not keys:
        return {}
    sql = "SELECT key, field, value FROM master_state WHERE shop_id = %s AND entity = %s"
    params: tuple[Any, ...] = (shop_id, entity)
    if keys is not None:
        sql += " AND key = ANY(%s)"
        params += (list(keys),)
    if fields is not None:
        sql += " AND field = ANY(%s)"
        params += (list(fields),)
    out: dict[str, dict[str, Any]] = {}
    for key, name, value in conn.execute(sql, params):
        out.setdefault(key, dict(DEFAULTS.get(entity, {})))[name] = value
    return out


@dataclass(frozen=True, slots=True)
class Channel:
    code: str
    name: str
    kind: str
    position: int


def channels(conn: Connection[Any], shop_id: uuid.UUID) -> list[Channel]:
    """The shop's sales channels in the counters' order (by position, then name): those every counter starts
    with, as named until the owner renames one, and those the owner added."""
    found = {code: {"name": n, "kind": k, "position": p} for code, (n, k, p) in SEEDED_CHANNEL_ROWS.items()}
    for code, fields in master(conn, shop_id, "channels", fields=("name", "kind", "position")).items():
        found.setdefault(code, {"name": code, "kind": "", "position": 0}).update(fields)
    out = []
    for code, fields in found.items():
        position = fields["position"]
        place = position if isinstance(position, int) and not isinstance(position, bool) else 0
        out.append(Channel(code, str(fields["name"]), str(fields["kind"]), place))
    return sorted(out, key=lambda c: (c.position, c.name))


@dataclass(frozen=True, slots=True)
class Outlet:
    shop_id: uuid.UUID
    name: str  # as the shop's settings name it, else as the service was told when the shop was made
    timezone: str


def outlet(conn: Connection[Any], shop_id: uuid.UUID) -> Outlet:
    row = conn.execute("SELECT name FROM shops WHERE shop_id = %s", (shop_id,)).fetchone()
    named = setting(conn, shop_id, "shop.name")
    name = str(named) if named else (str(row[0]) if row else "")
    return Outlet(shop_id, name, str(setting(conn, shop_id, "shop.timezone")))


@dataclass(frozen=True, slots=True)
class Counter:
    device_id: uuid.UUID
    code: str
    name: str
    owner: bool
    revoked: bool


def counters(conn: Connection[Any], shop_id: uuid.UUID) -> list[Counter]:
    rows = conn.execute(
        "SELECT device_id, code, name, owner, revoked_at FROM devices WHERE shop_id = %s ORDER BY code", (shop_id,)
    ).fetchall()
    return [Counter(r[0], str(r[1]), str(r[2]), bool(r[3]), r[4] is not None) for r in rows]


def names(rows: dict[str, dict[str, Any]]) -> dict[str, str]:
    return {key: str(fields.get("name") or "") for key, fields in rows.items()}

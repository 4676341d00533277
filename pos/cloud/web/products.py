"""Products in the owner's read models: one row each (name, unit, low-stock level, active), copied from the
service's merged master data for every product a run of change events touched.

The merge itself (last writer wins, field by field) happens at push, in `master_state`; by the time the catch-up
reads a change, `master_state` holds the product as it stands, so copying it is always right, in any order.
"""

from __future__ import annotations

import uuid
from typing import Any, Final

from psycopg import Connection

# A product's key as counters write it (a UUID in hex); anything else cannot be a product a counter holds.
_KEY: Final = "^[0-9a-f]{32}$"

_TOUCHED: Final = (
    "SELECT DISTINCT k FROM events e, LATERAL ("
    "SELECT e.payload ->> 'key' WHERE e.kind = 'change' "
    "UNION ALL SELECT i ->> 'key' FROM jsonb_array_elements("
    "CASE WHEN e.kind = 'changes' AND jsonb_typeof(e.payload -> 'items') = 'array' THEN e.payload -> 'items' "
    "ELSE '[]'::jsonb END) AS i) AS touched (k) "
    "WHERE e.shop_id = %(shop)s AND e.server_seq > %(after)s AND e.server_seq <= %(upto)s AND e.rejected IS NULL "
    "AND e.kind IN ('change', 'changes') AND e.payload ->> 'entity' = 'products' AND k ~ %(key)s"
)

_COPY: Final = (
    "INSERT INTO web_products (shop_id, product_id, name, unit, low_stock_milli, is_active) "
    "SELECT m.shop_id, m.key::uuid, "
    "COALESCE((array_agg(m.value #>> '{}') FILTER (WHERE m.field = 'name'))[1], ''), "
    "COALESCE((array_agg(m.value #>> '{}') FILTER (WHERE m.field = 'unit'))[1], 'pcs'), "
    "COALESCE((array_agg(CASE WHEN jsonb_typeof(m.value) = 'number' THEN (m.value #>> '{}')::numeric::bigint END) "
    "FILTER (WHERE m.field = 'low_stock_milli'))[1], 0), "
    "COALESCE((array_agg(CASE WHEN jsonb_typeof(m.value) = 'boolean' THEN (m.value #>> '{}')::boolean END) "
    "FILTER (WHERE m.field = 'is_active'))[1], true) "
    "FROM master_state m JOIN unnest(%(keys)s::text[]) AS touched (k) ON m.key = touched.k "
    "WHERE m.shop_id = %(shop)s AND m.entity = 'products' GROUP BY m.shop_id, m.key "
    "ON CONFLICT (shop_id, product_id) DO UPDATE SET name = excluded.name, unit = excluded.unit, "
    "low_stock_milli = excluded.low_stock_milli, is_active = excluded.is_active"
)


def refresh(conn: Connection[Any], shop_id: uuid.UUID, after: int, upto: int) -> None:
    """Copy again every product that a change event after server sequence `after`, up to `upto`, touched."""
    keys = [row[0] for row in conn.execute(_TOUCHED, {"shop": shop_id, "after": after, "upto": upto, "key": _KEY})]
    if keys:
        conn.execute(_COPY, {"shop": shop_id, "keys": keys})

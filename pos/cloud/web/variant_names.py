"""Which of the products a page lists are variants, and of which product: so the owner's lists show a variant
under its product's name with the values that tell it apart (`Es kopi`, then `Besar`), as the counter groups them.

Read from the service's merged master data (`master_state`, entity `product_variants`: a variant's parent and its
values) and the products' read model for the parents' names; a link a counter deleted no longer counts.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Final, TypeVar

import orjson
from psycopg import Connection

_LINKS: Final = (
    "SELECT key, "
    "(array_agg(value #>> '{}') FILTER (WHERE field = 'parent_id'))[1], "
    "(array_agg(value #>> '{}') FILTER (WHERE field = 'values'))[1], "
    "COALESCE((array_agg(value #>> '{}') FILTER (WHERE field = 'deleted'))[1], 'false') "
    "FROM master_state WHERE shop_id = %s AND entity = 'product_variants' AND key = ANY(%s) GROUP BY key"
)


@dataclass(frozen=True, slots=True)
class Variant:
    parent_id: uuid.UUID
    parent: str  # the product's name
    label: str  # its values, `L / Merah`


def _values(raw: str | None) -> str:
    try:
        found = orjson.loads(raw or "[]")
    except orjson.JSONDecodeError:
        return ""
    return " / ".join(str(v) for v in found) if isinstance(found, list) else ""


def variants_among(
    conn: Connection[Any], shop_id: uuid.UUID, product_ids: Iterable[uuid.UUID]
) -> dict[uuid.UUID, Variant]:
    """Those of `product_ids` that are variants, each with its product's name and its values."""
    keys = list({pid.hex for pid in product_ids})
    if not keys:
        return {}
    links: dict[uuid.UUID, tuple[uuid.UUID, str]] = {}
    for key, parent, values, deleted in conn.execute(_LINKS, (shop_id, keys)):
        if deleted == "true" or not parent:
            continue
        try:
            links[uuid.UUID(hex=key)] = (uuid.UUID(hex=parent), _values(values))
        except ValueError:  # not a key or parent a counter writes: nothing to group under
            continue
    if not links:
        return {}
    names = {
        pid: str(name)
        for pid, name in conn.execute(
            "SELECT product_id, name FROM web_products WHERE shop_id = %s AND product_id = ANY(%s)",
            (shop_id, list({parent for parent, _v in links.values()})),
        )
    }
    return {
        vid: Variant(parent, names.get(parent, ""), label) for vid, (parent, label) in links.items() if parent in names
    }


T = TypeVar("T")


def grouped(lines: Sequence[T], key: Mapping[int, uuid.UUID | None]) -> list[T]:
    """`lines` in their order, except that lines of one product's variants (`key`: a line's index -> its parent,
    None when it is no variant) follow the first of them, so a product's variants are listed together."""
    placed: set[int] = set()
    out: list[T] = []
    for i, line in enumerate(lines):
        if i in placed:
            continue
        out.append(line)
        parent = key.get(i)
        if parent is None:
            continue
        for j in range(i + 1, len(lines)):
            if j not in placed and key.get(j) == parent:
                out.append(lines[j])
                placed.add(j)
    return out

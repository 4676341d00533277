"""Finding products as a shopkeeper types: part of a name in any case, a SKU, or the start of a barcode.

Names go through the FTS5 trigram index (so "ndomie" finds "Indomie Goreng"), ranked by bm25 with exact prefix
matches first; one or two characters fall back to a prefix match, since trigrams need three. The result is a
page of rows, never the whole catalogue.
"""

from __future__ import annotations

import re
import uuid
from dataclasses import dataclass
from typing import Any

from sqlalchemy import text
from sqlalchemy.orm import Session

from pos.ledger.money import Money


@dataclass(frozen=True, slots=True)
class ProductRow:
    id: uuid.UUID
    name: str
    sku: str | None
    unit: str
    price: Money
    on_hand_milli: int
    low_stock_milli: int
    is_active: bool
    category: str | None

    @property
    def is_low(self) -> bool:
        return self.low_stock_milli > 0 and self.on_hand_milli <= self.low_stock_milli


_COLUMNS = (
    "p.id, p.name, p.sku, p.unit, p.price, COALESCE(l.qty_milli, 0) AS on_hand, p.low_stock_milli, p.is_active, "
    "c.name AS category FROM products p LEFT JOIN stock_levels l ON l.product_id = p.id "
    "LEFT JOIN categories c ON c.id = p.category_id"
)


def _row(r: Any) -> ProductRow:
    return ProductRow(
        uuid.UUID(bytes=bytes(r.id)),
        r.name,
        r.sku,
        r.unit,
        Money(r.price),
        int(r.on_hand),
        int(r.low_stock_milli),
        bool(r.is_active),
        r.category,
    )


def _filters(category_id: uuid.UUID | None, low_only: bool, archived: bool) -> tuple[str, dict[str, Any]]:
    clauses = ["p.is_active = :active"]
    params: dict[str, Any] = {"active": 0 if archived else 1}
    if category_id is not None:
        clauses.append("p.category_id = :category")
        params["category"] = category_id.bytes
    if low_only:
        clauses.append("p.low_stock_milli > 0 AND COALESCE(l.qty_milli, 0) <= p.low_stock_milli")
    return " AND ".join(clauses), params


def _fts_query(words: list[str]) -> str:
    # Each word as a quoted trigram phrase; all must match. Quotes inside are doubled per FTS5's grammar.
    return " AND ".join('"' + w.replace('"', '""') + '"' for w in words)


def search_products(
    session: Session,
    query: str,
    *,
    limit: int = 50,
    offset: int = 0,
    category_id: uuid.UUID | None = None,
    low_only: bool = False,
    archived: bool = False,
) -> list[ProductRow]:
    """A page of products matching `query` (all when it is blank), best matches first."""
    where, params = _filters(category_id, low_only, archived)
    params.update(limit=limit, offset=offset)
    words = [w for w in re.split(r"\s+", query.strip().lower()) if w]
    if not words:
        sql = f"SELECT {_COLUMNS} WHERE {where} ORDER BY p.name LIMIT :limit OFFSET :offset"
        return [_row(r) for r in session.execute(text(sql), params)]
    if query.strip().isdigit():
        # A barcode or SKU being typed: exact or prefix match on the indexed codes.
        params["code"] = query.strip()
        params["prefix"] = query.strip() + "*"
        sql = (
            f"SELECT DISTINCT {_COLUMNS} WHERE {where} AND (p.id IN (SELECT product_id FROM product_barcodes "
            "WHERE barcode GLOB :prefix) OR p.sku GLOB :prefix OR p.plu = :code) "
            "ORDER BY p.name LIMIT :limit OFFSET :offset"
        )
        found = [_row(r) for r in session.execute(text(sql), params)]
        if found:
            return found
    long_words = [w for w in words if len(w) >= 3]
    if long_words:
        params["match"] = _fts_query(long_words)
        params["starts"] = words[0] + "%"
        short = "".join(f" AND lower(p.name) LIKE :short{i}" for i, w in enumerate(words) if len(w) < 3)
        params.update({f"short{i}": f"%{w}%" for i, w in enumerate(words) if len(w) < 3})
        sql = (
            f"SELECT {_COLUMNS} JOIN products_fts f ON f.rowid = p.search_rowid "
            f"WHERE products_fts MATCH :match AND {where}{short} "
            "ORDER BY (lower(p.name) LIKE :starts) DESC, bm25(products_fts, 10.0, 2.0), p.name "
            "LIMIT :limit OFFSET :offset"
        )
        return [_row(r) for r in session.execute(text(sql), params)]
    params["starts"] = words[0] + "%"
    sql = f"SELECT {_COLUMNS} WHERE {where} AND lower(p.name) LIKE :starts ORDER BY p.name LIMIT :limit OFFSET :offset"
    return [_row(r) for r in session.execute(text(sql), params)]


def count_products(
    session: Session, *, category_id: uuid.UUID | None = None, low_only: bool = False, archived: bool = False
) -> int:
    where, params = _filters(category_id, low_only, archived)
    return int(
        session.execute(
            text(f"SELECT COUNT(*) FROM products p LEFT JOIN stock_levels l ON l.product_id = p.id WHERE {where}"),
            params,
        ).scalar_one()
    )

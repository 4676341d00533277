"""Finding products as a shopkeeper types: part of a name in any case, a SKU, or the start of a barcode.

Every query reads a bounded slice, never the whole catalogue, so it stays quick at 100,000 products:
- digits are a barcode, SKU or PLU being typed: ranges of the code indexes, in code order;
- names that start with the first word come first, read as a range of the case-folded name index
  (`ix_products_name_nocase`) in name order;
- then names holding the words elsewhere: the FTS5 trigram index for words of three letters or more (so
  "ndomie" finds "Indomie Goreng"), or, when every word is shorter, the index of whole words
  (`products_fts_words`) for names with a word starting with each; a few hundred of these candidates are ranked
  here (a word starting with what was typed first, then shorter names), instead of asking FTS5 to rank every
  match of a common word such as "sari".
"""

from __future__ import annotations

import re
import string
import uuid
from dataclasses import dataclass
from typing import Any

from sqlalchemy import text
from sqlalchemy.orm import Session

from pos.ledger.base.money import ZERO, Money


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
    cost: Money = ZERO  # the standard cost: the last price paid

    @property
    def is_low(self) -> bool:
        return self.low_stock_milli > 0 and self.on_hand_milli <= self.low_stock_milli


_SELECT = (
    "p.id, p.name, p.sku, p.unit, p.price, p.cost, COALESCE(l.qty_milli, 0) AS on_hand, p.low_stock_milli, "
    "p.is_active, c.name AS category"
)
_FROM = "FROM products p LEFT JOIN stock_levels l ON l.product_id = p.id LEFT JOIN categories c ON c.id = p.category_id"
_COLUMNS = f"{_SELECT} {_FROM}"


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
        Money(r.cost),
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


# How many name matches beyond the prefix ones are ranked for a page: enough that a page of 50 is the best of
# several pages' worth, few enough that a word in half the catalogue costs a few milliseconds.
CANDIDATES = 300
# At most this many names are picked out by a one- or two-letter word before the filters (archived, category,
# low stock) apply: a word in a fifth of the catalogue, such as "ml", stops the scan early.
SHORT_WORD_SCAN = 3_000


def _fts_query(words: list[str]) -> str:
    # Each word as a quoted trigram phrase; all must match. Quotes inside are doubled per FTS5's grammar.
    return " AND ".join('"' + w.replace('"', '""') + '"' for w in words)


# What products_fts_words keeps inside a word besides letters and digits (its tokenizer's `tokenchars`).
_WORD_PUNCTUATION = frozenset(string.punctuation) - {'"'}


def _words_query(words: list[str]) -> str | None:
    """An FTS5 query for names with a word starting with each of `words`, or None when one holds a character the
    word index splits on (then the names are scanned instead)."""
    if not all(all(ch.isalnum() or ch in _WORD_PUNCTUATION for ch in w) for w in words):
        return None
    return " AND ".join(f'"{w}"*' for w in words)


def _like_escaped(text_: str) -> str:
    return text_.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def _contains_all(words: list[str], params: dict[str, Any], tag: str) -> str:
    """SQL requiring each of `words` somewhere in the name (LIKE folds ASCII case), its parameters in `params`."""
    clauses = []
    for i, word in enumerate(words):
        params[f"{tag}{i}"] = f"%{_like_escaped(word)}%"
        clauses.append(f" AND p.name LIKE :{tag}{i} ESCAPE '\\'")
    return "".join(clauses)


def _name_range(prefix: str) -> tuple[str, str]:
    """[low, high) in NOCASE order holding every name that starts with `prefix`."""
    low = prefix.lower()
    return low, low[:-1] + chr(ord(low[-1]) + 1)


def _short_words(words: list[str], params: dict[str, Any], *, bounded: bool = True) -> str:
    """A subquery of the rowids of names with a later word starting with `words[0]` and holding the others.

    `bounded` stops after SHORT_WORD_SCAN names (a page needs no more); a count reads them all. It reads only
    the name index, a tenth of the table's size: a two-letter word rare in the catalogue is
    looked for in every name, and the table itself would take several times as long to read.
    """
    params["word"] = f"% {_like_escaped(words[0])}%"
    others = _contains_all(words[1:], params, "s").replace("p.name", "name")
    return (
        "SELECT rowid FROM products INDEXED BY ix_products_name_nocase "
        f"WHERE name LIKE :word ESCAPE '\\'{others}{f' LIMIT {SHORT_WORD_SCAN}' if bounded else ''}"
    )


def _rank(name: str, words: list[str]) -> tuple[int, int, int, str]:
    """A word starting with the first word typed, then more words started, then shorter names, then by name."""
    lowered = name.lower()
    padded = " " + " ".join(lowered.split())
    starts = [f" {w}" in padded for w in words]
    return 0 if starts[0] else 1, -sum(starts), len(lowered), lowered


def _by_code(session: Session, code: str, where: str, params: dict[str, Any], need: int) -> list[ProductRow]:
    """Products whose barcode or SKU starts with `code`, or whose PLU is `code`: exact hits first, then in code
    order. Each part reads a range of its own index and stops at `need` rows."""
    params = {**params, "code": code, "prefix": code + "*", "need": need}
    found: list[tuple[int, str, ProductRow]] = []
    parts = (
        f"SELECT b.barcode AS code_, {_COLUMNS} JOIN product_barcodes b ON b.product_id = p.id "
        f"WHERE b.barcode GLOB :prefix AND {where} ORDER BY b.barcode LIMIT :need",
        f"SELECT p.sku AS code_, {_COLUMNS} WHERE p.sku GLOB :prefix AND {where} ORDER BY p.sku LIMIT :need",
        f"SELECT p.plu AS code_, {_COLUMNS} WHERE p.plu = :code AND {where}",
    )
    for sql in parts:
        for r in session.execute(text(sql), params):
            found.append((0 if r.code_ == code else 1, r.code_, _row(r)))
    found.sort(key=lambda hit: (hit[0], hit[1]))
    seen: set[uuid.UUID] = set()
    rows = []
    for _exact, _code, row in found:
        if row.id not in seen:
            seen.add(row.id)
            rows.append(row)
    return rows


def _by_name(session: Session, words: list[str], where: str, params: dict[str, Any], need: int) -> list[ProductRow]:
    """Names starting with the first word (in name order), then the best ranked of other names with a word
    starting with each word, then (for words of three letters or more) of names holding them inside words."""
    low, high = _name_range(words[0])
    starts = {**params, "low": low, "high": high, "need": need}
    others = _contains_all(words[1:], starts, "w")
    sql = (
        f"SELECT {_COLUMNS} WHERE p.name >= :low COLLATE NOCASE AND p.name < :high COLLATE NOCASE AND {where}"
        f"{others} ORDER BY p.name COLLATE NOCASE LIMIT :need"
    )
    rows = [_row(r) for r in session.execute(text(sql), starts)]
    if len(rows) >= need:
        return rows
    cap = max(CANDIDATES, need * 4)
    long_words = [w for w in words if len(w) >= 3]
    prefixes = _words_query(words)
    if prefixes is not None:
        # Starts of words rank first, and the word index finds them without reading positions: a common word
        # ("sari", "wangi") costs a fraction of what the trigram index needs to match it inside words.
        prefixed = {**params, "cap": cap, "words": prefixes}
        # Where the trigram index decides what is found (and counted), each word must also be held as typed.
        holding = _contains_all(words, prefixed, "c") if long_words else ""
        sql = (
            f"SELECT {_COLUMNS} JOIN products_fts_words w ON w.rowid = p.search_rowid "
            f"WHERE products_fts_words MATCH :words AND {where}{holding} LIMIT :cap"
        )
        rows += _ranked(session, sql, prefixed, words, rows, need)
        if len(rows) >= need or not long_words:
            return rows
    anywhere = {**params, "cap": cap}
    if long_words:
        anywhere["match"] = _fts_query(long_words)
        short = _contains_all([w for w in words if len(w) < 3], anywhere, "s")
        sql = (
            f"SELECT {_COLUMNS} JOIN products_fts f ON f.rowid = p.search_rowid "
            f"WHERE products_fts MATCH :match AND {where}{short} LIMIT :cap"
        )
    else:
        sql = f"SELECT {_COLUMNS} WHERE p.rowid IN ({_short_words(words, anywhere)}) AND {where} LIMIT :cap"
    return rows + _ranked(session, sql, anywhere, words, rows, need)


def _ranked(
    session: Session, sql: str, params: dict[str, Any], words: list[str], found: list[ProductRow], need: int
) -> list[ProductRow]:
    """The best of the rows of `sql` not among `found`, as many as take `found` to `need`.

    Ranked on the raw rows: only the ones kept become ProductRows, a tenth of the candidates on a first page.
    """
    seen = {row.id.bytes for row in found}
    candidates = [r for r in session.execute(text(sql), params) if bytes(r.id) not in seen]
    candidates.sort(key=lambda r: _rank(r.name, words))
    return [_row(r) for r in candidates[: max(0, need - len(found))]]


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
    """A page of products matching `query` (all, in name order, when it is blank), best matches first."""
    where, params = _filters(category_id, low_only, archived)
    words = [w for w in re.split(r"\s+", query.strip().lower()) if w]
    if not words:
        sql = f"SELECT {_COLUMNS} WHERE {where} ORDER BY p.name COLLATE NOCASE LIMIT :limit OFFSET :offset"
        return [_row(r) for r in session.execute(text(sql), {**params, "limit": limit, "offset": offset})]
    need = offset + limit
    if query.strip().isdigit():
        found = _by_code(session, query.strip(), where, params, need)
        if found:
            return found[offset:need]
    return _by_name(session, words, where, params, need)[offset:need]


def count_products(
    session: Session,
    query: str = "",
    *,
    category_id: uuid.UUID | None = None,
    low_only: bool = False,
    archived: bool = False,
) -> int:
    """How many products `search_products` finds for the same query and filters, over all its pages."""
    where, params = _filters(category_id, low_only, archived)
    words = [w for w in re.split(r"\s+", query.strip().lower()) if w]
    if not words:
        return _count(session, f"SELECT p.id {_FROM} WHERE {where}", params)
    code = query.strip()
    if code.isdigit():
        found = _count(
            session,
            f"SELECT p.id {_FROM} JOIN product_barcodes b ON b.product_id = p.id WHERE b.barcode GLOB :prefix "
            f"AND {where} UNION SELECT p.id {_FROM} WHERE (p.sku GLOB :prefix OR p.plu = :code) AND {where}",
            {**params, "code": code, "prefix": code + "*"},
        )
        if found:
            return found
    # Every name `_by_name` finds is among those holding all the words, the ones starting with the first too.
    params = dict(params)
    long_words = [w for w in words if len(w) >= 3]
    if long_words:
        params["match"] = _fts_query(long_words)
        short = _contains_all([w for w in words if len(w) < 3], params, "s")
        sql = f"SELECT p.id {_FROM} JOIN products_fts f ON f.rowid = p.search_rowid WHERE products_fts MATCH :match"
        return _count(session, f"{sql} AND {where}{short}", params)
    low, high = _name_range(words[0])
    params.update(low=low, high=high)
    starts = "p.name >= :low COLLATE NOCASE AND p.name < :high COLLATE NOCASE" + _contains_all(words[1:], params, "w")
    prefixes = _words_query(words)
    if prefixes is not None:
        params["words"] = prefixes
        inside = "p.search_rowid IN (SELECT rowid FROM products_fts_words WHERE products_fts_words MATCH :words)"
    else:
        inside = f"p.rowid IN ({_short_words(words, params, bounded=False)})"
    return _count(session, f"SELECT p.id {_FROM} WHERE (({starts}) OR {inside}) AND {where}", params)


def _count(session: Session, sql: str, params: dict[str, Any]) -> int:
    return int(session.execute(text(f"SELECT COUNT(*) FROM ({sql})"), params).scalar_one())

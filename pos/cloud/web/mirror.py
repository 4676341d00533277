"""The owner's read models, written: the facts of a run of events copied slimly into the `web_*` tables.

A `Batch` gathers the rows of many events (the exact rows the counters wrote, as they travel in the log) and
writes them in a few statements: fact copies are inserted with `ON CONFLICT DO NOTHING`, so a row seen twice is
kept once, as a counter keeps it; account and stock totals are added to, once per event, which the catch-up's
cursor guarantees. It returns the business days whose rollups must be computed again.
"""

from __future__ import annotations

import datetime as dt
import re
import uuid
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Final

import orjson
from psycopg import Connection
from psycopg.types.json import Jsonb

from pos.ledger.books import accounts

Row = Mapping[str, Any]


_HEX: Final = re.compile(r"[0-9a-f]{32}")
_BIGINT: Final = 2**63


class Unusable(ValueError):
    """A fact event whose rows cannot be copied (a value of the wrong kind or beyond its column): it is passed
    over, as a counter sets such an event aside, and the rest of the shop's log goes on."""


def _uuid(value: Any) -> str | None:
    """A UUID as counters write it (hex), checked and passed to COPY as text: parsing each into an object
    cost a tenth of the catch-up."""
    if value is None:
        return None
    if not isinstance(value, str) or not _HEX.fullmatch(value):
        raise Unusable("not an id")
    return value


def _int(value: Any) -> int:
    if type(value) is not int or not -_BIGINT <= value < _BIGINT:
        raise Unusable("not a whole number a column can hold")
    return value


def _day(value: Any) -> dt.date:
    return dt.date.fromisoformat(str(value))


def _instant(value: Any) -> str:
    """An instant, checked (with its zone) and passed on as the text it came as."""
    moment = dt.datetime.fromisoformat(str(value))
    if moment.tzinfo is None:
        raise Unusable("an instant without its zone")
    return str(value)


# The columns of each copy, in the order `Batch` gathers them (the shop first, added when written).
COPIES: Final[dict[str, tuple[str, ...]]] = {
    "web_sales": (
        "sale_id",
        "device_id",
        "business_date",
        "created_at",
        "shift_id",
        "gross",
        "discount",
        "ppn",
        "rounding",
        "total",
        "cost",
        "channel",
        "delivery_fee",
        "commission",
    ),
    "web_sale_payments": ("sale_id", "line_no", "method", "amount"),
    "web_sale_lines": ("sale_id", "line_no", "product_id", "qty_milli", "pack_milli", "revenue"),
    "web_voids": ("sale_id", "shift_id"),
    "web_returns": (
        "return_id",
        "sale_id",
        "device_id",
        "shift_id",
        "business_date",
        "refund_method",
        "amount",
        "commission",
    ),
    "web_return_lines": ("return_id", "line_no", "sale_id", "sale_line_no", "qty_milli", "revenue"),
    "web_cash_moves": ("id", "device_id", "shift_id", "business_date", "direction", "amount"),
    "web_party_payments": ("id", "device_id", "shift_id", "business_date", "party_kind", "method", "amount"),
    "web_order_payments": ("id", "device_id", "shift_id", "business_date", "kind", "method", "amount"),
    "web_shifts": ("shift_id", "device_id", "opened_by", "opened_at", "business_date", "opening_float"),
    "web_shift_closes": ("shift_id", "closed_at", "counted_cash", "difference", "z_report"),
    "web_receivables": (
        "entry_id",
        "line_no",
        "party_id",
        "business_date",
        "created_at",
        "debit",
        "credit",
        "account_code",
    ),
}


@dataclass
class Batch:
    """The facts of consecutive events of one shop, gathered to be written together."""

    copies: dict[str, list[tuple[Any, ...]]] = field(default_factory=lambda: {name: [] for name in COPIES})
    accounts: dict[tuple[dt.date, uuid.UUID, str], list[int]] = field(default_factory=dict)
    stock: dict[str, list[int]] = field(default_factory=dict)
    days: set[dt.date] = field(default_factory=set)
    voided: list[str] = field(default_factory=list)  # their sales' days are touched too
    passed_over: int = 0  # events whose rows could not be copied

    def add(self, device_id: uuid.UUID, rows: Mapping[str, Sequence[Row]]) -> None:
        """The rows of one fact event pushed by `device_id` (the counter that wrote them); an event with a row
        that cannot be copied is passed over whole."""
        one = Batch()
        try:
            one._gather(device_id, rows)
        except (Unusable, ValueError, KeyError, TypeError, AttributeError):
            self.passed_over += 1
            return
        for table, found in one.copies.items():
            self.copies[table] += found
        for key, (debit, credit) in one.accounts.items():
            totals = self.accounts.setdefault(key, [0, 0])
            totals[0] += debit
            totals[1] += credit
        for product, (qty, value) in one.stock.items():
            totals = self.stock.setdefault(product, [0, 0])
            totals[0] += qty
            totals[1] += value
        self.days |= one.days
        self.voided += one.voided

    def _gather(self, device_id: uuid.UUID, rows: Mapping[str, Sequence[Row]]) -> None:
        entries = {
            str(e["id"]): (_day(e["business_date"]), _instant(e["created_at"])) for e in rows.get("journal_entries", [])
        }
        self._sales(device_id, rows)
        self._returns(device_id, rows)
        self._money(device_id, rows, entries)
        self._shifts(device_id, rows)
        self._journal(device_id, rows, entries)
        for move in rows.get("stock_movements", []):
            totals = self.stock.setdefault(str(_uuid(move["product_id"])), [0, 0])
            totals[0] += _int(move["qty_milli"])
            totals[1] += _int(move["value"])

    def _sales(self, device_id: uuid.UUID, rows: Mapping[str, Sequence[Row]]) -> None:
        for s in rows.get("sales", []):
            day = _day(s["business_date"])
            self.days.add(day)
            self.copies["web_sales"].append(
                (
                    _uuid(s["id"]),
                    device_id,
                    day,
                    _instant(s["created_at"]),
                    _uuid(s.get("shift_id")),
                    *(_int(s.get(c) or 0) for c in ("gross", "discount", "ppn", "rounding", "total", "cost")),
                    # Where it was sold (a counter before channels wrote none), its ongkir and the platform's cut.
                    str(s.get("channel") or "counter"),
                    _int(s.get("delivery_fee") or 0),
                    _int(s.get("commission") or 0),
                )
            )
        for p in rows.get("sale_payments", []):
            self.copies["web_sale_payments"].append(
                (_uuid(p["sale_id"]), _int(p["line_no"]), str(p["method"]), _int(p["amount"]))
            )
        for line in rows.get("sale_lines", []):
            self.copies["web_sale_lines"].append(
                (
                    _uuid(line["sale_id"]),
                    _int(line["line_no"]),
                    _uuid(line["product_id"]),
                    _int(line["qty_milli"]),
                    _int(line["pack_milli"]),
                    _int(line["revenue"]),
                )
            )
        for void in rows.get("sale_voids", []):
            sale_id = str(_uuid(void["sale_id"]))
            self.voided.append(sale_id)
            self.copies["web_voids"].append((sale_id, _uuid(void.get("shift_id"))))

    def _returns(self, device_id: uuid.UUID, rows: Mapping[str, Sequence[Row]]) -> None:
        for r in rows.get("sale_returns", []):
            day = _day(r["business_date"])
            self.days.add(day)
            self.copies["web_returns"].append(
                (
                    _uuid(r["id"]),
                    _uuid(r["sale_id"]),
                    device_id,
                    _uuid(r.get("shift_id")),
                    day,
                    str(r["refund_method"]),
                    _int(r["amount"]),
                    _int(r.get("commission") or 0),  # given back by the platform on a refund through it
                )
            )
        for line in rows.get("return_lines", []):
            self.copies["web_return_lines"].append(
                (
                    _uuid(line["return_id"]),
                    _int(line["line_no"]),
                    _uuid(line["sale_id"]),
                    _int(line["sale_line_no"]),
                    _int(line["qty_milli"]),
                    _int(line["revenue"]),
                )
            )

    def _money(
        self,
        device_id: uuid.UUID,
        rows: Mapping[str, Sequence[Row]],
        entries: Mapping[str, tuple[dt.date, str]],
    ) -> None:
        for m in rows.get("cash_movements", []):
            found = entries.get(str(m["entry_id"]))
            if found is None:
                continue  # a movement travels with its entry; without it the day is unknown
            self.days.add(found[0])
            self.copies["web_cash_moves"].append(
                (_uuid(m["id"]), device_id, _uuid(m.get("shift_id")), found[0], str(m["direction"]), _int(m["amount"]))
            )
        for p in rows.get("party_payments", []):
            day = _day(p["business_date"])
            self.days.add(day)
            self.copies["web_party_payments"].append(
                (
                    _uuid(p["id"]),
                    device_id,
                    _uuid(p.get("shift_id")),
                    day,
                    str(p["party_kind"]),
                    str(p["method"]),
                    _int(p["amount"]),
                )
            )
        for p in rows.get("order_payments", []):
            day = _day(p["business_date"])
            self.days.add(day)
            self.copies["web_order_payments"].append(
                (
                    _uuid(p["id"]),
                    device_id,
                    _uuid(p.get("shift_id")),
                    day,
                    str(p["kind"]),
                    str(p["method"]),
                    _int(p["amount"]),
                )
            )

    def _shifts(self, device_id: uuid.UUID, rows: Mapping[str, Sequence[Row]]) -> None:
        for s in rows.get("shifts", []):
            self.copies["web_shifts"].append(
                (
                    _uuid(s["id"]),
                    device_id,
                    _uuid(s["opened_by"]),
                    _instant(s["opened_at"]),
                    _day(s["business_date"]),
                    _int(s["opening_float"]),
                )
            )
        for c in rows.get("shift_closes", []):
            z = c.get("z_report")
            self.copies["web_shift_closes"].append(
                (
                    _uuid(c["shift_id"]),
                    _instant(c["closed_at"]),
                    _int(c["counted_cash"]),
                    _int(c["difference"]),
                    # The counter keeps the close's figures as JSON text; kept here as the object it holds.
                    Jsonb(orjson.loads(z) if isinstance(z, str) else {}),
                )
            )

    def _journal(
        self,
        device_id: uuid.UUID,
        rows: Mapping[str, Sequence[Row]],
        entries: Mapping[str, tuple[dt.date, str]],
    ) -> None:
        for line in rows.get("journal_lines", []):
            found = entries.get(str(line["entry_id"]))
            if found is None:
                continue  # lines travel with their entry
            day, created = found
            debit, credit = _int(line.get("debit") or 0), _int(line.get("credit") or 0)
            code = str(line["account_code"])
            totals = self.accounts.setdefault((day, device_id, code), [0, 0])
            totals[0] += debit
            totals[1] += credit
            # A customer's kasbon, and the credit they keep with the shop (netted in their reminder, as on a counter).
            if code in (accounts.PIUTANG, accounts.UANG_MUKA) and line.get("party_id"):
                self.copies["web_receivables"].append(
                    (
                        _uuid(line["entry_id"]),
                        _int(line["line_no"]),
                        _uuid(line["party_id"]),
                        day,
                        created,
                        debit,
                        credit,
                        code,
                    )
                )

    def write(self, conn: Connection[Any], shop_id: uuid.UUID) -> set[dt.date]:
        """Store the batch for `shop_id`; returns the business days whose rollups it changed."""
        for table, rows in self.copies.items():
            if rows:
                _copy(conn, table, COPIES[table], shop_id, rows)
        if self.accounts:
            _copy(
                conn,
                "web_day_accounts",
                ("business_date", "device_id", "account_code", "debit", "credit"),
                shop_id,
                [(d, dev, code, dr, cr) for (d, dev, code), (dr, cr) in self.accounts.items()],
                "ON CONFLICT (shop_id, business_date, device_id, account_code) DO UPDATE SET "
                "debit = web_day_accounts.debit + excluded.debit, credit = web_day_accounts.credit + excluded.credit",
            )
        if self.stock:
            _copy(
                conn,
                "web_stock",
                ("product_id", "qty_milli", "value"),
                shop_id,
                [(pid, q, v) for pid, (q, v) in self.stock.items()],
                "ON CONFLICT (shop_id, product_id) DO UPDATE SET qty_milli = web_stock.qty_milli + excluded.qty_milli, "
                "value = web_stock.value + excluded.value",
            )
        days = set(self.days)
        if self.voided:
            # A void counts on the day of the sale it cancels, which may be any earlier day.
            found = conn.execute(
                "SELECT DISTINCT business_date FROM web_sales WHERE shop_id = %s AND sale_id = ANY(%s::uuid[])",
                (shop_id, self.voided),
            ).fetchall()
            days |= {row[0] for row in found}
        return days


def _copy(
    conn: Connection[Any],
    table: str,
    columns: Sequence[str],
    shop_id: uuid.UUID,
    rows: Iterable[tuple[Any, ...]],
    conflict: str = "ON CONFLICT DO NOTHING",
) -> None:
    """COPY rows into a staging table, then keep those not already stored (or add them up, with `conflict`):
    hundreds of rows in two round trips."""
    names = ", ".join(("shop_id", *columns))
    stage = f"stage_{table}"
    conn.execute(f"CREATE TEMP TABLE IF NOT EXISTS {stage} (LIKE {table}) ON COMMIT DELETE ROWS")
    # A rebuild copies batch after batch in one transaction: each starts from an empty stage.
    conn.execute(f"TRUNCATE {stage}")
    with conn.cursor() as cur, cur.copy(f"COPY {stage} ({names}) FROM STDIN") as copy:
        for row in rows:
            copy.write_row((shop_id, *row))
    conn.execute(f"INSERT INTO {table} ({names}) SELECT {names} FROM {stage} {conflict}")

"""The owner's read models, written: the facts of a run of events copied slimly into the `web_*` tables.

A `Batch` gathers the rows of many events (the exact rows the counters wrote, as they travel in the log) and
writes them in a few statements: fact copies are inserted with `ON CONFLICT DO NOTHING`, so a row seen twice is
kept once, as a counter keeps it; account and stock totals are added to, once per event, which the catch-up's
cursor guarantees. It returns the business days whose rollups must be computed again.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Final

import orjson
from psycopg import Connection
from psycopg.types.json import Jsonb

from pos.ledger import accounts

Row = Mapping[str, Any]


def _uuid(value: Any) -> uuid.UUID | None:
    return None if value is None else uuid.UUID(hex=str(value))


def _day(value: Any) -> dt.date:
    return dt.date.fromisoformat(str(value))


def _instant(value: Any) -> dt.datetime:
    return dt.datetime.fromisoformat(str(value))


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
    ),
    "web_sale_payments": ("sale_id", "line_no", "method", "amount"),
    "web_sale_lines": ("sale_id", "line_no", "product_id", "qty_milli", "pack_milli", "revenue"),
    "web_voids": ("sale_id", "shift_id"),
    "web_returns": ("return_id", "sale_id", "device_id", "shift_id", "business_date", "refund_method", "amount"),
    "web_return_lines": ("return_id", "line_no", "sale_id", "sale_line_no", "qty_milli", "revenue"),
    "web_cash_moves": ("id", "device_id", "shift_id", "business_date", "direction", "amount"),
    "web_party_payments": ("id", "device_id", "shift_id", "business_date", "party_kind", "method", "amount"),
    "web_order_payments": ("id", "device_id", "shift_id", "business_date", "kind", "method", "amount"),
    "web_shifts": ("shift_id", "device_id", "opened_by", "opened_at", "business_date", "opening_float"),
    "web_shift_closes": ("shift_id", "closed_at", "counted_cash", "difference", "z_report"),
    "web_receivables": ("entry_id", "line_no", "party_id", "business_date", "created_at", "debit", "credit"),
}


@dataclass
class Batch:
    """The facts of consecutive events of one shop, gathered to be written together."""

    copies: dict[str, list[tuple[Any, ...]]] = field(default_factory=lambda: {name: [] for name in COPIES})
    accounts: dict[tuple[dt.date, uuid.UUID, str], list[int]] = field(default_factory=dict)
    stock: dict[uuid.UUID, list[int]] = field(default_factory=dict)
    days: set[dt.date] = field(default_factory=set)
    voided: list[uuid.UUID] = field(default_factory=list)  # their sales' days are touched too

    def add(self, device_id: uuid.UUID, rows: Mapping[str, Sequence[Row]]) -> None:
        """The rows of one fact event pushed by `device_id` (the counter that wrote them)."""
        entries = {
            str(e["id"]): (_day(e["business_date"]), _instant(e["created_at"])) for e in rows.get("journal_entries", [])
        }
        self._sales(device_id, rows)
        self._returns(device_id, rows)
        self._money(device_id, rows, entries)
        self._shifts(device_id, rows)
        self._journal(device_id, rows, entries)
        for move in rows.get("stock_movements", []):
            totals = self.stock.setdefault(uuid.UUID(hex=str(move["product_id"])), [0, 0])
            totals[0] += int(move["qty_milli"])
            totals[1] += int(move["value"])

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
                    *(int(s.get(c) or 0) for c in ("gross", "discount", "ppn", "rounding", "total", "cost")),
                )
            )
        for p in rows.get("sale_payments", []):
            self.copies["web_sale_payments"].append(
                (_uuid(p["sale_id"]), int(p["line_no"]), str(p["method"]), int(p["amount"]))
            )
        for line in rows.get("sale_lines", []):
            self.copies["web_sale_lines"].append(
                (
                    _uuid(line["sale_id"]),
                    int(line["line_no"]),
                    _uuid(line["product_id"]),
                    int(line["qty_milli"]),
                    int(line["pack_milli"]),
                    int(line["revenue"]),
                )
            )
        for void in rows.get("sale_voids", []):
            sale_id = uuid.UUID(hex=str(void["sale_id"]))
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
                    int(r["amount"]),
                )
            )
        for line in rows.get("return_lines", []):
            self.copies["web_return_lines"].append(
                (
                    _uuid(line["return_id"]),
                    int(line["line_no"]),
                    _uuid(line["sale_id"]),
                    int(line["sale_line_no"]),
                    int(line["qty_milli"]),
                    int(line["revenue"]),
                )
            )

    def _money(
        self,
        device_id: uuid.UUID,
        rows: Mapping[str, Sequence[Row]],
        entries: Mapping[str, tuple[dt.date, dt.datetime]],
    ) -> None:
        for m in rows.get("cash_movements", []):
            found = entries.get(str(m["entry_id"]))
            if found is None:
                continue  # a movement travels with its entry; without it the day is unknown
            self.days.add(found[0])
            self.copies["web_cash_moves"].append(
                (_uuid(m["id"]), device_id, _uuid(m.get("shift_id")), found[0], str(m["direction"]), int(m["amount"]))
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
                    int(p["amount"]),
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
                    int(p["amount"]),
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
                    int(s["opening_float"]),
                )
            )
        for c in rows.get("shift_closes", []):
            z = c.get("z_report")
            self.copies["web_shift_closes"].append(
                (
                    _uuid(c["shift_id"]),
                    _instant(c["closed_at"]),
                    int(c["counted_cash"]),
                    int(c["difference"]),
                    # The counter keeps the close's figures as JSON text; kept here as the object it holds.
                    Jsonb(orjson.loads(z) if isinstance(z, str) else {}),
                )
            )

    def _journal(
        self,
        device_id: uuid.UUID,
        rows: Mapping[str, Sequence[Row]],
        entries: Mapping[str, tuple[dt.date, dt.datetime]],
    ) -> None:
        for line in rows.get("journal_lines", []):
            found = entries.get(str(line["entry_id"]))
            if found is None:
                continue  # lines travel with their entry
            day, created = found
            debit, credit = int(line.get("debit") or 0), int(line.get("credit") or 0)
            code = str(line["account_code"])
            totals = self.accounts.setdefault((day, device_id, code), [0, 0])
            totals[0] += debit
            totals[1] += credit
            if code == accounts.PIUTANG and line.get("party_id"):
                self.copies["web_receivables"].append(
                    (
                        _uuid(line["entry_id"]),
                        int(line["line_no"]),
                        _uuid(line["party_id"]),
                        day,
                        created,
                        debit,
                        credit,
                    )
                )

    def write(self, conn: Connection[Any], shop_id: uuid.UUID) -> set[dt.date]:
        """Store the batch for `shop_id`; returns the business days whose rollups it changed."""
        for table, rows in self.copies.items():
            if rows:
                _copy(conn, table, COPIES[table], shop_id, rows)
        with conn.cursor() as cur:
            if self.accounts:
                cur.executemany(
                    "INSERT INTO web_day_accounts (shop_id, business_date, device_id, account_code, debit, credit) "
                    "VALUES (%s, %s, %s, %s, %s, %s) ON CONFLICT (shop_id, business_date, device_id, account_code) "
                    "DO UPDATE SET debit = web_day_accounts.debit + excluded.debit, "
                    "credit = web_day_accounts.credit + excluded.credit",
                    [(shop_id, d, dev, code, dr, cr) for (d, dev, code), (dr, cr) in self.accounts.items()],
                )
            if self.stock:
                cur.executemany(
                    "INSERT INTO web_stock (shop_id, product_id, qty_milli, value) VALUES (%s, %s, %s, %s) "
                    "ON CONFLICT (shop_id, product_id) DO UPDATE SET qty_milli = web_stock.qty_milli + "
                    "excluded.qty_milli, value = web_stock.value + excluded.value",
                    [(shop_id, pid, q, v) for pid, (q, v) in self.stock.items()],
                )
        days = set(self.days)
        if self.voided:
            # A void counts on the day of the sale it cancels, which may be any earlier day.
            found = conn.execute(
                "SELECT DISTINCT business_date FROM web_sales WHERE shop_id = %s AND sale_id = ANY(%s)",
                (shop_id, self.voided),
            ).fetchall()
            days |= {row[0] for row in found}
        return days


def _copy(
    conn: Connection[Any], table: str, columns: Sequence[str], shop_id: uuid.UUID, rows: Iterable[tuple[Any, ...]]
) -> None:
    """COPY rows into a staging table, then keep those not already stored: hundreds of rows in two round trips."""
    names = ", ".join(("shop_id", *columns))
    stage = f"stage_{table}"
    conn.execute(f"CREATE TEMP TABLE IF NOT EXISTS {stage} (LIKE {table}) ON COMMIT DELETE ROWS")
    with conn.cursor() as cur, cur.copy(f"COPY {stage} ({names}) FROM STDIN") as copy:
        for row in rows:
            copy.write_row((shop_id, *row))
    conn.execute(f"INSERT INTO {table} ({names}) SELECT {names} FROM {stage} ON CONFLICT DO NOTHING")

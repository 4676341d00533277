"""Sales by day, hour, product, category, cashier and payment method over a period, with returns beside them.

Voided sales are left out (a void cancels the sale); returns are shown apart on the day, hour and cashier of the
return, and against the product sold, so a row reads: what was sold, what came back, what was kept. By product,
the variants of a product (its sizes, colours) sit together under the product's own total.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any, Final

from sqlalchemy import text
from sqlalchemy.orm import Session

from pos.i18n import N_
from pos.ledger.base.clock import zone
from pos.ledger.base.errors import InvalidInput
from pos.ledger.base.money import MILLI, div_round_half_up
from pos.ledger.base.period import Period
from pos.ledger.reports.rows import plain
from pos.ledger.reports.sales_rows import ProductGroup as ProductGroup
from pos.ledger.reports.sales_rows import SalesRow as SalesRow
from pos.ledger.reports.sales_rows import group_variants
from pos.ledger.shop import settings

DIMENSIONS: Final = ("day", "hour", "product", "category", "cashier")
METHODS: Final = ("cash", "qris", "transfer", "ewallet", "kasbon")

_NOT_VOIDED: Final = "NOT EXISTS (SELECT 1 FROM sale_voids v WHERE v.sale_id = s.id)"
_IN_PERIOD: Final = "s.business_date BETWEEN :start AND :end"


@dataclass(frozen=True, slots=True)
class SalesBreakdown:
    period: Period
    dimension: str
    # By product, a product's variants follow each other, where their product's total ranks among the others.
    rows: tuple[SalesRow, ...]
    # By product: the products sold as variants. Their totals are not in `rows`, so nothing is counted twice.
    groups: tuple[ProductGroup, ...] = ()

    def entries(self) -> list[tuple[SalesRow, tuple[SalesRow, ...]]]:
        """The rows as a reader meets them: each product on its own, or a product's total with its variants."""
        group_of = {v.key: g for g in self.groups for v in g.variants}
        out: list[tuple[SalesRow, tuple[SalesRow, ...]]] = []
        shown: set[str] = set()
        for row in self.rows:
            group = group_of.get(row.key)
            if group is None:
                out.append((row, ()))
            elif group.total.key not in shown:
                shown.add(group.total.key)
                out.append((group.total, group.variants))
        return out

    @property
    def total(self) -> SalesRow:
        def add(name: str) -> int:
            return sum(int(getattr(r, name)) for r in self.rows)

        # Counting sales per product would count a sale once per product in it; the total counts it once.
        return SalesRow(
            "total",
            "",
            add("sales") if self.dimension not in ("product", "category") else 0,
            add("qty_milli"),
            add("gross"),
            add("discount"),
            add("revenue"),
            add("cost"),
            add("returns") if self.dimension not in ("product", "category") else 0,
            add("returned_qty_milli"),
            add("returned_revenue"),
            add("returned_cost"),
        )

    def as_dict(self) -> dict[str, Any]:
        return {
            "period": self.period.as_dict(),
            "dimension": self.dimension,
            "rows": [r.as_dict() for r in self.rows],
            **({"groups": [g.as_dict() for g in self.groups]} if self.dimension == "product" else {}),
            "total": self.total.as_dict(),
        }


def _hour_shift(session: Session, period: Period) -> str:
    # Indonesian time zones keep no daylight saving, so one offset holds for the whole period.
    tz = zone(settings.load(session).timezone)
    offset = tz.utcoffset(dt.datetime.combine(period.start, dt.time(12)))
    minutes = int(offset.total_seconds() // 60) if offset is not None else 0
    return f"{minutes:+d} minutes"


def _params(period: Period, **extra: Any) -> dict[str, Any]:
    return {"start": period.start.isoformat(), "end": period.end.isoformat(), **extra}


def _key(raw: Any) -> str:
    if raw is None:
        return ""
    if isinstance(raw, bytes | memoryview):
        return bytes(raw).hex()
    return str(raw)


def _by_sale(session: Session, period: Period, dimension: str) -> list[SalesRow]:
    """Day, hour or cashier: sums over whole sales and whole returns."""
    shift = _hour_shift(session, period)
    hour = "CAST(strftime('%H', substr({col}, 1, 19), :shift) AS INTEGER)"
    keys = {
        "day": ("s.business_date", "r.business_date", "NULL"),
        "hour": (hour.format(col="s.created_at"), hour.format(col="r.created_at"), "NULL"),
        "cashier": ("s.cashier_id", "r.user_id", "(SELECT name FROM users u WHERE u.id = k)"),
    }
    sold_key, returned_key, label = keys[dimension]
    sold = session.execute(
        text(
            f"SELECT k, {label}, n, gross, discount, revenue, cost FROM ("
            f"SELECT {sold_key} AS k, COUNT(*) AS n, SUM(s.gross) AS gross, SUM(s.discount) AS discount, "
            "SUM(s.total - s.rounding - s.ppn) AS revenue, SUM(s.cost) AS cost "
            f"FROM sales s WHERE {_IN_PERIOD} AND {_NOT_VOIDED} GROUP BY 1)"
        ),
        _params(period, shift=shift),
    ).all()
    returned = session.execute(
        text(
            f"SELECT k, {label}, n, revenue, cost FROM ("
            f"SELECT {returned_key} AS k, COUNT(*) AS n, SUM(r.revenue) AS revenue, SUM(r.cost) AS cost "
            "FROM sale_returns r WHERE r.business_date BETWEEN :start AND :end GROUP BY 1)"
        ),
        _params(period, shift=shift),
    ).all()
    rows: dict[str, SalesRow] = {}
    for k, name, n, gross, discount, revenue, cost in sold:
        key = _key(k)
        rows[key] = SalesRow(key, name or "", int(n), 0, int(gross), int(discount), int(revenue), int(cost))
    for k, name, n, revenue, cost in returned:
        key = _key(k)
        row = rows.get(key) or SalesRow(key, name or "", 0, 0, 0, 0, 0, 0)
        rows[key] = _with_returns(row, int(n), 0, int(revenue), int(cost))
    return list(rows.values())


def takings_by_hour(session: Session, period: Period) -> dict[int, int]:
    """What customers owed for the sales rung up in each hour of the shop's clock (PPN and rounding included,
    voided sales left out): the hours add up to the Z report's total for the same days."""
    hour = "CAST(strftime('%H', substr(s.created_at, 1, 19), :shift) AS INTEGER)"
    rows = session.execute(
        text(f"SELECT {hour}, SUM(s.total) FROM sales s WHERE {_IN_PERIOD} AND {_NOT_VOIDED} GROUP BY 1"),
        _params(period, shift=_hour_shift(session, period)),
    ).all()
    return {int(h): int(total) for h, total in rows}


def _with_returns(row: SalesRow, n: int, qty: int, revenue: int, cost: int) -> SalesRow:
    return SalesRow(
        row.key,
        row.label,
        row.sales,
        row.qty_milli,
        row.gross,
        row.discount,
        row.revenue,
        row.cost,
        n,
        qty,
        revenue,
        cost,
    )


def _by_line(session: Session, period: Period, dimension: str) -> list[SalesRow]:
    """Product or category: sums over sale lines, and over returned lines through the line they return."""
    if dimension == "product":
        key, label, join = "l.product_id", "p.name", ""
    else:
        key, label, join = "p.category_id", "c.name", "LEFT JOIN categories c ON c.id = p.category_id "
    sold = session.execute(
        text(
            f"SELECT {key}, {label}, COUNT(DISTINCT s.id), SUM(l.qty_milli * l.pack_milli), SUM(l.gross), "
            "SUM(l.line_discount + l.cart_discount), SUM(l.revenue), SUM(l.cost) "
            "FROM sales s JOIN sale_lines l ON l.sale_id = s.id JOIN products p ON p.id = l.product_id "
            f"{join}WHERE {_IN_PERIOD} AND {_NOT_VOIDED} GROUP BY 1"
        ),
        _params(period),
    ).all()
    returned = session.execute(
        text(
            f"SELECT {key}, {label}, COUNT(DISTINCT r.id), SUM(rl.qty_milli * l.pack_milli), SUM(rl.revenue), "
            "SUM(rl.cost) FROM sale_returns r JOIN return_lines rl ON rl.return_id = r.id "
            "JOIN sale_lines l ON l.sale_id = rl.sale_id AND l.line_no = rl.sale_line_no "
            f"JOIN products p ON p.id = l.product_id {join}"
            "WHERE r.business_date BETWEEN :start AND :end GROUP BY 1"
        ),
        _params(period),
    ).all()
    rows: dict[str, SalesRow] = {}
    for k, name, n, qty, gross, discount, revenue, cost in sold:
        rows[_key(k)] = SalesRow(
            _key(k),
            name or "",
            int(n),
            div_round_half_up(int(qty), MILLI),
            int(gross),
            int(discount),
            int(revenue),
            int(cost),
        )
    for k, name, n, qty, revenue, cost in returned:
        row = rows.get(_key(k)) or SalesRow(_key(k), name or "", 0, 0, 0, 0, 0, 0)
        rows[_key(k)] = _with_returns(row, int(n), div_round_half_up(int(qty), MILLI), int(revenue), int(cost))
    return list(rows.values())


def _parents(session: Session, keys: set[str]) -> dict[str, tuple[str, str]]:
    """variant key -> (its product's key, its product's name), for the variants among `keys`."""
    rows = session.execute(
        text("SELECT v.product_id, v.parent_id, p.name FROM product_variants v JOIN products p ON p.id = v.parent_id")
    )
    return {_key(v): (_key(parent), name or "") for v, parent, name in rows if _key(v) in keys}


def sales_by(session: Session, period: Period, dimension: str) -> SalesBreakdown:
    """Sales over `period` grouped by `dimension`: day, hour, product, category or cashier."""
    if dimension not in DIMENSIONS:
        raise InvalidInput(N_("Sales can be grouped by day, hour, product, category or cashier."))
    if dimension == "product":
        found = _by_line(session, period, dimension)
        rows_of, groups = group_variants(found, _parents(session, {r.key for r in found}))
        return SalesBreakdown(period, dimension, rows_of, groups)
    if dimension == "category":
        rows = sorted(_by_line(session, period, dimension), key=lambda r: (-r.net_revenue, r.label, r.key))
    else:
        rows = _by_sale(session, period, dimension)
        if dimension == "cashier":
            rows.sort(key=lambda r: (-r.net_revenue, r.label, r.key))
        else:
            rows.sort(key=lambda r: (int(r.key) if dimension == "hour" else 0, r.key))
    return SalesBreakdown(period, dimension, tuple(rows))


@dataclass(frozen=True, slots=True)
class MethodRow:
    method: str
    sales: int  # sales this method paid part of
    amount: int
    refunds: int = 0  # returns refunded this way (cash, or credited to kasbon)
    refunded: int = 0

    @property
    def net(self) -> int:
        return self.amount - self.refunded


@dataclass(frozen=True, slots=True)
class MethodBreakdown:
    period: Period
    rows: tuple[MethodRow, ...]

    @property
    def total(self) -> int:
        return sum(r.amount for r in self.rows)

    @property
    def net(self) -> int:
        return sum(r.net for r in self.rows)

    def as_dict(self) -> dict[str, Any]:
        return {
            "period": self.period.as_dict(),
            "rows": [{**plain(r), "net": r.net} for r in self.rows],
            "total": self.total,
            "net": self.net,
        }


def sales_by_method(session: Session, period: Period) -> MethodBreakdown:
    """What each payment method took over `period`, and what was refunded the same way."""
    paid = {
        m: (int(n), int(a))
        for m, n, a in session.execute(
            text(
                "SELECT p.method, COUNT(DISTINCT s.id), SUM(p.amount) FROM sales s "
                f"JOIN sale_payments p ON p.sale_id = s.id WHERE {_IN_PERIOD} AND {_NOT_VOIDED} GROUP BY 1"
            ),
            _params(period),
        )
    }
    refunded = {
        m: (int(n), int(a))
        for m, n, a in session.execute(
            text(
                "SELECT refund_method, COUNT(*), SUM(amount) FROM sale_returns "
                "WHERE business_date BETWEEN :start AND :end GROUP BY 1"
            ),
            _params(period),
        )
    }
    order = [m for m in METHODS if m in paid or m in refunded]
    order += sorted((paid.keys() | refunded.keys()) - set(order))
    rows = tuple(MethodRow(m, *paid.get(m, (0, 0)), *refunded.get(m, (0, 0))) for m in order)
    return MethodBreakdown(period, rows)

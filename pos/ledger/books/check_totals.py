"""`laci check`, the file and the sums: pages and foreign keys, the triggers that keep facts, balanced entries, a zero
trial balance, day totals against their lines, sealed month totals, and stock against its movements.

Each function is one check with its own message; `check` runs them over everything or over what came after the
newest checkpoint.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from typing import Final

from sqlalchemy import text
from sqlalchemy.exc import DatabaseError
from sqlalchemy.orm import Session

from pos.i18n import N_
from pos.ledger.base import fmt
from pos.ledger.base.chain import devices_of
from pos.ledger.base.errors import BooksProblem
from pos.ledger.books.balances import trial_balance
from pos.ledger.books.checkpoints import WEIGHT, month_totals, sealed_totals, stock_sums, totals_digest
from pos.ledger.books.journal import Anchor, unbalanced_entries

# Tables whose rows never change once written: a trigger refuses UPDATE and DELETE on each (ARCHITECTURE.md).
FACT_TABLES: Final = (
    "audit_log",
    "cash_movements",
    "channel_settlements",
    "checkpoints",
    "consignment_lines",
    "consignments",
    "journal_entries",
    "journal_lines",
    "order_payments",
    "outbox",
    "pack_statements",
    "party_payments",
    "price_history",
    "production_runs",
    "purchase_lines",
    "purchases",
    "return_lines",
    "sale_line_consignments",
    "sale_line_options",
    "sale_line_parts",
    "sale_lines",
    "sale_payments",
    "sale_returns",
    "sale_voids",
    "sales",
    "shift_closes",
    "shifts",
    "stock_batches",
    "stock_count_lines",
    "stock_counts",
    "stock_movements",
)
# Triggers that keep derived figures and rules every writer obeys.
KEEPERS: Final = (
    "trg_journal_lines_day_totals",
    "trg_stock_movements_levels",
    "trg_return_lines_not_more_than_sold",
)


def file_damage(session: Session) -> list[BooksProblem]:
    """SQLite's own check of every page; a damaged file is reported alone, since nothing else reads true from it."""
    try:
        damage = [m for (m,) in session.execute(text("PRAGMA integrity_check")) if m != "ok"]
    except DatabaseError as err:  # SQLite gives up on some damage rather than listing it
        damage = [str(err.orig)]
    return [BooksProblem(N_("The database file is damaged: {detail}"), detail=m) for m in damage]


def foreign_keys(session: Session) -> Iterator[BooksProblem]:
    for table, rowid, parent, _fk in session.execute(text("PRAGMA foreign_key_check")):
        yield BooksProblem(
            N_("Row {rowid} of {table} points at a missing {parent}."), rowid=rowid, table=table, parent=parent
        )


def fact_triggers(session: Session) -> Iterator[BooksProblem]:
    """The triggers that refuse changing or deleting a fact are all there."""
    present = {str(n) for (n,) in session.execute(text("SELECT name FROM sqlite_master WHERE type = 'trigger'"))}
    for table in FACT_TABLES:
        if not {f"trg_{table}_no_update", f"trg_{table}_no_delete"} <= present:
            yield BooksProblem(
                N_("The guard that keeps {table} from being changed is gone: someone removed it."), table=table
            )
    for name in KEEPERS:
        if name not in present:
            yield BooksProblem(N_("The rule {name} is gone from the database: someone removed it."), name=name)


def balanced(session: Session, since: dict[uuid.UUID, Anchor] | None) -> Iterator[BooksProblem]:
    for entry_id, debits, credits in unbalanced_entries(session, since):
        yield BooksProblem(
            N_("Journal entry {entry} does not balance: debits {debits}, credits {credits}."),
            entry=entry_id.hex[:12],
            debits=fmt.rupiah(debits),
            credits=fmt.rupiah(credits),
        )


def zero_trial_balance(session: Session) -> Iterator[BooksProblem]:
    tb = trial_balance(session)
    if tb.difference != 0:
        yield BooksProblem(N_("The trial balance is off by {amount}."), amount=fmt.rupiah(tb.difference))


_LINES_BY_DAY = (
    "SELECT l.account_code, e.business_date, SUM(l.debit), SUM(l.credit) FROM journal_lines l "
    "JOIN journal_entries e ON e.id = l.entry_id {where} GROUP BY l.account_code, e.business_date"
)
_KEPT = "SELECT account_code, business_date, debit, credit FROM account_day_totals {where}"


def day_totals(session: Session, days: list[str] | None) -> Iterator[BooksProblem]:
    """The day totals the statements read equal the journal lines: on `days`, or on every day."""
    if days is not None and not days:
        return
    where_lines = "" if days is None else "WHERE e.business_date IN (SELECT value FROM json_each(:days))"
    where_kept = "" if days is None else "WHERE business_date IN (SELECT value FROM json_each(:days))"
    lines, kept = _LINES_BY_DAY.format(where=where_lines), _KEPT.format(where=where_kept)
    params = {} if days is None else {"days": _json_list(days)}
    codes = session.execute(
        text(
            f"SELECT account_code FROM ({lines} EXCEPT {kept}) UNION SELECT account_code FROM ({kept} EXCEPT {lines})"
        ),
        params,
    ).scalars()
    for code in codes:
        yield BooksProblem(N_("The daily totals of account {code} differ from its journal lines."), code=code)


def _json_list(values: list[str]) -> str:
    return "[" + ",".join(f'"{v}"' for v in values) + "]"


def newer_lines(session: Session, since: dict[uuid.UUID, Anchor]) -> list[tuple[str, str, int, int]]:
    """Account, month, debits and credits of every entry after the anchors (a counter without one: all of it)."""
    found: list[tuple[str, str, int, int]] = []
    for (device_raw,) in session.execute(text(devices_of("journal_entries"))):
        device = uuid.UUID(bytes=bytes(device_raw))
        seq = since.get(device, (0, ""))[0]
        found += [
            (str(a), str(m), int(d), int(c))
            for a, m, d, c in session.execute(
                text(
                    "SELECT l.account_code, substr(e.business_date, 1, 7), SUM(l.debit), SUM(l.credit) "
                    "FROM journal_entries e JOIN journal_lines l ON l.entry_id = e.id "
                    "WHERE e.device_id = :d AND e.device_seq > :s GROUP BY 1, 2"
                ),
                {"d": device.bytes, "s": seq},
            )
        ]
    return found


def sealed_month_totals(session: Session, since: dict[uuid.UUID, Anchor], sealed: str) -> Iterator[BooksProblem]:
    """The account totals the checkpoint sealed, month by month, are what they were (new entries aside)."""
    if totals_digest(sealed_totals(month_totals(session), newer_lines(session, since))) != sealed:
        yield BooksProblem(
            N_("The account totals of days the last checkpoint sealed have changed since: the books were altered.")
        )


def sealed_stock(session: Session, after: int, sealed: tuple[int, int]) -> Iterator[BooksProblem]:
    """The stock levels the checkpoint sealed are what they were, the movements since aside."""
    newer = session.execute(
        text(
            f"SELECT COALESCE(SUM(m.qty_milli), 0), COALESCE(SUM(m.qty_milli * {WEIGHT}), 0) FROM stock_movements m "
            "JOIN stock_levels l ON l.product_id = m.product_id WHERE m.rowid > :after"
        ),
        {"after": after},
    ).one()
    plain, weighted = stock_sums(session)
    if (plain - int(newer[0]), weighted - int(newer[1])) != sealed:
        yield BooksProblem(
            N_("The stock kept per product has changed since the last checkpoint without a stock movement.")
        )


def stock_levels(session: Session, after: int | None) -> Iterator[BooksProblem]:
    """Stock kept per product equals the sum of its movements (products moved after rowid `after`, or all)."""
    moved = "" if after is None else "WHERE p.id IN (SELECT product_id FROM stock_movements WHERE rowid > :after)"
    rows = session.execute(
        text(
            "SELECT p.name, COALESCE(s.qty_milli, 0), COALESCE((SELECT SUM(m.qty_milli) FROM stock_movements m "
            f"WHERE m.product_id = p.id), 0) AS summed FROM products p LEFT JOIN stock_levels s ON s.product_id = p.id "
            f"{moved}"
        ),
        {} if after is None else {"after": after},
    )
    for product, kept, summed in rows:
        if kept != summed:
            yield BooksProblem(
                N_("Stock of '{product}' is {kept} but its movements add up to {summed}."),
                product=product,
                kept=fmt.qty(kept),
                summed=fmt.qty(summed),
            )

"""`laci check`: everything that must hold in a shop's books, each failure described for a person."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import text
from sqlalchemy.exc import DatabaseError
from sqlalchemy.orm import Session

from pos.i18n import N_, _
from pos.ledger.base import fmt
from pos.ledger.base.errors import BooksProblem
from pos.ledger.books._price_checks import price_problems
from pos.ledger.books.balances import totals_mismatch, trial_balance
from pos.ledger.books.journal import unbalanced_entries, verify_chain


@dataclass(frozen=True, slots=True)
class CheckReport:
    problems: tuple[BooksProblem, ...]

    @property
    def ok(self) -> bool:
        return not self.problems


def check_books(session: Session) -> CheckReport:
    """SQLite's integrity check of every page, balanced entries, a zero trial balance, kept totals, intact hash
    chains, stock equal to its movements, and each sale's price effects tied to its books (`_price_checks`). A
    damaged file is reported alone: nothing else can be read from it with confidence."""
    problems: list[BooksProblem] = []
    try:
        damage = [m for (m,) in session.execute(text("PRAGMA integrity_check")) if m != "ok"]
    except DatabaseError as err:  # SQLite gives up on some damage rather than listing it
        damage = [str(err.orig)]
    if damage:
        # The other checks read the same pages and would only fail on them: the file comes first.
        return CheckReport(tuple(BooksProblem(N_("The database file is damaged: {detail}"), detail=m) for m in damage))
    for table, rowid, parent, _fk in session.execute(text("PRAGMA foreign_key_check")):
        problems.append(
            BooksProblem(
                N_("Row {rowid} of {table} points at a missing {parent}."),
                rowid=rowid,
                table=table,
                parent=parent,
            )
        )
    for entry_id, debits, credits in unbalanced_entries(session):
        problems.append(
            BooksProblem(
                N_("Journal entry {entry} does not balance: debits {debits}, credits {credits}."),
                entry=entry_id.hex[:12],
                debits=fmt.rupiah(debits),
                credits=fmt.rupiah(credits),
            )
        )
    tb = trial_balance(session)
    if tb.difference != 0:
        problems.append(BooksProblem(N_("The trial balance is off by {amount}."), amount=fmt.rupiah(tb.difference)))
    for code in totals_mismatch(session):
        problems.append(
            BooksProblem(N_("The daily totals of account {code} differ from its journal lines."), code=code)
        )
    for problem in verify_chain(session):
        problems.append(
            BooksProblem(
                N_("The journal's hash chain is broken at entry {seq} of counter {device}: {what}."),
                seq=problem.device_seq,
                device=problem.device_id.hex[:8],
                what=_(problem.what),
            )
        )
    for product, kept, summed in session.execute(
        text(
            "SELECT p.name, COALESCE(s.qty_milli, 0), COALESCE(m.q, 0) FROM products p "
            "LEFT JOIN stock_levels s ON s.product_id = p.id "
            "LEFT JOIN (SELECT product_id, SUM(qty_milli) AS q FROM stock_movements GROUP BY product_id) m "
            "ON m.product_id = p.id WHERE COALESCE(s.qty_milli, 0) <> COALESCE(m.q, 0)"
        )
    ):
        problems.append(
            BooksProblem(
                N_("Stock of '{product}' is {kept} but its movements add up to {summed}."),
                product=product,
                kept=fmt.qty(kept),
                summed=fmt.qty(summed),
            )
        )
    problems += price_problems(session)
    return CheckReport(tuple(problems))

"""The accounts gross profit sums, named in the core for the owner's web, are the chart's revenue and cogs sections."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import text

from pos.ledger.books import accounts
from pos.ledger.shop.opening import init_shop, open_database


def test_sales_accounts_are_the_charts_revenue_and_cogs_sections(tmp_path: Path) -> None:
    db = open_database(tmp_path / "laci.sqlite3")
    with db.write() as s:
        init_shop(s, "Warung Bu Sri")
    with db.read() as s:
        sections = {
            section: sorted(
                str(c) for (c,) in s.execute(text("SELECT code FROM accounts WHERE section = :s"), {"s": section})
            )
            for section in ("revenue", "cogs")
        }
    db.dispose()
    assert sections["revenue"] == sorted(accounts.SALES_REVENUE_ACCOUNTS)
    assert sections["cogs"] == sorted(accounts.COST_OF_SALES_ACCOUNTS)

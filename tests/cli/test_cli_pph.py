"""`laci pph`: a month's PPh Final booked and paid from the command line, and bad months refused."""

from __future__ import annotations

import json
from pathlib import Path

from cli_support import laci

from pos.ledger.base.db import Database, make_engine
from pos.ledger.books import accounts
from pos.ledger.books.balances import account_balance
from pos.ledger.shop import settings
from pos.paths import database_path


def test_book_and_pay_a_month_then_see_it_in_the_status(tmp_path: Path) -> None:
    shop = tmp_path / "shop"
    built = laci("--data-dir", str(shop), "demo", "--products", "20", "--days", "40", "--today", "2026-11-23")
    assert built.returncode == 0, built.stderr
    db = Database(make_engine(database_path(shop)))
    with db.write() as s:
        settings.put(s, "pph.exemption", 0)  # a company-sized shop: every rupiah of turnover is taxed
    db.dispose()
    status = laci("--data-dir", str(shop), "pph", "status", "--year", "2026", "--json")
    october = next(m for m in json.loads(status.stdout) if m["month"] == "2026-10")
    assert october["due"] > 0 and october["booked"] == 0

    booked = laci("--lang", "en", "--data-dir", str(shop), "pph", "book", "--month", "2026-10")
    assert booked.returncode == 0 and "booked" in booked.stdout, booked.stderr
    paid = laci("--lang", "en", "--data-dir", str(shop), "pph", "pay", "--month", "2026-10", "--from", "bank")
    assert paid.returncode == 0 and "still owed: Rp 0" in paid.stdout, paid.stderr
    after = laci("--data-dir", str(shop), "pph", "status", "--year", "2026", "--json")
    october = next(m for m in json.loads(after.stdout) if m["month"] == "2026-10")
    assert october["booked"] == october["paid"] == october["due"] and october["owed"] == 0
    db = Database(make_engine(database_path(shop)))
    with db.read() as s:
        assert account_balance(s, accounts.UTANG_PPH_FINAL) == 0
        assert account_balance(s, accounts.BEBAN_PPH_FINAL) == october["due"]
    db.dispose()
    assert laci("--data-dir", str(shop), "check").returncode == 0

    again = laci("--lang", "en", "--data-dir", str(shop), "pph", "pay", "--month", "2026-10")
    assert again.returncode == 4 and "Nothing is owed" in again.stderr
    bad = laci("--lang", "en", "--data-dir", str(shop), "pph", "book", "--month", "2026-13")
    assert bad.returncode == 2 and "not a month" in bad.stderr
    early = laci("--lang", "en", "--data-dir", str(shop), "pph", "book", "--month", "2099-01")
    assert early.returncode == 4 and "once the month is over" in early.stderr

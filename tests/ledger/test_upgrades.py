"""A database made by each earlier schema revision, with data, upgrades to today's with its books intact."""

from __future__ import annotations

import shutil
import sqlite3
import uuid
from pathlib import Path

import pytest
from alembic.script import ScriptDirectory

from pos.ledger.base import migrate
from pos.ledger.base.device import local_device
from pos.ledger.books.check import check_books
from pos.ledger.shop.opening import open_database
from pos.ledger.stock.search import search_products
from pos.ledger.stock.stock_levels import stock_value

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "upgrade"


def test_there_is_a_fixture_for_every_revision_before_head() -> None:
    script = ScriptDirectory.from_config(migrate.alembic_config())
    older = [rev.revision for rev in script.walk_revisions() if rev.revision != migrate.head_revision()]
    assert sorted(older) == sorted(p.stem.removeprefix("laci-rev-") for p in FIXTURES.glob("laci-rev-*.sqlite3"))


@pytest.mark.parametrize("fixture", sorted(FIXTURES.glob("laci-rev-*.sqlite3")), ids=lambda p: p.stem)
def test_an_older_database_upgrades_with_its_books_intact(tmp_path: Path, fixture: Path) -> None:
    path = tmp_path / "laci.sqlite3"
    shutil.copyfile(fixture, path)
    db = open_database(path)  # upgrades, after copying the old file aside
    try:
        assert migrate.current_revision(db.engine) == migrate.head_revision()
        with db.read() as s:
            assert check_books(s).ok, [str(p) for p in check_books(s).problems]
            assert local_device(s).code == "A"
            assert [p.name for p in search_products(s, "botol")] == ["Teh Botol 350 ml"]
            assert stock_value(s) == -7_000
    finally:
        db.dispose()
    assert list(tmp_path.glob("laci.*.pre-upgrade.sqlite3")), "the old database was not kept"


def test_returns_made_before_refunds_through_platforms_keep_every_figure(tmp_path: Path) -> None:
    """Revision 0009 rebuilds sale_returns: a return made at 0008 comes through whole, with no commission given
    back, and the table is still immutable and indexed."""
    path = tmp_path / "laci.sqlite3"
    shutil.copyfile(FIXTURES / "laci-rev-0008.sqlite3", path)
    old = sqlite3.connect(path)
    ids = {n: uuid.UUID(int=n).bytes for n in (3, 5, 7, 8)}  # the fixture's sale and its entry; a user; the return
    old.execute(
        "INSERT INTO users (id, name, role, pin_hash, failed_attempts, locked_until, is_active, hlc) "
        "VALUES (?, 'Bu Sari', 'owner', 'x', 0, NULL, 1, '')",
        (ids[7],),
    )
    old.execute(
        "INSERT INTO sale_returns (id, return_no, sale_id, shift_id, business_date, created_at, refund_method, "
        "customer_id, amount, ppn, revenue, cost, user_id, approved_by, reason, entry_id) VALUES "
        "(?, 'A-20260115-0001-R1', ?, NULL, '2026-01-16', '2026-01-16T03:00:00.000000+00:00', 'cash', NULL, "
        "5000, 0, 5000, 3500, ?, NULL, 'rusak', ?)",
        (ids[8], ids[3], ids[7], ids[5]),
    )
    old.commit()
    old.close()
    open_database(path).dispose()

    db = sqlite3.connect(path)
    try:
        assert db.execute(
            "SELECT return_no, refund_method, amount, revenue, cost, reason, commission FROM sale_returns"
        ).fetchall() == [("A-20260115-0001-R1", "cash", 5000, 5000, 3500, "rusak", 0)]
        indexes = {r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE tbl_name = 'sale_returns'")}
        assert {"ix_sale_returns_sale_id", "ix_sale_returns_shift_id", "ix_sale_returns_business_date"} <= indexes
        assert {"trg_sale_returns_no_update", "trg_sale_returns_no_delete"} <= indexes
        with pytest.raises(sqlite3.IntegrityError, match="immutable"):
            db.execute("UPDATE sale_returns SET amount = 1")
        assert db.execute("PRAGMA foreign_key_check").fetchall() == []
    finally:
        db.close()

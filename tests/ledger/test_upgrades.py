"""A database made by each earlier schema revision, with data, upgrades to today's with its books intact."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from alembic.script import ScriptDirectory

from pos.ledger import migrate
from pos.ledger.check import check_books
from pos.ledger.search import search_products
from pos.ledger.shop import local_device, open_database
from pos.ledger.stock import stock_value

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

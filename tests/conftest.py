"""Shared fixtures: a fresh, migrated, initialised shop database per test, copied from one template.

Running Alembic for every test (and every Hypothesis example) would dominate the suite, so the schema is built
once per session and each test gets a byte copy of it.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from pos.ledger.base.db import Database
from pos.ledger.shop.opening import init_shop, open_database
from tests_support import copy_db

from pos import i18n

# A skipped test proves nothing: the run fails on any skip (see tests/strict_run.py).
pytest_plugins = ["strict_run"]


@pytest.fixture(scope="session")
def template_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("template") / "laci.sqlite3"
    db = open_database(path)
    with db.write() as session:
        init_shop(session, "Warung Bu Sri")
    db.dispose()
    return path


@pytest.fixture
def db(template_db: Path, tmp_path: Path) -> Iterator[Database]:
    database = copy_db(template_db, tmp_path / "shop")
    yield database
    database.dispose()


@pytest.fixture(autouse=True)
def indonesian() -> Iterator[None]:
    """Every test starts in Indonesian, the app's default, whatever an earlier test switched to."""
    i18n.set_language("id")
    yield
    i18n.set_language("id")

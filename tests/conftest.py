"""Shared fixtures: a fresh, migrated, initialised shop database per test, copied from one template.

Running Alembic for every test (and every Hypothesis example) would dominate the suite, so the schema is built
once per session and each test gets a byte copy of it.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from tests_support import copy_db

from pos import i18n
from pos.ledger.db import Database
from pos.ledger.shop import init_shop, open_database

# A skipped test proves nothing: the run fails on any skip (see tests/strict_run.py).
pytest_plugins = ["strict_run"]

_LINUX_ONLY = pytest.StashKey[list[tuple[str, str]]]()


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Tests marked `linux_only(reason=...)` run on Linux; elsewhere they are left out (not skipped) and listed
    with their reasons at the end of the run. A mark without a reason is a usage error anywhere."""
    left_out: list[pytest.Item] = []
    reasons: list[tuple[str, str]] = []
    for item in items:
        marker = item.get_closest_marker("linux_only")
        if marker is None:
            continue
        reason = str(marker.kwargs.get("reason") or (marker.args[0] if marker.args else ""))
        if not reason:
            raise pytest.UsageError(f"{item.nodeid}: linux_only needs a reason")
        if not sys.platform.startswith("linux"):
            left_out.append(item)
            reasons.append((item.nodeid, reason))
    if left_out:
        config.hook.pytest_deselected(items=left_out)
        items[:] = [item for item in items if item not in left_out]
    config.stash[_LINUX_ONLY] = reasons


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter, config: pytest.Config) -> None:
    reasons = config.stash.get(_LINUX_ONLY, [])
    if reasons:
        terminalreporter.section("Linux only: not run on this system")
        for nodeid, reason in reasons:
            terminalreporter.write_line(f"{nodeid}: {reason}")


@pytest.fixture(scope="session", autouse=True)
def log_folder(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """The log file of every window a test starts (in this process or a child) goes here, not to the user's."""
    folder = tmp_path_factory.mktemp("log")
    before = os.environ.get("LACI_LOG_DIR")
    os.environ["LACI_LOG_DIR"] = str(folder)
    yield folder
    if before is None:
        os.environ.pop("LACI_LOG_DIR", None)
    else:
        os.environ["LACI_LOG_DIR"] = before


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

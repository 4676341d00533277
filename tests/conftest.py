"""Shared fixtures: a fresh, migrated, initialised shop database per test, copied from one template.

Running Alembic for every test (and every Hypothesis example) would dominate the suite, so the schema is built
once per session and each test gets a byte copy of it.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Final

import pytest
from tests_support import copy_db

from pos import i18n
from pos.ledger.base.db import Database
from pos.ledger.shop.opening import init_shop, open_database

# A skipped test proves nothing: the run fails on any skip (see tests/strict_run.py).
pytest_plugins = ["strict_run"]

TESTS: Final = Path(__file__).resolve().parent
# Folders whose every test takes seconds: the frozen build, the sync service on PostgreSQL, processes killed and
# disks filled, `laci` run as a subprocess, counters replicating to each other.
SLOW_FOLDERS: Final = frozenset({"build", "cloud", "reliability", "cli", "sync"})
# Files most of whose tests take seconds (demo shops, whole screens, Hypothesis over many sales), as measured with
# --durations; a slow test in any other file carries @pytest.mark.slow itself.
SLOW_FILES: Final = frozenset(
    {
        "ledger/test_channel_flows.py",
        "ledger/test_counter_control.py",
        "ledger/test_counter_interleavings.py",
        "ledger/test_dashboard.py",
        "ledger/test_demo.py",
        "ledger/test_demo_scale.py",
        "ledger/test_kasbon_ageing.py",
        "ledger/test_platform_refunds.py",
        "ledger/test_product_form.py",
        "ledger/test_purchases_many.py",
        "ledger/test_reports_demo.py",
        "ledger/test_reports_shop.py",
        "ledger/test_start_check.py",
        "printing/test_order_slips.py",
        "printing/test_preview.py",
        "printing/test_queue_worker.py",
        "ui/test_channels_screen.py",
        "ui/test_counter_channels.py",
        "ui/test_counter_day.py",
        "ui/test_counter_errands.py",
        "ui/test_counter_login.py",
        "ui/test_counter_options.py",
        "ui/test_counter_options_screens.py",
        "ui/test_counter_payment.py",
        "ui/test_counter_scan.py",
        "ui/test_counter_screenshots.py",
        "ui/test_customers_screen.py",
        "ui/test_damaged_database.py",
        "ui/test_dashboard_screen.py",
        "ui/test_first_run.py",
        "ui/test_guide_screens.py",
        "ui/test_money_screen.py",
        "ui/test_orders_screen.py",
        "ui/test_outreach_screen.py",
        "ui/test_products_list.py",
    }
)


_LINUX_ONLY = pytest.StashKey[list[tuple[str, str]]]()


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    _mark_tiers(items)
    _leave_out_linux_only(config, items)


def _mark_tiers(items: list[pytest.Item]) -> None:
    """Mark tests by where they live and what they use, so `-m "not slow"` is the quick tier (CONTRIBUTING.md)."""
    for item in items:
        try:
            where = item.path.relative_to(TESTS)
        except ValueError:
            continue
        fixtures = getattr(item, "fixturenames", ())
        if where.parts[0] == "build":
            item.add_marker(pytest.mark.build)
        if "postgres" in fixtures or where.parts[0] == "cloud":
            item.add_marker(pytest.mark.pg)
        if where.parts[0] == "ui" or "qtbot" in fixtures:
            item.add_marker(pytest.mark.gui)
        if where.parts[0] in SLOW_FOLDERS or where.as_posix() in SLOW_FILES:
            item.add_marker(pytest.mark.slow)


def _leave_out_linux_only(config: pytest.Config, items: list[pytest.Item]) -> None:
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

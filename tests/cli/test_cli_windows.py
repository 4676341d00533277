"""The command line under Windows conditions, imitated: no IANA zone database (an empty PYTHONTZPATH hides the
system's, as Windows has none), output in cp1252 or redirected to a file, and a file another program has open.
Each runs `laci` as a separate process, as a shop's terminal or a script would.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tomllib
from pathlib import Path

from cli_support import laci

from pos.ledger.base.db import make_engine
from pos.ledger.shop.backup import materialize

NO_ZONES = {"PYTHONTZPATH": ""}
CP1252 = {"PYTHONIOENCODING": "cp1252"}
TESTS = Path(__file__).resolve().parents[1]

SALE = """
import sys
import zoneinfo
from pathlib import Path

assert zoneinfo.TZPATH == (), zoneinfo.TZPATH  # no system zone database: only the tzdata package is left
from shop_support import set_up_counter, sell
from pos.ledger.base.clock import utc_now
from pos.ledger.counter.payments import cash
from pos.ledger.shop.opening import init_shop, open_database

db = open_database(Path(sys.argv[1]) / "laci.sqlite3")
with db.write() as s:
    init_shop(s, "Warung Bu Sri")
now = utc_now()
counter = set_up_counter(db, at=now)
sale = sell(counter, counter.cashier, [(counter.codes[0], 2)], [cash(10_000)], at=now)
print(sale.receipt_no)
db.dispose()
"""


def test_tzdata_is_a_dependency() -> None:
    project = tomllib.loads((TESTS.parent / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    assert any(dependency.startswith("tzdata") for dependency in project["dependencies"])


def test_a_shop_sells_and_reports_without_a_zone_database(tmp_path: Path) -> None:
    demo = laci(
        "--data-dir", str(tmp_path / "demo"), "demo", "--products", "20", "--days", "2", "--seed", "1", env=NO_ZONES
    )
    assert demo.returncode == 0, demo.stderr
    daily = laci("--data-dir", str(tmp_path / "demo"), "--lang", "en", "report", "daily", env=NO_ZONES)
    assert daily.returncode == 0, daily.stderr
    assert daily.stdout.startswith("Daily report (Z) for ")
    sold = subprocess.run(
        [sys.executable, "-c", SALE, str(tmp_path / "shop")],
        capture_output=True,
        text=True,
        env={**NO_ZONES, **_env_with_tests()},
        timeout=120,
    )
    assert sold.returncode == 0, sold.stderr
    assert sold.stdout.strip().startswith("A-")
    today = laci("--data-dir", str(tmp_path / "shop"), "--lang", "en", "report", "daily", env=NO_ZONES)
    assert today.returncode == 0, today.stderr
    assert "Sales (1)" in today.stdout


def _env_with_tests() -> dict[str, str]:
    path = os.pathsep.join([str(TESTS), os.environ.get("PYTHONPATH", "")])
    return {**os.environ, "PYTHONPATH": path}


def _run(*args: str) -> subprocess.CompletedProcess[bytes]:
    """`laci ARGS` with Python's output encoding set to cp1252, as for `laci ... > laporan.txt` on Windows."""
    return subprocess.run(
        [sys.executable, "-m", "pos", *args],
        capture_output=True,
        env={**_env_with_tests(), **CP1252},
        stdin=subprocess.DEVNULL,
        timeout=120,
    )


def test_redirected_output_in_cp1252_neither_crashes_nor_loses_characters(tmp_path: Path) -> None:
    # cp1252 has neither the minus sign nor emoji: Python alone would stop with UnicodeEncodeError.
    shop, name = tmp_path / "shop", "Warung Es 🧊 −5%"
    made = _run("--data-dir", str(shop), "init", "--shop-name", name)
    assert made.returncode == 0, made.stderr.decode("utf-8", "replace")
    assert name in made.stdout.decode("utf-8")  # written as UTF-8, which Notepad and Excel read
    # Errors, on the other stream, too.
    refused = _run("--data-dir", str(shop), "restore", str(tmp_path / "Cadangan 🧊.sqlite3"))
    assert refused.returncode == 3  # not found
    assert "Cadangan 🧊.sqlite3" in refused.stderr.decode("utf-8")
    assert b"Traceback" not in refused.stderr


def test_a_file_the_system_refuses_is_said_plainly(tmp_path: Path) -> None:
    shop = tmp_path / "shop"
    assert laci("--data-dir", str(shop), "init", "--shop-name", "Warung").returncode == 0
    blocker = tmp_path / "laporan.txt"
    blocker.write_text("a file where a folder should be")
    target = blocker / "jurnal.csv"
    done = laci("--data-dir", str(shop), "export", "csv", str(target))
    assert done.returncode == 6  # the file system would not: not available
    assert "Traceback" not in done.stderr
    assert done.stderr.startswith("Kesalahan: ") and "jurnal.csv" in done.stderr


def test_a_database_in_a_folder_with_a_number_sign_opens_from_the_command_line(tmp_path: Path) -> None:
    shop = tmp_path / "Backup #1" / "100% toko"
    made = laci("--data-dir", str(shop), "init", "--shop-name", "Warung Pagar #1")
    assert made.returncode == 0, made.stderr
    assert laci("--data-dir", str(shop), "check").returncode == 0
    backup = laci("--data-dir", str(shop), "backup", "--out", str(tmp_path / "D# 50%"))
    assert backup.returncode == 0, backup.stderr
    (kept,) = (tmp_path / "D# 50%").glob("laci-manual-*.sqlite3.zst")
    copy = kept.with_name("laci-opened.sqlite3")  # the compressed copy, whole again, in the same folder
    materialize(kept, copy)
    engine = make_engine(copy)
    with engine.connect() as conn:
        assert conn.exec_driver_sql("SELECT COUNT(*) FROM accounts").scalar_one() > 10
    engine.dispose()

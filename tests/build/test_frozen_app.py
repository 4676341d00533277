"""The built program works on its own: scripts/build's one-folder app answers the command line and opens its window.

The build takes a minute or more, so it is made once for the module. Every run of the frozen program starts
outside the checkout, so what it finds (migrations, translations, fonts, printer profiles, icons) comes from the
bundle, not from the source tree beside it.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from pgserver import PostgresCluster

from pos import __version__, i18n
from pos.ui.icons import ACTIONS, APP_ICON

ROOT = Path(__file__).resolve().parents[2]
BUILD_TIMEOUT = 1800  # seconds: a cold build on two busy cores, with PyInstaller to install first
RUN_TIMEOUT = 120
WINDOW_SECONDS = 5


def _translated(msgid: str) -> str:
    text = i18n.catalogue("id").gettext(msgid)
    assert text != msgid, f"no Indonesian translation of {msgid!r}"
    return text


@pytest.fixture(scope="module")
def frozen(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The built `laci` executable, made by scripts/build into a temporary dist and work folder."""
    out = tmp_path_factory.mktemp("frozen")
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}  # the test runner's path is not the app's
    started = time.monotonic()
    built = subprocess.run(
        ["bash", str(ROOT / "scripts" / "build"), "--distpath", str(out / "dist"), "--workpath", str(out / "work")],
        cwd=ROOT,
        env=env,
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=BUILD_TIMEOUT,
    )
    assert built.returncode == 0, built.stdout[-2000:] + built.stderr[-6000:]
    program = out / "dist" / "laci" / ("laci.exe" if sys.platform == "win32" else "laci")
    assert program.is_file()
    size = sum(p.stat().st_size for p in (out / "dist" / "laci").rglob("*") if p.is_file() and not p.is_symlink())
    print(f"built {program} in {time.monotonic() - started:.0f} s, {size / 2**20:.0f} MiB")
    return program


@pytest.fixture
def run_dir(tmp_path: Path) -> Path:
    """Where the frozen program runs: away from the checkout."""
    place = tmp_path / "cwd"
    place.mkdir()
    return place


def _env(tmp_path: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "LACI_HOME")}
    env["QT_QPA_PLATFORM"] = "offscreen"
    env["XDG_CACHE_HOME"] = str(tmp_path / "cache")  # python-escpos keeps its profile cache here
    return env


def _laci(program: Path, *args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    done = subprocess.run(
        [str(program), *args],
        cwd=cwd,
        env=_env(cwd.parent),
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=RUN_TIMEOUT,
    )
    assert done.returncode == 0, f"laci {' '.join(args)}: {done.stdout[-2000:]}{done.stderr[-4000:]}"
    assert "Traceback" not in done.stderr
    return done


def test_version(frozen: Path, run_dir: Path) -> None:
    assert _laci(frozen, "--version", cwd=run_dir).stdout.strip() == f"laci {__version__}"


def test_bundle_carries_the_icons(frozen: Path) -> None:
    # pos.ui.icons looks for them under sys._MEIPASS, which is the one-folder app's _internal folder.
    bundled = frozen.parent / "_internal" / "assets" / "icons"
    for name in (APP_ICON, *ACTIONS):
        assert (bundled / f"{name}.svg").is_file(), name
    assert (bundled / "laci-256.png").is_file()


def test_init_and_check_in_a_new_data_folder(frozen: Path, run_dir: Path, tmp_path: Path) -> None:
    data = tmp_path / "shop"
    made = _laci(frozen, "--data-dir", str(data), "init", "--shop-name", "Warung Uji", cwd=run_dir)
    # The migrations ran from the bundle, and the message came from its Indonesian catalogue.
    ready = _translated("Shop '{name}' is ready in {path}.").split("{path}")[0].format(name="Warung Uji")
    assert ready in made.stdout
    assert (data / "laci.sqlite3").is_file()
    checked = _laci(frozen, "--data-dir", str(data), "check", cwd=run_dir)
    assert _translated("The books are in order.") in checked.stdout


def test_demo_shop_statement_and_receipt_printer(frozen: Path, run_dir: Path, tmp_path: Path) -> None:
    data = tmp_path / "demo"
    args = ("--data-dir", str(data))
    _laci(frozen, *args, "demo", "--products", "20", "--days", "2", "--seed", "1", "--today", "2026-03-02", cwd=run_dir)
    assert _translated("The books are in order.") in _laci(frozen, *args, "check", cwd=run_dir).stdout

    # The loan pack: ReportLab, its QR code widget and the embedded DejaVu fonts from the bundle's assets.
    pdf = tmp_path / "pack.pdf"
    _laci(frozen, *args, "statement", "--from", "2026-01-01", "--to", "2026-03-01", "--out", str(pdf), cwd=run_dir)
    content = pdf.read_bytes()
    assert content.startswith(b"%PDF")
    assert b"DejaVuSans-Bold" in content and b"DejaVuSans" in content

    # A receipt printer at a file: python-escpos loads its printer profiles (capabilities.json) to drive it.
    slip = tmp_path / "printer.bin"
    _laci(frozen, *args, "print", "test", "--printer", f"file:{slip}", cwd=run_dir)
    sent = slip.read_bytes()
    assert sent.startswith(b"\x1b@")  # ESC @: initialise the printer
    assert b"Warung" in sent


@pytest.mark.pg
def test_cloud_migrations_come_with_the_program(frozen: Path, run_dir: Path) -> None:
    cluster = PostgresCluster()
    cluster.start()
    try:
        url = cluster.create_database("laci_frozen")
        done = _laci(frozen, "cloud", "migrate", "--database-url", url, cwd=run_dir)
        assert _translated("The cloud database is up to date.") in done.stdout
        tables = cluster.psql("SELECT count(*) FROM pg_tables WHERE schemaname = 'public'", "laci_frozen")
        assert int(tables.strip()) > 1  # alembic_version and the cloud's own tables
    finally:
        cluster.stop()


@pytest.fixture
def window(frozen: Path, run_dir: Path, tmp_path: Path) -> Iterator[subprocess.Popen[str]]:
    process = subprocess.Popen(
        [str(frozen), "--data-dir", str(tmp_path / "window")],
        cwd=run_dir,
        env=_env(tmp_path),
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    yield process
    if process.poll() is None:
        process.kill()
        process.communicate(timeout=RUN_TIMEOUT)


def test_window_opens_and_keeps_running(window: subprocess.Popen[str], tmp_path: Path) -> None:
    time.sleep(WINDOW_SECONDS)
    still_running = window.poll() is None
    window.terminate()
    out, err = window.communicate(timeout=RUN_TIMEOUT)
    assert still_running, f"the window closed by itself with {window.returncode}: {err[-4000:]}"
    assert "Traceback" not in err and "ERROR" not in err, err[-4000:]
    # It opened (and migrated) a new shop in its data folder.
    assert (tmp_path / "window" / "laci.sqlite3").is_file()
    assert "Running upgrade" in err, out + err

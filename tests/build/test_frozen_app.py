"""The built programs work on their own: scripts/build's one-folder app holds `laci-cli`, which answers the command
line, and `laci`, the window (on Windows without a console), built from one spec over one set of libraries.

The build takes a minute or more, so it is made once for the module. Every run of a frozen program starts outside
the checkout, so what it finds (migrations, translations, fonts, printer profiles, icons, time zones) comes from
the bundle, not from the source tree beside it.
"""

from __future__ import annotations

import ast
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


def _exe(name: str) -> str:
    return f"{name}.exe" if sys.platform == "win32" else name


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The one-folder app, made by the build command (scripts/build, scripts\\build.ps1) into a temporary folder."""
    out = tmp_path_factory.mktemp("frozen")
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}  # the test runner's path is not the app's
    started = time.monotonic()
    built = subprocess.run(
        [
            sys.executable,
            str(ROOT / "scripts" / "bootstrap.py"),
            "build",
            "--distpath",
            str(out / "dist"),
            "--workpath",
            str(out / "work"),
        ],
        cwd=ROOT,
        env=env,
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=BUILD_TIMEOUT,
    )
    assert built.returncode == 0, built.stdout[-2000:] + built.stderr[-6000:]
    folder = out / "dist" / "laci"
    size = sum(p.stat().st_size for p in folder.rglob("*") if p.is_file() and not p.is_symlink())
    print(f"built {folder} in {time.monotonic() - started:.0f} s, {size / 2**20:.0f} MiB")
    return folder


@pytest.fixture(scope="module")
def frozen(built: Path) -> Path:
    """`laci-cli`, the console program: what a terminal runs."""
    return built / _exe("laci-cli")


@pytest.fixture(scope="module")
def windowed(built: Path) -> Path:
    """`laci`, the window: what the Start menu and the desktop shortcut start."""
    return built / _exe("laci")


def test_one_build_makes_the_window_and_the_command_line(built: Path) -> None:
    assert (built / _exe("laci")).is_file() and (built / _exe("laci-cli")).is_file()
    assert not (built / "laci-cli" / "_internal").exists()  # one folder of libraries serves both


def test_each_program_carries_its_version(built: Path, tmp_path_factory: pytest.TempPathFactory) -> None:
    for name, description in (("laci", "Laci"), ("laci-cli", "Laci (command line)")):
        if sys.platform == "win32":
            shown = subprocess.run(
                [
                    "powershell",
                    "-NoProfile",
                    "-Command",
                    f"(Get-Item '{built / _exe(name)}').VersionInfo | Format-List",
                ],
                capture_output=True,
                text=True,
                timeout=RUN_TIMEOUT,
            ).stdout
            assert f"ProductVersion   : {__version__}" in shown and description in shown, shown
            continue
        # Elsewhere PyInstaller leaves version information out; the file it was given for Windows is checked.
        (made,) = built.parents[1].glob(f"work/**/{name}.exe.version.txt")
        text = made.read_text(encoding="utf-8")
        ast.parse(text)  # PyInstaller evaluates it
        assert f"StringStruct('ProductVersion', '{__version__}')" in text
        assert f"StringStruct('FileDescription', '{description}')" in text
        assert f"StringStruct('OriginalFilename', '{name}.exe')" in text
        assert "filevers=(" + ", ".join(__version__.split(".")) in text


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


def _laci(
    program: Path, *args: str, cwd: Path, extra: dict[str, str] | None = None, code: int = 0
) -> subprocess.CompletedProcess[str]:
    done = subprocess.run(
        [str(program), *args],
        cwd=cwd,
        env={**_env(cwd.parent), **(extra or {})},
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=RUN_TIMEOUT,
    )
    assert done.returncode == code, f"laci {' '.join(args)}: {done.stdout[-2000:]}{done.stderr[-4000:]}"
    assert "Traceback" not in done.stderr
    return done


def test_version(frozen: Path, run_dir: Path) -> None:
    assert _laci(frozen, "--version", cwd=run_dir).stdout.strip() == f"laci {__version__}"


def test_the_command_line_needs_no_zone_database(frozen: Path, run_dir: Path, tmp_path: Path) -> None:
    # Windows has no IANA zone database; an empty PYTHONTZPATH hides this system's, so the bundled tzdata must do.
    data = ("--data-dir", str(tmp_path / "tz"))
    demo = ("demo", "--products", "20", "--days", "1", "--seed", "2")
    _laci(frozen, *data, *demo, cwd=run_dir, extra={"PYTHONTZPATH": ""})
    daily = _laci(frozen, *data, "--lang", "en", "report", "daily", cwd=run_dir, extra={"PYTHONTZPATH": ""})
    assert daily.stdout.startswith("Daily report (Z) for ")


def test_bundle_carries_the_icons_and_fonts(frozen: Path) -> None:
    # pos.ui.icons looks for them under sys._MEIPASS, which is the one-folder app's _internal folder.
    assert (frozen.parent / "_internal" / "assets" / "fonts" / "DejaVuSansMono.ttf").is_file()  # the slip preview
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
    # The file stands in for a device node, which exists while the printer is plugged in: Laci never creates one.
    slip = tmp_path / "printer.bin"
    slip.touch()
    # A file never answers a status request, so the slip is sent but not confirmed: exit 1, said plainly.
    unconfirmed = _laci(frozen, *args, "print", "test", "--printer", f"file:{slip}", cwd=run_dir, code=1)
    assert _translated(
        "The slip was sent to {printer}, but the printer did not confirm it: {reason} Check that it came out."
    ).split("{")[0] in (unconfirmed.stderr)
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
def window(windowed: Path, run_dir: Path, tmp_path: Path) -> Iterator[subprocess.Popen[str]]:
    process = subprocess.Popen(
        [str(windowed), "--data-dir", str(tmp_path / "window")],
        cwd=run_dir,
        env={**_env(tmp_path), "LACI_LOG_DIR": str(tmp_path / "log")},
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
    # The windowed program on Windows has no console to write to: what it did is read from its log file.
    log_file = tmp_path / "log" / "laci.log"

    def log_text() -> str:
        return log_file.read_text(encoding="utf-8") if log_file.exists() else ""

    # Opened first (a loaded machine may take long to unpack and migrate), then still running a while later.
    deadline = time.monotonic() + RUN_TIMEOUT
    while "is open on" not in log_text() and window.poll() is None and time.monotonic() < deadline:
        time.sleep(0.2)
    time.sleep(WINDOW_SECONDS)
    still_running = window.poll() is None
    window.terminate()
    _out, err = window.communicate(timeout=RUN_TIMEOUT)
    log = log_text()
    assert still_running, f"the window closed by itself with {window.returncode}: {err[-4000:]}{log[-4000:]}"
    assert "Traceback" not in log and " ERROR " not in log, log[-4000:]
    # It opened (and migrated) a new shop in its data folder.
    assert (tmp_path / "window" / "laci.sqlite3").is_file()
    assert "Running upgrade" in log and "is open on" in log, log[-4000:]

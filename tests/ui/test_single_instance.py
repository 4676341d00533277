"""One Laci per data folder: a second start (a double double-click on a slow laptop) brings the first window
forward instead of opening another that would print the pending jobs again; a restore and an upgrade wait for
the window to close. Every second start here is a separate process, as on the shop's computer.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from cli_support import laci
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWidget

from pos.ledger.base import data_lock, migrate
from pos.ledger.base.data_lock import DataFolderInUse
from pos.ledger.shop import backup
from pos.ledger.shop.opening import open_database
from pos.ui.single_instance import InstanceServer, bring_forward, server_name

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "upgrade"
START_SECONDS = 90  # a cold start of Python and Qt on two busy cores


def _env() -> dict[str, str]:
    # No zone database, as on Windows: the window and its background tasks start on the bundled tzdata.
    return {**os.environ, "QT_QPA_PLATFORM": "offscreen", "PYTHONTZPATH": ""}


def _start_window(folder: Path, log: Path) -> subprocess.Popen[bytes]:
    """`laci --data-dir FOLDER` as a double-click starts it, its log (stderr) going to `log`."""
    with log.open("wb") as err:
        return subprocess.Popen(
            [sys.executable, "-m", "pos", "--data-dir", str(folder)],
            env=_env(),
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=err,
        )


def _wait_for(log: Path, text: str, process: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + START_SECONDS
    while time.monotonic() < deadline:
        found = log.read_text(encoding="utf-8", errors="replace")
        if text in found:
            return
        assert process.poll() is None, f"the window ended ({process.returncode}): {found[-3000:]}"
        time.sleep(0.2)
    raise AssertionError(f"{text!r} never came: {log.read_text(errors='replace')[-3000:]}")


@pytest.fixture
def first_window(tmp_path: Path) -> Iterator[tuple[Path, subprocess.Popen[bytes], Path]]:
    """A Laci window running in its own process on a new data folder, until the test ends."""
    folder, log = tmp_path / "shop", tmp_path / "first.log"
    process = _start_window(folder, log)
    try:
        _wait_for(log, "is open on", process)
        yield folder, process, log
    finally:
        if process.poll() is None:
            process.kill()
        process.wait(timeout=30)


def test_a_second_start_brings_the_first_window_forward_and_ends(
    first_window: tuple[Path, subprocess.Popen[bytes], Path], tmp_path: Path
) -> None:
    folder, first, log = first_window
    second = subprocess.run(
        [sys.executable, "-m", "pos", "--data-dir", str(folder)],
        env=_env(),
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=START_SECONDS,
    )
    assert second.returncode == 0, second.stderr
    assert "that window was brought forward" in second.stderr
    assert "Traceback" not in second.stderr
    _wait_for(log, "asked for this window", first)
    assert first.poll() is None  # the first window goes on; only one Laci holds the shop


def test_a_restore_waits_for_the_window_to_close(
    first_window: tuple[Path, subprocess.Popen[bytes], Path], template_db: Path, tmp_path: Path
) -> None:
    folder, first, _log = first_window
    copy = tmp_path / "usb" / "laci-manual-20261122T030000Z.sqlite3"
    copy.parent.mkdir()
    shutil.copyfile(template_db, copy)
    refused = laci("--data-dir", str(folder), "restore", str(copy))
    assert refused.returncode == 6  # the data folder is not available while the window holds it
    assert "Traceback" not in refused.stderr
    assert "Tutup jendela Laci dulu" in refused.stderr  # what to do, in the shop's words
    assert not list(folder.glob("laci.replaced-*"))  # nothing was moved
    # Reading beside the window is fine, as it always was.
    assert laci("--data-dir", str(folder), "report", "daily").returncode == 0
    first.kill()  # even a window that crashed lets go of the folder
    first.wait(timeout=30)
    restored = laci("--data-dir", str(folder), "restore", str(copy))
    assert restored.returncode == 0, restored.stderr


HOLD = (
    "import sys\nfrom pathlib import Path\nfrom pos.ledger.base import data_lock\n"
    "data_lock.hold(Path(sys.argv[1]))\nprint('held', flush=True)\nsys.stdin.read()\n"
)


@contextmanager
def another_program_holds(folder: Path) -> Iterator[subprocess.Popen[str]]:
    """Another process holding `folder` until its standard input closes (or it is killed)."""
    process = subprocess.Popen(
        [sys.executable, "-c", HOLD, str(folder)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert process.stdout is not None
        assert process.stdout.readline().strip() == "held", process.stderr.read() if process.stderr else ""
        yield process
    finally:
        if process.poll() is None:
            process.kill()
        process.wait(timeout=30)


@pytest.fixture
def holder(tmp_path: Path) -> Iterator[tuple[Path, subprocess.Popen[str]]]:
    """Another program holding a data folder with a database from before the newest schema."""
    folder = tmp_path / "old"
    folder.mkdir()
    oldest = sorted(FIXTURES.glob("laci-rev-*.sqlite3"))[0]
    shutil.copyfile(oldest, folder / "laci.sqlite3")
    with another_program_holds(folder) as process:
        yield folder, process


def test_an_upgrade_waits_for_the_other_program(holder: tuple[Path, subprocess.Popen[str]]) -> None:
    folder, process = holder
    before = (folder / "laci.sqlite3").read_bytes()
    with pytest.raises(DataFolderInUse):
        open_database(folder / "laci.sqlite3")
    assert (folder / "laci.sqlite3").read_bytes() == before  # not a table touched
    refused = laci("--data-dir", str(folder), "report", "daily")
    assert refused.returncode == 6 and "Traceback" not in refused.stderr
    assert "perlu diperbarui" in refused.stderr
    assert process.stdin is not None
    process.stdin.close()
    process.wait(timeout=30)
    db = open_database(folder / "laci.sqlite3")
    assert migrate.current_revision(db.engine) == migrate.HEAD
    db.dispose()


def test_the_window_holds_its_folder_and_lets_go(tmp_path: Path) -> None:
    folder = tmp_path / "shop"
    data_lock.hold(folder)
    try:
        assert data_lock.held_here(folder)
        # Its own restore goes ahead (the damaged-database dialog restores from inside the window).
        with data_lock.exclusive(folder, data_lock.RESTORE_REFUSED):
            pass
        other = subprocess.run([sys.executable, "-c", HOLD, str(folder)], capture_output=True, text=True, timeout=60)
        assert other.returncode != 0 and "DataFolderInUse" in other.stderr
    finally:
        data_lock.let_go(folder)
    assert not data_lock.held_here(folder)
    with data_lock.exclusive(folder, data_lock.RESTORE_REFUSED):
        pass


def test_each_folder_and_user_has_its_own_socket(tmp_path: Path) -> None:
    assert server_name(tmp_path / "a") == server_name(tmp_path / "a" / ".." / "a")
    assert server_name(tmp_path / "a") != server_name(tmp_path / "b")


def test_the_first_window_comes_back_from_the_taskbar(qtbot: Any, tmp_path: Path) -> None:
    folder = tmp_path / "shop"
    data_lock.hold(folder)
    server = InstanceServer(folder)
    try:
        window = QWidget()
        qtbot.addWidget(window)
        window.show()
        window.setWindowState(Qt.WindowState.WindowMinimized | Qt.WindowState.WindowMaximized)
        server.show_requested.connect(lambda: bring_forward(window))
        asker = subprocess.Popen(
            [
                sys.executable,
                "-c",
                "import sys\nfrom pathlib import Path\nfrom PySide6.QtCore import QCoreApplication\n"
                "from pos.ui.single_instance import ask_first_instance\napp = QCoreApplication([])\n"
                "print(ask_first_instance(Path(sys.argv[1])))",
                str(folder),
            ],
            env=_env(),
            stdout=subprocess.PIPE,
            text=True,
        )
        qtbot.waitUntil(lambda: asker.poll() is not None, timeout=START_SECONDS * 1000)
        assert asker.stdout is not None and asker.stdout.read().strip() == "True"
        assert not window.isMinimized()
        assert window.windowState() & Qt.WindowState.WindowMaximized  # as it was before it went to the taskbar
    finally:
        server.close()
        data_lock.let_go(folder)


def test_restore_from_the_backup_module_refuses_too(template_db: Path, tmp_path: Path) -> None:
    folder = tmp_path / "shop"
    folder.mkdir()
    shutil.copyfile(template_db, folder / "laci.sqlite3")
    copy = tmp_path / "copy.sqlite3"
    shutil.copyfile(template_db, copy)
    with another_program_holds(folder), pytest.raises(DataFolderInUse):
        backup.restore(copy, folder / "laci.sqlite3")
    assert sorted(p.name for p in folder.iterdir() if p.name != data_lock.LOCK_NAME) == ["laci.sqlite3"]

"""Starting Laci on a damaged database, as the owner meets it: the newest good backup offered by its date and
place; restoring it opens the shop with the backed-up sales, quitting leaves every file as it was."""

from __future__ import annotations

import argparse
import shutil
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from damage_support import BACKED_UP_AT, damaged_shop, files_under
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QLabel, QMessageBox
from screen_checks import app_font, clipped, save
from sqlalchemy import text

from pos import i18n
from pos.ledger.shop import backup, settings
from pos.ledger.shop.recovery import Recovery
from pos.ui.app import EXIT_CANNOT_OPEN, run_gui
from pos.ui.damaged import DamagedDatabaseDialog
from pos.ui.main_window import MainWindow

T = BACKED_UP_AT


@pytest.fixture(autouse=True)
def indonesian() -> Any:
    yield
    i18n.set_language("id")  # run_gui switches to the shop's language; the next test starts from the default


def when_shown(qtbot: Any, act: Callable[[DamagedDatabaseDialog], None]) -> None:
    """Run `act` on the dialog once `run_gui` shows it (it runs its own event loop, so this waits in a timer)."""

    def look(tries: int = 500) -> None:  # 10 s, then the test fails on what run_gui did without it
        found = QApplication.activeModalWidget()
        if isinstance(found, DamagedDatabaseDialog) and found.isVisible():
            act(found)
        elif tries:
            QTimer.singleShot(20, lambda: look(tries - 1))

    QTimer.singleShot(0, look)


def texts(dialog: DamagedDatabaseDialog) -> str:
    return "\n".join(found.text() for found in dialog.findChildren(QLabel))


def assert_unchanged(before: dict[str, bytes], after: dict[str, bytes]) -> None:
    """Every file as it was. The one thing new: the empty `-wal` and the `-shm` index SQLite makes beside the
    damaged file when the check at start reads it (read-only, but in WAL mode); they hold no data."""
    assert {name: after.get(name) for name in before} == before
    assert set(after) - set(before) <= {"shop/laci.sqlite3-wal", "shop/laci.sqlite3-shm"}
    assert after.get("shop/laci.sqlite3-wal", b"") == b""


def start(folder: Path, on_shown: Callable[[MainWindow], None] | None = None) -> int:
    return run_gui(argparse.Namespace(data_dir=str(folder), lang=None), on_shown)


def test_the_newest_good_backup_is_offered_and_restoring_opens_the_shop(tmp_path: Path, qapp: Any, qtbot: Any) -> None:
    folder, usb = tmp_path / "shop", tmp_path / "usb"
    path = damaged_shop(folder, usb)
    damaged = path.read_bytes()
    [offered] = backup.backups(usb)
    seen: dict[str, Any] = {}

    def restore(dialog: DamagedDatabaseDialog) -> None:
        seen["text"] = texts(dialog)
        seen["clipped"] = clipped(dialog)
        assert dialog.restore_button is not None
        qtbot.mouseClick(dialog.restore_button, Qt.MouseButton.LeftButton)

    def in_the_shop(window: MainWindow) -> None:
        with window.tasks.db.read() as s:
            seen["sales"] = s.execute(text("SELECT COUNT(*) FROM sales")).scalar_one()
            seen["shop"] = settings.load(s).shop_name
        QTimer.singleShot(0, window.close)

    when_shown(qtbot, restore)
    assert start(folder, in_the_shop) == 0

    said = seen["text"]
    assert "Data toko tidak bisa dibuka" in said
    assert "Basis data toko tidak bisa dibaca" in said or "Basis data toko rusak" in said
    assert "Cadangan baik terbaru" in said
    assert "22 Nov 2026 10.00" in said  # when it was taken, on the shop's clock
    assert f"{offered.path.name}\ndi {usb}" in said  # and where it is
    assert "Penjualan setelah 22 Nov 2026 10.00 tidak ada di cadangan ini" in said
    assert seen["clipped"] == []
    # The shop opened from the backup: its two sales, not the one made after it.
    assert seen["sales"] == 2 and seen["shop"] == "Warung Bu Sri"
    [kept] = folder.glob("laci.replaced-*.sqlite3")
    assert kept.read_bytes() == damaged  # the damaged file is kept aside, not deleted
    assert backup.verify_file(path) == []


def test_quitting_changes_nothing_on_disk(tmp_path: Path, qapp: Any, qtbot: Any) -> None:
    folder, usb = tmp_path / "shop", tmp_path / "usb"
    damaged_shop(folder, usb)
    before = files_under(tmp_path)
    seen: dict[str, Any] = {}

    def quit_(dialog: DamagedDatabaseDialog) -> None:
        seen["offered"] = dialog.restore_button is not None
        qtbot.mouseClick(dialog.quit_button, Qt.MouseButton.LeftButton)

    when_shown(qtbot, quit_)
    assert start(folder) == EXIT_CANNOT_OPEN
    assert seen["offered"]
    assert_unchanged(before, files_under(tmp_path))


def test_without_a_good_backup_the_dialog_says_where_it_looked_and_what_to_do(
    tmp_path: Path, qapp: Any, qtbot: Any
) -> None:
    folder = tmp_path / "shop"
    path = damaged_shop(folder, None)
    before = files_under(tmp_path)
    seen: dict[str, Any] = {}

    def look_and_quit(dialog: DamagedDatabaseDialog) -> None:
        seen["text"] = texts(dialog)
        seen["restore"] = dialog.restore_button
        seen["quit"] = dialog.quit_button.text()
        seen["clipped"] = clipped(dialog)
        dialog.reject()  # Esc, or the window's close button

    when_shown(qtbot, look_and_quit)
    assert start(folder) == EXIT_CANNOT_OPEN
    said = seen["text"]
    assert "Tidak ada cadangan baik di" in said
    assert str(folder / "backups") in said
    assert "Tidak ada yang diubah" in said and str(path) in said
    assert seen["restore"] is None and seen["quit"] == "Esc  Keluar"
    assert seen["clipped"] == []
    assert_unchanged(before, files_under(tmp_path))


def test_the_offer_reads_well_with_a_shops_real_paths(tmp_path: Path, qapp: Any, qtbot: Any) -> None:
    home = Path("/home/sri/.local/share/Laci")
    stick = Path("/media/sri/FLASHDISK/Cadangan Laci")
    taken = backup.BackupFile(stick / backup.backup_name("daily", T), "daily", T, 48_000_000)
    plan = Recovery(home / "laci.sqlite3", (stick, home / "backups"), taken, "Asia/Jakarta", "id")
    problem = "Basis data toko rusak: database disk image is malformed"
    with app_font():
        offer = DamagedDatabaseDialog(plan, problem)
        none_found = DamagedDatabaseDialog(replace(plan, backup=None), problem)
    for dialog in (offer, none_found):
        qtbot.addWidget(dialog)
        dialog.show()
        assert clipped(dialog) == []
    assert offer.restore_button is not None and offer.restore_button.isDefault()
    assert str(stick) in texts(none_found) and str(home / "backups") in texts(none_found)
    assert save(offer, "damaged-database.png", tmp_path).exists()


def test_a_backup_gone_before_the_click_is_said_and_nothing_changes(
    tmp_path: Path, qapp: Any, qtbot: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder, usb = tmp_path / "shop", tmp_path / "usb"
    damaged_shop(folder, usb)
    told: list[str] = []
    monkeypatch.setattr(QMessageBox, "critical", lambda _parent, _title, message: told.append(message))

    def unplug_and_restore(dialog: DamagedDatabaseDialog) -> None:
        assert dialog.plan.backup is not None and dialog.restore_button is not None
        shutil.rmtree(dialog.plan.backup.path.parent)  # the USB stick pulled out while the dialog was open
        qtbot.mouseClick(dialog.restore_button, Qt.MouseButton.LeftButton)

    when_shown(qtbot, unplug_and_restore)
    before = {name: data for name, data in files_under(tmp_path).items() if not name.startswith("usb/")}
    assert start(folder) == EXIT_CANNOT_OPEN
    [message] = told
    assert message.startswith("Cadangan tidak bisa dipulihkan: ") and "laci-daily-" in message
    assert_unchanged(before, files_under(tmp_path))

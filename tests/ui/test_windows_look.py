"""How the window looks and speaks on a Windows laptop: Fusion with Laci's light palette whatever the desktop's dark
mode, QR modules of one size at 125 % scaling, a backup stick that is not there said with the way out, and a
"something unexpected" that names the log file holding the details.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QImage, QPalette
from PySide6.QtWidgets import QApplication

from pos.ledger.base.db import Database
from pos.ledger.setup.settings_form import save_settings
from pos.ledger.shop import backup
from pos.ledger.shop.backup import BackupFolderUnreachable
from pos.logs import log_file, start_logging
from pos.ui import app as app_module
from pos.ui.app import make_application
from pos.ui.main_window import MainWindow
from pos.ui.settings.screen import SettingsScreen
from pos.ui.tasks import TaskManager, failure_message
from pos.ui.widgets.qr_view import QUIET_ZONE, QrView
from pos.ui.widgets.style import PALETTE, STYLE

QRIS = "00020101021226610014COM.GO-JEK.WWW01189360091434567890120210G4567890120303UMI51440014ID.CO.QRIS.WWW6304ABCD"


@pytest.fixture
def restored_look(qapp: QApplication) -> Iterator[QApplication]:
    """The application's style, palette and font as the other window tests expect them, put back afterwards."""
    style, palette, font, icon = qapp.style().name(), qapp.palette(), qapp.font(), qapp.windowIcon()
    hints = qapp.styleHints()
    scheme = hints.colorScheme() if hasattr(hints, "colorScheme") else None
    yield qapp
    qapp.setStyle(style)
    qapp.setPalette(palette)
    qapp.setFont(font)
    qapp.setWindowIcon(icon)
    if scheme is not None and hasattr(hints, "setColorScheme"):
        hints.setColorScheme(scheme)


def test_fusion_and_the_light_palette_whatever_the_desktop_says(restored_look: QApplication) -> None:
    hints = restored_look.styleHints()
    if hasattr(hints, "setColorScheme"):  # Qt 6.8 and later can be told the desktop is dark, as Windows says
        hints.setColorScheme(Qt.ColorScheme.Dark)
    restored_look.setStyle("Windows")  # what a Windows desktop would hand over (windows11 is not on Linux)
    dark = QPalette()
    dark.setColor(QPalette.ColorRole.Window, QColor("#202020"))
    restored_look.setPalette(dark)
    made = make_application()
    assert made.style().name().lower() == STYLE.lower()
    for role, colour in PALETTE.items():
        assert made.palette().color(role) == QColor(colour), role
    assert made.palette().color(QPalette.ColorRole.Window).lightness() > 200


def _runs(image: QImage, y: int, left: int, right: int) -> list[int]:
    """Lengths of the runs of dark and light pixels along row `y` between `left` and `right`."""
    runs: list[int] = []
    last, length = None, 0
    for x in range(left, right):
        dark = image.pixelColor(x, y).lightness() < 128
        if dark == last:
            length += 1
        else:
            if last is not None:
                runs.append(length)
            last, length = dark, 1
    runs.append(length)
    return runs


@pytest.mark.parametrize("scaling", [1.0, 1.25, 1.5])
def test_qr_modules_are_whole_screen_pixels_at_any_scaling(qapp: QApplication, scaling: float) -> None:
    view = QrView()
    view.resize(301, 301)
    view.set_payload(QRIS)
    image = QImage(round(301 * scaling), round(301 * scaling), QImage.Format.Format_RGB32)
    image.setDevicePixelRatio(scaling)
    view.render(image)
    # The dark modules' bounding box: the finder patterns sit in three of its corners, inside the quiet zone.
    dark = [
        (x, y) for y in range(image.height()) for x in range(image.width()) if image.pixelColor(x, y).lightness() < 128
    ]
    left, right = min(x for x, _ in dark), max(x for x, _ in dark) + 1
    top, bottom = min(y for _, y in dark), max(y for _, y in dark) + 1
    inner = view.modules - 2 * QUIET_ZONE
    module = (right - left) // inner
    assert module * inner == right - left == bottom - top  # square, and whole screen pixels a module
    assert module >= 2
    for y in range(top, bottom, max(1, module // 2)):
        assert all(run % module == 0 for run in _runs(image, y, left, right)), (scaling, y)


def test_a_backup_stick_that_is_not_there_shows_in_the_settings(
    tasks: TaskManager, shop: Any, db: Database, tmp_path: Path, qtbot: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    stick = tmp_path / "stick"
    (stick / "Cadangan").mkdir(parents=True)
    with db.write() as s:
        save_settings(s, {"backup.folder": str(stick / "Cadangan")}, by=shop.owner)
    # The stick is pulled out (or comes back as another drive letter): its drive is not there any more.
    monkeypatch.setattr(backup, "folder_drive_missing", lambda folder: stick if stick in folder.parents else None)
    screen = SettingsScreen(tasks)
    qtbot.addWidget(screen)
    screen.resize(1280, 800)
    screen.show()
    screen.set_actor(shop.owner)
    screen.refresh()
    assert tasks.wait_idle()
    where = screen.backup.where.text()
    assert str(stick / "Cadangan") in where and "Pengaturan" in where  # where it is, and what to do
    assert "color" in screen.backup.where.styleSheet()
    qtbot.mouseClick(screen.backup.backup_button, Qt.MouseButton.LeftButton)
    assert tasks.wait_idle(30)
    assert "flashdisk" in screen.backup.backup_status.text()


def test_a_daily_backup_that_cannot_be_made_is_said_in_the_window(
    window: MainWindow, tasks: TaskManager, qtbot: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    refusal = BackupFolderUnreachable(
        "The backup folder {folder} is on {drive}, which is not there now. Plug in the USB stick or drive; if "
        "Windows gave it another letter, choose the folder again in Settings, Backups.",
        folder="E:\\Cadangan",
        drive="E:\\",
    )

    def daily(db: Database) -> None:
        raise refusal

    monkeypatch.setattr(app_module, "daily_if_due", daily)
    app_module.daily_backup(tasks, window)
    assert tasks.wait_idle()
    shown = window.statusBar().currentMessage()
    assert shown.startswith("Cadangan hari ini tidak dibuat.") and "E:\\Cadangan" in shown


def test_something_unexpected_names_the_log_file_that_holds_the_details(
    window: MainWindow, tasks: TaskManager, qtbot: Any
) -> None:
    path = start_logging()
    assert path == log_file()

    def broken(db: Database) -> None:
        raise RuntimeError("a bug nobody foresaw")

    tasks.run_db(broken)
    assert tasks.wait_idle()
    shown = window.statusBar().currentMessage()
    assert str(log_file()) in shown
    assert shown == failure_message(RuntimeError())
    for handler in logging.getLogger().handlers:
        handler.flush()
    assert "RuntimeError: a bug nobody foresaw" in log_file().read_text(encoding="utf-8")


def test_a_file_problem_is_said_plainly_in_the_window(window: MainWindow, tasks: TaskManager) -> None:
    def excel_has_it(db: Database) -> None:
        raise PermissionError(13, "The process cannot access the file", "C:\\Users\\Sri\\Documents\\jurnal.xlsx")

    tasks.run_db(excel_has_it)
    assert tasks.wait_idle()
    shown = window.statusBar().currentMessage()
    assert "jurnal.xlsx" in shown and "program lain" in shown and "log" not in shown

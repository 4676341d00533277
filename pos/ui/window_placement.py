"""Where the main window opens: as it was left last time, or maximised on a screen smaller than its comfortable
size, and never larger than the screen it is on.

The place is kept in `window.ini` in the shop's data folder, beside the database: a shop's counter keeps its own
screen, and a test's window never reads another's.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QByteArray, QRect, QSettings, QSize
from PySide6.QtGui import QGuiApplication, QScreen
from PySide6.QtWidgets import QWidget

# The size the window is laid out for; a screen (less its taskbar) without room for it gets the window maximised.
COMFORTABLE = QSize(1280, 800)
_FILE = "window.ini"


def _contains(outer: QRect, inner: QRect) -> bool:
    return outer.contains(inner.topLeft()) and outer.contains(inner.bottomRight())


class WindowPlacement:
    """Shows `window` where it belongs (`show`) and remembers where it was (`remember`, when it closes)."""

    def __init__(self, window: QWidget, folder: Path) -> None:
        self.window = window
        self.store = QSettings(str(folder / _FILE), QSettings.Format.IniFormat)

    def _screen(self) -> QScreen:
        screen = self.window.screen() or QGuiApplication.primaryScreen()
        assert screen is not None, "Qt has no screen to show the window on"
        return screen

    def show(self) -> None:
        area = self._screen().availableGeometry()
        saved = self.store.value("geometry")
        maximised = str(self.store.value("maximised", "false")).lower() == "true"
        if isinstance(saved, QByteArray) and self.window.restoreGeometry(saved):
            if not maximised and _contains(area, self.window.frameGeometry()):
                self.window.show()
                return
            if maximised:
                self._maximise(area)
                return
        small = area.width() < COMFORTABLE.width() + 40 or area.height() < COMFORTABLE.height() + 40
        if small:
            self._maximise(area)
            return
        size = COMFORTABLE
        self.window.resize(size)
        self.window.move(area.center().x() - size.width() // 2, area.center().y() - size.height() // 2)
        self.window.show()

    def _maximise(self, area: QRect) -> None:
        # Without a window manager (a kiosk session) "maximised" is only a flag; the geometry makes it true there.
        self.window.setGeometry(area)
        self.window.showMaximized()

    def remember(self) -> None:
        self.store.setValue("geometry", self.window.saveGeometry())
        self.store.setValue("maximised", self.window.isMaximized())
        self.store.sync()

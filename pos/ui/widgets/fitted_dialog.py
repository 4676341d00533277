"""Dialogs that open no larger than the screen they are on, with every hint in their fields whole."""

from __future__ import annotations

from PySide6.QtCore import QRect
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import QDialog, QLineEdit, QWidget

from pos.ui.widgets.style import whole_placeholder

# A dialog's own title bar, which the screen's free area does not leave room for by itself.
TITLE_BAR = 32


def screen_room(widget: QWidget) -> QRect:
    """The part of `widget`'s screen a window may use (less the taskbar), less a title bar."""
    screen = widget.screen()
    area = screen.availableGeometry() if screen is not None else QRect(0, 0, 1024, 768)
    return area.adjusted(0, TITLE_BAR, 0, 0)


def fit_on_screen(window: QWidget) -> None:
    """Shrink `window` to its screen's free area (never below its least size) and keep it inside that area."""
    room = screen_room(window)
    size = window.size().boundedTo(room.size()).expandedTo(window.minimumSizeHint())
    if size != window.size():
        window.resize(size)
    frame = window.frameGeometry()
    x = min(max(frame.x(), room.x()), max(room.right() - frame.width() + 1, room.x()))
    y = min(max(frame.y(), room.y() - TITLE_BAR), max(room.bottom() - frame.height() + 1, room.y() - TITLE_BAR))
    if (x, y) != (frame.x(), frame.y()):
        window.move(x, y)


class FittedDialog(QDialog):
    """A dialog that, when shown, keeps its fields' hints whole and itself within the screen."""

    def showEvent(self, event: QShowEvent) -> None:
        for field in self.findChildren(QLineEdit):
            if field.placeholderText():
                whole_placeholder(field)
        super().showEvent(event)
        fit_on_screen(self)

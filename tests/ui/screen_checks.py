"""Looking at an owner's screen as a person would: no text cut off, and its picture for the documentation.

With LACI_SCREENSHOTS set to a folder, `save` writes the picture there
(`LACI_SCREENSHOTS=docs/screenshots pytest tests/ui/test_first_run.py tests/ui/test_settings_screen.py`).
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from PySide6.QtGui import QFont
from PySide6.QtWidgets import QApplication, QComboBox, QLabel, QPushButton, QWidget

from pos.ui.app import MIN_POINT_SIZE

SCREEN = (1280, 800)


@contextmanager
def app_font() -> Iterator[None]:
    """The type size the app starts with (`make_application`), for widgets made inside; the test's own after."""
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    before = QFont(app.font())
    font = QFont(before)
    font.setPointSizeF(max(font.pointSizeF(), MIN_POINT_SIZE))
    app.setFont(font)
    try:
        yield
    finally:
        app.setFont(before)


def clipped(root: QWidget) -> list[str]:
    """Visible buttons, one-line labels and drop-downs whose text is wider than the room they have."""
    QApplication.processEvents()
    found = []
    for widget in root.findChildren(QWidget):
        if not widget.isVisible():
            continue
        if isinstance(widget, QComboBox):
            texts, room = [widget.currentText()], widget.contentsRect().width() - 40  # the arrow
        elif isinstance(widget, QPushButton):
            texts, room = widget.text().split("\n"), widget.contentsRect().width() - 24
        elif isinstance(widget, QLabel) and not widget.wordWrap() and widget.text():
            texts, room = widget.text().split("\n"), widget.contentsRect().width()
        else:
            continue
        metrics = widget.fontMetrics()
        found += [f"{type(widget).__name__} {t!r}" for t in texts if metrics.horizontalAdvance(t) > room]
    return found


def save(widget: QWidget, name: str, tmp_path: Path) -> Path:
    folder = Path(os.environ.get("LACI_SCREENSHOTS") or tmp_path)
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    assert widget.grab().save(str(path))
    return path

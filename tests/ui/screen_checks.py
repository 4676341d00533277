"""Looking at an owner's screen as a person would: no text cut off, and its picture for the documentation.

With LACI_SCREENSHOTS set to a folder, `save` writes the picture there
(`LACI_SCREENSHOTS=docs/screenshots pytest tests/ui/test_first_run.py tests/ui/test_settings_screen.py`).
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from fit_support import problems
from PySide6.QtGui import QFont
from PySide6.QtWidgets import QApplication, QWidget

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
    """Visible labels, buttons, drop-downs, tabs, headings and whole cells whose text is cut (see fit_support)."""
    return problems(root)


def save(widget: QWidget, name: str, tmp_path: Path) -> Path:
    folder = Path(os.environ.get("LACI_SCREENSHOTS") or tmp_path)
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    assert widget.grab().save(str(path))
    return path

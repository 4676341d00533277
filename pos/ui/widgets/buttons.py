"""Buttons big enough for a thumb, that show their keyboard shortcut and never take the keyboard focus."""

from __future__ import annotations

from collections.abc import Callable
from typing import Literal

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QPushButton, QSizePolicy, QWidget

from pos.ui.widgets.style import DANGER_BUTTON, PLAIN_BUTTON, PRIMARY_BUTTON, TOUCH_HEIGHT

Kind = Literal["plain", "primary", "danger"]
_STYLES: dict[str, str] = {"plain": PLAIN_BUTTON, "primary": PRIMARY_BUTTON, "danger": DANGER_BUTTON}


def key_text(key: QKeySequence | Qt.Key | str) -> str:
    """How a shortcut is written on a key cap: `F12`, `Esc`, `Del`."""
    sequence = key if isinstance(key, QKeySequence) else QKeySequence(key)
    return sequence.toString(QKeySequence.SequenceFormat.NativeText)


class BigButton(QPushButton):
    """A touch-sized button; with `key`, its label starts with the key that does the same (`F12  Bayar`).

    It does not take focus when pressed, so at the counter the scan field keeps the scanner's keystrokes.
    """

    def __init__(
        self,
        text: str,
        key: QKeySequence | Qt.Key | str | None = None,
        *,
        kind: Kind = "plain",
        height: int = TOUCH_HEIGHT,
        on_click: Callable[[], object] | None = None,
        focusable: bool = False,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.key = key_text(key) if key is not None else ""
        self.label = text
        self.setText(f"{self.key}  {text}" if self.key else text)
        self.setMinimumHeight(height)
        self.setMinimumWidth(height)
        self.setStyleSheet(_STYLES[kind] + "QPushButton { padding: 4px 14px; }")
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.setFixedHeight(height)
        self.setAutoDefault(False)
        if not focusable:
            self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        if on_click is not None:
            self.clicked.connect(lambda _checked=False: on_click())

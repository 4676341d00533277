"""Buttons big enough for a thumb, that show their keyboard shortcut and never take the keyboard focus."""

from __future__ import annotations

from collections.abc import Callable
from typing import Literal

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QPushButton, QSizePolicy, QWidget

from pos.ui.widgets.style import DANGER_BUTTON, PLAIN_BUTTON, PRIMARY_BUTTON, TOUCH_HEIGHT

Kind = Literal["plain", "primary", "danger"]
_STYLES: dict[str, str] = {"plain": PLAIN_BUTTON, "primary": PRIMARY_BUTTON, "danger": DANGER_BUTTON}
# On a small screen a button may give up some of its height, never below what a thumb still hits (about 9 mm
# at 125% on a 14-inch laptop) nor below its text.
COMPACT_HEIGHT = 40


def key_text(key: QKeySequence | Qt.Key | str) -> str:
    """How a shortcut is written on a key cap: `F12`, `Esc`, `Del`."""
    sequence = key if isinstance(key, QKeySequence) else QKeySequence(key)
    return sequence.toString(QKeySequence.SequenceFormat.NativeText)


class BigButton(QPushButton):
    """A touch-sized button; with `key`, its label starts with the key that does the same (`F12  Bayar`), or with
    `stacked`, the key on a line above the label, like a key cap, for rows of many narrow buttons.

    It is `height` tall where there is room and shrinks towards `COMPACT_HEIGHT` where there is not. It does not
    take focus when pressed, so at the counter the scan field keeps the scanner's keystrokes.
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
        stacked: bool = False,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.key = key_text(key) if key is not None else ""
        self.label = text
        self.stacked = stacked
        self.preferred_height = height
        padding = "2px 6px" if stacked else "4px 14px"
        self.setStyleSheet(_STYLES[kind] + f"QPushButton {{ padding: {padding}; }}")
        self.set_label(text)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        self.setMaximumHeight(height)
        self.setAutoDefault(False)
        if not focusable:
            self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        if on_click is not None:
            self.clicked.connect(lambda _checked=False: on_click())

    def set_label(self, text: str) -> None:
        """Change the label, keeping the key in front of it (or above it)."""
        self.label = text
        if not self.key:
            self.setText(text)
        else:
            self.setText(f"{self.key}\n{text}" if self.stacked else f"{self.key}  {text}")
        self.updateGeometry()

    def _least_height(self) -> int:
        lines = self.text().count("\n") + 1
        return min(self.preferred_height, max(COMPACT_HEIGHT, self.fontMetrics().lineSpacing() * lines + 10))

    def sizeHint(self) -> QSize:
        return QSize(super().sizeHint().width(), self.preferred_height)

    def minimumSizeHint(self) -> QSize:
        # Wide enough for its text (a cut label is worse than a wrapped row), and never narrower than tall.
        return QSize(max(super().sizeHint().width(), self._least_height()), self._least_height())

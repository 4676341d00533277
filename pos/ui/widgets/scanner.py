"""The scan field, and a guard that stops a barcode scanner typing into fields meant for people.

A keyboard-wedge scanner is a keyboard: it types the code a few milliseconds a key and ends it with Enter.
Three ways a scan can go wrong, and what is done about each:

- Some scanners end a code with CR and LF, or send Enter twice. The field empties itself at the first Enter,
  so the second finds nothing and is dropped quietly (no beep: the person did nothing wrong).
- Presentation scanners sometimes read one label twice and send the whole code twice. No person can take a
  label away and show it again within `DOUBLE_READ_S`, so the same text ending in a second Enter that soon is
  a double read and is dropped. A different code, or the same code later than that, is a real scan: the time
  is counted between the two Enters, never from keystrokes, so a fast burst of different codes is never cut.
- A scan while the focus is in another field (an amount, a quantity) would type the code there. `ScanGuard`
  watches such a field: when an Enter ends a run of at least `MIN_SCAN_LENGTH` keys each typed within
  `BURST_GAP_S` of the last (faster than any person types), it puts back what the field held before the run,
  swallows the Enter and hands the code to whoever can use it.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Final

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QLineEdit, QWidget

from pos.ui.widgets.style import BIG_TOUCH_HEIGHT, ENTRY_POINT_SIZE, font

DOUBLE_READ_S: Final = 0.05
BURST_GAP_S: Final = 0.03
# EAN-8 is the shortest retail barcode; people rarely type an amount or a quantity that long.
MIN_SCAN_LENGTH: Final = 8
FLASH_MS: Final = 700

Clock = Callable[[], float]

_NORMAL_STYLE = "QLineEdit { border: 2px solid #1857b6; border-radius: 8px; padding: 4px 12px; background: white; }"
_FLASH_STYLE = "QLineEdit { border: 2px solid #a32020; border-radius: 8px; padding: 4px 12px; background: #f9d4d4; }"
_ENTER_KEYS: Final = (Qt.Key.Key_Return, Qt.Key.Key_Enter)


class ScanField(QLineEdit):
    """Where the scanner types. Emits `scanned` once per scan; see the module's notes on doubles.

    Up and Down (move in the cart), Delete on an empty field, and Escape are passed on as signals, so the
    cashier can work the cart without the focus ever leaving this field.
    """

    scanned = Signal(str)
    moved = Signal(int)
    delete_pressed = Signal()
    escape_pressed = Signal()

    def __init__(self, parent: QWidget | None = None, *, clock: Clock = time.monotonic) -> None:
        super().__init__(parent)
        self.clock = clock
        self._last_text = ""
        self._last_at = float("-inf")
        self.setFont(font(self.font(), ENTRY_POINT_SIZE, bold=True))
        self.setMinimumHeight(BIG_TOUCH_HEIGHT)
        self.setStyleSheet(_NORMAL_STYLE)
        self._flash_timer = QTimer(self)
        self._flash_timer.setSingleShot(True)
        self._flash_timer.timeout.connect(lambda: self.setStyleSheet(_NORMAL_STYLE))

    def keyPressEvent(self, event: QKeyEvent) -> None:
        key = event.key()
        if key in _ENTER_KEYS:
            event.accept()
            if not event.isAutoRepeat():
                self._enter()
            return
        if key in (Qt.Key.Key_Up, Qt.Key.Key_Down):
            self.moved.emit(-1 if key == Qt.Key.Key_Up else 1)
            event.accept()
            return
        if key == Qt.Key.Key_Escape:
            self.escape_pressed.emit()
            event.accept()
            return
        if key == Qt.Key.Key_Delete and not self.text():
            self.delete_pressed.emit()
            event.accept()
            return
        super().keyPressEvent(event)

    def _enter(self) -> None:
        text = self.text().strip()
        self.clear()
        if not text:
            return
        now = self.clock()
        if text == self._last_text and now - self._last_at < DOUBLE_READ_S:
            return
        self._last_text, self._last_at = text, now
        self.scanned.emit(text)

    def flash(self) -> None:
        """Turn red for a moment: the scan was not understood."""
        self.setStyleSheet(_FLASH_STYLE)
        self._flash_timer.start(FLASH_MS)

    def is_flashing(self) -> bool:
        return self._flash_timer.isActive()


class ScanGuard(QObject):
    """Watches a widget meant for people; a scan typed into it is emitted as `caught` instead.

    On a `QLineEdit` the field gets back what it held before the scan began. On any other widget (a dialog
    holding the focus itself, say) the scan's Enter is swallowed, so it can never press a button.
    """

    caught = Signal(str)

    def __init__(self, widget: QWidget, *, clock: Clock = time.monotonic) -> None:
        super().__init__(widget)
        self.widget = widget
        self.clock = clock
        self._typed = ""
        self._before = ""
        self._last_key = float("-inf")
        widget.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is not self.widget:
            return False
        if event.type() == QEvent.Type.FocusOut:
            self._typed = ""  # what comes after the focus returns is a new run
            return False
        if event.type() != QEvent.Type.KeyPress or not isinstance(event, QKeyEvent):
            return False
        now = self.clock()
        quick = now - self._last_key <= BURST_GAP_S
        self._last_key = now
        field = self.widget if isinstance(self.widget, QLineEdit) else None
        if event.key() in _ENTER_KEYS:
            code, self._typed = self._typed, ""
            if quick and len(code) >= MIN_SCAN_LENGTH:
                if field is not None:
                    field.setText(self._before)
                self.caught.emit(code)
                return True
            return False
        text = event.text()
        if not (text and text.isprintable()):
            self._typed = ""  # scanners send printable keys and Enter, nothing else
            return False
        if not quick:
            # A new run starts with this key: keep what a person had typed before it, to put it back.
            self._before = field.text() if field is not None else ""
            self._typed = ""
        self._typed += text
        return False

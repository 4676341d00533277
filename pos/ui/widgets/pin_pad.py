"""The PIN pad: ten digits to tap or type, masked, and a dialog that asks for a PIN (the owner's, say) in place."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QRegularExpression, Qt, Signal
from PySide6.QtGui import QKeyEvent, QRegularExpressionValidator, QShowEvent
from PySide6.QtWidgets import (
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLayout,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from pos.i18n import _
from pos.ui.widgets.buttons import BigButton
from pos.ui.widgets.fitted_dialog import FittedDialog
from pos.ui.widgets.scanner import ScanGuard
from pos.ui.widgets.style import BIG_TOUCH_HEIGHT, ENTRY_POINT_SIZE, ERROR_TEXT, MUTED_TEXT, TOUCH_HEIGHT, font, label

# PINs are 4 to 6 digits in the core; the field only stops what can never be a PIN.
_MAX_DIGITS = 6


class PinPad(QWidget):
    """A masked PIN field with a 3x4 pad under it; Enter or OK emits `submitted` with the digits."""

    submitted = Signal(str)
    cancelled = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.field = QLineEdit()
        self.field.setObjectName("pinField")
        self.field.setEchoMode(QLineEdit.EchoMode.Password)
        self.field.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.field.setValidator(QRegularExpressionValidator(QRegularExpression(rf"\d{{0,{_MAX_DIGITS}}}"), self))
        self.field.setFont(font(self.font(), ENTRY_POINT_SIZE * 1.4, bold=True))
        self.field.setMinimumHeight(TOUCH_HEIGHT)
        self.field.setPlaceholderText(_("PIN"))
        self.field.returnPressed.connect(self.submit)
        self.field.installEventFilter(self)
        # A scan landing here would be sent as a wrong PIN and count towards the lockout.
        ScanGuard(self.field).caught.connect(lambda _code: self.field.clear())

        grid = QGridLayout()
        grid.setSpacing(8)
        for n in range(1, 10):
            grid.addWidget(self._digit(str(n)), (n - 1) // 3, (n - 1) % 3)
        self.back_button = BigButton("⌫", height=BIG_TOUCH_HEIGHT, on_click=self.field.backspace)
        self.back_button.setToolTip(_("Delete the last digit (Backspace)"))
        self.ok_button = BigButton(_("OK"), kind="primary", height=BIG_TOUCH_HEIGHT, on_click=self.submit)
        grid.addWidget(self.back_button, 3, 0)
        grid.addWidget(self._digit("0"), 3, 1)
        grid.addWidget(self.ok_button, 3, 2)

        box = QVBoxLayout(self)
        box.setContentsMargins(0, 0, 0, 0)
        box.setSpacing(12)
        box.addWidget(self.field)
        box.addLayout(grid)

    def _digit(self, digit: str) -> BigButton:
        button = BigButton(digit, height=BIG_TOUCH_HEIGHT, on_click=lambda: self.field.insert(digit))
        button.setFont(font(button.font(), ENTRY_POINT_SIZE, bold=True))
        return button

    def pin(self) -> str:
        return self.field.text()

    def clear(self) -> None:
        self.field.clear()

    def focus(self) -> None:
        self.field.setFocus()

    def submit(self) -> None:
        if self.field.text():
            self.submitted.emit(self.field.text())

    def set_busy(self, busy: bool) -> None:
        """Stop input while a PIN is being checked (argon2 is slow on purpose)."""
        self.setEnabled(not busy)
        if not busy:
            self.field.setFocus()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (
            watched is self.field
            and isinstance(event, QKeyEvent)
            and event.type() == QEvent.Type.KeyPress
            and event.key() == Qt.Key.Key_Escape
        ):
            self.cancelled.emit()
            return True
        return False


class PinDialog(FittedDialog):
    """Asks for a PIN without blocking: `pin_entered` carries it; the caller checks it and then calls `accept()`
    or `show_error()`. Open it with `open()`; it is window-modal over the counter."""

    pin_entered = Signal(str)

    def __init__(self, title: str, message: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("pinDialog")
        self.setWindowTitle(title)
        self.setModal(True)
        self.title = label(title, factor=1.6, bold=True)
        self.message = QLabel(message)
        self.message.setWordWrap(True)
        self.message.setMinimumWidth(360)
        self.error = label(style=ERROR_TEXT)
        self.error.setWordWrap(True)
        self.error.setObjectName("pinError")
        self.busy = label(style=MUTED_TEXT)
        self.pad = PinPad()
        self.pad.submitted.connect(self._submitted)
        self.pad.cancelled.connect(self.reject)
        cancel = BigButton(_("Cancel"), Qt.Key.Key_Escape, on_click=self.reject)
        buttons = QHBoxLayout()
        buttons.addWidget(cancel)
        box = QVBoxLayout(self)
        # Exactly as big as the pad and the (wrapped) message need: a clipped 0 key cannot be typed by touch.
        box.setSizeConstraint(QLayout.SizeConstraint.SetFixedSize)
        box.setContentsMargins(24, 20, 24, 20)
        box.setSpacing(12)
        box.addWidget(self.title)
        box.addWidget(self.message)
        box.addWidget(self.pad)
        box.addWidget(self.error)
        box.addWidget(self.busy)
        box.addLayout(buttons)
        self.pad.focus()

    def _submitted(self, pin: str) -> None:
        self.error.clear()
        self.busy.setText(_("Checking the PIN…"))
        self.pad.set_busy(True)
        self.pin_entered.emit(pin)

    def show_error(self, message: str) -> None:
        """The PIN was refused: say why, clear it and let the person try again."""
        self.busy.clear()
        self.error.setText(message)
        self.pad.clear()
        self.pad.set_busy(False)
        self.pad.focus()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self.pad.focus()

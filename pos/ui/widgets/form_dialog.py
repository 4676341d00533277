"""A small non-blocking dialog: a title, a form, a line for messages, Cancel and one main button (Enter)."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QFormLayout, QHBoxLayout, QVBoxLayout, QWidget

from pos.i18n import _
from pos.ui.widgets.buttons import BigButton
from pos.ui.widgets.fitted_dialog import FittedDialog
from pos.ui.widgets.scroll import DownScroll
from pos.ui.widgets.style import ERROR_TEXT, MUTED_TEXT, OK_TEXT, label, whole_amounts


class FormDialog(FittedDialog):
    """Enter (anywhere but a multi-line field) presses the main button, which emits `submitted`.

    Open it with `open()`; the caller does the work on the worker and then calls `accept()` or `say(...)`.
    """

    submitted = Signal()

    def __init__(self, title: str, submit_text: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.setModal(True)
        self.setMinimumWidth(560)
        self.heading = label(title, factor=1.5, bold=True)
        self.form = QFormLayout()
        self.form.setVerticalSpacing(10)
        self.form.setHorizontalSpacing(16)
        self.status = label()
        self.status.setObjectName("dialogStatus")
        self.status.setWordWrap(True)
        # Room for a two-line message from the start, so one arriving later never squeezes the form.
        self.status.setMinimumHeight(self.status.fontMetrics().lineSpacing() * 2 + 4)
        self.cancel_button = BigButton(_("Cancel"), "Esc", on_click=self.reject)
        self.submit_button = BigButton(submit_text, "Enter", kind="primary", on_click=self.submit)
        buttons = QHBoxLayout()
        buttons.addWidget(self.cancel_button, 1)
        buttons.addWidget(self.submit_button, 2)
        self.body = QVBoxLayout(self)
        self.body.setContentsMargins(24, 18, 24, 18)
        self.body.setSpacing(12)
        self.body.addWidget(self.heading)
        # The fields scroll where a small screen is shorter than the form; the buttons stay in view.
        self.fields = DownScroll(self.form)
        self.body.addWidget(self.fields, 1)
        self.body.addWidget(self.status)
        self.body.addLayout(buttons)

    def submit(self) -> None:
        if self.submit_button.isEnabled():
            self.submitted.emit()

    def say(self, text: str, *, error: bool = False, ok: bool = False) -> None:
        self.status.setText(whole_amounts(text))
        self.status.setStyleSheet(ERROR_TEXT if error else OK_TEXT if ok else MUTED_TEXT)

    def set_busy(self, busy: bool) -> None:
        self.submit_button.setEnabled(not busy)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            event.accept()
            self.submit()
            return
        super().keyPressEvent(event)

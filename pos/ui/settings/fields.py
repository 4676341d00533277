"""Form rows for the owner's screens: a label, the field, a muted hint, and a line for the core's refusal under it.

Fields are named by the setting (or form field) they edit, the same names the core's `InvalidSetting` carries,
so a refusal from the worker lands next to the field it is about.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TypeVar

from PySide6.QtCore import QRegularExpression, Qt
from PySide6.QtGui import QRegularExpressionValidator
from PySide6.QtWidgets import QComboBox, QFormLayout, QHBoxLayout, QLabel, QLineEdit, QVBoxLayout, QWidget

from pos.ui.widgets.style import ERROR_TEXT, MUTED_TEXT, TOUCH_HEIGHT, label

W = TypeVar("W", bound=QWidget)

FIELD_HEIGHT = TOUCH_HEIGHT - 8
MAX_FORM_WIDTH = 820  # a line of a form read at a glance; wider only stretches the fields
_PIN_DIGITS = 6


def line_edit(placeholder: str = "", *, width: int | None = None) -> QLineEdit:
    field = QLineEdit()
    field.setPlaceholderText(placeholder)
    field.setMinimumHeight(FIELD_HEIGHT)
    if width is not None:
        field.setMaximumWidth(width)
    return field


def pin_edit(placeholder: str = "") -> QLineEdit:
    """A masked field that takes only digits, at most six: the core says what else a PIN must be."""
    field = line_edit(placeholder, width=220)
    field.setEchoMode(QLineEdit.EchoMode.Password)
    field.setValidator(QRegularExpressionValidator(QRegularExpression(rf"\d{{0,{_PIN_DIGITS}}}"), field))
    return field


def combo(choices: list[tuple[str, object]], *, width: int | None = None) -> QComboBox:
    """A drop-down of (text, value) pairs; the value is the item's data."""
    box = QComboBox()
    for text, value in choices:
        box.addItem(text, value)
    box.setMinimumHeight(FIELD_HEIGHT)
    if width is not None:
        # As wide as `width` where there is room; on a small screen as narrow as its longest choice allows.
        needed = max((box.fontMetrics().horizontalAdvance(text) for text, _value in choices), default=0) + 48
        box.setMinimumWidth(min(width, needed))
        box.setMaximumWidth(width + 120)
    return box


def choose(box: QComboBox, value: object) -> None:
    """Select the item whose data is `value` (the first item if none is)."""
    index = box.findData(value)
    box.setCurrentIndex(max(index, 0))


class FieldForm(QWidget):
    """A form whose rows each have room for a refusal, shown in red right under the field."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        # The width cap is on an inner widget: a row around it then asks the form's height at the width it really
        # gets. Capped itself, the form was asked its height at the wider width on offer and cut its wrapped hints.
        body = QWidget()
        body.setMaximumWidth(MAX_FORM_WIDTH)
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(body, 1)
        row.addStretch(0)
        self.form = QFormLayout(body)
        self.form.setContentsMargins(0, 0, 0, 0)
        self.form.setVerticalSpacing(12)
        self.form.setHorizontalSpacing(20)
        self.form.setLabelAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop)
        self.form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.errors: dict[str, QLabel] = {}
        self.fields: dict[str, QWidget] = {}

    def add(self, key: str, text: str, field: W, hint: str = "") -> W:
        """A row for `key`; returns `field` so it can be kept in one line."""
        error = label(style=ERROR_TEXT)
        error.setObjectName(f"error:{key}")
        error.setWordWrap(True)
        error.hide()
        cell = QWidget()
        column = QVBoxLayout(cell)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(3)
        column.addWidget(field)
        if hint:
            note = label(hint, factor=0.9, style=MUTED_TEXT)
            note.setWordWrap(True)
            column.addWidget(note)
        column.addWidget(error)
        caption = label(text)
        caption.setFixedHeight(FIELD_HEIGHT)  # level with the field, however tall its hint and refusal make the row
        caption.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        caption.setBuddy(field)
        self.form.addRow(caption, cell)
        self.errors[key] = error
        self.fields[key] = field
        return field

    def add_row(self, text: str, widget: QWidget) -> None:
        """A row with no refusal of its own (a button, a read-only line)."""
        caption = label(text)
        caption.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        caption.setFixedHeight(max(widget.minimumHeight(), widget.sizeHint().height(), caption.sizeHint().height()))
        self.form.addRow(caption, widget)

    def clear_problems(self) -> None:
        for error in self.errors.values():
            error.clear()
            error.hide()
        self.form.invalidate()

    def show_problems(self, problems: Mapping[str, str]) -> list[str]:
        """Show each refusal by its field (clearing the others); returns the keys of this form that were refused
        and puts the focus in the first of them."""
        self.clear_problems()
        mine = [key for key in problems if key in self.errors]
        for key in mine:
            self.errors[key].setText(problems[key])
            self.errors[key].show()
        # QFormLayout keeps the rows' heights for a given width; a refusal appearing must make its row taller.
        self.form.invalidate()
        if mine:
            self.fields[mine[0]].setFocus()
        return mine

    def problem(self, key: str) -> str:
        """The refusal shown by `key`'s field, or an empty string."""
        error = self.errors[key]
        return error.text() if not error.isHidden() else ""

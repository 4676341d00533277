"""What the prices screen's forms share: a reduction typed as `10%` or `2.000`, its text, and a page's frame."""

from __future__ import annotations

from PySide6.QtWidgets import QHBoxLayout, QLineEdit, QVBoxLayout, QWidget

from pos.ledger.base import fmt
from pos.ui.counter.cart_model import DiscountTextError, parse_discount
from pos.ui.widgets.style import ERROR_TEXT, MUTED_TEXT, OK_TEXT, TOUCH_HEIGHT, label


def parse_off(text: str) -> tuple[int, int]:
    """(basis points, rupiah) from `10%` or `2.000`, the way the counter reads a discount; the core's words when
    it is neither."""
    try:
        found = parse_discount(text)
    except DiscountTextError as error:
        raise ValueError(str(error)) from None
    return found.percent_bp, found.rupiah


def off_text(percent_bp: int, rupiah: int) -> str:
    return fmt.percent(percent_bp) if percent_bp else fmt.rupiah(rupiah) if rupiah else ""


def line_field(placeholder: str = "", max_length: int = 80) -> QLineEdit:
    field = QLineEdit()
    field.setMinimumHeight(TOUCH_HEIGHT)
    field.setMaxLength(max_length)
    field.setPlaceholderText(placeholder)
    return field


class Page(QWidget):
    """A page of the prices screen: a row of buttons over its lists, and a line for what the core answered."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.buttons = QHBoxLayout()
        self.buttons.setSpacing(8)
        self.message = label()
        self.message.setWordWrap(True)
        self.box = QVBoxLayout(self)
        self.box.setContentsMargins(0, 8, 0, 0)
        self.box.setSpacing(8)
        self.box.addLayout(self.buttons)

    def say(self, text: str, *, error: bool = False, ok: bool = False) -> None:
        self.message.setText(text)
        self.message.setStyleSheet(ERROR_TEXT if error else OK_TEXT if ok else MUTED_TEXT)

    def refresh(self) -> None:
        raise NotImplementedError

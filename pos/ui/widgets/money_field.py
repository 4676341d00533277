"""A field for an amount of rupiah as a shopkeeper types it: `50000`, `50.000` or `Rp 50.000`."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLineEdit, QWidget

from pos.ledger.base import fmt
from pos.ledger.base.errors import InvalidInput
from pos.ledger.base.money import Money
from pos.ui.widgets.style import ENTRY_POINT_SIZE, TOUCH_HEIGHT, font


class MoneyField(QLineEdit):
    """Reads its text with the core's `Money.parse`; `amount()` raises the core's (translated) error."""

    def __init__(self, parent: QWidget | None = None, *, point_size: float = ENTRY_POINT_SIZE) -> None:
        super().__init__(parent)
        self.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self.setFont(font(self.font(), point_size, bold=True))
        self.setMinimumHeight(max(TOUCH_HEIGHT, self.fontMetrics().height() + 16))
        self.setPlaceholderText("Rp 0")
        self.editingFinished.connect(self._tidy)

    def is_blank(self) -> bool:
        return not self.text().strip()

    def amount(self) -> Money:
        """The amount typed; `InvalidInput` (with the shopkeeper's text in it) when it is not one."""
        return Money.parse(self.text())

    def amount_or_none(self) -> Money | None:
        """The amount typed, or None when the field is blank."""
        return None if self.is_blank() else self.amount()

    def set_amount(self, amount: Money | int | None) -> None:
        self.setText("" if amount is None else fmt.number(int(amount)))

    def _tidy(self) -> None:
        # Show what was understood in the shop's own grouping, so a mistyped zero stands out.
        try:
            value = self.amount_or_none()
        except InvalidInput:
            return
        if value is not None:
            self.setText(fmt.number(value.rupiah))

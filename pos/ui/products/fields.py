"""Entry fields for the back office: rupiah and quantities read with the core's own parsers."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLineEdit, QWidget

from pos.ledger.base import fmt
from pos.ledger.base.errors import InvalidInput
from pos.ledger.base.money import MILLI, Money, Qty

_RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter


class AmountEdit(QLineEdit):
    """Rupiah as a shopkeeper types them (`5000`, `5.000`, `Rp 5.000`); tidied to `5.000` when left."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAlignment(_RIGHT)
        self.setPlaceholderText("0")
        self.editingFinished.connect(self._tidy)

    def amount(self) -> Money:
        """The amount typed (blank is zero); the core's translated `InvalidInput` when it is not one."""
        return Money.parse(self.text()) if self.text().strip() else Money(0)

    def amount_or_none(self) -> Money | None:
        return None if not self.text().strip() else Money.parse(self.text())

    def set_amount(self, amount: Money | int | None) -> None:
        self.setText("" if amount is None else fmt.number(int(amount)))

    def _tidy(self) -> None:
        try:
            value = self.amount_or_none()
        except InvalidInput:
            return  # left as typed; the error is shown when the form is saved
        if value is not None:
            self.setText(fmt.number(value.rupiah))


class QtyEdit(QLineEdit):
    """A quantity: `3`, `2,5` or `0.25`, read in thousandths of the product's unit."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAlignment(_RIGHT)
        self.setPlaceholderText("0")

    def qty(self) -> Qty:
        """The quantity typed (blank is zero); the core's translated `InvalidInput` when it is not one."""
        return Qty.parse(self.text()) if self.text().strip() else Qty(0)

    def set_qty(self, milli: int) -> None:
        self.setText(plain_qty(milli))


def plain_qty(milli: int) -> str:
    """A quantity as `Qty.parse` reads it back: no thousands dots (`1.500` would read as one and a half)."""
    whole, frac = divmod(abs(milli), MILLI)
    sign = "-" if milli < 0 else ""
    if not frac:
        return f"{sign}{whole}"
    return f"{sign}{whole},{str(frac).rjust(3, '0').rstrip('0')}"

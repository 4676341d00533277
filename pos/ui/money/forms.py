"""A choice of the shop's money accounts that shows what each holds, for the money screen's forms."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtWidgets import QComboBox, QWidget

from pos.ledger.base import fmt
from pos.ui.money.reading import MoneyView
from pos.ui.widgets.style import TOUCH_HEIGHT


class AccountChoice(QComboBox):
    """One of the given money accounts, each shown with its balance; `code()` is the account chosen."""

    def __init__(self, codes: Sequence[str], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.codes = tuple(codes)
        self.setMinimumHeight(TOUCH_HEIGHT)
        for code in self.codes:
            self.addItem(code, code)

    def show_balances(self, view: MoneyView) -> None:
        for i, code in enumerate(self.codes):
            self.setItemText(i, f"{view.name(code)} — {fmt.rupiah(view.balance(code))}")

    def code(self) -> str:
        return str(self.currentData())

    def choose(self, code: str) -> None:
        self.setCurrentIndex(self.codes.index(code))

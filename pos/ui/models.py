"""Qt item models over the ledger's read results; they hold plain values and never query anything."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, Generic, TypeVar

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, Qt
from PySide6.QtGui import QColor

from pos import i18n
from pos.i18n import _
from pos.ledger.base import fmt
from pos.ledger.books.balances import AccountBalance

_Index = QModelIndex | QPersistentModelIndex
R = TypeVar("R")


class RowsModel(QAbstractTableModel, Generic[R]):
    """A read-only table over a page of rows the core returned; subclasses say how many columns and draw cells."""

    COLUMNS = 0

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.rows: tuple[R, ...] = ()

    def set_rows(self, rows: Sequence[R]) -> None:
        self.beginResetModel()
        self.rows = tuple(rows)
        self.endResetModel()

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008 - Qt's own signature
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008 - Qt's own signature
        return 0 if parent.isValid() else self.COLUMNS


_MUTED = QColor("#8a8f98")


def _alignment(column: int) -> Qt.AlignmentFlag:
    # Amounts line up on their last digit, as in a cash book.
    if column == AccountsModel.BALANCE:
        return Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
    return Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter


class AccountsModel(QAbstractTableModel):
    """The chart of accounts with balances: code, name in the shop's language, balance in rupiah."""

    CODE, NAME, BALANCE = range(3)

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._accounts: tuple[AccountBalance, ...] = ()

    def set_accounts(self, accounts: Sequence[AccountBalance]) -> None:
        self.beginResetModel()
        self._accounts = tuple(accounts)
        self.endResetModel()

    def account(self, row: int) -> AccountBalance:
        return self._accounts[row]

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008 - Qt's own signature
        return 0 if parent.isValid() else len(self._accounts)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008 - Qt's own signature
        return 0 if parent.isValid() else 3

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        account = self._accounts[index.row()]
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            if column == self.CODE:
                return account.code
            if column == self.NAME:
                return account.name if i18n.language() == "id" else account.name_en
            return fmt.rupiah(account.balance)
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return _alignment(column)
        if role == Qt.ItemDataRole.ForegroundRole and account.balance == 0:
            # Untouched accounts recede, so the ones that carry money stand out.
            return _MUTED
        return None

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation != Qt.Orientation.Horizontal:
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return (_("Code"), _("Account"), _("Balance"))[section]
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return _alignment(section)
        return None

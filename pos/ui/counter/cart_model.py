"""The cart table: a Qt model over the core's `Cart`, priced by the core after every change.

Edits go through `Cart.set_qty` and `Cart.set_line_discount`; when the core refuses one (or the cart would no
longer price, such as a discount now larger than its line), the cart is put back as it was and the core's
message is emitted through `edit_failed`.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QColor

from pos.i18n import _
from pos.ledger.base import fmt
from pos.ledger.base.errors import LedgerError
from pos.ledger.base.ids import CustomerId
from pos.ledger.base.money import MILLI, Money, Qty
from pos.ledger.counter.cart import Cart, CartLine
from pos.ledger.counter.pricing import NO_DISCOUNT, Discount, PpnRule, PricedCart, milli_of_base

_Index = QModelIndex | QPersistentModelIndex
_PERCENT = re.compile(r"^(\d{1,3})(?:[.,](\d{1,2}))?\s*%$")
_RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
_LEFT = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter
_SAVING = QColor("#1d6b3a")
_ROLES = frozenset(
    {
        Qt.ItemDataRole.DisplayRole,
        Qt.ItemDataRole.EditRole,
        Qt.ItemDataRole.TextAlignmentRole,
        Qt.ItemDataRole.ForegroundRole,
        Qt.ItemDataRole.ToolTipRole,
    }
)


class DiscountTextError(ValueError):
    """What the cashier typed in the discount cell is neither an amount nor a percentage."""


def parse_discount(text: str) -> Discount:
    """`2.000` or `Rp 2.000` (rupiah off the line), `10%` or `12,5%` (of the line); blank for none."""
    cleaned = text.strip()
    if not cleaned:
        return NO_DISCOUNT
    match = _PERCENT.match(cleaned)
    if match:
        return Discount(percent_bp=int(match.group(1)) * 100 + int((match.group(2) or "").ljust(2, "0")))
    try:
        return Discount(rupiah=Money.parse(cleaned).rupiah)
    except LedgerError:
        raise DiscountTextError(
            _("'{text}' is not a discount: type an amount such as 2.000 or a percentage such as 10%.").format(
                text=cleaned
            )
        ) from None


def discount_text(discount: Discount, amount: int) -> str:
    if discount.is_zero:
        return ""
    if discount.percent_bp:
        whole, part = divmod(discount.percent_bp, 100)
        return f"{whole}%" if not part else f"{whole},{part:02d}".rstrip("0") + "%"
    return fmt.rupiah(amount)


class CartModel(QAbstractTableModel):
    """The lines being sold: name, quantity, price, discount and line total, as the receipt will show them."""

    NO, NAME, QTY, PRICE, DISCOUNT, TOTAL = range(6)

    totals_changed = Signal(object)
    """The cart as the core prices it now (a `PricedCart`)."""
    edit_failed = Signal(str)

    def __init__(self, rule: PpnRule, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.rule = rule
        self.cart = Cart()
        self._priced = self.cart.priced(rule)
        self._shown: dict[int, tuple[str, ...]] = {}

    @property
    def priced(self) -> PricedCart:
        return self._priced

    confirm_qty: Callable[[int, Qty], None] | None = None
    """Set by the checkout: a quantity typed into a line goes through it instead of straight into the cart."""

    def line(self, row: int) -> CartLine:
        return self.cart.lines[row]

    def set_rule(self, rule: PpnRule) -> None:
        self.rule = rule
        self._priced = self.cart.priced(rule)
        self._forget()
        self._all_changed()
        self.totals_changed.emit(self._priced)

    def add_line(self, line: CartLine) -> int:
        """Add a scanned or chosen line; a repeat of a line already there adds to it (the core decides)."""
        before = len(self.cart.lines)
        trial = self._copy()
        row = trial.add(line)
        priced = trial.priced(self.rule)
        if row >= before:
            self.beginInsertRows(QModelIndex(), row, row)
            self.cart, self._priced = trial, priced
            self._forget(row)
            self.endInsertRows()
        else:
            self.cart, self._priced = trial, priced
            self._forget(row)
            self.dataChanged.emit(self.index(row, 0), self.index(row, self.TOTAL))
        if not self.cart.discount.is_zero:
            self._all_changed()
        self.totals_changed.emit(self._priced)
        return row

    def set_cart(self, cart: Cart) -> None:
        """Show another cart (a recalled one)."""
        self.beginResetModel()
        self.cart = cart
        self._priced = cart.priced(self.rule)
        self._forget()
        self.endResetModel()
        self.totals_changed.emit(self._priced)

    def clear(self) -> None:
        self.set_cart(Cart())

    def remove(self, row: int) -> None:
        if not 0 <= row < len(self.cart.lines):
            return
        self.beginRemoveRows(QModelIndex(), row, row)
        self.cart.remove(row)
        self._priced = self.cart.priced(self.rule)
        self._forget()
        self.endRemoveRows()
        self._all_changed()
        self.totals_changed.emit(self._priced)

    def set_customer(self, customer_id: CustomerId | None) -> None:
        self.cart.customer_id = customer_id
        self.totals_changed.emit(self._priced)

    def snapshot(self) -> Cart:
        """A copy of the cart to hand to the worker; the screen may go on changing its own."""
        return self._copy()

    def set_qty(self, row: int, qty: Qty) -> bool:
        return self._edit(row, lambda cart: cart.set_qty(row, qty))

    def set_line_discount(self, row: int, discount: Discount) -> bool:
        return self._edit(row, lambda cart: cart.set_line_discount(row, discount))

    # --- Qt's model interface --------------------------------------------------------------------------------

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008 - Qt's own signature
        return 0 if parent.isValid() else len(self.cart.lines)

    def columnCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008 - Qt's own signature
        return 0 if parent.isValid() else 6

    def flags(self, index: _Index) -> Qt.ItemFlag:
        base = super().flags(index)
        if index.isValid() and index.column() in (self.QTY, self.DISCOUNT):
            return base | Qt.ItemFlag.ItemIsEditable
        return base

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        # The view asks for a dozen roles per cell at every repaint; answer the ones never used at once.
        if role not in _ROLES or not index.isValid() or not 0 <= index.row() < len(self.cart.lines):
            return None
        row, column = index.row(), index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return self._texts(row)[column]
        line = self.cart.lines[row]
        priced = self._priced.lines[row]
        if role == Qt.ItemDataRole.EditRole:
            if column == self.QTY:
                return fmt.qty(line.qty)
            if column == self.DISCOUNT:
                return discount_text(line.discount, priced.line_discount)
            return self._texts(row)[column]
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return _LEFT if column == self.NAME else _RIGHT
        if role == Qt.ItemDataRole.ForegroundRole and column == self.DISCOUNT:
            return _SAVING
        if role == Qt.ItemDataRole.ToolTipRole and column in (self.QTY, self.DISCOUNT):
            return _("Double-click or press F3 (quantity) or F6 (discount) to change")
        return None

    def setData(self, index: _Index, value: Any, role: int = Qt.ItemDataRole.EditRole) -> bool:
        if role != Qt.ItemDataRole.EditRole or not index.isValid():
            return False
        text = str(value)
        try:
            if index.column() == self.QTY:
                qty = Qty.parse(text)
                if self.confirm_qty is not None:
                    # The checkout looks at the quantity first (beyond the shop's bound, or the stock) and sets
                    # it itself, once it is sure.
                    self.confirm_qty(index.row(), qty)
                    return False
                return self.set_qty(index.row(), qty)
            if index.column() == self.DISCOUNT:
                return self.set_line_discount(index.row(), parse_discount(text))
        except (LedgerError, DiscountTextError) as error:
            self.edit_failed.emit(str(error))
        return False

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation != Qt.Orientation.Horizontal:
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return (_("No"), _("Item"), _("Qty"), _("Price"), _("Discount"), _("Total"))[section]
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return _LEFT if section == self.NAME else _RIGHT
        return None

    # --- inside ----------------------------------------------------------------------------------------------

    def _texts(self, row: int) -> tuple[str, ...]:
        """The row as shown, formatted once per change rather than at every repaint (formatting is slow)."""
        found = self._shown.get(row)
        if found is None:
            found = self._shown[row] = self._format(row)
        return found

    def _format(self, row: int) -> tuple[str, ...]:
        line = self.cart.lines[row]
        priced = self._priced.lines[row]
        if line.pack_milli != MILLI and not line.is_weighed:
            name = _("{name} (pack of {n})").format(name=line.name, n=fmt.qty(line.pack_milli))
        else:
            name = line.name
        # A weighed line reads as its weight, whether the label carried the weight or the price.
        qty = (
            f"{fmt.qty(milli_of_base(line.qty, line.pack_milli))} {line.unit}" if line.is_weighed else fmt.qty(line.qty)
        )
        return (
            str(row + 1),
            name,
            qty,
            fmt.rupiah(line.unit_price),
            discount_text(line.discount, priced.line_discount),
            fmt.rupiah(priced.gross - priced.line_discount),
        )

    def _forget(self, row: int | None = None) -> None:
        # With a cart discount every line's share moves when one line does.
        if row is None or not self.cart.discount.is_zero:
            self._shown.clear()
        else:
            self._shown.pop(row, None)

    def _copy(self) -> Cart:
        return Cart(list(self.cart.lines), self.cart.discount, self.cart.customer_id, self.cart.note)

    def _edit(self, row: int, change: Callable[[Cart], None]) -> bool:
        trial = self._copy()
        try:
            change(trial)
            priced = trial.priced(self.rule)
        except LedgerError as error:
            self.edit_failed.emit(str(error))
            return False
        self.cart, self._priced = trial, priced
        self._forget()
        self._all_changed()
        self.totals_changed.emit(self._priced)
        return True

    def _all_changed(self) -> None:
        if self.cart.lines:
            self.dataChanged.emit(self.index(0, 0), self.index(len(self.cart.lines) - 1, self.TOTAL))

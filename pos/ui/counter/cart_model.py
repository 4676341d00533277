"""The cart table: a Qt model over the core's `Cart`, priced by the core after every change.

Edits go through `Cart.set_qty` and `Cart.set_line_discount`; when the core refuses one (or the cart would no
longer price, such as a discount now larger than its line), the cart is put back as it was and the core's
message is emitted through `edit_failed`.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QColor

from pos.i18n import _
from pos.ledger.base import fmt
from pos.ledger.base.clock import DEFAULT_TIMEZONE, local, utc_now
from pos.ledger.base.errors import LedgerError
from pos.ledger.base.ids import CustomerId
from pos.ledger.base.money import MILLI, Money, Qty
from pos.ledger.counter.cart import Cart, CartLine
from pos.ledger.counter.line_choices import describe
from pos.ledger.counter.pricing import NO_DISCOUNT, Discount, PpnRule, PricedCart, milli_of_base
from pos.ledger.prices.engine import price_sale
from pos.ledger.prices.outcome import PricedSale
from pos.ledger.prices.terms import EMPTY_BOOK, Moment, PriceBook
from pos.ui.counter.price_rows import row_figures

_Index = QModelIndex | QPersistentModelIndex
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
    try:
        if cleaned.endswith("%"):
            return Discount(percent_bp=fmt.parse_percent(cleaned))
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
        return fmt.percent(discount.percent_bp)
    return fmt.rupiah(amount)


class CartModel(QAbstractTableModel):
    """The lines being sold: name, quantity, price, discount and line total, as the receipt will show them."""

    NO, NAME, QTY, PRICE, DISCOUNT, TOTAL = range(6)

    totals_changed = Signal(object)
    """The cart as the core prices it now (a `PricedCart`)."""
    prices_changed = Signal(object)
    """The same, with every tier, promotion, voucher and points effect and why (a `PricedSale`)."""
    edit_failed = Signal(str)
    edited = Signal()
    """A change the cashier made that worked (a line added or removed, a quantity or discount set); new terms
    read for the cart (a group's prices, a recalled cart) are not one."""

    def __init__(self, rule: PpnRule, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.rule = rule
        self.cart = Cart()
        # The terms and the place the cart is priced with: set by the checkout from the worker's reads.
        self.book: PriceBook = EMPTY_BOOK
        self.channel = "counter"
        self.counter = ""
        self.timezone = DEFAULT_TIMEZONE
        self._sale = self.price(self.cart)
        self._priced = self._sale.priced
        self._shown: dict[int, tuple[str, ...]] = {}

    @property
    def priced(self) -> PricedCart:
        return self._priced

    confirm_qty: Callable[[int, Qty], None] | None = None
    """Set by the checkout: a quantity typed into a line goes through it instead of straight into the cart."""

    @property
    def sale(self) -> PricedSale:
        return self._sale

    def price(self, cart: Cart) -> PricedSale:
        """The cart as the core prices it with the current terms, now: what the sale will book."""
        moment = Moment.at(local(utc_now(), self.timezone), self.channel, self.counter)
        return price_sale(cart, self.book, self.rule, moment)

    def _set_sale(self, cart: Cart, sale: PricedSale) -> None:
        self.cart, self._sale, self._priced = cart, sale, sale.priced

    def set_book(self, book: PriceBook) -> None:
        """Price with new terms (read on the worker): the tiers of a new product, a customer's group, a voucher."""
        self.book = book
        self.reprice()

    def reprice(self) -> None:
        try:
            self._set_sale(self.cart, self.price(self.cart))
        except LedgerError as error:
            # Terms that no longer fit the cart (points above a new balance): drop the asked points, say why.
            self.cart.points = 0
            self._set_sale(self.cart, self.price(self.cart))
            self.edit_failed.emit(str(error))
        self._forget()
        self._all_changed()
        self._emit()

    def _emit(self) -> None:
        self.totals_changed.emit(self._priced)
        self.prices_changed.emit(self._sale)

    def line(self, row: int) -> CartLine:
        return self.cart.lines[row]

    def set_rule(self, rule: PpnRule) -> None:
        self.rule = rule
        self.reprice()

    def add_line(self, line: CartLine) -> int:
        """Add a scanned or chosen line; a repeat of a line already there adds to it (the core decides)."""
        before = len(self.cart.lines)
        trial = self._copy()
        row = trial.add(line)
        sale = self.price(trial)
        if row >= before:
            self.beginInsertRows(QModelIndex(), row, row)
            self._set_sale(trial, sale)
            self._forget(row)
            self.endInsertRows()
        else:
            self._set_sale(trial, sale)
            self._forget(row)
            self.dataChanged.emit(self.index(row, 0), self.index(row, self.TOTAL))
        if not self.cart.discount.is_zero or sale.effects or self.book.promotions:
            # A cart discount, a tier or a promotion moves other lines with this one.
            self._forget()
            self._all_changed()
        self._emit()
        self.edited.emit()
        return row

    def set_cart(self, cart: Cart) -> None:
        """Show another cart (a recalled one)."""
        self.beginResetModel()
        try:
            sale = self.price(cart)
        except LedgerError:
            cart.points = 0  # points held with the cart that the customer no longer has
            sale = self.price(cart)
        self._set_sale(cart, sale)
        self._forget()
        self.endResetModel()
        self._emit()

    def clear(self) -> None:
        self.set_cart(Cart())

    def remove(self, row: int) -> None:
        if not 0 <= row < len(self.cart.lines):
            return
        self.beginRemoveRows(QModelIndex(), row, row)
        self.cart.remove(row)
        self._set_sale(self.cart, self.price(self.cart))
        self._forget()
        self.endRemoveRows()
        self._all_changed()
        self._emit()
        self.edited.emit()

    def set_customer(self, customer_id: CustomerId | None) -> None:
        """The customer buying; their group's prices and points come with the next book the checkout reads."""
        self.cart.customer_id = customer_id
        if customer_id is None:
            self.cart.points = 0
        self.reprice()

    def set_voucher_and_points(self, code: str, points: int) -> bool:
        """The voucher handed over and the points redeemed; False (and `edit_failed`) when the core refuses."""

        def change(cart: Cart) -> None:
            cart.set_voucher(code)
            cart.set_points(points)

        return self._edit(-1, change)

    def snapshot(self) -> Cart:
        """A copy of the cart to hand to the worker; the screen may go on changing its own."""
        return self._copy()

    def set_qty(self, row: int, qty: Qty) -> bool:
        return self._edit(row, lambda cart: cart.set_qty(row, qty))

    def replace_line(self, row: int, before: CartLine, after: CartLine) -> bool:
        """Put `after` (the same line with other add-ons) in place of `before`, if row `row` still holds it."""
        if not 0 <= row < len(self.cart.lines) or self.cart.lines[row] != before:
            self.edit_failed.emit(_("The cart changed meanwhile; choose the line again."))
            return False

        def change(cart: Cart) -> None:
            cart.lines[row] = after

        return self._edit(row, change)

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
        if role == Qt.ItemDataRole.EditRole:
            if column == self.QTY:
                return fmt.qty(line.qty)
            if column == self.DISCOUNT:
                return discount_text(line.discount, row_figures(self._sale, row).hand_discount)
            return self._texts(row)[column]
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return _LEFT if column == self.NAME else _RIGHT
        if role == Qt.ItemDataRole.ForegroundRole and (
            column == self.DISCOUNT or (column in (self.NAME, self.PRICE) and row_figures(self._sale, row).why)
        ):
            return _SAVING
        if role == Qt.ItemDataRole.ToolTipRole:
            if column in (self.NAME, self.PRICE) and row_figures(self._sale, row).why:
                return "\n".join(row_figures(self._sale, row).why)
            if column in (self.QTY, self.DISCOUNT):
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
        figures = row_figures(self._sale, row)
        if line.pack_milli != MILLI and not line.is_weighed:
            name = _("{name} (pack of {n})").format(name=line.name, n=fmt.qty(line.pack_milli))
        else:
            name = line.name
        if figures.mark:
            name = f"{name}  · {figures.mark}"
        if line.options:
            # The add-ons and the note under the name, as the receipt and the order ticket print them.
            name = f"{name}\n   + {describe(line)}"
        # A weighed line reads as its weight, whether the label carried the weight or the price.
        qty = (
            f"{fmt.qty(milli_of_base(line.qty, line.pack_milli))} {line.unit}" if line.is_weighed else fmt.qty(line.qty)
        )
        return (
            str(row + 1),
            name,
            qty,
            fmt.rupiah(figures.unit_price),
            discount_text(line.discount, figures.hand_discount)
            if not figures.promo_off
            else fmt.number(figures.promo_off + figures.hand_discount),  # without "Rp": the column is narrow
            fmt.rupiah(figures.total),
        )

    def _forget(self, row: int | None = None) -> None:
        # With a cart discount every line's share moves when one line does.
        if row is None or not self.cart.discount.is_zero:
            self._shown.clear()
        else:
            self._shown.pop(row, None)

    def _copy(self) -> Cart:
        return self.cart.copy()

    def _edit(self, row: int, change: Callable[[Cart], object]) -> bool:
        trial = self._copy()
        try:
            change(trial)
            sale = self.price(trial)
        except LedgerError as error:
            self.edit_failed.emit(str(error))
            return False
        self._set_sale(trial, sale)
        self._forget()
        self._all_changed()
        self._emit()
        self.edited.emit()
        return True

    def _all_changed(self) -> None:
        if self.cart.lines:
            self.dataChanged.emit(self.index(0, 0), self.index(len(self.cart.lines) - 1, self.TOTAL))

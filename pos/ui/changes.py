"""What a write changed, said once after it commits, and the screens that read again because of it.

After Anki's `OpChanges`: a screen does not keep a list of who else must refresh. Its write goes through
`TaskManager.write(fn, changes)`, which emits `TaskManager.changed` with the kinds of data it changed once the
transaction has committed. Each screen states which kinds it shows (`Watch`); a visible screen reads again at once,
a hidden one when it is next shown, so a tab nobody looks at costs nothing.

Sync applying another counter's events and a restored backup change anything: they announce `EVERYTHING`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from enum import StrEnum
from typing import Final

from PySide6.QtCore import QEvent, QObject, SignalInstance
from PySide6.QtWidgets import QWidget


class Change(StrEnum):
    """A kind of data a write may change; screens name the kinds they show."""

    SALES = "sales"  # sales, returns, voids, held carts
    STOCK = "stock"  # stock levels and movements, batches, receiving, counts, production, waste
    PRODUCTS = "products"  # products, variants, barcodes, add-ons, recipes, categories
    CUSTOMERS = "customers"  # customers, kasbon, deposits, outreach
    SUPPLIERS = "suppliers"  # suppliers, their debts and consignors
    MONEY = "money"  # cash in and out, expenses, party payments, the general journal, opening balances
    SHIFTS = "shifts"
    ORDERS = "orders"
    CHANNELS = "channels"  # channels, their prices, payouts, the shareable catalogue
    PRICES = "prices"  # promotions, vouchers, customer groups, tiers, points
    SETTINGS = "settings"  # the shop's settings, users and devices
    PRINTING = "printing"  # the print queue


EVERYTHING: Final = frozenset(Change)

Changes = frozenset[Change]


def changes_of(kinds: Iterable[Change]) -> Changes:
    return kinds if isinstance(kinds, frozenset) else frozenset(kinds)


class Watch(QObject):
    """Calls `refresh` when a change among `shows` is announced: now if `widget` is visible, else when it is next
    shown. Parented to the widget, so it goes with it.

    `stale=True` starts it as if a change had come already: a screen built at start but read only when first
    looked at (so the counter opens at once) reads on its first show, and after that only when something changed.
    """

    def __init__(
        self,
        widget: QWidget,
        changed: SignalInstance,
        shows: Iterable[Change],
        refresh: Callable[[], None],
        *,
        stale: bool = False,
    ) -> None:
        super().__init__(widget)
        self._widget = widget
        self._shows = changes_of(shows)
        self._refresh = refresh
        self.stale = stale
        changed.connect(self._changed)
        widget.installEventFilter(self)

    def _changed(self, changes: Changes) -> None:
        if not self._shows & changes:
            return
        if self._widget.isVisible():
            self.stale = False
            self._refresh()
        else:
            self.stale = True

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self._widget and event.type() == QEvent.Type.Show and self.stale:
            self.stale = False
            self._refresh()
        return False

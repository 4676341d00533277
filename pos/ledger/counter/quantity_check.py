"""A second look at a quantity typed at the counter: beyond the shop's bound for one line, or far above what is
in stock, the cashier is asked to confirm before it goes on the bill (a slip of the finger, 99999999 for 9)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final

from sqlalchemy.orm import Session

from pos.i18n import N_, _
from pos.ledger.base import fmt
from pos.ledger.base.money import MILLI, Qty
from pos.ledger.counter.cart import CartLine
from pos.ledger.counter.pricing import milli_of_base
from pos.ledger.shop import settings
from pos.ledger.stock.stock_levels import on_hand

# "Far above the stock": more than this many times what is on hand, and more than this many units over it.
STOCK_TIMES: Final = 10
STOCK_MARGIN_UNITS: Final = 10


@dataclass(frozen=True, slots=True)
class QuantityQuestion:
    """Why a quantity deserves a second look; reads in the current language (`str`)."""

    msgid: str
    params: dict[str, str]

    def __str__(self) -> str:
        return _(self.msgid).format(**self.params)


def unusual_quantity(session: Session, line: CartLine, qty: Qty) -> QuantityQuestion | None:
    """A question for the cashier when `qty` packs of `line` exceed the shop's bound (the setting
    `counter.confirm_qty_above`, in packs) or are far above the stock; None for an ordinary quantity, and always
    when the bound is 0."""
    bound = settings.load(session).counter_confirm_qty_above
    if bound <= 0:
        return None  # the owner chose never to be asked
    name, shown = line.name, fmt.qty(qty)
    if qty.milli > bound * MILLI:
        return QuantityQuestion(
            N_("Sell {qty} of {name}? That is more than {bound} at once."),
            {"qty": shown, "name": name, "bound": fmt.number(bound)},
        )
    wanted = milli_of_base(qty, line.pack_milli)
    stock = on_hand(session, line.product_id)
    if wanted > max(stock, 0) * STOCK_TIMES and wanted > max(stock, 0) + STOCK_MARGIN_UNITS * MILLI:
        return QuantityQuestion(
            N_("Sell {qty} of {name}? Only {stock} {unit} are in stock."),
            {"qty": shown, "name": name, "stock": fmt.qty(max(stock, 0)), "unit": line.unit},
        )
    return None

"""What the price engine answers: the lines as sold (free goods split off at Rp 0), the priced cart, every
effect with what it saved, and every promotion that did not apply with the reason, told in the shop's words.
"""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass
from typing import Literal

from pos.i18n import _
from pos.ledger.base import fmt
from pos.ledger.counter.cart import CartLine
from pos.ledger.counter.pricing import PricedCart, PricedLine
from pos.ledger.prices.terms import VoucherTerms

EffectKind = Literal["tier", "group", "promo", "free", "cart", "voucher", "points"]
PriceFrom = Literal["list", "tier", "group", "hand"]


ShownKind = Literal["rupiah", "qty", "number", "date", "percent", "msg"]


@dataclass(frozen=True, slots=True)
class Shown:
    """A value a note shows, formatted only when the note is read: pricing a cart every scan must not pay for
    formatting sentences nobody looks at, and they read in the language of the moment they are shown."""

    kind: ShownKind
    value: object

    def text(self) -> str:
        value = self.value
        if self.kind == "rupiah" and isinstance(value, int):
            return fmt.rupiah(value)
        if self.kind == "qty" and isinstance(value, int):
            return fmt.qty(value)
        if self.kind == "number" and isinstance(value, int):
            return fmt.number(value)
        if self.kind == "date" and isinstance(value, dt.date):
            return fmt.date(value)
        if self.kind == "percent" and isinstance(value, int):
            return fmt.percent(value)
        return _(str(value)) if self.kind == "msg" else str(value)

    def __str__(self) -> str:
        # An error raised with a note's parameters formats them when it is read, like the note itself.
        return self.text()


def rupiah(value: int) -> Shown:
    return Shown("rupiah", value)


def qty(milli: int) -> Shown:
    return Shown("qty", milli)


def number(value: int) -> Shown:
    return Shown("number", value)


def day(value: dt.date) -> Shown:
    return Shown("date", value)


def percent(basis_points: int) -> Shown:
    return Shown("percent", basis_points)


def msg(msgid: str) -> Shown:
    return Shown("msg", msgid)


@dataclass(frozen=True, slots=True)
class Note:
    """A sentence from the catalogue with its parameters, translated and formatted when it is shown."""

    msgid: str
    params: tuple[tuple[str, str | Shown], ...] = ()

    def text(self) -> str:
        return _(self.msgid).format(**self.values())

    def values(self) -> dict[str, str]:
        """The parameters as text, in the language of the moment."""
        return {k: v.text() if isinstance(v, Shown) else v for k, v in self.params}


def note(msgid: str, **params: str | Shown) -> Note:
    return Note(msgid, tuple(params.items()))  # keyword order is the caller's, the same on every counter


@dataclass(frozen=True, slots=True)
class Effect:
    """One thing that lowered the price, on one sold line (`line`, an index into `PricedSale.lines`) or on the
    whole cart (`line` None), with the rupiah it saved the customer."""

    kind: EffectKind
    name: str  # the promotion's, group's or voucher's name; a tier's threshold
    saved: int
    why: Note
    line: int | None = None
    qty_milli: int = 0
    ref_id: uuid.UUID | None = None


@dataclass(frozen=True, slots=True)
class Skipped:
    """A promotion or voucher that did not apply to this cart, and why."""

    name: str
    why: Note
    ref_id: uuid.UUID | None = None


@dataclass(frozen=True, slots=True)
class SoldLine:
    """A line as it is sold: `source` is its cart line; free goods are a line of their own at Rp 0."""

    source: int
    line: CartLine  # with the quantity of this part
    unit_price: int  # per pack, as charged before discounts
    price_from: PriceFrom
    free: bool
    priced: PricedLine

    @property
    def hand_discount(self) -> int:
        """The cashier's own discount on the line (promotions left out)."""
        return self.priced.line_discount - self.priced.promo_off


@dataclass(frozen=True, slots=True)
class PricedSale:
    """A cart priced with every term that applies: what `ring_up` books and the receipt shows."""

    lines: tuple[SoldLine, ...]
    priced: PricedCart
    effects: tuple[Effect, ...] = ()
    skipped: tuple[Skipped, ...] = ()
    value: int = 0  # the cart at its prices (tiers and group prices), before promotions: minimums are of this
    hand_cart_discount: int = 0
    cart_promo: int = 0
    voucher: VoucherTerms | None = None
    voucher_off: int = 0
    points_used: int = 0
    points_value: int = 0
    points_earned: int = 0
    best_guaranteed: bool = True  # False only when overlapping offers were too many to try every combination

    @property
    def saved(self) -> int:
        """Everything the customer saved on this cart through tiers, group prices, promotions, vouchers and points
        (the cashier's own discounts are not counted here)."""
        return sum(e.saved for e in self.effects)

    def effects_on(self, index: int) -> list[Effect]:
        return [e for e in self.effects if e.line == index]

    def cart_effects(self) -> list[Effect]:
        return [e for e in self.effects if e.line is None]

"""Pricing of a cart, as pure integer arithmetic: line totals, discounts, PPN and the rounded amount due.

Kept free of the database so every rule can be tested exhaustively and the counter screen can show totals
while the cashier scans, exactly as the sale will book them.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Final, Literal, assert_never

from pos.i18n import N_
from pos.ledger.base.errors import InvalidInput
from pos.ledger.base.money import FULL_BP, MILLI, Money, Qty, div_round_half_up
from pos.ledger.shop.choices import PpnMode


@dataclass(frozen=True, slots=True)
class Discount:
    """A discount as rupiah off, or as basis points of the amount (1000 = 10%)."""

    rupiah: int = 0
    percent_bp: int = 0

    def __post_init__(self) -> None:
        if self.rupiah < 0 or self.percent_bp < 0:
            raise InvalidInput(N_("A discount cannot be negative."))
        if self.rupiah and self.percent_bp:
            raise InvalidInput(N_("Give a discount either in rupiah or in percent, not both."))
        if self.percent_bp > FULL_BP:
            raise InvalidInput(N_("A discount cannot be more than 100%."))

    def of(self, amount: int) -> int:
        """The discount on `amount`; a rupiah discount larger than the amount is refused."""
        if self.percent_bp:
            return Money(amount).percent(self.percent_bp).rupiah
        if self.rupiah > amount:
            raise InvalidInput(N_("The discount is larger than the amount it applies to."))
        return self.rupiah

    @property
    def is_zero(self) -> bool:
        return not (self.rupiah or self.percent_bp)


NO_DISCOUNT: Final = Discount()


@dataclass(frozen=True, slots=True)
class PpnRule:
    """PPN as configured: mode and rate on a base. Default 12% on 11/12 of the price, i.e. 11% effective."""

    mode: PpnMode = "none"
    rate_bp: int = 1200
    base_num: int = 11
    base_den: int = 12

    @property
    def _eff(self) -> tuple[int, int]:
        # Effective rate as a fraction: rate_bp/FULL_BP x base_num/base_den.
        return self.rate_bp * self.base_num, FULL_BP * self.base_den


@dataclass(frozen=True, slots=True)
class LineInput:
    """One cart line as priced: `qty` packs at `unit_price` each (a pack is one piece unless a carton).

    `promo_off` is what promotions take off the line (worked out by `pos.ledger.prices`); the cashier's own
    `discount` applies to what is left."""

    qty: Qty
    unit_price: Money
    discount: Discount = NO_DISCOUNT
    ppn_exempt: bool = False
    promo_off: int = 0


@dataclass(frozen=True, slots=True)
class PricedLine:
    gross: int
    line_discount: int
    cart_discount: int
    net: int  # as charged: includes PPN when prices are PPN-inclusive
    dpp: int
    ppn: int
    revenue: int  # net of PPN
    discount_ex_ppn: int  # the discounts as booked to Potongan penjualan, without their PPN
    promo_off: int = 0  # the part of `line_discount` that promotions gave, not the cashier


@dataclass(frozen=True, slots=True)
class PricedCart:
    lines: tuple[PricedLine, ...]
    ppn_mode: PpnMode

    @property
    def gross(self) -> int:
        return sum(x.gross for x in self.lines)

    @property
    def discount(self) -> int:
        return sum(x.line_discount + x.cart_discount for x in self.lines)

    @property
    def net(self) -> int:
        return sum(x.net for x in self.lines)

    @property
    def dpp(self) -> int:
        return sum(x.dpp for x in self.lines)

    @property
    def ppn(self) -> int:
        return sum(x.ppn for x in self.lines)

    @property
    def revenue(self) -> int:
        return sum(x.revenue for x in self.lines)

    @property
    def discount_ex_ppn(self) -> int:
        return sum(x.discount_ex_ppn for x in self.lines)

    @property
    def exact_due(self) -> int:
        """What the customer owes before rounding."""
        return self.net + (self.ppn if self.ppn_mode == "exclusive" else 0)


def allocate(total: int, weights: Sequence[int]) -> list[int]:
    """Split `total` over `weights` in proportion, largest remainder first, so the parts add up exactly."""
    weight_sum = sum(weights)
    if total == 0 or weight_sum == 0:
        return [0] * len(weights)
    shares = [total * w // weight_sum for w in weights]
    remainders = sorted(range(len(weights)), key=lambda i: (-(total * weights[i] % weight_sum), i))
    for i in remainders[: total - sum(shares)]:
        shares[i] += 1
    return shares


def price_cart(lines: Sequence[LineInput], cart_discount: Discount, rule: PpnRule, extra_off: int = 0) -> PricedCart:
    """Price every line, spread the cart discount over them, and work out PPN line by line.

    `extra_off` is rupiah taken off the whole cart after the cashier's cart discount (a cart promotion, a
    voucher, points), spread over the lines with it; it must not exceed what is left.
    PPN is computed per line (not on the total) so a later return of one line reverses exactly what was booked.
    """
    grosses = []
    line_discounts = []
    for line in lines:
        if line.qty.milli <= 0:
            raise InvalidInput(N_("The quantity must be more than zero."))
        if line.unit_price.rupiah < 0:
            raise InvalidInput(N_("A price cannot be negative."))
        gross = line.unit_price.times(line.qty).rupiah
        if not 0 <= line.promo_off <= gross:
            raise InvalidInput(N_("The discount is larger than the amount it applies to."))
        grosses.append(gross)
        line_discounts.append(line.promo_off + line.discount.of(gross - line.promo_off))
    after_line = [g - d for g, d in zip(grosses, line_discounts, strict=True)]
    cart_total = cart_discount.of(sum(after_line))
    if not 0 <= extra_off <= sum(after_line) - cart_total:
        raise InvalidInput(N_("The discount is larger than the amount it applies to."))
    cart_total += extra_off
    cart_shares = allocate(cart_total, after_line)
    eff_num, eff_den = rule._eff
    priced = []
    for line, gross, ldisc, cshare in zip(lines, grosses, line_discounts, cart_shares, strict=True):
        net = gross - ldisc - cshare
        disc = ldisc + cshare
        # Each mode by name: a mode added to PpnMode and left out here fails the type check, and a stored
        # value that is no mode fails the sale, rather than either being priced as PPN-inclusive.
        match "none" if line.ppn_exempt else rule.mode:
            case "none":
                ppn, revenue, disc_ex = 0, net, disc
            case "exclusive":
                ppn, revenue, disc_ex = div_round_half_up(net * eff_num, eff_den), net, disc
            case "inclusive":
                ppn = div_round_half_up(net * eff_num, eff_den + eff_num)
                revenue = net - ppn
                disc_ex = div_round_half_up(disc * eff_den, eff_den + eff_num)
            case unknown:
                assert_never(unknown)
        dpp = 0 if ppn == 0 else div_round_half_up(revenue * rule.base_num, rule.base_den)
        priced.append(PricedLine(gross, ldisc, cshare, net, dpp, ppn, revenue, disc_ex, line.promo_off))
    return PricedCart(tuple(priced), rule.mode)


@dataclass(frozen=True, slots=True)
class RoundingRule:
    """Rounding of the amount due to a coin the shop can give: 0 (none), 100, 500 or 1.000 rupiah."""

    increment: int = 0
    scope: Literal["cash", "all"] = "cash"
    direction: Literal["down", "nearest"] = "down"

    def apply(self, amount: int) -> int:
        if self.increment <= 0 or amount <= 0:
            return amount
        if self.direction == "down":
            rounded = amount - amount % self.increment
        else:
            rounded = div_round_half_up(amount, self.increment) * self.increment
        # An amount smaller than one coin is charged as it is: rounding must never give the goods away.
        return rounded if rounded > 0 else amount


def rounded_due(exact_due: int, noncash: int, has_cash: bool, rule: RoundingRule) -> int:
    """The amount due after rounding, given what non-cash methods pay and whether cash pays the rest.

    With rounding for cash only, just the part paid in cash is rounded: a QRIS or transfer amount is exact.
    """
    if rule.scope == "all":
        return rule.apply(exact_due)
    if not has_cash:
        return exact_due
    return noncash + rule.apply(exact_due - noncash)


def milli_of_base(qty: Qty, pack_milli: int) -> int:
    """How many thousandths of the product's base unit `qty` packs of `pack_milli` are."""
    return div_round_half_up(qty.milli * pack_milli, MILLI)

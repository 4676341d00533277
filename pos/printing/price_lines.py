"""How a receipt names its price effects: a wholesale or group price under its line, a promotion and what it took
off, free goods, a voucher, points redeemed, and the customer's points after the sale."""

from __future__ import annotations

from pos.i18n import _
from pos.ledger.base import fmt
from pos.ledger.slips.slip_types import ReceiptEffect, ReceiptLine, ReceiptPoints
from pos.printing.sheet import Sheet, minus_text


def effect_label(effect: ReceiptEffect) -> str:
    if effect.kind == "tier":
        return _("Wholesale price from {threshold}").format(threshold=effect.name)
    if effect.kind == "group":
        return _("{group} price").format(group=effect.name)
    if effect.kind == "free":
        return _("Free: {promotion}").format(promotion=effect.name)
    if effect.kind == "voucher":
        return _("Voucher {code}").format(code=effect.name)
    if effect.kind == "points":
        return _("{points} points").format(points=fmt.number(effect.points))
    return effect.name


def add_line_effects(sheet: Sheet, line: ReceiptLine) -> None:
    """Under an item: how its price came about, each promotion with what it took off, then the cashier's own
    discount (the rest of the line's discount)."""
    promotions = 0
    for effect in line.effects:
        if effect.kind == "promo":
            promotions += effect.saved
            sheet.pair(effect_label(effect), minus_text(effect.saved), indent=2)
        else:
            sheet.wrapped(effect_label(effect), indent=2)
    if line.discount - promotions:
        sheet.pair(_("Discount"), minus_text(line.discount - promotions), indent=2)


def add_cart_effects(sheet: Sheet, cart_discount: int, effects: tuple[ReceiptEffect, ...]) -> None:
    """Under the subtotal: the cashier's cart discount, then a cart promotion, a voucher and points."""
    by_hand = cart_discount - sum(e.saved for e in effects)
    if by_hand:
        sheet.pair(_("Discount"), minus_text(by_hand))
    for effect in effects:
        sheet.pair(effect_label(effect), minus_text(effect.saved))


def add_points(sheet: Sheet, points: ReceiptPoints | None) -> None:
    if points is None:
        return
    if points.earned:
        sheet.pair(_("Points earned"), f"+{fmt.number(points.earned)}")
    if points.redeemed:
        sheet.pair(_("Points redeemed"), f"-{fmt.number(points.redeemed)}")
    sheet.pair(_("Points balance"), fmt.number(points.balance))

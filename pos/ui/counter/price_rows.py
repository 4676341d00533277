"""What one cart row shows of its prices: the price it is sold at, the promotions' and the cashier's discounts,
its total (free pieces included, at Rp 0), a short mark and the reasons, all from the core's `PricedSale`."""

from __future__ import annotations

from dataclasses import dataclass

from pos.i18n import _
from pos.ledger.base import fmt
from pos.ledger.base.money import MILLI
from pos.ledger.prices.outcome import Effect, PricedSale


@dataclass(frozen=True, slots=True)
class RowFigures:
    unit_price: int
    hand_discount: int
    promo_off: int
    total: int
    mark: str  # `grosir`, `Member`, `1 free`, a promotion's name: what to add to the item's name
    why: tuple[str, ...]  # one sentence per effect, with what it saved


def effect_text(effect: Effect) -> str:
    """`From 12 in the cart: Rp 3.200 each instead of Rp 3.500. Saves Rp 3.600.`"""
    return f"{effect.why.text()} " + _("Saves {amount}.").format(amount=fmt.rupiah(effect.saved))


def _mark(effect: Effect) -> str:
    if effect.kind == "tier":
        return _("wholesale")
    if effect.kind == "free":
        return _("{n} free").format(n=fmt.qty(effect.qty_milli // MILLI * MILLI))
    return effect.name


_cache: tuple[PricedSale, list[RowFigures]] | None = None


def _figures(sale: PricedSale) -> list[RowFigures]:
    rows = max((s.source for s in sale.lines), default=-1) + 1
    out = []
    for row in range(rows):
        parts = [(i, s) for i, s in enumerate(sale.lines) if s.source == row]
        paid = [s for _i, s in parts if not s.free]
        effects = [e for i, _s in parts for e in sale.effects_on(i)]
        out.append(
            RowFigures(
                unit_price=paid[0].unit_price if paid else parts[0][1].line.list_price.rupiah,
                hand_discount=sum(s.hand_discount for _i, s in parts),
                promo_off=sum(s.priced.promo_off for _i, s in parts),
                total=sum(s.priced.gross - s.priced.line_discount for _i, s in parts),
                mark=", ".join(dict.fromkeys(_mark(e) for e in effects)),
                why=tuple(effect_text(e) for e in effects),
            )
        )
    return out


def row_figures(sale: PricedSale, row: int) -> RowFigures:
    """Row `row` of the cart as priced in `sale` (worked out once per priced cart: the view asks at every paint)."""
    global _cache
    if _cache is None or _cache[0] is not sale:
        _cache = (sale, _figures(sale))
    return _cache[1][row]

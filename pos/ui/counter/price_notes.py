"""Under the total: what the customer saves and through what (a grosir price, a promotion, free goods, a voucher,
points), and how many promotions did not apply, for F10 to explain."""

from __future__ import annotations

from typing import Final

from PySide6.QtWidgets import QLabel, QSizePolicy, QWidget

from pos import i18n
from pos.i18n import _
from pos.ledger.base import fmt
from pos.ledger.prices.outcome import Effect, PricedSale
from pos.ui.widgets.style import MUTED_TEXT

SHOWN: Final = 3  # lines of effects the panel shows; the rest are in F10's list
_STYLE: Final = (
    "QLabel { background: #e7f5ec; color: #1d6b3a; border: 1px solid #b9e0c6; border-radius: 8px; padding: 6px 10px; }"
)


def effect_name(effect: Effect, item: str = "") -> str:
    """`Harga grosir: Indomie`, `Voucher HEMAT5`, `20 poin`: an effect in a few words."""
    if effect.kind == "tier":
        return _("Wholesale price: {item}").format(item=item) if item else _("Wholesale price")
    if effect.kind == "group":
        return _("{group} price: {item}").format(group=effect.name, item=item) if item else effect.name
    if effect.kind == "free":
        return _("Free: {promotion}").format(promotion=effect.name)
    if effect.kind == "voucher":
        return _("Voucher {code}").format(code=effect.name)
    if effect.kind == "points":
        return _("{points} points").format(points=fmt.number(effect.qty_milli // 1000))
    return effect.name


class PriceNotes(QLabel):
    """Empty (and hidden) while nothing lowers the price."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("priceNotes")
        self.setWordWrap(True)
        self.setStyleSheet(_STYLE)
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self.hide()

    def show_sale(self, sale: PricedSale | None) -> None:
        if sale is None or (not sale.effects and not sale.skipped):
            self.hide()
            return
        # One line a promotion (a bundle's saving is spread over its lines, but it is one promotion).
        named: dict[str, int] = {}
        for effect in sale.effects:
            item = (
                sale.lines[effect.line].line.name
                if effect.line is not None and effect.kind in ("tier", "group")
                else ""
            )
            key = effect_name(effect, item)
            named[key] = named.get(key, 0) + effect.saved
        rows = [f"{name}  −{fmt.rupiah(saved)}" for name, saved in list(named.items())[:SHOWN]]
        if len(named) > SHOWN:
            rows.append(_("and {n} more").format(n=len(named) - SHOWN))
        if sale.saved and len(named) > 1:
            rows.append(_("Saves {amount} in all").format(amount=fmt.rupiah(sale.saved)))
        if sale.skipped:
            n = len(sale.skipped)
            rows.append(
                i18n.ngettext(
                    "{n} promotion did not apply (F10 says why)", "{n} promotions did not apply (F10 says why)", n
                ).format(n=n)
            )
        self.setText("\n".join(rows))
        self.setStyleSheet(_STYLE if sale.effects else f"QLabel {{ {MUTED_TEXT} padding: 6px 10px; }}")
        self.show()

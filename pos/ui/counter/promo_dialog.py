"""F10 at the counter: which prices and promotions apply to this cart and why, which did not and why not, and the
voucher and points the customer uses. Enter applies the voucher and points; the checkout checks them on the worker
and closes the dialog when the core accepts them."""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtWidgets import QLabel, QLineEdit, QScrollArea, QWidget

from pos.i18n import N_, _
from pos.ledger.base import fmt
from pos.ledger.base.errors import InvalidInput
from pos.ledger.prices.outcome import Effect, PricedSale
from pos.ui.counter.price_notes import effect_name
from pos.ui.counter.price_rows import effect_text
from pos.ui.widgets.form_dialog import FormDialog
from pos.ui.widgets.style import MUTED_TEXT, TOUCH_HEIGHT, label


def explanation(sale: PricedSale) -> str:
    """What applied, each with its reason and saving; then what did not, each with its reason."""
    rows = []
    merged: dict[tuple[str, str], Effect] = {}  # a bundle's saving is spread over its lines: one line here
    for effect in sale.effects:
        on_item = effect.line is not None and effect.kind in ("tier", "group")
        item = sale.lines[effect.line].line.name if on_item and effect.line is not None else ""
        key = (effect_name(effect, item), effect.why.msgid)
        before = merged.get(key)
        merged[key] = effect if before is None else replace(before, saved=before.saved + effect.saved)
    for (name, _why), effect in merged.items():
        rows.append(f"✓ {name}: {effect_text(effect)}")
    if not sale.effects:
        rows.append(_("No promotion, wholesale or group price applies to this cart."))
    for skipped in sale.skipped:
        rows.append(f"✗ {skipped.name}: {skipped.why.text()}")
    if not sale.best_guaranteed:
        rows.append(_("Too many promotions overlap to try every mix: they were applied in the owner's order."))
    return "\n".join(rows)


class PromoDialog(FormDialog):
    """`submitted` asks the checkout to apply `voucher_code()` and `points()`."""

    def __init__(self, sale: PricedSale, points_held: int | None, parent: QWidget | None = None) -> None:
        super().__init__(_("Promotions, voucher and points"), _("Apply"), parent)
        self.setObjectName("promoDialog")
        self.why = QLabel(explanation(sale))
        self.why.setObjectName("promoWhy")
        self.why.setWordWrap(True)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(self.why)
        scroll.setMinimumHeight(self.fontMetrics().lineSpacing() * 6)
        scroll.setMaximumHeight(self.fontMetrics().lineSpacing() * 12)
        self.body.insertWidget(1, scroll)
        self.voucher = QLineEdit(sale.voucher.code if sale.voucher else "")
        self.voucher.setObjectName("voucherCode")
        self.voucher.setPlaceholderText(_("Code on the voucher"))
        self.voucher.setMinimumHeight(TOUCH_HEIGHT)
        self.points_field = QLineEdit(str(sale.points_used) if sale.points_used else "")
        self.points_field.setObjectName("pointsToRedeem")
        self.points_field.setMinimumHeight(TOUCH_HEIGHT)
        self.form.addRow(_("Voucher"), self.voucher)
        if points_held is None:
            self.points_field.setEnabled(False)
            self.points_field.setPlaceholderText(_("Choose the customer first (F4)"))
            held = label(_("Points are redeemed by a customer the shop gives points to."), style=MUTED_TEXT)
        else:
            held = label(
                _("The customer has {points} points.").format(points=fmt.number(points_held)), style=MUTED_TEXT
            )
        held.setWordWrap(True)
        self.form.addRow(_("Points to redeem"), self.points_field)
        self.form.addRow("", held)
        self.voucher.setFocus()

    def voucher_code(self) -> str:
        return self.voucher.text().strip()

    def points(self) -> int:
        """The points typed (none when blank); the core's error in the user's words when not a whole number."""
        text = self.points_field.text().strip().replace(".", "")
        if not text:
            return 0
        if not text.isdigit():
            raise InvalidInput(N_("Type the points as a whole number."))
        return int(text)

"""Settings that change amounts: rounding of the amount due, PPN and PPh Final."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QHBoxLayout, QSpinBox, QWidget

from pos.i18n import _
from pos.ledger.base import fmt
from pos.ledger.base.errors import InvalidInput
from pos.ledger.setup.settings_form import (
    MAX_BASE,
    MAX_QTY_BOUND,
    MAX_REMIND_DAYS,
    InvalidSetting,
    SettingsRefused,
    percent_bp,
)
from pos.ui.settings.fields import FIELD_HEIGHT, choose, combo, line_edit
from pos.ui.settings.section import Section, SettingsView, as_setting
from pos.ui.widgets.money_field import MoneyField
from pos.ui.widgets.style import label

PERCENT_WIDTH = 140


class RoundingSection(Section):
    """To what the amount due is rounded, for which payments, and which way. The difference is booked."""

    def __init__(self) -> None:
        super().__init__(
            _("Rounding"),
            _(
                "Round the amount due when there are no small coins in the drawer. The difference is booked, "
                "never lost. Rounding down never charges a customer more than the price."
            ),
        )
        self.increment = combo(
            [(_("No rounding"), 0), *((fmt.rupiah(step), step) for step in (100, 500, 1000))], width=300
        )
        self.scope = combo([(_("Cash payments only"), "cash"), (_("Every way of paying"), "all")], width=300)
        self.direction = combo([(_("Down"), "down"), (_("To the nearest"), "nearest")], width=300)
        self.form.add("rounding.increment", _("Round to"), self.increment)
        self.form.add("rounding.scope", _("For"), self.scope)
        self.form.add("rounding.direction", _("Direction"), self.direction)
        self.increment.currentIndexChanged.connect(self._follow)

    def _follow(self) -> None:
        rounding = bool(self.increment.currentData())
        self.scope.setEnabled(rounding)
        self.direction.setEnabled(rounding)

    def show_view(self, view: SettingsView) -> None:
        choose(self.increment, view.values.rounding_increment)
        choose(self.scope, view.values.rounding_scope)
        choose(self.direction, view.values.rounding_direction)
        self._follow()

    def values(self) -> dict[str, Any]:
        return {
            "rounding.increment": self.increment.currentData(),
            "rounding.scope": self.scope.currentData(),
            "rounding.direction": self.direction.currentData(),
        }


def _spin(low: int, high: int) -> QSpinBox:
    box = QSpinBox()
    box.setRange(low, high)
    box.setMinimumHeight(FIELD_HEIGHT)
    box.setMinimumWidth(90)
    return box


class CounterSection(Section):
    """How the counter guards against a slip of the finger: the quantity above which it asks before selling."""

    def __init__(self) -> None:
        super().__init__(
            _("At the counter"),
            _(
                "A quantity typed at the counter above this many of one item (or far more than is in stock) is "
                "sold only after the cashier confirms it. 0 never asks."
            ),
        )
        self.qty_bound = QSpinBox()
        self.qty_bound.setObjectName("counter.confirm_qty_above")
        self.qty_bound.setRange(0, MAX_QTY_BOUND)
        self.qty_bound.setMinimumHeight(FIELD_HEIGHT)
        self.qty_bound.setFixedWidth(PERCENT_WIDTH)
        self.form.add("counter.confirm_qty_above", _("Ask before selling more than"), self.qty_bound)

    def show_view(self, view: SettingsView) -> None:
        self.qty_bound.setValue(view.values.counter_confirm_qty_above)

    def values(self) -> dict[str, Any]:
        return {"counter.confirm_qty_above": self.qty_bound.value()}


class RemindersSection(Section):
    """How far ahead the dashboard looks: goods expiring within so many days, supplier bills due within so many."""

    def __init__(self) -> None:
        super().__init__(
            _("Reminders"),
            _(
                "The dashboard lists goods that expire within this many days, to sell or write off in time, and "
                "supplier bills due within this many days, besides those already overdue."
            ),
        )
        self.expiry_days = _spin(0, MAX_REMIND_DAYS)
        self.expiry_days.setObjectName("expiry.warn_days")
        self.bill_days = _spin(0, MAX_REMIND_DAYS)
        self.bill_days.setObjectName("payables.remind_days")
        self.form.add("expiry.warn_days", _("Warn of goods expiring within (days)"), self.expiry_days)
        self.form.add("payables.remind_days", _("Remind of supplier bills due within (days)"), self.bill_days)

    def show_view(self, view: SettingsView) -> None:
        self.expiry_days.setValue(view.values.expiry_warn_days)
        self.bill_days.setValue(view.values.payables_remind_days)

    def values(self) -> dict[str, Any]:
        return {"expiry.warn_days": self.expiry_days.value(), "payables.remind_days": self.bill_days.value()}


class TaxSection(Section):
    """PPN (for PKP shops) and PPh Final on turnover, with their rates as the regulations set them today."""

    def __init__(self) -> None:
        super().__init__(
            _("Taxes"),
            _(
                "PPN applies only to PKP shops: 12% on a base of 11/12 of the price is 11% in effect. PPh Final "
                "is 0,5% of each month's turnover; an individual's first Rp 500 juta a year is free."
            ),
        )
        self.ppn_mode = combo(
            [
                (_("Not PKP: no PPN"), "none"),
                (_("Prices include PPN"), "inclusive"),
                (_("PPN is added on top of prices"), "exclusive"),
            ],
            width=360,
        )
        self.ppn_mode.setObjectName("ppn.mode")
        self.ppn_rate = line_edit(width=PERCENT_WIDTH)
        self.ppn_rate.setObjectName("ppn.rate_bp")
        self.base_num, self.base_den = _spin(1, MAX_BASE), _spin(1, MAX_BASE)
        base = QWidget()
        base_row = QHBoxLayout(base)
        base_row.setContentsMargins(0, 0, 0, 0)
        base_row.addWidget(self.base_num)
        base_row.addWidget(label("/"))
        base_row.addWidget(self.base_den)
        base_row.addWidget(label(_("of the price")))
        base_row.addStretch(1)
        self.pph_rate = line_edit(width=PERCENT_WIDTH)
        self.pph_rate.setObjectName("pph.rate_bp")
        self.exemption = MoneyField(point_size=self.font().pointSizeF())
        self.exemption.setObjectName("pph.exemption")
        self.exemption.setMinimumHeight(FIELD_HEIGHT)
        self.exemption.setMaximumWidth(260)
        self.taxpayer = combo([(_("An individual"), "individual"), (_("A company (badan)"), "company")], width=360)
        form = self.form
        form.add("ppn.mode", _("PPN"), self.ppn_mode)
        form.add("ppn.rate_bp", _("PPN rate (%)"), self.ppn_rate)
        form.add("ppn.base_num", _("Taxed part (DPP)"), base)
        form.add("pph.rate_bp", _("PPh Final rate (%)"), self.pph_rate, _("0 when the shop is not under PPh Final."))
        form.add("pph.exemption", _("Tax-free turnover a year"), self.exemption, _("For an individual only."))
        form.add("pph.taxpayer", _("The taxpayer is"), self.taxpayer)
        self.ppn_mode.currentIndexChanged.connect(self._follow)

    def _follow(self) -> None:
        charged = self.ppn_mode.currentData() != "none"
        for field in (self.ppn_rate, self.base_num, self.base_den):
            field.setEnabled(charged)

    def show_view(self, view: SettingsView) -> None:
        values = view.values
        choose(self.ppn_mode, values.ppn_mode)
        self.ppn_rate.setText(fmt.percent_figure(values.ppn_rate_bp))
        self.base_num.setValue(values.ppn_base_num)
        self.base_den.setValue(values.ppn_base_den)
        self.pph_rate.setText(fmt.percent_figure(values.pph_rate_bp))
        self.exemption.set_amount(values.pph_exemption)
        choose(self.taxpayer, values.pph_taxpayer)
        self._follow()

    def values(self) -> dict[str, Any]:
        found: dict[str, Any] = {
            "ppn.mode": self.ppn_mode.currentData(),
            "ppn.base_num": self.base_num.value(),
            "ppn.base_den": self.base_den.value(),
            "pph.taxpayer": self.taxpayer.currentData(),
        }
        problems: list[InvalidSetting] = []
        for key, field in (("ppn.rate_bp", self.ppn_rate), ("pph.rate_bp", self.pph_rate)):
            try:
                found[key] = percent_bp(key, field.text())
            except InvalidSetting as problem:
                problems.append(problem)
        try:
            found["pph.exemption"] = self.exemption.amount().rupiah
        except InvalidInput as err:
            problems.append(as_setting("pph.exemption", err))
        if problems:
            raise SettingsRefused(tuple(problems))
        return found

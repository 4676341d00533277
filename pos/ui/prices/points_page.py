"""The points page: the shop's points rule (a point for every so many rupiah, what a point is worth, when points
lapse), every customer holding points, and one customer's points ledger (earned, redeemed, lapsed)."""

from __future__ import annotations

import datetime as dt
from typing import Final

from PySide6.QtWidgets import QFormLayout, QSpinBox, QVBoxLayout, QWidget

from pos import i18n
from pos.i18n import N_, _
from pos.ledger.base import fmt
from pos.ledger.base.errors import LedgerError
from pos.ledger.prices import loyalty
from pos.ledger.prices.loyalty import CustomerPoints, PointsLine, PointsRule
from pos.ui.changes import Change
from pos.ui.prices.fields import Page
from pos.ui.prices.work import PointsView, read_points
from pos.ui.tasks import TaskManager, failure_message
from pos.ui.widgets.buttons import BigButton
from pos.ui.widgets.entry_form import BUTTON_HEIGHT, caption
from pos.ui.widgets.money_field import MoneyField
from pos.ui.widgets.record_table import Column, RecordModel, record_view, selected_row
from pos.ui.widgets.side_by_side import SideBySide
from pos.ui.widgets.style import BAD, MUTED_TEXT, label

KINDS: Final = {"earn": N_("Earned"), "redeem": N_("Redeemed"), "expired": N_("Lapsed")}
HOLDER_COLUMNS: Final[tuple[Column[CustomerPoints], ...]] = (
    Column(N_("Customer"), lambda c: c.name),
    Column(N_("Phone"), lambda c: c.phone),
    Column(N_("Points"), lambda c: fmt.number(c.balance), right=True, colour=lambda c: BAD if c.balance < 0 else None),
)
LEDGER_COLUMNS: Final[tuple[Column[PointsLine], ...]] = (
    Column(N_("Date"), lambda p: fmt.date(p.day, i18n.language())),
    Column(N_("What"), lambda p: _(KINDS[p.kind])),
    Column(N_("Receipt"), lambda p: p.receipt),
    Column(N_("Points"), lambda p: f"{p.points:+d}", right=True),
    Column(N_("Value"), lambda p: fmt.rupiah(p.value) if p.value else "", right=True),
    Column(N_("Balance"), lambda p: fmt.number(p.balance), right=True),
)


class PointsPage(Page):
    def __init__(self, tasks: TaskManager, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.tasks = tasks
        self.today: dt.date | None = None
        self.earn_per = MoneyField()
        self.earn_per.setObjectName("pointsEarnPer")
        self.value = MoneyField()
        self.value.setObjectName("pointsValue")
        self.months = QSpinBox()
        self.months.setRange(0, 120)
        self.months.setSuffix(" " + _("months"))
        save = BigButton(_("Save the rule"), kind="primary", height=BUTTON_HEIGHT, on_click=self.save)
        form = QFormLayout()
        form.addRow(caption(_("A point for every")), self.earn_per)
        form.addRow(caption(_("A point is worth")), self.value)
        form.addRow(caption(_("Points lapse after")), self.months)
        form.addRow(save)
        note = label(
            _(
                "0 for 'every' gives no points; 0 months never lapse. Points are not booked when given: a redemption "
                "is booked as Potongan penjualan on its sale (SAK EMKM, see the guide)."
            ),
            style=MUTED_TEXT,
        )
        note.setWordWrap(True)
        form.addRow(note)
        side = QWidget()
        side.setLayout(form)
        side.setMaximumWidth(360)
        self.holders = RecordModel(HOLDER_COLUMNS, self)
        self.holder_view = record_view(self.holders, stretch=0)
        self.holder_view.setObjectName("pointsHolders")
        self.holder_view.selectionModel().selectionChanged.connect(lambda *_a: self._chosen())
        self.ledger = RecordModel(LEDGER_COLUMNS, self)
        self.ledger_view = record_view(self.ledger, stretch=2)
        self.ledger_view.setObjectName("pointsLedger")
        lists = QVBoxLayout()
        lists.addWidget(self.holder_view, 1)
        lists.addWidget(self.ledger_view, 1)
        lists_box = QWidget()
        lists_box.setLayout(lists)
        lists.setContentsMargins(0, 0, 0, 0)
        # The holders and their points beside the rule on a wide screen, above it on a small one.
        lower = SideBySide()
        lower.setSpacing(16)
        lower.addWidget(lists_box, 1)
        lower.addWidget(side)
        self.box.addLayout(lower, 1)
        self.box.addWidget(self.message)

    def refresh(self) -> None:
        self.tasks.read(read_points, self._show, lambda error: self.say(failure_message(error), error=True))

    def _show(self, view: PointsView) -> None:
        self.today = view.today
        self.earn_per.set_amount(view.rule.earn_per)
        self.value.set_amount(view.rule.value)
        self.months.setValue(view.rule.expiry_months)
        self.holders.set_rows(list(view.holders))
        overspent = [c.name for c in view.holders if c.balance < 0]
        if overspent:
            self.say(
                _("Redeemed more points than they had (two counters offline): {names}.").format(
                    names=", ".join(overspent)
                ),
                error=True,
            )

    def _chosen(self) -> None:
        row = selected_row(self.holder_view)
        if row < 0 or self.today is None:
            self.ledger.set_rows([])
            return
        customer, today = self.holders.row(row).customer_id, self.today
        self.tasks.read(
            lambda s: tuple(loyalty.points_ledger(s, customer, today)),
            lambda lines: self.ledger.set_rows(list(lines)),
            lambda error: self.say(failure_message(error), error=True),
        )

    def save(self) -> None:
        try:
            earn = self.earn_per.amount_or_none()
            value = self.value.amount_or_none()
        except LedgerError as error:
            self.say(str(error), error=True)
            return
        rule = PointsRule(earn.rupiah if earn else 0, value.rupiah if value else 0, self.months.value())
        self.tasks.write(
            lambda s: loyalty.save_points_rule(s, rule),
            {Change.PRICES, Change.SETTINGS},
            lambda _none: self.say(_("Points rule saved."), ok=True),
            lambda error: self.say(failure_message(error), error=True),
        )

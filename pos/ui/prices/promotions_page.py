"""The promotions page: every promotion with what it gives, when, whether it holds right now (and if not, why),
and how much it was used this month; the shop's rule when several apply; add, change, turn off."""

from __future__ import annotations

from typing import Final

from PySide6.QtWidgets import QComboBox, QWidget

from pos import i18n
from pos.i18n import N_, _
from pos.ledger.base import fmt
from pos.ledger.prices import promotions
from pos.ledger.prices.schedule import clock
from pos.ledger.prices.terms import ALL_DAYS, DAY_MINUTES, Schedule
from pos.ledger.shop import settings
from pos.ui.changes import Change
from pos.ui.prices.fields import Page
from pos.ui.prices.promotion_dialog import PromotionDialog
from pos.ui.prices.work import PromotionLine, PromotionsView, read_promotions
from pos.ui.tasks import TaskManager, failure_message
from pos.ui.widgets.buttons import BigButton
from pos.ui.widgets.entry_form import BUTTON_HEIGHT
from pos.ui.widgets.record_table import Column, RecordModel, record_view, selected_row
from pos.ui.widgets.style import BAD, GOOD, MUTED, label

RULES: Final = (
    ("best", N_("Several apply: the mix best for the customer")),
    ("priority", N_("Several apply: in the owner's order")),
)


def when_text(schedule: Schedule) -> str:
    parts = []
    if schedule.starts_on or schedule.ends_on:
        start = fmt.date(schedule.starts_on) if schedule.starts_on else "…"
        end = fmt.date(schedule.ends_on) if schedule.ends_on else "…"
        parts.append(f"{start} – {end}")
    if schedule.days != ALL_DAYS:
        parts.append(_("some days"))
    if not (schedule.from_minute == 0 and schedule.to_minute >= DAY_MINUTES):
        parts.append(f"{clock(schedule.from_minute)}–{clock(schedule.to_minute)}")
    if schedule.channels or schedule.counters:
        parts.append(_("some channels or counters"))
    return ", ".join(parts) or _("Always")


def now_text(line: PromotionLine) -> str:
    if not line.info.is_active:
        return _("Off")
    return _("Not now") if line.now is not None else _("Holds now")


def month_text(line: PromotionLine) -> str:
    if not line.sales:
        return ""
    return i18n.ngettext("{n} sale, {amount}", "{n} sales, {amount}", line.sales).format(
        n=line.sales, amount=fmt.rupiah(line.saved)
    )


def now_colour(line: PromotionLine) -> str:
    return MUTED if not line.info.is_active else GOOD if line.now is None else BAD


COLUMNS: Final[tuple[Column[PromotionLine], ...]] = (
    Column(N_("Promotion"), lambda r: r.info.name),
    Column(N_("Gives"), lambda r: r.what),
    Column(N_("When"), lambda r: when_text(r.info.schedule)),
    Column(N_("Right now"), now_text, colour=now_colour),
    Column(N_("This month"), month_text, right=True),
)


class PromotionsPage(Page):
    def __init__(self, tasks: TaskManager, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.tasks = tasks
        self.view_data: PromotionsView | None = None
        self.rule = QComboBox()
        self.rule.setObjectName("promotionRule")
        for key, text in RULES:
            self.rule.addItem(_(text), key)
        self.rule.activated.connect(lambda _i: self._rule_chosen())
        self.add_button = BigButton(_("New promotion"), kind="primary", height=BUTTON_HEIGHT, on_click=self.add)
        self.edit_button = BigButton(_("Edit"), height=BUTTON_HEIGHT, on_click=self.edit)
        self.toggle_button = BigButton(_("Turn off / on"), height=BUTTON_HEIGHT, on_click=self.toggle)
        # The rule on a line of its own above the buttons: side by side they were wider than a small screen.
        self.box.insertWidget(0, self.rule)
        self.buttons.addWidget(self.add_button)
        self.buttons.addWidget(self.edit_button)
        self.buttons.addWidget(self.toggle_button)
        self.model = RecordModel(COLUMNS, self)
        self.view = record_view(self.model, stretch=1)
        self.view.setObjectName("promotionList")
        self.view.doubleClicked.connect(lambda _index: self.edit())
        self.view.selectionModel().selectionChanged.connect(lambda *_a: self._explain())
        self.detail = label()
        self.detail.setObjectName("promotionDetail")
        self.detail.setWordWrap(True)
        hint = label(
            _("The counter's F10 says, for the cart being sold, which promotions apply and why the others do not."),
            style=f"color: {MUTED};",
        )
        hint.setWordWrap(True)
        self.box.addWidget(self.view, 1)
        self.box.addWidget(self.detail)
        self.box.addWidget(hint)
        self.box.addWidget(self.message)

    def refresh(self) -> None:
        self.tasks.read(read_promotions, self._show, lambda error: self.say(failure_message(error), error=True))

    def _show(self, view: PromotionsView) -> None:
        self.view_data = view
        self.model.set_rows(list(view.lines))
        self.rule.setCurrentIndex(max(0, [k for k, _t in RULES].index(view.mode) if view.mode in dict(RULES) else 0))

    def _explain(self) -> None:
        """The chosen promotion in full: what it gives, when, and why it does not hold now."""
        line = self._selected()
        if line is None:
            self.detail.setText("")
            return
        text = f"{line.info.name}: {line.what}. {when_text(line.info.schedule)}."
        if line.info.is_active and line.now is not None:
            text += " " + _("Not now: {reason}").format(reason=line.now.text())
        elif not line.info.is_active:
            text += " " + _("Turned off.")
        self.detail.setText(text)

    def _selected(self) -> PromotionLine | None:
        row = selected_row(self.view)
        return self.model.row(row) if row >= 0 else None

    def _open(self, line: PromotionLine | None) -> None:
        view = self.view_data
        if view is None:
            return
        dialog = PromotionDialog(
            self.tasks, line.info if line else None, view.names, view.channels, view.categories, self
        )
        dialog.saved.connect(self._saved)
        dialog.open()

    def _saved(self) -> None:
        self.say(_("Promotion saved."), ok=True)

    def add(self) -> None:
        self._open(None)

    def edit(self) -> None:
        line = self._selected()
        if line is None:
            self.say(_("Choose a promotion in the list first."), error=True)
            return
        self._open(line)

    def toggle(self) -> None:
        line = self._selected()
        if line is None or line.info.id is None:
            self.say(_("Choose a promotion in the list first."), error=True)
            return
        promo_id, active = line.info.id, not line.info.is_active
        self.tasks.write(
            lambda s: promotions.set_active(s, promo_id, active),
            {Change.PRICES},
            None,
            lambda error: self.say(failure_message(error), error=True),
        )

    def _rule_chosen(self) -> None:
        mode = str(self.rule.currentData())
        self.tasks.write(
            lambda s: settings.put(s, "prices.rule", mode),
            {Change.PRICES, Change.SETTINGS},
            lambda _none: self.say(_("Saved: {rule}").format(rule=self.rule.currentText()), ok=True),
            lambda error: self.say(failure_message(error), error=True),
        )

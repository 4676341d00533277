"""The owner's outreach screen: customers not seen for a while and the month's best customers, one customer's
profile (history, last visit, total spent, favourites), whether they want promotions, and a promotion written
once and personalised by the core for everyone on the list, each message ready to copy or open in WhatsApp.

Everything is read and written by ledger services on the database worker; the lists read again when customers,
sales or channels change. This module lays out what comes back.
"""

from __future__ import annotations

import uuid
from typing import Final

from PySide6.QtWidgets import QAbstractItemView, QCheckBox, QComboBox, QHBoxLayout, QSpinBox, QVBoxLayout, QWidget

from pos import i18n
from pos.i18n import N_, _
from pos.ledger.base import fmt
from pos.ledger.books.approvals import Actor
from pos.ledger.people.outreach import CustomerSummary, Outreach, Purchase, set_opt_out
from pos.ui.changes import Change, Watch
from pos.ui.outreach.messages import MessagesBox
from pos.ui.outreach.reading import (
    CustomerList,
    ProfileView,
    make_messages,
    read_list,
    read_profile,
)
from pos.ui.tasks import TaskManager, failure_message
from pos.ui.widgets.record_table import Column, RecordModel, record_view, selected_row
from pos.ui.widgets.side_by_side import SideBySide
from pos.ui.widgets.style import ERROR_TEXT, MUTED, MUTED_TEXT, label

LISTS: Final = (("lost", N_("Not seen for")), ("top", N_("Top 20 this month")))
DEFAULT_DAYS: Final = 30
MESSAGES_WIDTH: Final = 500
# Who has not come back, who spent most, and each one's history (with the channel each sale came by).
SHOWS: Final = {Change.CUSTOMERS, Change.SALES, Change.CHANNELS}


def _day(day: object) -> str:
    return fmt.date(day, i18n.language()) if day else "–"  # type: ignore[arg-type]


CUSTOMER_COLUMNS: Final[tuple[Column[CustomerSummary], ...]] = (
    Column(N_("Customer"), lambda r: r.name, colour=lambda r: MUTED if r.opt_out else None),
    Column(N_("Visits"), lambda r: str(r.visits), right=True),
    Column(N_("Last visit"), lambda r: _day(r.last_visit), right=True),
    Column(N_("Spent"), lambda r: fmt.rupiah(r.spent), right=True),
    Column(
        N_("Promotions"),
        lambda r: _("No, thanks") if r.opt_out else _("Yes"),
        colour=lambda r: MUTED if r.opt_out else None,
    ),
)


class OutreachScreen(QWidget):
    """Customers to reach and the promotion for them; `refresh` reads the list again."""

    def __init__(self, tasks: TaskManager, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.tasks = tasks
        self.actor: Actor | None = None
        self.shown: CustomerList | None = None
        self.selected_id: uuid.UUID | None = None
        self.profile: ProfileView | None = None
        self._quiet = False

        top = self._build_top()
        body = self._build_body()

        self.message = label()
        self.message.setWordWrap(True)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(20, 14, 20, 10)
        layout.setSpacing(8)
        layout.addLayout(top)
        layout.addLayout(body, 1)
        layout.addWidget(self.message)
        self._show_profile(None)
        self.watch = Watch(self, tasks.changed, SHOWS, self.refresh, stale=True)

    def _build_top(self) -> QVBoxLayout:
        """The title, the list to show (and for how many days), and how many it holds."""
        self.list_choice = QComboBox()
        self.list_choice.setObjectName("outreachList")
        self.list_choice.setMinimumWidth(240)
        for key, text in LISTS:
            self.list_choice.addItem(_(text), key)
        self.list_choice.currentIndexChanged.connect(lambda _index: self._list_changed())
        self.days = QSpinBox()
        self.days.setObjectName("outreachDays")
        self.days.setRange(1, 3650)
        self.days.setValue(DEFAULT_DAYS)
        self.days.setSuffix(" " + _("days"))
        self.days.setMinimumWidth(110)
        self.days.valueChanged.connect(lambda _value: self.refresh())
        self.summary = label(style=MUTED_TEXT)
        # A summary wraps onto a second line rather than widen a small screen's window.
        self.summary.setWordWrap(True)
        # The title above the choices: side by side they would be wider than a small screen.
        choices = QHBoxLayout()
        choices.addWidget(self.list_choice)
        choices.addWidget(self.days)
        choices.addSpacing(10)
        choices.addWidget(self.summary, 1)
        top = QVBoxLayout()
        top.setSpacing(6)
        top.addWidget(label(_("Customers and promotions"), factor=1.5, bold=True))
        top.addLayout(choices)
        return top

    def _build_body(self) -> SideBySide:
        """The customers and the chosen one's profile, beside the promotion's messages."""
        self.model = RecordModel(CUSTOMER_COLUMNS, self)
        self.view = record_view(self.model)
        self.view.setObjectName("outreachCustomers")
        self.view.selectionModel().selectionChanged.connect(lambda *_args: self._selection_changed())

        self.name = label(factor=1.3, bold=True)
        self.facts = label(style=MUTED_TEXT)
        self.facts.setWordWrap(True)
        self.favourites = label()
        self.favourites.setObjectName("favourites")
        self.favourites.setWordWrap(True)
        self.opt_out = QCheckBox(_("Wants no promotions"))
        self.opt_out.setObjectName("optOut")
        self.opt_out.toggled.connect(self._opt_out_toggled)
        heading = QHBoxLayout()
        heading.addWidget(self.name, 1)
        heading.addWidget(self.opt_out)
        self.history = RecordModel(self._history_columns(), self)
        self.history_view = record_view(self.history, stretch=0)
        self.history_view.setObjectName("purchaseHistory")
        self.history_view.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.history_view.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 8)
        left = QVBoxLayout()
        left.setSpacing(6)
        left.addWidget(self.view, 5)
        left.addLayout(heading)
        left.addWidget(self.facts)
        left.addWidget(self.favourites)
        left.addWidget(self.history_view, 3)

        self.messages = MessagesBox()
        self.messages.setFixedWidth(MESSAGES_WIDTH)
        self.messages.requested.connect(self.make_messages)
        body = SideBySide()
        body.setSpacing(14)
        body.addLayout(left, 1)
        body.addWidget(self.messages)
        return body

    def _history_columns(self) -> tuple[Column[Purchase], ...]:
        def channel(row: Purchase) -> str:
            names = self.profile.channel_names if self.profile else {}
            return names.get(row.channel, row.channel)

        return (
            Column(N_("Receipt"), lambda r: r.receipt_no + (f"  ({_('voided')})" if r.voided else "")),
            Column(N_("Date"), lambda r: _day(r.day)),
            Column(N_("Channel"), channel),
            Column(
                N_("Total"), lambda r: fmt.rupiah(r.total), right=True, colour=lambda r: MUTED if r.voided else None
            ),
        )

    # --- the contract with the window -------------------------------------------------------------------------

    def set_actor(self, actor: Actor | None) -> None:
        self.actor = actor
        self.opt_out.setEnabled(actor is not None and self.profile is not None)

    def refresh(self) -> None:
        kind, days = str(self.list_choice.currentData()), self.days.value()
        self.tasks.read(lambda session: read_list(session, kind, days), self._show_list, self._failed)

    # --- the list -----------------------------------------------------------------------------------------------

    def _list_changed(self) -> None:
        self.days.setVisible(self.list_choice.currentData() == "lost")
        self.refresh()

    def _show_list(self, shown: CustomerList) -> None:
        if shown.kind != self.list_choice.currentData() or (shown.kind == "lost" and shown.days != self.days.value()):
            return  # an answer for the list chosen before; the one for now follows
        if self.shown is not None:
            # Messages made for the list as it was may name someone who has since asked to be left out.
            self.messages.clear()
            self.messages.say("")
        self.shown = shown
        rows = shown.rows
        self.model.set_rows(rows)
        reachable = sum(1 for r in rows if not r.opt_out)
        self.summary.setText(
            i18n.ngettext("{n} customer, {m} to reach.", "{n} customers, {m} to reach.", len(rows)).format(
                n=len(rows), m=reachable
            )
        )
        self.messages.make_button.setText(
            i18n.ngettext("Make the message for {n} customer", "Make the messages for {n} customers", reachable).format(
                n=reachable
            )
        )
        self.messages.make_button.setEnabled(reachable > 0)
        index = next((i for i, r in enumerate(rows) if r.customer_id == self.selected_id), 0 if rows else -1)
        self._quiet = True
        try:
            if index >= 0:
                self.view.selectRow(index)
        finally:
            self._quiet = False
        self.select_customer(rows[index].customer_id if index >= 0 else None)
        if not rows:
            self.message.setStyleSheet(MUTED_TEXT)
            self.message.setText(
                _("Nobody on this list.") if shown.kind == "top" else _("Every customer has come back since.")
            )
        else:
            self.message.setText("")

    def _selection_changed(self) -> None:
        row = selected_row(self.view)
        if row >= 0 and not self._quiet:
            self.select_customer(self.model.row(row).customer_id)

    def select_customer(self, customer_id: uuid.UUID | None) -> None:
        self.selected_id = customer_id
        if customer_id is None:
            self._show_profile(None)
            return

        def shown(view: ProfileView) -> None:
            if self.selected_id == customer_id:
                self._show_profile(view)

        self.tasks.read(lambda session: read_profile(session, customer_id), shown, self._failed)

    # --- one customer -------------------------------------------------------------------------------------------

    def _show_profile(self, view: ProfileView | None) -> None:
        self.profile = view
        self.opt_out.blockSignals(True)
        if view is None:
            self.name.setText(_("No customer chosen"))
            self.facts.setText("")
            self.favourites.setText("")
            self.history.set_rows(())
            self.opt_out.setChecked(False)
        else:
            summary = view.profile.summary
            self.name.setText(summary.name)
            last = _day(summary.last_visit)
            self.facts.setText(
                " · ".join(
                    f
                    for f in (
                        summary.phone,
                        _("last visit {day}").format(day=last),
                        i18n.ngettext("{n} visit", "{n} visits", summary.visits).format(n=summary.visits),
                        _("spent {amount} in all").format(amount=fmt.rupiah(summary.spent)),
                    )
                    if f
                )
            )
            liked = ", ".join(f"{f.name} ({f.times}×)" for f in view.profile.favourites)
            self.favourites.setText(_("Favourites: {items}").format(items=liked) if liked else _("No favourites yet."))
            self.history.set_rows(view.profile.purchases)
            self.opt_out.setChecked(summary.opt_out)
        self.opt_out.blockSignals(False)
        self.opt_out.setEnabled(self.actor is not None and view is not None)

    def _opt_out_toggled(self, checked: bool) -> None:
        view = self.profile
        if view is None:
            return
        customer_id, name = view.profile.summary.customer_id, view.profile.summary.name

        def done(_result: None) -> None:
            self.message.setStyleSheet(MUTED_TEXT)
            self.message.setText(
                _("{name} gets no promotions from now on.").format(name=name)
                if checked
                else _("{name} gets promotions again.").format(name=name)
            )

        self.tasks.write(
            lambda session: set_opt_out(session, customer_id, checked), {Change.CUSTOMERS}, done, self._failed
        )

    # --- the promotion ----------------------------------------------------------------------------------------

    def make_messages(self, text: str) -> None:
        """Personalise `text` for everyone on the list; those who want no promotions are left out by the core."""
        shown = self.shown
        if shown is None:
            return
        customers = shown.rows
        left_out = [c.name for c in customers if c.opt_out]

        def made(result: Outreach) -> None:
            self.messages.show_messages(result.messages, left_out)

        def failed(error: BaseException) -> None:
            self.messages.clear()
            self.messages.say(failure_message(error), error=True)

        self.tasks.read(lambda session: make_messages(session, customers, text), made, failed)

    def _failed(self, error: BaseException) -> None:
        self.message.setStyleSheet(ERROR_TEXT)
        self.message.setText(failure_message(error))

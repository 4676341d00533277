"""Recording a platform's payout: what reached the shop, into which account, and for which days of sales."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QDate
from PySide6.QtWidgets import QCheckBox, QComboBox, QDateEdit, QHBoxLayout, QVBoxLayout

from pos.i18n import _
from pos.ledger.channels.payouts import PAYOUT_ACCOUNTS
from pos.ui.counter.labels import method_name
from pos.ui.widgets.entry_form import EntryForm
from pos.ui.widgets.style import MUTED_TEXT, TOUCH_HEIGHT, label


class PayoutBox(EntryForm):
    """A platform's payout: what reached the shop and how; "All of it" fills in what the platform owes.

    A platform often pays yesterday's sales today: ticking "Only sales up to" and choosing the day leaves the
    sales after it owed. Left unticked, the payout settles everything booked so far.
    """

    def __init__(self) -> None:
        method = QComboBox()
        method.setObjectName("payoutMethod")
        method.setMinimumHeight(TOUCH_HEIGHT)
        for code in PAYOUT_ACCOUNTS:
            method.addItem(method_name(code), code)
        limit = QCheckBox(_("Only sales up to"))
        limit.setObjectName("payoutLimit")
        limit.setMinimumHeight(TOUCH_HEIGHT)
        up_to = QDateEdit()
        up_to.setObjectName("payoutUpTo")
        up_to.setCalendarPopup(True)
        up_to.setDisplayFormat("dd-MM-yyyy")
        up_to.setMinimumHeight(TOUCH_HEIGHT)
        up_to.setDate(QDate.currentDate().addDays(-1))
        up_to.setEnabled(False)
        limit.toggled.connect(up_to.setEnabled)
        super().__init__(
            _("Record a payout"), _("Record payout"), [(_("Paid into"), method)], all_button=True, amount_first=True
        )
        span = QHBoxLayout()
        span.addWidget(limit)
        span.addWidget(up_to, 1)
        self.form.insertRow(2, span)  # after the amount and the method, before the note
        self.method = method
        self.limit = limit
        self.up_to = up_to
        self.amount.setObjectName("payoutAmount")
        self.submit_button.setObjectName("recordPayout")
        hint = label(
            _("It clears what the platform owed for those sales; a difference is booked as its fee."),
            style=MUTED_TEXT,
        )
        hint.setWordWrap(True)
        box = self.layout()
        assert isinstance(box, QVBoxLayout)
        box.insertWidget(1, hint)

    def day(self) -> dt.date | None:
        """The last day of sales the payout is for; None for all of them."""
        if not self.limit.isChecked():
            return None
        chosen = self.up_to.date().toPython()
        return chosen if isinstance(chosen, dt.date) else None

    def reset(self) -> None:
        self.amount.clear()
        self.note.clear()
        self.limit.setChecked(False)
        self.up_to.setDate(QDate.currentDate().addDays(-1))
        self.say("")

"""The counter screen as one widget: login, then opening the shift if none is open, then the checkout."""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QStackedWidget, QWidget

from pos.ledger.counter.shifts import ShiftInfo
from pos.ui.counter.checkout import CheckoutPage
from pos.ui.counter.context import CounterSession, ShopRules, read_rules
from pos.ui.counter.login import LoginPage, OpenShiftPage
from pos.ui.tasks import TaskManager
from pos.ui.widgets.pages import size_to_shown


class CounterScreen(QStackedWidget):
    """Emits `logged_in(Actor)` and `logged_out()` so the window can show the owner's other tabs, and
    `checkout_ready()` each time the checkout takes over with the focus in the scan field."""

    logged_in = Signal(object)
    logged_out = Signal()
    checkout_ready = Signal()

    def __init__(self, tasks: TaskManager, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("counterScreen")
        self.tasks = tasks
        self.session: CounterSession | None = None
        self.login = LoginPage(tasks)
        self.open_shift = OpenShiftPage(tasks)
        self.checkout = CheckoutPage(tasks)
        for page in (self.login, self.open_shift, self.checkout):
            self.addWidget(page)
        size_to_shown(self)
        self.login.logged_in.connect(self._logged_in)
        self.open_shift.opened.connect(self._shift_opened)
        self.open_shift.log_out.connect(self.log_out)
        self.checkout.log_out_requested.connect(self.log_out)
        self.checkout.shift_closed.connect(lambda _result: self.log_out())
        self.login.load()

    def _logged_in(self, session: CounterSession) -> None:
        self.session = session
        self.logged_in.emit(session.actor)
        if session.shift is None:
            self.setCurrentWidget(self.open_shift)
            self.open_shift.start(session.actor)
        else:
            self._to_checkout(session)

    def _shift_opened(self, shift: ShiftInfo | None) -> None:
        if self.session is None:
            return
        self.session = replace(self.session, shift=shift)
        self._to_checkout(self.session)

    def _to_checkout(self, session: CounterSession) -> None:
        self.setCurrentWidget(self.checkout)
        self.checkout.start(session)
        self.checkout_ready.emit()

    def reload_rules(self) -> None:
        """Read the shop's rules again (a QRIS, a rounding or PPN saved in the settings) for the session now."""
        if self.session is None:
            return
        self.tasks.read(read_rules, self._new_rules)

    def _new_rules(self, rules: ShopRules) -> None:
        if self.session is None:
            return
        self.session = replace(self.session, rules=rules)
        if self.checkout.session is not None:
            self.checkout.use_rules(rules)

    def log_out(self) -> None:
        self.session = None
        self.checkout.session = None
        self.setCurrentWidget(self.login)
        self.login.load()
        self.logged_out.emit()

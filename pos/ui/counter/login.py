"""Start of the day: choose who you are (big name buttons), type the PIN, and open the shift with a float."""

from __future__ import annotations

import logging
from functools import partial

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QGridLayout, QHBoxLayout, QSizePolicy, QStackedWidget, QVBoxLayout, QWidget
from sqlalchemy.orm import Session

from pos.i18n import _
from pos.ledger.base.errors import LedgerError
from pos.ledger.base.money import Money
from pos.ledger.books.approvals import Actor
from pos.ledger.counter.shifts import ShiftInfo, current_shift, open_shift
from pos.ledger.people.users import UserInfo, authenticate, list_users
from pos.ledger.shop import settings
from pos.ui.changes import Change
from pos.ui.counter.context import CounterSession, read_session
from pos.ui.tasks import TaskManager, failure_message
from pos.ui.widgets.buttons import BigButton
from pos.ui.widgets.money_field import MoneyField
from pos.ui.widgets.pin_pad import PinPad
from pos.ui.widgets.scanner import ScanGuard
from pos.ui.widgets.style import BIG_TOUCH_HEIGHT, ERROR_TEXT, MUTED_TEXT, font, label

log = logging.getLogger(__name__)

_USERS_PAGE, _PIN_PAGE = range(2)
_MAX_KEYED_USERS = 9


def read_people(session: Session) -> tuple[str, list[UserInfo]]:
    """The shop's name and the people who may log in."""
    return settings.load(session).shop_name, list_users(session)


class LoginPage(QWidget):
    """Big buttons with names (or keys 1-9), then the PIN pad; `logged_in` carries the `CounterSession`."""

    logged_in = Signal(object)
    shop_named = Signal(str)
    quit_requested = Signal()
    """Close Laci: at the end of the day, from the list of people (logging out is the counter's own button)."""

    def __init__(self, tasks: TaskManager, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.tasks = tasks
        self.users: list[UserInfo] = []
        self.user: UserInfo | None = None
        self.user_buttons: list[BigButton] = []
        self._shown_once = False
        self.shop = label("Laci", factor=2.4, bold=True)
        self.shop.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.pages = QStackedWidget()

        users_page = QWidget()
        self.users_grid = QGridLayout()
        self.users_grid.setSpacing(14)
        self.users_status = label(_("Reading the people…"), style=MUTED_TEXT)
        self.users_status.setAlignment(Qt.AlignmentFlag.AlignCenter)
        who = label(_("Who is at the counter?"), factor=1.5)
        who.setAlignment(Qt.AlignmentFlag.AlignCenter)
        users_box = QVBoxLayout(users_page)
        users_box.addWidget(who)
        users_box.addSpacing(12)
        users_box.addLayout(self.users_grid)
        users_box.addWidget(self.users_status)
        users_box.addStretch(1)
        self.quit_button = BigButton(_("Close Laci"), on_click=self.quit_requested.emit)
        self.quit_button.setObjectName("quitButton")
        self.quit_button.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Preferred)
        users_box.addWidget(self.quit_button, 0, Qt.AlignmentFlag.AlignHCenter)

        pin_page = QWidget()
        self.pin_title = label(factor=1.5)
        self.pin_title.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.pad = PinPad()
        self.pad.setFixedWidth(380)
        self.pad.submitted.connect(self._check_pin)
        self.pad.cancelled.connect(self.back)
        self.error = label(style=ERROR_TEXT)
        self.error.setObjectName("loginError")
        self.error.setWordWrap(True)
        self.error.setAlignment(Qt.AlignmentFlag.AlignCenter)
        back = BigButton(_("Someone else"), "Esc", on_click=self.back)
        back.setFixedWidth(380)
        pin_box = QVBoxLayout(pin_page)
        pin_box.addWidget(self.pin_title)
        pin_box.addWidget(self.pad, 0, Qt.AlignmentFlag.AlignHCenter)
        pin_box.addWidget(self.error)
        pin_box.addWidget(back, 0, Qt.AlignmentFlag.AlignHCenter)
        pin_box.addStretch(1)

        self.pages.addWidget(users_page)
        self.pages.addWidget(pin_page)
        column = QVBoxLayout()
        column.addSpacing(16)
        column.addWidget(self.shop)
        column.addSpacing(24)
        column.addWidget(self.pages, 1)
        outer = QHBoxLayout(self)
        outer.addStretch(1)
        outer.addLayout(column, 3)
        outer.addStretch(1)

    def load(self) -> None:
        """Read the people again and show the name buttons."""
        self.back()
        self.tasks.read(read_people, self._show_people, lambda e: self.users_status.setText(failure_message(e)))

    def _show_people(self, found: tuple[str, list[UserInfo]]) -> None:
        shop_name, users = found
        if not self._shown_once:
            # The moment a person can log in; `bench/bench_start.py` reads it to time the start.
            self._shown_once = True
            log.info("The login screen is ready")
        self.shop.setText(shop_name or "Laci")
        if shop_name:
            self.shop_named.emit(shop_name)
        self.users = users
        for button in self.user_buttons:
            button.deleteLater()
        self.user_buttons = []
        for n, user in enumerate(users):
            role = _("Owner") if user.role == "owner" else _("Cashier")
            key = str(n + 1) if n < _MAX_KEYED_USERS else None
            button = BigButton(
                f"{user.name}\n{role}", key, height=BIG_TOUCH_HEIGHT + 32, on_click=partial(self.choose, user)
            )
            button.setObjectName("userButton")
            button.setFont(font(button.font(), button.font().pointSizeF() * 1.3, bold=True))
            self.user_buttons.append(button)
            self.users_grid.addWidget(button, n // 3, n % 3)
        self.users_status.setText("" if users else _("No one can log in yet: add the owner with 'laci user add'."))
        self.setFocus()

    def choose(self, user: UserInfo) -> None:
        self.user = user
        self.pin_title.setText(_("PIN for {name}").format(name=user.name))
        self.error.clear()
        self.pad.clear()
        self.pad.set_busy(False)
        self.pages.setCurrentIndex(_PIN_PAGE)
        self.pad.focus()

    def choose_by_name(self, name: str) -> None:
        self.choose(next(u for u in self.users if u.name == name))

    def sign_in(self, name: str, pin: str) -> None:
        """Choose `name` and submit `pin` as if typed: for scripted starts (the start-up benchmark)."""
        self.choose_by_name(name)
        self.pad.field.setText(pin)
        self.pad.submit()

    def back(self) -> None:
        self.user = None
        self.pad.clear()
        self.error.clear()
        self.pages.setCurrentIndex(_USERS_PAGE)
        self.setFocus()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        text = event.text()
        if self.pages.currentIndex() == _USERS_PAGE and text.isdigit() and 1 <= int(text) <= len(self.users):
            self.choose(self.users[int(text) - 1])
            event.accept()
            return
        super().keyPressEvent(event)

    def _check_pin(self, pin: str) -> None:
        user = self.user
        if user is None:
            return
        self.pad.set_busy(True)
        self.error.setStyleSheet(MUTED_TEXT)
        self.error.setText(_("Checking the PIN…"))
        # `authenticate` counts a wrong PIN in a transaction of its own before it says no: it needs the database.
        self.tasks.run_db(lambda db: authenticate(db, user.id, pin), self._authenticated, self._refused)

    def _authenticated(self, actor: Actor) -> None:
        self.tasks.announce({Change.SETTINGS})  # a right PIN clears the wrong tries the users' list shows
        self.tasks.read(lambda session: read_session(session, actor), self._logged_in, self._refused)

    def _logged_in(self, session: CounterSession) -> None:
        self.pad.clear()
        self.error.clear()
        self.logged_in.emit(session)

    def _refused(self, error: BaseException) -> None:
        self.tasks.announce({Change.SETTINGS})  # a wrong PIN counts towards a lockout the users' list shows
        # The core's message says whether the PIN was wrong or the person is locked out.
        self.error.setStyleSheet(ERROR_TEXT)
        self.error.setText(failure_message(error))
        self.pad.clear()
        self.pad.set_busy(False)


class OpenShiftPage(QWidget):
    """No shift is open: count the cash already in the drawer (the float) and open one."""

    opened = Signal(object)
    """The new `ShiftInfo`."""
    log_out = Signal()

    def __init__(self, tasks: TaskManager, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.tasks = tasks
        self.actor: Actor | None = None
        self.greeting = label(factor=1.8, bold=True)
        explain = label(
            _("No shift is open on this counter. Count the cash already in the drawer and open the shift with it."),
            factor=1.2,
        )
        explain.setWordWrap(True)
        self.float_field = MoneyField()
        self.float_field.setObjectName("floatField")
        self.float_field.returnPressed.connect(self.open_shift)
        ScanGuard(self.float_field).caught.connect(lambda _code: self._say(_("That was a scan, not an amount.")))
        self.error = label(style=ERROR_TEXT)
        self.error.setWordWrap(True)
        open_button = BigButton(_("Open the shift"), "Enter", kind="primary", on_click=self.open_shift)
        leave = BigButton(_("Log out"), on_click=self.log_out.emit)
        buttons = QHBoxLayout()
        buttons.addWidget(leave, 1)
        buttons.addWidget(open_button, 2)
        column = QVBoxLayout()
        column.addSpacing(24)
        column.addWidget(self.greeting)
        column.addWidget(explain)
        column.addSpacing(12)
        column.addWidget(label(_("Cash in the drawer now"), factor=1.1, bold=True))
        column.addWidget(self.float_field)
        column.addWidget(self.error)
        column.addLayout(buttons)
        column.addStretch(1)
        outer = QHBoxLayout(self)
        outer.addStretch(1)
        outer.addLayout(column, 2)
        outer.addStretch(1)

    def start(self, actor: Actor) -> None:
        self.actor = actor
        self.greeting.setText(_("Good day, {name}").format(name=actor.name))
        self.float_field.clear()
        self.error.clear()
        self.float_field.setFocus()

    def open_shift(self) -> None:
        actor = self.actor
        if actor is None:
            return
        try:
            amount = self.float_field.amount() if not self.float_field.is_blank() else Money(0)
        except LedgerError as error:
            self._say(str(error))
            return

        def work(session: Session) -> ShiftInfo | None:
            open_shift(session, actor, amount)
            return current_shift(session)

        self.tasks.write(work, {Change.SHIFTS, Change.MONEY}, self.opened.emit, lambda e: self._say(failure_message(e)))

    def _say(self, text: str) -> None:
        self.error.setText(text)
        self.float_field.setFocus()

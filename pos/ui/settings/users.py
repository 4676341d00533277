"""Users and PINs: who may log in, a new cashier, a new PIN, and deactivating someone who has left.

Each change is one core service on the worker (`add_user`, `change_pin`, `deactivate_user`), in the name of the
owner who is logged in; the core says who may do what. What the dialogs hold is taken on the GUI thread, before
the write is sent to the worker.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from typing import Final

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QAbstractItemView, QHBoxLayout, QHeaderView, QTableWidget, QTableWidgetItem
from sqlalchemy.orm import Session

from pos.i18n import _
from pos.ledger.base import fmt
from pos.ledger.base.clock import local, utc_now
from pos.ledger.books.approvals import Actor
from pos.ledger.people.users import UserInfo, add_user, change_pin, check_new_pin, deactivate_user
from pos.ui.changes import Change
from pos.ui.settings.fields import line_edit, pin_edit
from pos.ui.settings.section import Section, SettingsView
from pos.ui.tasks import TaskManager, failure_message
from pos.ui.widgets.buttons import BigButton
from pos.ui.widgets.form_dialog import FormDialog
from pos.ui.widgets.style import OK_TEXT

_TABLE_STYLE = """
QTableWidget { border: 1px solid #d5d8dd; background: #ffffff; alternate-background-color: #f6f7f9; }
QHeaderView::section { background: #eef0f3; color: #3b4150; font-weight: bold; border: none;
    border-bottom: 1px solid #d5d8dd; padding: 6px 10px; }
"""


# A write of a user, run on the worker in the name of the owner logged in.
UserWrite = Callable[[Session, Actor], None]
USERS_CHANGE: Final = {Change.SETTINGS}  # the users are among the shop's settings, for the screens that watch


def add_cashier(name: str, pin: str, again: str) -> UserWrite:
    def work(session: Session, by: Actor) -> None:
        check_new_pin(pin, again)
        add_user(session, name, "cashier", pin, by=by)

    return work


def set_pin(user_id: uuid.UUID, pin: str, again: str) -> UserWrite:
    def work(session: Session, by: Actor) -> None:
        check_new_pin(pin, again)
        change_pin(session, user_id, pin, by=by)

    return work


def deactivate(user_id: uuid.UUID) -> UserWrite:
    def work(session: Session, by: Actor) -> None:
        deactivate_user(session, user_id, by=by)

    return work


def user_state(user: UserInfo, timezone: str) -> str:
    if not user.is_active:
        return _("Deactivated")
    if user.locked_until is not None and user.locked_until > utc_now():
        return _("Locked out until {time}").format(time=fmt.datetime(local(user.locked_until, timezone)))
    return _("Active")


class UsersSection(Section):
    """The people, and three actions on them; each action asks in a small dialog, then reads the people again."""

    changed = Signal()

    def __init__(self, tasks: TaskManager) -> None:
        super().__init__(
            _("Users and PINs"),
            _(
                "Everyone logs in at the counter with their own PIN, so the audit log says who did what. "
                "Deactivate someone who has left: their sales stay in the books under their name."
            ),
            savable=False,
        )
        self.tasks = tasks
        self.actor: Actor | None = None
        self.users: list[UserInfo] = []
        self.timezone = "Asia/Jakarta"
        self.dialog: FormDialog | None = None
        self.table = QTableWidget(0, 3)
        self.table.setObjectName("usersTable")
        self.table.setHorizontalHeaderLabels([_("Name"), _("Role"), _("State")])
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.setShowGrid(False)
        self.table.setStyleSheet(_TABLE_STYLE)
        self.table.verticalHeader().hide()
        self.table.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 16)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.ResizeToContents)
        self.table.setMinimumHeight(240)
        self.table.itemSelectionChanged.connect(self._selection_changed)
        self.add_button = BigButton(_("Add a cashier"), on_click=self.ask_new_cashier)
        self.add_button.setObjectName("addCashier")
        self.pin_button = BigButton(_("Change PIN"), on_click=self.ask_new_pin)
        self.pin_button.setObjectName("changePin")
        self.deactivate_button = BigButton(_("Deactivate"), kind="danger", on_click=self.ask_deactivate)
        self.deactivate_button.setObjectName("deactivateUser")
        # The danger style has no look of its own for "not now"; borrow the plain one's.
        self.deactivate_button.setStyleSheet(
            self.deactivate_button.styleSheet()
            + "QPushButton:disabled { background: #f4f5f7; color: #a0a4ab; border: 1px solid #cfd3da; }"
        )
        buttons = QHBoxLayout()
        for button in (self.add_button, self.pin_button, self.deactivate_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        self.column.insertWidget(3, self.table, 1)
        self.column.insertLayout(4, buttons)
        self._selection_changed()

    # --- showing ---

    def show_view(self, view: SettingsView) -> None:
        self.timezone = view.values.shop_timezone
        chosen = self.selected()
        self.users = list(view.users)
        self.table.setRowCount(len(self.users))
        for row, user in enumerate(self.users):
            role = _("Owner") if user.role == "owner" else _("Cashier")
            for column, text in enumerate((user.name, role, user_state(user, self.timezone))):
                item = QTableWidgetItem(text)
                if not user.is_active:
                    item.setForeground(Qt.GlobalColor.gray)
                self.table.setItem(row, column, item)
            if chosen is not None and user.id == chosen.id:
                self.table.selectRow(row)
        self._selection_changed()

    def values(self) -> dict[str, object]:
        return {}

    def set_actor(self, actor: Actor | None) -> None:
        self.actor = actor
        self.add_button.setEnabled(actor is not None)
        self._selection_changed()

    def selected(self) -> UserInfo | None:
        rows = self.table.selectionModel().selectedRows()
        if not rows or rows[0].row() >= len(self.users):
            return None
        return self.users[rows[0].row()]

    def choose(self, name: str) -> None:
        """Select the user called `name` (for the keyboard's sake as much as tests)."""
        row = next(n for n, user in enumerate(self.users) if user.name == name)
        self.table.selectRow(row)

    def _selection_changed(self) -> None:
        user = self.selected()
        allowed = self.actor is not None and user is not None and user.is_active
        self.pin_button.setEnabled(allowed)
        self.deactivate_button.setEnabled(allowed)

    # --- asking ---

    def ask_new_cashier(self) -> None:
        dialog = FormDialog(_("Add a cashier"), _("Add"), self)
        name = line_edit()
        pin, again = pin_edit(), pin_edit()
        dialog.form.addRow(_("Name"), name)
        dialog.form.addRow(_("PIN"), pin)
        dialog.form.addRow(_("PIN again"), again)
        self._ask(
            dialog,
            lambda: add_cashier(name.text(), pin.text(), again.text()),
            lambda: _("{name} can now log in.").format(name=name.text().strip()),
        )

    def ask_new_pin(self) -> None:
        user = self.selected()
        if user is None:
            return
        dialog = FormDialog(_("New PIN for {name}").format(name=user.name), _("Change PIN"), self)
        pin, again = pin_edit(), pin_edit()
        dialog.form.addRow(_("New PIN"), pin)
        dialog.form.addRow(_("PIN again"), again)
        self._ask(
            dialog,
            lambda: set_pin(user.id, pin.text(), again.text()),
            lambda: _("The PIN of {name} was changed.").format(name=user.name),
        )

    def ask_deactivate(self) -> None:
        user = self.selected()
        if user is None:
            return
        dialog = FormDialog(_("Deactivate {name}?").format(name=user.name), _("Deactivate"), self)
        dialog.say(_("{name} will no longer be able to log in. Their sales stay in the books.").format(name=user.name))
        self._ask(
            dialog,
            lambda: deactivate(user.id),
            lambda: _("{name} was deactivated.").format(name=user.name),
        )

    def _ask(self, dialog: FormDialog, work: Callable[[], UserWrite], done_text: Callable[[], str]) -> None:
        """Open `dialog`; its main button takes `work()` from what the dialog holds and writes it on the worker as
        the logged-in owner."""
        self.dialog = dialog
        dialog.submitted.connect(lambda: self._run(dialog, work, done_text))
        dialog.open()

    def _run(self, dialog: FormDialog, work: Callable[[], UserWrite], done_text: Callable[[], str]) -> None:
        actor = self.actor
        if actor is None:
            return
        write = work()
        dialog.set_busy(True)
        dialog.say(_("Saving…"))
        self.tasks.write(
            lambda session: write(session, actor),
            USERS_CHANGE,
            lambda _none: self._done(dialog, done_text()),
            lambda error: self._failed(dialog, error),
        )

    def _done(self, dialog: FormDialog, text: str) -> None:
        dialog.accept()
        self.dialog = None
        self.say(text, OK_TEXT)
        self.changed.emit()

    def _failed(self, dialog: FormDialog, error: BaseException) -> None:
        dialog.set_busy(False)
        dialog.say(failure_message(error), error=True)

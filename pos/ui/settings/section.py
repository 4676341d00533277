"""One section of the settings screen: a heading, a form, and Save, which sends the section's values to the core.

What the settings hold is read once for the whole screen (`SettingsView`, on the worker) and shown by each
section; saving goes through `shop_settings.save_settings`, which checks every value before writing any.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QHBoxLayout, QVBoxLayout, QWidget
from sqlalchemy.orm import Session

from pos.i18n import _
from pos.ledger.base.clock import utc_now
from pos.ledger.base.errors import InvalidInput
from pos.ledger.people.users import UserInfo, list_users
from pos.ledger.replication import sync_state
from pos.ledger.setup.settings_form import InvalidSetting, SettingsRefused
from pos.ledger.shop import settings
from pos.ledger.shop.backup import BackupFile, backup_folder, backups, unreachable
from pos.ui.settings.fields import FieldForm
from pos.ui.tasks import failure_message
from pos.ui.widgets.buttons import BigButton
from pos.ui.widgets.style import ERROR_TEXT, MUTED_TEXT, OK_TEXT, label


@dataclass(frozen=True, slots=True)
class SettingsView:
    """Everything the settings screen shows, read in one go on the worker."""

    values: settings.ShopSettings
    users: tuple[UserInfo, ...]
    sync: sync_state.Status
    sync_url: str
    backup_folder: Path  # where backups go now: the chosen folder, or `backups` beside the database
    last_backup: BackupFile | None
    read_at: dt.datetime
    backup_problem: str = ""  # why backups cannot go to the folder now (its USB stick is not there), and what to do

    @property
    def timezone(self) -> str:
        return self.values.timezone


def read_settings_view(session: Session, database: Path) -> SettingsView:
    """The settings, the people (deactivated ones too), sync's state and the newest backup (beside `database`, the
    shop's file, unless a folder is chosen)."""
    values = settings.load(session)
    users = tuple(list_users(session, active_only=False))
    status = sync_state.status(session)
    enrolled = sync_state.enrolment(session)
    folder = backup_folder(database, values.backup_folder)
    found = backups(folder) if folder.is_dir() else []
    problem = unreachable(folder)
    return SettingsView(
        values=values,
        users=users,
        sync=status,
        sync_url=enrolled.url if enrolled else "",
        backup_folder=folder,
        last_backup=found[0] if found else None,
        read_at=utc_now(),
        backup_problem=str(problem) if problem else "",
    )


def as_setting(key: str, error: InvalidInput) -> InvalidSetting:
    """A field's own refusal (a PIN, an amount) as the refusal of setting `key`, to show by its field."""
    return InvalidSetting(key, error.msgid, **error.params)


class Section(QWidget):
    """A heading, a line on what the settings do, a `FieldForm`, and (when `savable`) Save and its answer.

    Subclasses fill the form, show a `SettingsView` in `show_view` and give their values in `values()`, raising
    `InvalidSetting` (or `SettingsRefused`) for what cannot even be read, such as letters in a percentage.
    """

    save_requested = Signal(dict)

    def __init__(self, title: str, explain: str, *, savable: bool = True, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.title = title
        self.heading = label(title, factor=1.6, bold=True)
        self.explain = label(explain, style=MUTED_TEXT)
        self.explain.setWordWrap(True)
        self.form = FieldForm()
        self.status = label()
        self.status.setObjectName("sectionStatus")
        self.status.setWordWrap(True)
        self.save_button = BigButton(_("Save"), kind="primary", on_click=self.save)
        self.save_button.setObjectName("saveSettings")
        self.save_button.setFixedWidth(200)
        if not savable:
            self.save_button.hide()  # never made visible before it has a parent: it would open as a window
        self.column = QVBoxLayout(self)
        self.column.setContentsMargins(32, 24, 32, 20)
        self.column.setSpacing(10)
        self.column.addWidget(self.heading)
        self.column.addWidget(self.explain)
        self.column.addSpacing(10)
        self.column.addWidget(self.form)
        self.column.addStretch(1)
        bottom = QHBoxLayout()
        bottom.addWidget(self.status, 1)
        bottom.addWidget(self.save_button)
        self.column.addLayout(bottom)

    def show_view(self, view: SettingsView) -> None:
        raise NotImplementedError

    def values(self) -> dict[str, Any]:
        raise NotImplementedError

    def set_allowed(self, allowed: bool) -> None:
        """Only an owner saves; the core refuses anyone else in any case."""
        self.save_button.setEnabled(allowed)

    def save(self) -> None:
        if not self.save_button.isEnabled():
            return
        try:
            values = self.values()
        except SettingsRefused as refused:
            self.refused(refused)
            return
        except InvalidSetting as problem:
            self.refused(SettingsRefused((problem,)))
            return
        self.form.clear_problems()
        self.say(_("Saving…"), MUTED_TEXT)
        self.save_requested.emit(values)

    def saved(self, keys: tuple[str, ...]) -> None:
        self.form.clear_problems()
        self.say(_("Saved.") if keys else _("Nothing was changed."), OK_TEXT)

    def refused(self, error: BaseException) -> None:
        """The core said no: each refusal by its field, and nothing was written."""
        if isinstance(error, SettingsRefused):
            self.form.show_problems(error.by_key())
            self.say(_("Not saved: please correct the marked fields."), ERROR_TEXT)
            return
        self.say(failure_message(error), ERROR_TEXT)

    def say(self, text: str, style: str) -> None:
        self.status.setText(text)
        self.status.setStyleSheet(style)

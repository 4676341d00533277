"""The owner's settings screen: the sections down the side, one section's form at a time.

Everything shown is read on the database worker (`read_settings_view`), again when the settings or the users
change; Save sends a section's values to `shop_settings.save_settings` there, in the name of the owner who is
logged in (`set_actor`). A refused value is shown next to its field and nothing is written.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QHBoxLayout, QListWidget, QStackedWidget, QVBoxLayout, QWidget

from pos.i18n import _
from pos.ledger.base import fmt
from pos.ledger.base.clock import local
from pos.ledger.books.approvals import Actor
from pos.ledger.setup.settings_form import save_settings
from pos.ui.changes import Change, Watch
from pos.ui.settings.money_sections import CounterSection, RemindersSection, RoundingSection, TaxSection
from pos.ui.settings.section import Section, SettingsView, read_settings_view
from pos.ui.settings.shop_sections import PrinterSection, QrisSection, ReceiptSection, ShopSection
from pos.ui.settings.system_sections import BackupSection, LanguageSection, SyncSection
from pos.ui.settings.users import UsersSection
from pos.ui.tasks import TaskManager, failure_message
from pos.ui.widgets.pages import size_to_shown
from pos.ui.widgets.style import ERROR_TEXT, MUTED_TEXT, label

_LIST_STYLE = """
QListWidget { background: #f4f5f7; border: none; border-right: 1px solid #dcdfe4; outline: 0; padding-top: 8px; }
QListWidget::item { padding: 10px 16px; color: #1f2430; }
QListWidget::item:selected { background: #dbe7fb; color: #1857b6; font-weight: bold; }
"""


class SettingsScreen(QWidget):
    """Shop, receipt, printer, QRIS, rounding, taxes, users and PINs, language, backups and sync.

    `saved` carries the keys of settings just written, so the counter can take them up at once.
    """

    saved = Signal(tuple)

    def __init__(self, tasks: TaskManager, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.tasks = tasks
        self.actor: Actor | None = None
        self.view: SettingsView | None = None
        self.shop = ShopSection()
        self.receipt = ReceiptSection()
        self.printer = PrinterSection(tasks)
        self.qris = QrisSection()
        self.rounding = RoundingSection()
        self.counter = CounterSection()
        self.reminders = RemindersSection()
        self.taxes = TaxSection()
        self.users = UsersSection(tasks)
        self.language = LanguageSection()
        self.backup = BackupSection(tasks)
        self.sync = SyncSection(tasks)
        self.sections: list[Section] = [
            self.shop,
            self.receipt,
            self.printer,
            self.qris,
            self.rounding,
            self.counter,
            self.reminders,
            self.taxes,
            self.users,
            self.language,
            self.backup,
            self.sync,
        ]
        self.list = QListWidget()
        self.list.setObjectName("settingsSections")
        self.list.setStyleSheet(_LIST_STYLE)
        self.list.setMinimumWidth(170)
        self.list.setMaximumWidth(250)
        self.pages = QStackedWidget()
        for section in self.sections:
            self.list.addItem(section.title)
            self.pages.addWidget(section)
            section.save_requested.connect(lambda values, s=section: self.save(s, values))
        # A save here reads again only the section saved (on the change it announces), so that what is being typed
        # in the others stays; a change from elsewhere reads every section.
        self._only: Section | None = None
        self.users.changed.connect(lambda: self._read_only(self.users))
        self.list.currentRowChanged.connect(self.pages.setCurrentIndex)
        size_to_shown(self.pages)
        self.list.setCurrentRow(0)

        self.title = label(_("Settings"), factor=1.8, bold=True)
        self.status = label(_("Reading the settings…"), style=MUTED_TEXT)
        self.status.setObjectName("settingsStatus")
        header = QHBoxLayout()
        header.setContentsMargins(28, 14, 28, 10)
        header.addWidget(self.title)
        header.addStretch(1)
        header.addWidget(self.status, 0, Qt.AlignmentFlag.AlignVCenter)
        body = QHBoxLayout()
        body.setContentsMargins(0, 0, 0, 0)
        body.setSpacing(0)
        body.addWidget(self.list)
        body.addWidget(self.pages, 1)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.setSpacing(0)
        outer.addLayout(header)
        outer.addLayout(body, 1)
        self.set_actor(None)
        self.watch = Watch(self, tasks.changed, {Change.SETTINGS}, self._changed, stale=True)

    def set_actor(self, actor: Actor | None) -> None:
        """The owner who is logged in; saving needs one (the core refuses a cashier in any case)."""
        self.actor = actor
        allowed = actor is not None and actor.is_owner
        for section in self.sections:
            section.set_allowed(allowed)
        self.users.set_actor(actor if allowed else None)

    def show_section(self, section: Section) -> None:
        self.list.setCurrentRow(self.sections.index(section))

    def refresh(self, only: Section | None = None) -> None:
        """Read the settings again on the worker and show them in every section (or in `only`, so that what is
        being typed in the others stays)."""
        database = self.tasks.db.path
        self.tasks.read(
            lambda session: read_settings_view(session, database),
            lambda view: self._show(view, only),
            self._read_failed,
        )

    def _read_only(self, section: Section) -> None:
        self._only = section

    def _changed(self) -> None:
        only, self._only = self._only, None
        self.refresh(only)

    def _show(self, view: SettingsView, only: Section | None) -> None:
        self.view = view
        for section in self.sections if only is None else [only]:
            section.show_view(view)
        self.printer.use_shop(view)  # the test slip's header follows the saved profile
        self.status.setText(_("Read {time}").format(time=fmt.datetime(local(view.read_at, view.timezone))))
        self.status.setStyleSheet(MUTED_TEXT)

    def _read_failed(self, error: BaseException) -> None:
        self.status.setText(_("Could not read the settings: {error}").format(error=failure_message(error)))
        self.status.setStyleSheet(ERROR_TEXT)

    def save(self, section: Section, values: dict[str, Any]) -> None:
        actor = self.actor
        if actor is None:
            return

        self.tasks.write(
            lambda session: save_settings(session, values, by=actor),
            {Change.SETTINGS},
            lambda keys: self._saved(section, keys),
            section.refused,
        )

    def _saved(self, section: Section, keys: tuple[str, ...]) -> None:
        section.saved(keys)
        self._read_only(section)
        self.saved.emit(keys)

"""Settings about the app and the shop's data: the language, the backup folder (a backup now, one put back),
sync's state."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QHBoxLayout, QMessageBox, QSizePolicy, QWidget

from pos.i18n import _
from pos.ledger.base import fmt
from pos.ledger.base.clock import local
from pos.ledger.base.db import Database
from pos.ledger.shop.backup import BackupFile, auto_backup, verify_file
from pos.ui.settings.fields import FIELD_HEIGHT, choose, combo, line_edit
from pos.ui.settings.owner_web import OwnerWebPanel
from pos.ui.settings.section import Section, SettingsView
from pos.ui.sync_status import status_text
from pos.ui.tasks import TaskManager, failure_message
from pos.ui.widgets import file_dialogs
from pos.ui.widgets.buttons import BigButton
from pos.ui.widgets.style import ERROR_TEXT, MUTED_TEXT, OK_TEXT, label, whole_placeholder

LANGUAGES = (("Bahasa Indonesia", "id"), ("English", "en"))  # each named in itself


def backup_now(db: Database) -> BackupFile:
    """Runs on the worker: a copy of the shop's database into its backup folder, checked."""
    return auto_backup(db, "manual")


def _size(size: int) -> str:
    return _("{n} MB").format(n=fmt.number(max(1, round(size / 1_000_000))))


def backup_line(found: BackupFile, timezone: str) -> str:
    return _("{file}, {when}, {size}").format(
        file=found.path.name, when=fmt.datetime(local(found.taken_at, timezone)), size=_size(found.size)
    )


class LanguageSection(Section):
    def __init__(self) -> None:
        super().__init__(
            _("Language"),
            _("The language of the screens, receipts and reports. It takes effect when Laci starts again."),
        )
        self.language = combo(list(LANGUAGES), width=300)
        self.language.setObjectName("language")
        self.form.add("language", _("Language"), self.language)

    def show_view(self, view: SettingsView) -> None:
        choose(self.language, view.values.language)

    def values(self) -> dict[str, Any]:
        return {"language": self.language.currentData()}


class BackupSection(Section):
    """Where the automatic backups go (a USB stick, a synced folder), a backup made now on the worker, and a
    backup put back: checked here, then `restore_chosen` asks the app to close the shop and reopen it restored."""

    restore_chosen = Signal(object)

    def __init__(self, tasks: TaskManager) -> None:
        super().__init__(
            _("Backups"),
            _(
                "Laci copies the shop's data every day and at every shift close. Choose a folder on a USB stick "
                "or a synced folder, so a broken computer does not take the books with it."
            ),
        )
        self.tasks = tasks
        self.timezone = "Asia/Jakarta"
        self.backups_at = ""  # where the backups go now: the restore dialog starts there
        self.folder = line_edit(_("empty: a “backups” folder beside the shop's data"))
        self.folder.setObjectName("backup.folder")
        choose_button = BigButton(_("Choose…"), height=FIELD_HEIGHT, on_click=self.choose_folder)
        choose_button.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Preferred)
        whole_placeholder(self.folder)
        row = QWidget()
        line = QHBoxLayout(row)
        line.setContentsMargins(0, 0, 0, 0)
        line.addWidget(self.folder, 1)
        line.addWidget(choose_button)
        self.form.add("backup.folder", _("Backup folder"), row)
        self.form.fields["backup.folder"] = self.folder  # the focus goes to the text, not the row
        self.where = label(style=MUTED_TEXT)
        self.where.setObjectName("backupWhere")
        self.where.setWordWrap(True)
        self.form.add_row(_("Backups go to"), self.where)
        self.last = label(style=MUTED_TEXT)
        self.last.setObjectName("lastBackup")
        self.last.setWordWrap(True)
        self.form.add_row(_("Newest backup"), self.last)
        self.backup_button = BigButton(_("Back up now"), on_click=self.back_up)
        self.backup_button.setObjectName("backUpNow")
        self.backup_button.setFixedWidth(240)
        self.backup_status = label()
        self.backup_status.setObjectName("backupStatus")
        self.backup_status.setWordWrap(True)
        self.form.add_row("", self.backup_button)
        self.form.add_row("", self.backup_status)
        self.restore_button = BigButton(_("Restore a backup…"), on_click=self.choose_restore)
        self.restore_button.setObjectName("restoreBackup")
        self.restore_button.setFixedWidth(240)
        self.form.add_row("", self.restore_button)

    def show_view(self, view: SettingsView) -> None:
        self.timezone = view.values.shop_timezone
        self.backups_at = str(view.backup_folder)
        self.folder.setText(view.values.backup_folder)
        # A USB stick that is not plugged in (or came back under another drive letter) is said here, with the way out.
        self.where.setText(
            f"{view.backup_folder}\n{view.backup_problem}" if view.backup_problem else str(view.backup_folder)
        )
        self.where.setStyleSheet(ERROR_TEXT if view.backup_problem else MUTED_TEXT)
        self.last.setText(backup_line(view.last_backup, self.timezone) if view.last_backup else _("None yet"))

    def values(self) -> dict[str, Any]:
        return {"backup.folder": self.folder.text()}

    def choose_folder(self) -> None:
        chosen = file_dialogs.choose_folder(self, _("Backup folder"), self.folder.text(), "backup")
        if chosen:
            self.folder.setText(str(chosen))

    def back_up(self) -> None:
        self.backup_button.setEnabled(False)
        self.backup_status.setText(_("Making a backup…"))
        self.backup_status.setStyleSheet(MUTED_TEXT)
        self.tasks.run_db(backup_now, self._backed_up, self._not_backed_up)

    def _backed_up(self, found: BackupFile) -> None:
        self.backup_button.setEnabled(True)
        self.backup_status.setText(_("Backup made: {file}").format(file=found.path))
        self.backup_status.setStyleSheet(OK_TEXT)
        self.last.setText(backup_line(found, self.timezone))

    def _not_backed_up(self, error: BaseException) -> None:
        self.backup_button.setEnabled(True)
        self.backup_status.setText(failure_message(error))
        self.backup_status.setStyleSheet(ERROR_TEXT)

    def set_allowed(self, allowed: bool) -> None:
        super().set_allowed(allowed)
        self.restore_button.setEnabled(allowed)  # only the owner puts an older copy of the books back

    def choose_restore(self) -> None:
        # Compressed full copies, a shift's pages, and the plain copies made before backups were compressed.
        kinds = "Laci (*.sqlite3.zst *.pages.zst *.sqlite3)"
        chosen = file_dialogs.open_file(self, _("Restore a backup"), kinds, "backup", str(self.backups_at))
        if chosen is None:
            return
        path = chosen
        self.backup_status.setText(_("Checking {file}…").format(file=path.name))
        self.backup_status.setStyleSheet(MUTED_TEXT)
        self.tasks.run_io(lambda: verify_file(path), lambda problems: self._checked(path, problems))

    def _checked(self, path: Path, problems: list[str]) -> None:
        if problems:
            self.backup_status.setText(
                _("{file} cannot be restored: {problem}").format(file=path.name, problem=problems[0])
            )
            self.backup_status.setStyleSheet(ERROR_TEXT)
            return
        self.backup_status.setText("")
        asked = QMessageBox.question(
            self,
            _("Restore a backup"),
            _(
                "Put {file} back in place of the shop's data? Laci closes and opens again with the data in this "
                "backup. The data it replaces is kept beside it, not deleted."
            ).format(file=path.name),
        )
        if asked == QMessageBox.StandardButton.Yes:
            self.restore_chosen.emit(path)


class SyncSection(Section):
    """Whether this counter is enrolled with the sync service and how far sync has got; on the owner's counter,
    the owner's web link (a QR code for the phone) and the web sessions."""

    def __init__(self, tasks: TaskManager) -> None:
        super().__init__(
            _("Sync"),
            _(
                "Counters of one shop share their sales and products through the sync service. A counter is "
                "connected once by the owner with 'laci sync enrol'; the counter keeps selling when offline."
            ),
            savable=False,
        )
        self.state = label(bold=True)
        self.state.setObjectName("syncState")
        self.server = label()
        self.server.setObjectName("syncServer")
        self.server.setWordWrap(True)
        self.form.add_row(_("State"), self.state)
        self.form.add_row(_("Service"), self.server)
        self.owner_web = OwnerWebPanel(tasks)
        self.form.add_row(_("Owner's web"), self.owner_web)
        self.enrolled = False
        self.owner = False

    def set_allowed(self, allowed: bool) -> None:
        super().set_allowed(allowed)
        self.owner = allowed
        self.owner_web.set_allowed(allowed and self.enrolled)

    def show_view(self, view: SettingsView) -> None:
        status = view.sync
        self.enrolled = status.enrolled
        self.owner_web.set_allowed(self.owner and self.enrolled)
        self.state.setText(status_text(status))
        if status.enrolled:
            self.server.setText(f"{view.sync_url} · {status.shop_name}" if status.shop_name else view.sync_url)
        else:
            self.server.setText("—")
        if status.last_error:
            self.say(_("Last problem: {error}").format(error=status.last_error), ERROR_TEXT)
        else:
            self.say("", MUTED_TEXT)

    def values(self) -> dict[str, Any]:
        return {}

"""What the owner sees when the shop's database is damaged at start: the newest good backup offered, or the way on.

The choice is the owner's: restore that backup (the damaged file is kept aside, renamed) and open the shop, or
quit with nothing changed on disk. With no good backup the dialog says where it looked and what to do.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QFrame,
    QHBoxLayout,
    QLayout,
    QMessageBox,
    QSizePolicy,
    QSpacerItem,
    QVBoxLayout,
    QWidget,
)

from pos.i18n import _
from pos.ledger.base import fmt
from pos.ledger.base.db import Database
from pos.ledger.shop.recovery import Recovery, recover
from pos.ui.tasks import failure_message
from pos.ui.widgets.buttons import BigButton
from pos.ui.widgets.fitted_dialog import FittedDialog
from pos.ui.widgets.style import BAD, MUTED_TEXT, label

log = logging.getLogger(__name__)

WIDTH = 720
GOOD_BOX = "QFrame#backupBox { background: #f4f8f5; border: 1px solid #b9d3c1; border-radius: 8px; }"
PLAIN_BOX = "QFrame#backupBox { background: #f4f5f7; border: 1px solid #cfd3da; border-radius: 8px; }"


def _text(text: str, *, style: str = "", factor: float = 1.0, bold: bool = False, select: bool = False) -> QWidget:
    made = label(text, style=style, factor=factor, bold=bold)
    made.setWordWrap(True)
    if select:  # a path the owner may need to copy into a file manager
        made.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    return made


class DamagedDatabaseDialog(FittedDialog):
    """Accepted: restore `plan.backup`. Rejected (the quit button, Esc, closing the window): change nothing."""

    def __init__(self, plan: Recovery, problem: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.plan = plan
        self.setWindowTitle("Laci")
        self.setModal(True)
        body = QVBoxLayout(self)
        body.setSizeConstraint(QLayout.SizeConstraint.SetMinimumSize)  # wrapped text gets the height it needs
        body.setContentsMargins(28, 22, 28, 22)
        # The layout's minimum is the dialog's: a strut keeps it wide enough for paths to read on few lines.
        body.addSpacerItem(QSpacerItem(WIDTH - 56, 0, QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Minimum))
        body.setSpacing(14)
        body.addWidget(_text(_("The shop's data cannot be opened"), factor=1.5, bold=True))
        self.problem = _text(problem, style=f"color: {BAD};", select=True)
        body.addWidget(self.problem)
        taken = plan.taken_at()
        quit_text = _("Quit without changing anything") if taken is not None else _("Quit")
        self.quit_button = BigButton(quit_text, "Esc", on_click=self.reject)
        self.restore_button: BigButton | None = None
        buttons = QHBoxLayout()
        buttons.setSpacing(12)
        buttons.addWidget(self.quit_button)
        if plan.backup is not None and taken is not None:
            when = fmt.datetime(taken)
            where = _("{file}\nin {folder}").format(file=plan.backup.path.name, folder=plan.backup.path.parent)
            body.addWidget(_box(_("The newest good backup"), when, where, style=GOOD_BOX))
            advice = _(
                "Restoring puts this backup in place of the damaged data and opens the shop. Sales made after "
                "{when} are not in the backup. The damaged file is not deleted: it stays in {folder}, renamed "
                "to {name}."
            ).format(when=when, folder=plan.database.parent, name=f"{plan.database.stem}.replaced-….sqlite3")
            self.restore_button = BigButton(
                _("Restore this backup and open the shop"), "Enter", kind="primary", on_click=self.accept
            )
            self.restore_button.setDefault(True)
            buttons.addWidget(self.restore_button)
        else:
            body.addWidget(_box(_("No good backup was found in"), "", "\n".join(map(str, plan.searched))))
            advice = _(
                "Nothing has been changed. To bring the shop back, copy a backup (a file named laci-….sqlite3.zst) "
                "from your USB stick or backup folder into {folder} and start Laci again. Keep the damaged file "
                "{file}: it may still be repaired."
            ).format(folder=plan.searched[-1], file=plan.database)
        for button in (self.quit_button, self.restore_button):
            if button is not None:  # never narrower than its words
                button.setMinimumWidth(button.sizeHint().width())
        self.advice = _text(advice, select=True)
        body.addWidget(self.advice)
        body.addStretch(1)
        body.addLayout(buttons)


def _box(title: str, headline: str, detail: str, *, style: str = PLAIN_BOX) -> QFrame:
    box = QFrame()
    box.setObjectName("backupBox")
    box.setStyleSheet(style)
    inside = QVBoxLayout(box)
    inside.setContentsMargins(16, 12, 16, 12)
    inside.setSpacing(4)
    inside.addWidget(_text(title, style=MUTED_TEXT))
    if headline:
        inside.addWidget(_text(headline, factor=1.3, bold=True))
    inside.addWidget(_text(detail, select=True))
    return box


def restore_and_open(plan: Recovery, reopen: Callable[[], Database]) -> Database | None:
    """Restore the offered backup and open the shop; a failure is told to the owner (None: the app stops)."""
    try:
        kept = recover(plan)  # checks the backup again first: a refused one leaves every file as it was
    except Exception as error:
        log.error("Could not restore the backup", exc_info=error)
        QMessageBox.critical(
            None, "Laci", _("The backup could not be restored: {error}").format(error=failure_message(error))
        )
        return None
    log.warning("The shop's database was restored from %s; the damaged file is kept as %s", plan.backup, kept)
    try:
        return reopen()
    except Exception as error:
        log.error("Could not open the restored database", exc_info=error)
        QMessageBox.critical(
            None, "Laci", _("Laci could not open the shop's data: {error}").format(error=failure_message(error))
        )
        return None


def offer_restore(plan: Recovery, problem: str, reopen: Callable[[], Database]) -> Database | None:
    """Show the dialog; the shop's database if the owner restored a backup, None if they quit (nothing changed)."""
    dialog = DamagedDatabaseDialog(plan, problem)
    if dialog.exec() != QDialog.DialogCode.Accepted or plan.backup is None:
        return None
    return restore_and_open(plan, reopen)

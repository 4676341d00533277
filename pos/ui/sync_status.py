"""Background sync for the window: runs on the I/O pool on a timer, shows its state in the status bar.

It never blocks the screen or a sale: sync works in its own short transactions off the GUI thread, and when the
cloud cannot be reached the counter just keeps selling and says how many events are waiting.
"""

from __future__ import annotations

import datetime as dt
from typing import Final

from PySide6.QtCore import QObject, QTimer
from PySide6.QtWidgets import QLabel, QWidget
from sqlalchemy.orm import Session

from pos.i18n import _
from pos.ledger.base import fmt
from pos.ledger.base.clock import local
from pos.ledger.base.db import Database
from pos.ledger.replication import sync_state
from pos.ui.changes import EVERYTHING
from pos.ui.tasks import TaskManager

INTERVAL_MS: Final = 60_000
GUI_PULL_PAGE: Final = 200


def status_text(status: sync_state.Status) -> str:
    """One line for the status bar, in the shop's words."""
    if not status.enrolled:
        return _("Not connected to the cloud")
    when = _("never")
    if status.last_pull:
        when = fmt.datetime(local(dt.datetime.fromisoformat(status.last_pull)))
    line = _("Synced {when} · {n} waiting").format(when=when, n=status.waiting)
    if status.held:
        line += " · " + _("{n} not applied yet").format(n=status.held)
    if status.refused:
        line += " · " + _("{n} refused ('laci sync status')").format(n=status.refused)
    if status.last_error:
        line += " · " + _("offline, will retry")
    return line


def pull_and_push(db: Database) -> int:
    """One round of sync with the cloud, on the I/O pool; how many events it brought in from other devices.
    Errors are recorded for the status line, never raised to the screen."""
    # httpx loads at the first sync of an enrolled counter, never at start nor on a counter that is not.
    from pos.sync import witness
    from pos.sync.client import SyncClient, SyncError

    try:
        with SyncClient(db, page=GUI_PULL_PAGE) as client:
            report = witness.sync(client)
    except SyncError:
        return 0  # recorded as the last problem; the counter keeps selling and tries again later
    return report.pulled + report.applied


def _enrolled(session: Session) -> bool:
    return sync_state.enrolment(session) is not None


class SyncStatus(QObject):
    """Owns the sync timer and the status-bar label."""

    def __init__(self, tasks: TaskManager, parent: QWidget | None = None, interval_ms: int = INTERVAL_MS) -> None:
        super().__init__(parent)
        self.tasks = tasks
        self.label = QLabel(_("Not connected to the cloud"), parent)
        self.running = False
        self.timer = QTimer(self)
        self.timer.setInterval(interval_ms)
        self.timer.timeout.connect(self.sync_now)

    def start(self, first_round_ms: int = 0) -> None:
        """Sync every interval from now on; the first round after `first_round_ms` (the window waits until the
        counter is ready: loading the HTTP client competes with the start for the processor)."""
        self.timer.start()
        if first_round_ms:
            QTimer.singleShot(first_round_ms, self.sync_now)
        else:
            self.sync_now()

    def sync_now(self) -> None:
        if self.running:
            return  # one round at a time; the timer will come back
        self.running = True
        self.tasks.read(_enrolled, self._round, self._failed)

    def _round(self, enrolled: bool) -> None:
        if not enrolled:
            self._read_status()
            return
        db = self.tasks.db
        self.tasks.run_io(lambda: pull_and_push(db), self._synced, self._failed)

    def _synced(self, brought_in: int) -> None:
        if brought_in:
            # Another device's sales, stock, prices or settings may be in what came: every screen reads again.
            self.tasks.announce(EVERYTHING)
        self._read_status()

    def _read_status(self) -> None:
        self.tasks.read(sync_state.status, self._done, self._failed)

    def _done(self, status: sync_state.Status) -> None:
        self.running = False
        self.label.setText(status_text(status))

    def _failed(self, _error: BaseException) -> None:
        self.running = False
        self.label.setText(_("Sync failed; it will be tried again."))

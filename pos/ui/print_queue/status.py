"""The printer's state in the status bar, and the worker that prints the queue by itself.

The button says "Printer: nothing waiting" or how many slips wait, in red with the last problem when one failed;
pressing it opens the queue. The worker (`PrintWorker`) runs on its own thread; each of its passes, and a timer
for jobs queued by another program, reads the queue again on the database worker.
"""

from __future__ import annotations

from typing import Final

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtWidgets import QToolButton, QWidget

from pos.i18n import _
from pos.ledger.books.approvals import Actor
from pos.printing import queue_view
from pos.printing.queue_worker import PrintRun
from pos.printing.worker import PrintWorker
from pos.ui.print_queue.dialog import PrintQueueDialog
from pos.ui.print_queue.reading import QueueView, read_queue
from pos.ui.tasks import TaskManager

REREAD_MS: Final = 15_000
_CALM = "QToolButton { border: none; padding: 2px 8px; color: #555b66; }"
_WAITING = "QToolButton { border: none; padding: 2px 8px; color: #8a5a00; font-weight: bold; }"
_PROBLEM = "QToolButton { border: none; padding: 2px 8px; color: #a32020; font-weight: bold; }"


class PrintQueueStatus(QObject):
    """Owns the print worker and the status-bar button. `start()` once the window shows; `stop()` on closing."""

    _passed = Signal(object)  # a worker pass, handed from its thread to the GUI thread

    def __init__(self, tasks: TaskManager, parent: QWidget | None = None, *, reread_ms: int = REREAD_MS) -> None:
        super().__init__(parent)
        self.tasks = tasks
        self.actor: Actor | None = None
        self.view: QueueView | None = None
        self.dialog: PrintQueueDialog | None = None
        self.button = QToolButton(parent)
        self.button.setObjectName("printQueueButton")
        self.button.setText(_("Printer: nothing waiting"))
        self.button.setStyleSheet(_CALM)
        self.button.clicked.connect(self.open_queue)
        self.worker = PrintWorker(tasks.db, on_run=self._passed.emit)
        self._passed.connect(self._after_pass)
        self._reading = False
        self.timer = QTimer(self)
        self.timer.setInterval(reread_ms)
        self.timer.timeout.connect(self.refresh)

    def start(self) -> None:
        self.worker.start()
        self.timer.start()
        self.refresh()

    def stop(self) -> None:
        self.timer.stop()
        self.worker.stop()

    def wake(self) -> None:
        """A slip was just queued (or a person asked): print now."""
        self.worker.wake()

    def set_actor(self, actor: Actor | None) -> None:
        self.actor = actor
        if self.dialog is not None:
            self.dialog.set_actor(actor)

    def refresh(self) -> None:
        if self._reading:
            return
        self._reading = True
        self.tasks.run_db(read_queue, self._show, self._unread)

    def _after_pass(self, run: PrintRun) -> None:
        self.refresh()

    def _unread(self, _error: BaseException) -> None:
        self._reading = False

    def _show(self, view: QueueView) -> None:
        self._reading = False
        self.view = view
        status = view.status
        self.button.setText(queue_view.summary(status))
        if status.last_error and (status.pending or status.failed):
            self.button.setStyleSheet(_PROBLEM)
            self.button.setToolTip(status.last_error)
        else:
            self.button.setStyleSheet(_WAITING if status.pending or status.sent else _CALM)
            self.button.setToolTip(_("Open the print queue"))
        if self.dialog is not None:
            self.dialog.show_view(view)

    def open_queue(self) -> PrintQueueDialog:
        if self.dialog is None:
            parent = self.parent()
            self.dialog = PrintQueueDialog(self.tasks, parent if isinstance(parent, QWidget) else None)
            self.dialog.changed.connect(self._changed)
            self.dialog.finished.connect(self._closed)
        self.dialog.set_actor(self.actor)
        if self.view is not None:
            self.dialog.show_view(self.view)
        self.dialog.open()
        self.refresh()
        return self.dialog

    def _changed(self) -> None:
        self.wake()
        self.refresh()

    def _closed(self, _result: int) -> None:
        dialog, self.dialog = self.dialog, None
        if dialog is not None:
            dialog.deleteLater()

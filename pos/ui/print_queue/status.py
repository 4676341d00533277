"""The printer's state in the status bar, and the worker that prints the queue by itself.

The button says "Printer: nothing waiting" or how many slips wait, in red with the last problem when one failed;
pressing it opens the queue. The worker (`PrintWorker`) runs on its own thread; each of its passes, and a timer
for jobs queued by another program, reads the queue again on the database worker.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Final

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtWidgets import QToolButton, QWidget

from pos.i18n import _
from pos.ledger.books.approvals import Actor
from pos.printing import queue_view
from pos.ui.changes import Change, Changes
from pos.ui.print_queue.work import QueueView, read_queue
from pos.ui.tasks import TaskManager

if TYPE_CHECKING:
    from pos.printing.queue_worker import PrintRun
    from pos.printing.worker import PrintWorker
    from pos.ui.print_queue.dialog import PrintQueueDialog

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
        # Always in sight in the status bar (and behind the open queue): it reads as soon as a write queues a slip.
        tasks.changed.connect(self._announced)
        # Made by `start` once its module is loaded on the I/O pool: the printers' code (python-escpos, the slips)
        # is not on the path to a ready counter.
        self.worker: PrintWorker | None = None
        self._stopped = False
        self._passed.connect(self._after_pass)
        self._reading = False
        self._again = False  # a change came while a read was on its way: read once more after it
        self.timer = QTimer(self)
        self.timer.setInterval(reread_ms)
        self.timer.timeout.connect(self.refresh)

    def start(self) -> None:
        self._stopped = False
        self.timer.start()
        self.refresh()
        if self.worker is not None:
            self.worker.start()
        else:
            self.tasks.run_io(_worker_class, self._start_worker)

    def _start_worker(self, worker_class: type[PrintWorker]) -> None:
        if self.worker is None:
            self.worker = worker_class(self.tasks.db, on_run=self._passed.emit)
        if not self._stopped:
            self.worker.start()  # its first pass prints what waited, and what was woken for meanwhile

    def stop(self) -> None:
        self._stopped = True
        self.timer.stop()
        if self.worker is not None:
            self.worker.stop()

    def wake(self) -> None:
        """A slip was just queued (or a person asked): print now."""
        if self.worker is not None:
            self.worker.wake()

    def set_actor(self, actor: Actor | None) -> None:
        self.actor = actor
        if self.dialog is not None:
            self.dialog.set_actor(actor)

    def refresh(self) -> None:
        if self._reading:
            self._again = True
            return
        self._reading = True
        self.tasks.read(read_queue, self._show, self._unread)

    def _after_pass(self, run: PrintRun) -> None:
        self.refresh()

    def _unread(self, _error: BaseException) -> None:
        self._reading = False
        self._read_again()

    def _read_again(self) -> None:
        if self._again:
            self._again = False
            self.refresh()

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
        self._read_again()

    def open_queue(self) -> PrintQueueDialog:
        if self.dialog is None:
            from pos.ui.print_queue.dialog import PrintQueueDialog  # loaded when first opened

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
        self.wake()  # the write's own announcement reads the queue again

    def _announced(self, changes: Changes) -> None:
        if Change.PRINTING in changes:
            self.refresh()

    def _closed(self, _result: int) -> None:
        dialog, self.dialog = self.dialog, None
        if dialog is not None:
            dialog.deleteLater()


def _worker_class() -> type[PrintWorker]:
    """The print worker's class, imported on the I/O pool (its imports take a few hundred milliseconds)."""
    from pos.printing.worker import PrintWorker

    return PrintWorker

"""The one database worker, after Anki's `taskman` and `CollectionOp`: work runs off the GUI thread, results
come back on it, and every write says what it changed.

Screens read with `TaskManager.read(fn)` and write with `TaskManager.write(fn, changes)`: `fn(session)` is a core
function run in a read snapshot or in one write transaction, on a single worker thread, so tasks run one at a time
and in the order they were asked for, and the GUI never waits on SQLite. After a write commits, `changed` carries
the kinds of data it changed (`pos.ui.changes`), and the screens that show them read again. `run_db(fn)` gives
`fn` the whole `Database`, for the few jobs that are about the file rather than one transaction (a backup, a
restore, a check of the whole books).

The concurrency rule, the one place it is written: the GUI thread never touches the database. The database worker
runs the screens' work. Printing and sync run on a small I/O pool (`run_io`) because they wait on devices and the
network; they open their own short sessions on the same `Database` and never hold one while they wait on a
printer or a server. SQLite in WAL mode lets their reads run beside the worker's, and their writes (a claim on a
print job, events pulled from the service) queue behind the worker's through the busy timeout, each a
transaction of its own, so a slow printer or network never holds up a sale.

The work function must never touch a widget, a Qt model or anything else owned by the GUI thread: it runs on
another thread. It returns plain values (the frozen dataclasses the core returns are ideal), shown in
`on_success`, which runs on the GUI thread.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable
from concurrent.futures import CancelledError, Future, ThreadPoolExecutor
from typing import Any, TypeVar

from PySide6.QtCore import QEventLoop, QObject, Qt, QThread, QTimer, Signal, Slot
from sqlalchemy.orm import Session

from pos.i18n import _
from pos.ledger.base.db import Database
from pos.ledger.base.errors import LedgerError
from pos.ledger.base.files import plain_os_error
from pos.logs import log_file
from pos.ui.changes import Change, Changes, changes_of

log = logging.getLogger(__name__)

T = TypeVar("T")
OnFailure = Callable[[BaseException], None]

IO_WORKERS = 2


def failure_message(error: BaseException) -> str:
    """What to tell the person at the counter: a ledger error's own (translated) text, a file problem in plain
    words, else a generic line naming the log file, where the details are."""
    if isinstance(error, LedgerError):
        return str(error)
    if isinstance(error, OSError):
        return str(plain_os_error(error))
    return _("Something unexpected went wrong. The details are in the log file: {file}").format(file=log_file())


def read_at_start(db: Database, fn: Callable[[Session], T]) -> T:
    """Run `fn(session)` in a read snapshot on the calling thread. Only for opening the shop, before the window
    and its worker exist (as Anki loads a profile before its main window): nothing is on screen to wait."""
    with db.read() as session:
        return fn(session)


def write_at_start(db: Database, fn: Callable[[Session], T]) -> T:
    """Run `fn(session)` in one write transaction on the calling thread; like `read_at_start`, only before the
    window exists."""
    with db.write() as session:
        return fn(session)


class TaskManager(QObject):
    """Runs database work on one worker thread and I/O on a small pool; calls back on the GUI thread.

    Create it on the GUI thread and call `run_db` / `run_io` from the GUI thread only.
    """

    idle = Signal()
    """Emitted on the GUI thread when the last outstanding task has finished and its callback has run."""

    failed = Signal(str)
    """A task without its own `on_failure` failed: the message to show, already translated."""

    succeeded = Signal()
    """A task finished without error: a message about an earlier failure can go."""

    changed = Signal(object)
    """Emitted on the GUI thread after a write committed (and its `on_success` ran): the `Changes` it made."""

    _finished = Signal(object)

    def __init__(self, db: Database, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.db = db
        self._db_executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="laci-db")
        self._io_executor = ThreadPoolExecutor(max_workers=IO_WORKERS, thread_name_prefix="laci-io")
        self._pending = 0
        self._closed = False
        # Queued: the worker emits, the slot runs later in the GUI thread's event loop, in emission order.
        self._finished.connect(self._deliver, Qt.ConnectionType.QueuedConnection)

    def read(
        self,
        fn: Callable[[Session], T],
        on_success: Callable[[T], None] | None = None,
        on_failure: OnFailure | None = None,
    ) -> Future[T]:
        """Run `fn(session)` in a read snapshot on the database worker; see `run_db` for the callbacks."""

        def work(db: Database) -> T:
            with db.read() as session:
                return fn(session)

        return self.run_db(work, on_success, on_failure)

    def write(
        self,
        fn: Callable[[Session], T],
        changes: Iterable[Change],
        on_success: Callable[[T], None] | None = None,
        on_failure: OnFailure | None = None,
    ) -> Future[T]:
        """Run `fn(session)` in one write transaction on the database worker; once it has committed and
        `on_success` has run, announce `changes`. A write that fails changes nothing and announces nothing."""
        kinds = changes_of(changes)

        def work(db: Database) -> T:
            with db.write() as session:
                return fn(session)

        def done(result: T) -> None:
            if on_success is not None:
                on_success(result)
            self.announce(kinds)

        return self.run_db(work, done, on_failure)

    def announce(self, changes: Iterable[Change]) -> None:
        """Tell the screens that `changes` happened outside `write` (sync applied events, a backup restored, a
        whole-database job through `run_db`). Call on the GUI thread."""
        kinds: Changes = changes_of(changes)
        if kinds and not self._closed:
            self.changed.emit(kinds)

    def run_db(
        self,
        fn: Callable[[Database], T],
        on_success: Callable[[T], None] | None = None,
        on_failure: OnFailure | None = None,
    ) -> Future[T]:
        """Run `fn(db)` on the database worker, after every database task asked for before it.

        `on_success(result)` or `on_failure(error)` then runs on the GUI thread. Without `on_failure` the
        error's message is emitted through `failed`; unexpected errors (not a `LedgerError`) are logged
        with their traceback either way.
        Never touch widgets inside `fn`.
        """
        db = self.db
        return self._submit(self._db_executor, lambda: fn(db), on_success, on_failure)

    def run_io(
        self,
        fn: Callable[[], T],
        on_success: Callable[[T], None] | None = None,
        on_failure: OnFailure | None = None,
    ) -> Future[T]:
        """Run `fn()` on the I/O pool (printing, sync): like `run_db`, but unordered, for work that waits on a
        device or the network; see the module's concurrency rule for its use of the database. Never touch widgets
        inside `fn`.
        """
        return self._submit(self._io_executor, fn, on_success, on_failure)

    @property
    def busy(self) -> bool:
        return self._pending > 0

    def wait_idle(self, timeout: float = 10.0) -> bool:
        """Process GUI events until every task and its callback has finished; False on timeout. For tests."""
        if not self._pending:
            return True
        loop = QEventLoop()
        self.idle.connect(loop.quit)
        QTimer.singleShot(int(timeout * 1000), loop.quit)
        try:
            loop.exec()
        finally:
            self.idle.disconnect(loop.quit)
        return not self._pending

    def shutdown(self) -> None:
        """Wait for the task running now, drop the queued ones and any callbacks still to come."""
        self._closed = True
        self._db_executor.shutdown(wait=True, cancel_futures=True)
        self._io_executor.shutdown(wait=True, cancel_futures=True)

    def _submit(
        self,
        executor: ThreadPoolExecutor,
        work: Callable[[], T],
        on_success: Callable[[T], None] | None,
        on_failure: OnFailure | None,
    ) -> Future[T]:
        if QThread.currentThread() is not self.thread():
            raise RuntimeError("TaskManager tasks must be started from the GUI thread")
        if self._closed:
            # The app is closing: a timer (background sync, say) may still fire; its work is dropped, as the
            # queued tasks were, rather than raising from inside the event loop.
            dropped: Future[T] = Future()
            dropped.cancel()
            return dropped
        future = executor.submit(work)
        self._pending += 1
        # The done callback runs on the worker; emitting there is safe, the slot is queued to the GUI thread.
        future.add_done_callback(lambda f: self._finished.emit((f, on_success, on_failure)))
        return future

    @Slot(object)
    def _deliver(self, done: tuple[Future[Any], Callable[[Any], None] | None, OnFailure | None]) -> None:
        future, on_success, on_failure = done
        if self._closed:
            return
        try:
            try:
                result = future.result()
            except CancelledError:
                return
            except Exception as error:
                self._report(error, on_failure)
                return
            if on_success is not None:
                on_success(result)
            self.succeeded.emit()
        except Exception as error:
            # A callback itself failed: it runs on the GUI thread and must not take the worker's book-keeping
            # (or the event loop) down with it.
            log.error("A task's callback failed", exc_info=error)
            self.failed.emit(failure_message(error))
        finally:
            self._pending -= 1
            if not self._pending:
                self.idle.emit()

    def _report(self, error: Exception, on_failure: OnFailure | None) -> None:
        if not isinstance(error, LedgerError):
            log.error("A background task failed", exc_info=error)
        if on_failure is not None:
            on_failure(error)
        else:
            self.failed.emit(failure_message(error))

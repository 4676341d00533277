"""The database worker: work off the GUI thread, results and failures back on it, in the order asked."""

from __future__ import annotations

import threading

from pos.i18n import N_
from pos.ledger.base.db import Database
from pos.ledger.base.errors import InvalidInput
from pos.ledger.shop.opening import is_initialised
from pos.ui.tasks import TaskManager


def test_work_runs_off_the_gui_thread_and_the_result_comes_back_on_it(tasks: TaskManager) -> None:
    gui = threading.get_ident()
    seen: dict[str, object] = {}

    def work(db: Database) -> bool:
        seen["work_thread"] = threading.get_ident()
        with db.read() as session:
            return is_initialised(session)

    def done(result: bool) -> None:
        seen["result"] = result
        seen["callback_thread"] = threading.get_ident()

    tasks.run_db(work, done)
    assert tasks.wait_idle()
    assert seen["work_thread"] != gui
    assert seen["callback_thread"] == gui
    assert seen["result"] is True


def test_a_failing_task_reaches_on_failure_on_the_gui_thread(tasks: TaskManager) -> None:
    gui = threading.get_ident()
    failures: list[tuple[BaseException, int]] = []
    successes: list[object] = []

    def work(_db: Database) -> None:
        raise InvalidInput(N_("The amount must be more than zero."))

    tasks.run_db(work, successes.append, lambda error: failures.append((error, threading.get_ident())))
    assert tasks.wait_idle()
    assert successes == []
    [(error, thread)] = failures
    assert isinstance(error, InvalidInput)
    assert thread == gui


def test_tasks_run_in_the_order_they_were_asked_for(tasks: TaskManager) -> None:
    started: list[int] = []
    finished: list[int] = []

    def work(n: int) -> object:
        def run(_db: Database) -> int:
            started.append(n)
            return n

        return run

    for n in range(20):
        tasks.run_db(work(n), finished.append)
    assert tasks.wait_idle()
    assert started == list(range(20))
    assert finished == list(range(20))


def test_a_ledger_error_without_handler_is_shown_in_its_own_words(tasks: TaskManager, qtbot) -> None:
    error = InvalidInput(N_("The shop needs a name."))

    def work(_db: Database) -> None:
        raise error

    with qtbot.waitSignal(tasks.failed) as failed:
        tasks.run_db(work)
    assert failed.args == [str(error)]


def test_an_unexpected_error_is_logged_and_shown_as_a_generic_message(tasks: TaskManager, qtbot, caplog) -> None:
    def work(_db: Database) -> None:
        raise ZeroDivisionError("secret internals")

    with qtbot.waitSignal(tasks.failed) as failed:
        tasks.run_db(work)
    [message] = failed.args
    assert "secret internals" not in message
    assert message
    [record] = [r for r in caplog.records if r.exc_info]
    assert record.exc_info[0] is ZeroDivisionError


def test_io_work_runs_on_its_own_pool(tasks: TaskManager) -> None:
    gui = threading.get_ident()
    names: list[str] = []
    callback_threads: list[int] = []

    def work() -> str:
        names.append(threading.current_thread().name)
        return "printed"

    results: list[str] = []

    def done(result: str) -> None:
        results.append(result)
        callback_threads.append(threading.get_ident())

    tasks.run_io(work, done)
    assert tasks.wait_idle()
    assert results == ["printed"]
    assert callback_threads == [gui]
    assert names[0].startswith("laci-io")


def test_wait_idle_with_nothing_to_do_returns_at_once(tasks: TaskManager) -> None:
    assert not tasks.busy
    assert tasks.wait_idle(timeout=0.1)


def test_work_asked_for_after_shutdown_is_dropped_quietly(db: Database, qapp: object) -> None:
    # A timer of a closing window (background sync) may still fire after the task manager has shut down.
    manager = TaskManager(db)
    manager.shutdown()
    ran: list[str] = []
    future = manager.run_db(lambda _db: ran.append("db"), lambda _r: ran.append("callback"))
    io = manager.run_io(lambda: ran.append("io"))
    assert future.cancelled() and io.cancelled()
    assert not manager.busy and manager.wait_idle(timeout=0.1)
    assert ran == []

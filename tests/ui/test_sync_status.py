"""Background sync in the window: off the GUI thread, and the status line says what is waiting."""

from __future__ import annotations

from pytestqt.qtbot import QtBot

from pos.i18n import _
from pos.ledger.base.db import Database
from pos.ledger.base.money import Money
from pos.ledger.books import cash_entries
from pos.ledger.replication import sync_state
from pos.ui.sync_status import SyncStatus, status_text
from pos.ui.tasks import TaskManager


def test_not_enrolled_counter_says_so_and_keeps_its_events(qtbot: QtBot, db: Database) -> None:
    with db.write() as s:
        cash_entries.record_capital(s, Money(1_000_000))
    tasks = TaskManager(db)
    status = SyncStatus(tasks, interval_ms=10_000)
    status.start()
    qtbot.waitUntil(lambda: not status.running, timeout=10_000)
    assert status.label.text() == _("Not connected to the cloud")
    with db.read() as s:
        assert sync_state.waiting_count(s) > 0
    tasks.shutdown()


def test_an_unreachable_cloud_is_shown_as_offline(qtbot: QtBot, db: Database) -> None:
    with db.write() as s:
        sync_state.save_enrolment(s, "http://127.0.0.1:9", "shop", "Warung Bu Sri", "token")
        cash_entries.record_capital(s, Money(1_000_000))
    tasks = TaskManager(db)
    status = SyncStatus(tasks, interval_ms=10_000)
    status.start()
    qtbot.waitUntil(lambda: not status.running, timeout=20_000)
    with db.read() as s:
        line = status_text(sync_state.status(s))
    assert status.label.text() == line
    assert _("offline, will retry") in line
    tasks.shutdown()

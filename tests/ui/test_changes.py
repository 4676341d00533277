"""Reads and writes through the worker, and the change signal screens listen to instead of a refresh list."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QWidget
from pytestqt.qtbot import QtBot
from sqlalchemy.orm import Session

from pos.i18n import N_
from pos.ledger.base.errors import InvalidInput
from pos.ledger.shop import settings
from pos.ui.changes import EVERYTHING, Change, Changes, Watch
from pos.ui.tasks import TaskManager


def _heard(tasks: TaskManager) -> list[Changes]:
    heard: list[Changes] = []
    tasks.changed.connect(heard.append)
    return heard


def test_a_write_commits_then_says_what_it_changed_after_its_own_callback(tasks: TaskManager) -> None:
    heard = _heard(tasks)
    order: list[str] = []
    tasks.changed.connect(lambda _changes: order.append("announced"))

    def rename(session: Session) -> str:
        settings.put(session, "shop.name", "Warung Baru")
        return "done"

    tasks.write(rename, [Change.SETTINGS], lambda _result: order.append("on_success"))
    assert tasks.wait_idle()
    assert heard == [frozenset({Change.SETTINGS})]
    assert order == ["on_success", "announced"]
    got: list[str] = []
    tasks.read(lambda session: settings.load(session).shop_name, got.append)
    assert tasks.wait_idle()
    assert got == ["Warung Baru"]


def test_a_failed_write_changes_nothing_and_announces_nothing(tasks: TaskManager) -> None:
    heard = _heard(tasks)
    failures: list[BaseException] = []

    def half_then_refused(session: Session) -> None:
        settings.put(session, "shop.name", "Setengah")
        raise InvalidInput(N_("The amount must be more than zero."))

    tasks.write(half_then_refused, [Change.SETTINGS], None, failures.append)
    assert tasks.wait_idle()
    assert heard == []
    assert [type(error) for error in failures] == [InvalidInput]
    got: list[str] = []
    tasks.read(lambda session: settings.load(session).shop_name, got.append)
    assert tasks.wait_idle()
    assert got != ["Setengah"]


def test_a_watch_reads_now_when_shown_later_when_hidden_and_never_for_other_changes(
    qtbot: QtBot, tasks: TaskManager
) -> None:
    screen = QWidget()
    qtbot.addWidget(screen)
    reads: list[str] = []
    watch = Watch(screen, tasks.changed, {Change.SALES, Change.CUSTOMERS}, lambda: reads.append("read"))

    tasks.announce({Change.PRICES})
    assert reads == [] and not watch.stale  # hidden and not its kind: nothing to do

    tasks.announce({Change.SALES})
    assert reads == [] and watch.stale  # hidden: it waits to be looked at
    tasks.announce(EVERYTHING)
    screen.show()
    qtbot.waitExposed(screen)
    assert reads == ["read"]  # once, however many changes came while it was hidden

    tasks.announce({Change.CUSTOMERS, Change.STOCK})
    assert reads == ["read", "read"]  # visible: at once
    tasks.announce({Change.STOCK})
    assert reads == ["read", "read"]
    screen.hide()
    screen.show()
    assert reads == ["read", "read"]  # shown again with nothing new: no read


@pytest.mark.parametrize("kinds", [set(), frozenset()])
def test_nothing_changed_is_not_announced(tasks: TaskManager, kinds: set[Change]) -> None:
    heard = _heard(tasks)
    tasks.announce(kinds)
    assert heard == []


def test_a_watch_started_stale_reads_on_first_show_only(qtbot: QtBot, tasks: TaskManager) -> None:
    screen = QWidget()
    qtbot.addWidget(screen)
    reads: list[str] = []
    Watch(screen, tasks.changed, {Change.ORDERS}, lambda: reads.append("read"), stale=True)
    assert reads == []  # built, not looked at: nothing read yet
    screen.show()
    qtbot.waitExposed(screen)
    assert reads == ["read"]
    screen.hide()
    screen.show()
    assert reads == ["read"]  # nothing changed since: no read

"""Fixtures for the window tests: headless Qt, and a task manager on the test's shop database."""

from __future__ import annotations

import os
from collections.abc import Iterator

import pytest

# Chosen before any QApplication exists, so the tests need no display and never flash windows on a desktop.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from pos.ledger.db import Database
from pos.ui.tasks import TaskManager


@pytest.fixture
def tasks(qapp: object, db: Database) -> Iterator[TaskManager]:
    manager = TaskManager(db)
    yield manager
    manager.shutdown()

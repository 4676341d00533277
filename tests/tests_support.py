"""Helpers shared by test modules (fixtures live in conftest.py, which uses these too)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from pos.ledger.base.db import Database, make_engine


def copy_db(template: Path, directory: Path) -> Database:
    """A byte copy of the migrated, initialised template database, opened in `directory`."""
    directory.mkdir(parents=True, exist_ok=True)
    target = directory / "laci.sqlite3"
    shutil.copyfile(template, target)
    return Database(make_engine(target))


def copy_template(template: Path, factory: pytest.TempPathFactory) -> Database:
    """A fresh shop database for one Hypothesis example."""
    return copy_db(template, factory.mktemp("example"))

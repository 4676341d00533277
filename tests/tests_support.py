"""Helpers shared by test modules (fixtures live in conftest.py)."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import copy_db

from pos.ledger.db import Database


def copy_template(template: Path, factory: pytest.TempPathFactory) -> Database:
    """A fresh shop database for one Hypothesis example."""
    return copy_db(template, factory.mktemp("example"))

"""Fixtures for printing tests: the warung's database with its counter, and English for golden slips."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from printing_support import warung
from shop_support import Counter

from pos import i18n
from pos.ledger.base.db import Database


@pytest.fixture
def shop(db: Database) -> Counter:
    return warung(db)


@pytest.fixture
def english() -> Iterator[None]:
    """Golden slips are in English: the Indonesian catalogue grows as strings are added, English never moves."""
    i18n.set_language("en")
    yield
    i18n.set_language("id")

"""The demo at scale: a busy shop's pace, catalogues far past the old 25.000 products, durable commits afterwards."""

from __future__ import annotations

import datetime as dt
import random
import sqlite3
import statistics
from pathlib import Path

import pytest
from sqlalchemy import text

from pos.demo.shop import BUSY, WARUNG, _catalogue, build_demo_shop
from pos.ledger.base.db import Database
from pos.ledger.base.errors import InvalidInput
from pos.ledger.books.check import check_books
from pos.ledger.stock import barcodes

TODAY = dt.date(2026, 11, 23)


def test_a_pace_scales_its_week_and_keeps_its_baskets() -> None:
    assert round(BUSY.sales_per_day) == 274 and round(WARUNG.sales_per_day) == 71
    quieter = BUSY.at(60)
    assert 58 <= quieter.sales_per_day <= 62
    assert quieter.line_weights == BUSY.line_weights and quieter.lines_per_sale == BUSY.lines_per_sale
    # Saturday and Sunday stay the busiest days, and the bounds move with the average.
    assert quieter.sales_by_weekday.index(max(quieter.sales_by_weekday)) == 6
    assert quieter.sales_range[0] < 60 < quieter.sales_range[1] < BUSY.sales_range[1]
    with pytest.raises(InvalidInput):
        WARUNG.at(0)


def test_a_busy_day_sells_more_and_bigger_baskets(db: Database) -> None:
    pace = BUSY.at(120)
    summary = build_demo_shop(db, products=60, days=2, seed=5, today=TODAY, pace=pace)
    with db.read() as s:
        per_day = dict(s.execute(text("SELECT business_date, COUNT(*) FROM sales GROUP BY business_date")).all())
        lines = s.execute(text("SELECT COUNT(*) FROM sale_lines")).scalar_one()
        sales = s.execute(text("SELECT COUNT(*) FROM sales")).scalar_one()
        assert check_books(s).ok
    low, high = pace.sales_range
    assert len(per_day) == 2 and all(low <= n <= high for n in per_day.values())
    assert summary.sales + summary.voids == sales
    # Four lines a sale on average against the warung's two and a bit (repeat scans of one product merge).
    assert 3.2 <= lines / sales <= 4.6


def test_a_catalogue_past_the_two_word_brands_stays_unique_and_scannable() -> None:
    items = _catalogue(random.Random(3), 30_000)
    names = [item.name for item in items]
    codes = [code for item in items for code in (item.code, item.carton_code) if code]
    assert len(items) == 30_000 and len(set(names)) == 30_000
    assert len(set(codes)) == len(codes)
    assert all(code.startswith("899") and barcodes.is_valid_gtin(code) for code in codes)
    # Brands of three words fill what the lines' own brands and the two-word ones cannot.
    assert any(len(name.split()) >= 5 and item.code for name, item in zip(names, items, strict=True))
    assert statistics.mean(item.price for item in items) > 1_000


def test_the_same_seed_names_the_same_products_first() -> None:
    small = [item.name for item in _catalogue(random.Random(9), 300)]
    large = [item.name for item in _catalogue(random.Random(9), 26_000)]
    assert large[:300] == small


def test_the_shop_is_durable_again_after_the_build(db: Database, tmp_path: Path) -> None:
    build_demo_shop(db, products=20, days=1, seed=2, today=TODAY)
    with db.write() as s:
        # 2 is FULL: the build's own engine relaxed its connections, not the shop's.
        assert s.execute(text("PRAGMA synchronous")).scalar_one() == 2
    conn = sqlite3.connect(db.path)
    try:
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    finally:
        conn.close()

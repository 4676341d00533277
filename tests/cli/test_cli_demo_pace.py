"""`laci demo --busy` and `--sales-per-day`: how busy the demo shop is, from the terminal."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from cli_support import laci


def sales_per_day(data_dir: Path) -> list[int]:
    conn = sqlite3.connect(data_dir / "laci.sqlite3")
    try:
        return [n for (n,) in conn.execute("SELECT COUNT(*) FROM sales GROUP BY business_date")]
    finally:
        conn.close()


def test_a_busier_demo_sells_about_as_many_a_day_as_asked(tmp_path: Path) -> None:
    args = ("--lang", "en", "demo", "--products", "30", "--days", "2", "--today", "2026-11-23")
    quiet = laci("--data-dir", str(tmp_path / "quiet"), *args, "--sales-per-day", "20")
    busy = laci("--data-dir", str(tmp_path / "busy"), *args, "--busy", "--sales-per-day", "150")
    assert quiet.returncode == 0 and busy.returncode == 0, quiet.stderr + busy.stderr
    assert "Log in as Dewi (cashier) with PIN 5678." in busy.stdout
    assert all(n < 40 for n in sales_per_day(tmp_path / "quiet"))
    assert all(n > 90 for n in sales_per_day(tmp_path / "busy"))


def test_no_sales_a_day_is_refused_before_anything_is_built(tmp_path: Path) -> None:
    shop = tmp_path / "shop"
    refused = laci("--lang", "en", "--data-dir", str(shop), "demo", "--busy", "--sales-per-day", "0")
    assert refused.returncode == 2
    assert "at least one sale a day" in refused.stderr
    assert not sales_per_day(shop)

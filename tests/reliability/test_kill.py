"""SIGKILL at random moments while the real app code rings up sales: nothing half-written, nothing lost."""

from __future__ import annotations

from pathlib import Path

from killing import kill_many, set_up_killable_shop


def test_fifty_kills_leave_whole_sales_and_balanced_books(tmp_path: Path) -> None:
    set_up_killable_shop(tmp_path / "laci.sqlite3")
    report = kill_many(tmp_path / "laci.sqlite3", kills=50, seed=7)
    assert report.problems == []
    assert report.kills == 50
    assert report.committed_seen > 0
    assert report.sales_in_db >= report.committed_seen  # a sale may commit just before the kill, unseen

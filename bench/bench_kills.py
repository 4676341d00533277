"""Kill benchmark: the test suite's crash test run many more times. A counter rings up sales through the real
services and is SIGKILLed at a random moment, again and again; after every kill the database is checked (SQLite's
integrity, whole sales, every sale seen committed still there, balanced books, the audit chain).

    .venv/bin/python bench/bench_kills.py [--kills 200] [--seed 1] [--max-delay 0.4]

The harness is the suite's own (tests/reliability/killing.py); this only runs it longer and reports.
"""

from __future__ import annotations

import argparse
import platform
import shutil
import sqlite3
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT / "tests"), str(ROOT / "tests" / "reliability")]

from killing import KillReport, kill_many, set_up_killable_shop  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--kills", type=int, default=200, help="how many times to kill the counter (default 200)")
    parser.add_argument("--seed", type=int, default=1, help="seed for the kill moments and the sales (default 1)")
    parser.add_argument(
        "--max-delay", type=float, default=0.4, help="longest the counter sells before a kill, seconds (default 0.4)"
    )
    parser.add_argument("--every", type=int, default=25, help="print progress every this many kills (default 25)")
    args = parser.parse_args()

    folder = Path(tempfile.mkdtemp(prefix="laci-bench-kills-"))
    path = folder / "laci.sqlite3"
    set_up_killable_shop(path)
    started = time.perf_counter()

    def progress(report: KillReport) -> None:
        if report.kills % args.every == 0:
            print(
                f"  {report.kills:5d} kills, {report.committed_seen:6d} sales seen committed, "
                f"{time.perf_counter() - started:7.1f} s",
                flush=True,
            )

    print(f"killing a selling counter {args.kills} times (seed {args.seed}, up to {args.max_delay} s between kills)")
    report = kill_many(path, args.kills, seed=args.seed, max_delay=args.max_delay, after_each=progress)
    elapsed = time.perf_counter() - started
    survived = report.kills - (1 if report.problems else 0)
    size = path.stat().st_size

    print()
    print(f"kills run:                      {report.kills}")
    print(f"kills survived (all checks):    {survived}")
    print(f"sales seen committed:           {report.committed_seen} (each checked present after every later kill)")
    print(f"sales in the database:          {report.sales_in_db} (a sale may commit just before its kill, unseen)")
    lost = [p for p in report.problems if "committed sales lost" in p]
    print(f"committed sales lost:           {'none' if not lost else lost[0]}")
    print(f"problems:                       {len(report.problems)}")
    for problem in report.problems:
        print(f"  {problem}")
    print(f"time:                           {elapsed:.1f} s ({elapsed / max(1, report.kills):.2f} s a kill)")
    print(f"database at the end:            {size / 1e6:.1f} MB")
    print(f"python {platform.python_version()}, sqlite {sqlite3.sqlite_version}")
    if report.problems:
        print(f"the database is kept for a look: {path}")
        return 1
    shutil.rmtree(folder, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())

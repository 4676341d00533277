"""How long `laci check` and `laci verify` take on a busy shop's years, with a checkpoint a day old.

    python bench/bench_verify.py              # the busy demo shop at three years
    python bench/bench_verify.py --years 5    # ... at five years
    python bench/bench_verify.py --quick      # the small data set bench/run --quick uses

Each is run as the owner runs it, `laci` in a process of its own on a fresh copy of the data set:

  (a) `laci check --full`: every page of the file, every entry re-hashed, every sale against its entry; once;
  (b) `laci check`, the quick check, on the morning after a busy day: the newest checkpoint seals the books up to
      the day before the last (as the check of that evening would have), so the last day's sales, a busy day's,
      are checked in full and the years before through the checkpoint; goal < 1 s;
  (c) `laci verify` of the 12-month loan pack's PDF (its signature, its figures, and these books against it);
      goal < 1 s.

bench/run uses `measure` for its table; this script prints the figures for one data set.
"""

from __future__ import annotations

import argparse
import datetime as dt
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Sequence
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

import bench_reports  # noqa: E402
import datasets  # noqa: E402
from sqlalchemy import text  # noqa: E402

from pos.ledger.base.clock import utc_now  # noqa: E402
from pos.ledger.base.db import Database, make_engine  # noqa: E402
from pos.ledger.books import checkpoints  # noqa: E402
from pos.ledger.books.check import check_books  # noqa: E402
from pos.ledger.books.check_totals import newer_lines  # noqa: E402
from pos.ledger.reports.pack import loan_pack  # noqa: E402
from pos.ledger.reports.pack_seal import seal_locally  # noqa: E402
from pos.printing.statements.pack import render_loan_pack  # noqa: E402


def laci(folder: Path, *args: str) -> float:
    """Seconds of one `laci` command on the shop in `folder`, start of the interpreter included."""
    started = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-m", "pos", "--data-dir", str(folder), *args], capture_output=True, text=True, check=False
    )
    seconds = time.perf_counter() - started
    if done.returncode != 0:
        raise RuntimeError(f"laci {' '.join(args)} failed:\n{done.stdout[-2000:]}\n{done.stderr[-2000:]}")
    return seconds


def seal_before(db: Database, day: dt.date) -> int:
    """A checkpoint of the books as they stood before `day` (the evening check of the day before would have made
    it), signed with the shop's key; returns how many journal entries came after it."""
    with db.read() as s:
        journal = {
            uuid.UUID(bytes=bytes(d)): (int(seq), str(h))
            for d, seq, h in s.execute(
                text(
                    "SELECT e.device_id, e.device_seq, e.hash FROM journal_entries e JOIN (SELECT device_id, "
                    "MAX(device_seq) AS seq FROM journal_entries WHERE business_date < :d GROUP BY device_id) m "
                    "ON m.device_id = e.device_id AND m.seq = e.device_seq"
                ),
                {"d": day.isoformat()},
            )
        }
        audit = {
            uuid.UUID(bytes=bytes(d)): (int(seq), str(h))
            for d, seq, h in s.execute(
                text(
                    "SELECT a.device_id, a.seq, a.hash FROM audit_log a JOIN (SELECT device_id, MAX(seq) AS seq "
                    "FROM audit_log WHERE at < :d GROUP BY device_id) m ON m.device_id = a.device_id AND m.seq = a.seq"
                ),
                {"d": day.isoformat()},
            )
        }
        rowids = {
            table: int(
                s.execute(
                    text(f"SELECT COALESCE(MAX(rowid), 0) FROM {table} WHERE business_date < :d"),
                    {"d": day.isoformat()},
                ).scalar_one()
            )
            for table in checkpoints.SEALED_TABLES
        }
        totals = checkpoints.totals_digest(
            checkpoints.sealed_totals(checkpoints.month_totals(s), newer_lines(s, journal))
        )
        plain, weighted = checkpoints.stock_sums(s)
        newer = s.execute(
            text(
                f"SELECT COALESCE(SUM(m.qty_milli), 0), COALESCE(SUM(m.qty_milli * {checkpoints.WEIGHT}), 0) "
                "FROM stock_movements m JOIN stock_levels l ON l.product_id = m.product_id WHERE m.rowid > :r"
            ),
            {"r": rowids["stock_movements"]},
        ).one()
        after = int(
            s.execute(
                text("SELECT COUNT(*) FROM journal_entries WHERE business_date >= :d"), {"d": day.isoformat()}
            ).scalar_one()
        )
        seal = checkpoints.Seal(
            utc_now().date() - dt.timedelta(days=1),  # not due again today: the quick runs below seal nothing
            checkpoints.schema_cookie(s),
            checkpoints.triggers_digest(s),
            journal,
            audit,
            rowids,
            totals,
            (plain - int(newer[0]), weighted - int(newer[1])),
        )
    with db.write() as s:
        checkpoints.make(s, seal, utc_now())
    return after


def measure(db: Database, folder: Path, runs: int) -> dict[str, Any]:
    """Seconds of (a) the full check, (b) the quick check after a day's trading, (c) `laci verify` of a pack."""
    data_dir = folder
    _first, last = bench_reports.trading_days(db)
    out: dict[str, Any] = {"full": [laci(data_dir, "check", "--full", "--offline")]}
    out["after"] = seal_before(db, last)
    with db.read() as s:
        report = check_books(s, full=False)
    if not report.ok or report.full:
        raise RuntimeError(f"the quick check did not start from the checkpoint: {[str(p) for p in report.problems]}")
    laci(data_dir, "check", "--offline")  # warm the page cache, as a counter that is running has it
    out["quick"] = [laci(data_dir, "check", "--offline") for _ in range(runs)]
    inside = []
    for _ in range(runs):
        started = time.perf_counter()
        with db.read() as s:
            check_books(s, full=False)
        inside.append(time.perf_counter() - started)
    out["quick_inside"] = inside
    year = bench_reports.last_year(last)
    with db.write() as s:
        sealed = seal_locally(s, loan_pack(s, year), "id", utc_now())
    pdf = folder / "pack.pdf"
    render_loan_pack(sealed, pdf)
    laci(data_dir, "verify", str(pdf))
    out["verify"] = [laci(data_dir, "verify", str(pdf)) for _ in range(runs)]
    return out


def _s(values: Sequence[float]) -> str:
    return f"median {statistics.median(values):.3f} s, slowest {max(values):.3f} s"


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--years", type=int, default=3, choices=range(1, 6), help="which yearly copy (default 3)")
    parser.add_argument("--quick", action="store_true", help="the small data set of bench/run --quick")
    parser.add_argument("--runs", type=int, default=5, help="runs of the quick check and of verify (default 5)")
    args = parser.parse_args(argv)
    plan = datasets.QUICK if args.quick else datasets.FULL
    data = datasets.data_sets(plan)[args.years - 1]
    with tempfile.TemporaryDirectory(prefix="laci-bench-") as tmp:
        folder = Path(tmp)
        path = datasets.fresh_copy(data, folder)
        db = Database(make_engine(path))
        try:
            found = measure(db, folder, args.runs)
        finally:
            db.dispose()
    print(f"{data.label}: {data.info['counts']}")
    print(f"  laci check --full: {found['full'][0]:.1f} s")
    print(f"  laci check (the last day, {found['after']:,} entries, after the checkpoint): {_s(found['quick'])}")
    print(f"  ... the check itself, in process: {_s(found['quick_inside'])}")
    print(f"  laci verify of the 12-month pack's PDF: {_s(found['verify'])}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

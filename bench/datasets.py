"""The benchmark data sets: the demo shop (`laci demo`) built once from a seed and kept a year at a time.

One build of the busy demo shop (100.000 products, five years, about 500.000 sales and 2.000.000 lines) goes
through the real services day by day, as `laci demo --busy --products 100000 --days 1826` does; after the last
day of each year the file is copied aside, so the figures for one to five years come from the same shop at five
ages. The copies live in `bench/data/` (git-ignored) with a JSON note of what they hold and how long the build
took; a later run reuses them. Measurements run on a fresh copy of a data set, brought to the newest migration,
so the cache stays as built.
"""

from __future__ import annotations

import datetime as dt
import json
import shutil
import sqlite3
import sys
import time
from dataclasses import asdict, dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from pos.demo.shop import BUSY, build_demo_shop  # noqa: E402
from pos.ledger.base import migrate  # noqa: E402
from pos.ledger.base.db import make_engine  # noqa: E402
from pos.ledger.shop.opening import open_database  # noqa: E402

DATA = ROOT / "bench" / "data"
TODAY = dt.date(2026, 11, 23)  # the day after the last trading day, so every build makes the same calendar
SEED = 1


@dataclass(frozen=True, slots=True)
class Plan:
    """What to build: a catalogue, a pace, and the days after which a copy is kept (the last is the build)."""

    name: str
    products: int
    sales_per_day: int
    snapshots: tuple[int, ...]  # days of trading
    labels: tuple[str, ...]  # what each snapshot is called in the tables ("1 year")

    @property
    def days(self) -> int:
        return self.snapshots[-1]

    def command(self) -> str:
        """The `laci demo` that builds the same shop (the build here is `build_demo_shop` with the same values)."""
        return (
            f"laci --data-dir DIR demo --products {self.products} --busy --sales-per-day {self.sales_per_day} "
            f"--days {self.days} --seed {SEED} --today {TODAY.isoformat()}"
        )


def _years(n: int) -> int:
    """Days of trading in the `n` years up to `TODAY` (leap days counted)."""
    first = TODAY.replace(year=TODAY.year - n)
    return (TODAY - first).days


FULL = Plan(
    "busy-100000p",
    100_000,
    round(BUSY.sales_per_day),
    tuple(_years(n) for n in range(1, 6)),
    tuple(f"{n} year{'s' if n > 1 else ''}" for n in range(1, 6)),
)
# The same shape in minutes: a month stands for a year.
QUICK = Plan(
    "quick-5000p",
    5_000,
    40,
    (30, 60, 90, 120, 150),
    tuple(f"{n} month{'s' if n > 1 else ''}" for n in range(1, 6)),
)


@dataclass(frozen=True, slots=True)
class DataSet:
    label: str
    path: Path
    days: int
    info: dict[str, object]


def _snapshot_path(plan: Plan, days: int) -> Path:
    return DATA / f"demo-{plan.name}-seed{SEED}-{TODAY:%Y%m%d}-{days}d.sqlite3"


def _copy(source: Path, target: Path) -> None:
    """A consistent copy of a live database through SQLite's backup, then one self-contained file."""
    partial = target.with_suffix(".partial")
    partial.unlink(missing_ok=True)
    src = sqlite3.connect(source)
    try:
        dst = sqlite3.connect(partial)
        try:
            src.backup(dst)
            dst.execute("PRAGMA journal_mode = DELETE")
        finally:
            dst.close()
    finally:
        src.close()
    partial.rename(target)


def _counts(path: Path) -> dict[str, int]:
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        return {
            table: int(conn.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0])
            for table in ("products", "product_barcodes", "sales", "sale_lines", "journal_entries", "journal_lines")
        }
    finally:
        conn.close()


def build(plan: Plan, *, log: bool = True) -> list[DataSet]:
    """Build `plan` through `build_demo_shop`, keeping a copy after each snapshot day; returns the data sets."""
    DATA.mkdir(parents=True, exist_ok=True)
    work = DATA / f"building-{plan.name}"
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir()
    db = open_database(work / "laci.sqlite3")
    started = time.perf_counter()
    marks: dict[int, float] = {}
    last_note = [started]

    def progress(done: int, total: int) -> None:
        days = done - 1  # the first call is the day before trading (the catalogue and the opening stock)
        now = time.perf_counter()
        if days == 0:
            marks[0] = now - started
        if days in plan.snapshots:
            marks[days] = now - started
            _copy(db.path, _snapshot_path(plan, days))
        if log and (now - last_note[0] > 60 or days in plan.snapshots):
            last_note[0] = now
            print(f"  built {days:,} of {total - 1:,} days in {now - started:,.0f} s", flush=True)

    summary = build_demo_shop(
        db,
        products=plan.products,
        days=plan.days,
        seed=SEED,
        today=TODAY,
        progress=progress,
        pace=BUSY.at(plan.sales_per_day),
    )
    db.dispose()
    shutil.rmtree(work, ignore_errors=True)
    out = []
    for label, days in zip(plan.labels, plan.snapshots, strict=True):
        path = _snapshot_path(plan, days)
        info: dict[str, object] = {
            "command": plan.command().replace(f"--days {plan.days}", f"--days {plan.days} (after day {days})"),
            "built": dt.datetime.now().astimezone().isoformat(timespec="seconds"),
            "setup_s": round(marks.get(0, 0.0), 1),
            "build_s": round(marks.get(days, 0.0), 1),
            "days": days,
            "counts": _counts(path),
            "summary": {k: str(v) for k, v in asdict(summary).items()} if days == plan.days else {},
        }
        Path(f"{path}.json").write_text(json.dumps(info, indent=2))
        out.append(DataSet(label, path, days, info))
    return out


def data_sets(plan: Plan, *, rebuild: bool = False) -> list[DataSet]:
    """The plan's data sets, built now when any is missing (or `rebuild`)."""
    paths = [_snapshot_path(plan, days) for days in plan.snapshots]
    if rebuild or not all(p.exists() and Path(f"{p}.json").exists() for p in paths):
        print(f"building the data sets: {plan.command()}, a copy after days {plan.snapshots}", flush=True)
        return build(plan)
    return [
        DataSet(label, path, days, json.loads(Path(f"{path}.json").read_text()))
        for label, path, days in zip(plan.labels, paths, plan.snapshots, strict=True)
    ]


def fresh_copy(data: DataSet, folder: Path) -> Path:
    """A copy of the data set in `folder` under the app's file name, at the newest migration."""
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / "laci.sqlite3"
    for suffix in ("", "-wal", "-shm"):
        Path(f"{target}{suffix}").unlink(missing_ok=True)
    shutil.copyfile(data.path, target)
    engine = make_engine(target)
    try:
        migrate.upgrade(engine, None)  # no copy aside: the cache is the copy
    finally:
        engine.dispose()
    return target


if __name__ == "__main__":
    which = QUICK if "--quick" in sys.argv else FULL
    for found in data_sets(which, rebuild="--rebuild" in sys.argv):
        print(found.label, found.path.name, found.info["counts"], f"{found.info['build_s']} s")

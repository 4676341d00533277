"""Every benchmark figure in one run, each beside its goal, on the demo shop at one to five years of age.

    bench/run            # 100.000 products, five busy years (built once, about an hour and a half), all figures
    bench/run --quick    # 5.000 products, five months standing for five years: under five minutes

Builds (or reuses) the data sets of `bench/datasets.py`, then measures each on a fresh copy: ring up and commit
a sale beside plain sqlite3 writing the same rows, barcode lookup, name search, scan to cart line in the window,
start to a ready checkout and the memory then, the daily report, laba rugi and posisi keuangan beside hledger,
ledger and beancount on our exports of the same books, the 12-month loan pack and the database's size; then sync
ingest once. Prints one table of the oldest shop's figures (median, p99, goal, met or missed, load average), the
ratios measured in the same run, and how each figure grows with the shop's age; writes them to
`bench/results/run.md` (`run-quick.md` for --quick).
"""

from __future__ import annotations

import argparse
import dataclasses
import datetime as dt
import json
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BENCH = ROOT / "bench"
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(BENCH))

import bench_backoffice  # noqa: E402
import bench_backups  # noqa: E402
import bench_reports  # noqa: E402
import bench_sale  # noqa: E402
import bench_verify  # noqa: E402
import datasets  # noqa: E402
import ledgers  # noqa: E402
from bench_counter_gui import open_shift_for  # noqa: E402
from cold import drop_caches, one_core  # noqa: E402
from figures import ORDER, SLOW, Figure, Results, number, pct, verdict  # noqa: E402
from sqlalchemy import text  # noqa: E402

from pos.demo import data as demo_data  # noqa: E402
from pos.ledger.base.db import Database, make_engine  # noqa: E402

RESULTS = BENCH / "results"


@dataclass(frozen=True, slots=True)
class Sizes:
    """How much of each measurement: a full run and a quick one differ only here."""

    rounds: int  # sales for the sale commit (and as many plain sqlite3 writes)
    lookups: int
    searches: int
    runs: int  # of each statement and report
    pack_runs: int
    tool_runs: int
    scans: int
    starts: int
    sync_sales: int
    backup_days: int  # days of daily and shift copies, `backup_sales` sales between them
    backup_sales: int
    gui_on: tuple[int, ...]  # which data sets (1 = the youngest) get the window figures
    tools_on: tuple[int, ...]  # ... and hledger, ledger and beancount


FULL = Sizes(400, 10_000, 2_000, 21, 5, 3, 500, 3, 10_000, 10, 270, (1, 2, 3, 4, 5), (1, 3, 5))
QUICK = Sizes(60, 2_000, 300, 7, 2, 1, 80, 1, 1_000, 10, 40, (5,), (5,))


def load() -> float:
    return os.getloadavg()[0]


def say(text: str) -> None:
    print(f"[{dt.datetime.now():%H:%M:%S} load {load():.2f}] {text}", flush=True)


def ms(values: Sequence[float]) -> list[float]:
    return [v * 1000 for v in values]


class _Putter:
    """Adds figures of one data set, each stamped with the load average when its group began."""

    def __init__(self, results: Results, label: str) -> None:
        self.results, self.label, self.at = results, label, load()

    def begin(self, what: str) -> None:
        say(f"{self.label}: {what}")
        self.at = load()

    def __call__(self, key: str, label: str, unit: str, values: Sequence[float], note: str = "") -> Figure:
        return self.results.add(self.label, key, Figure(label, unit, list(values), self.at, note))


def _counter(put: _Putter, db: Database, path: Path, sizes: Sizes) -> None:
    put.begin("sale commit and barcode lookup")
    codes = bench_sale.piece_barcodes(db)
    c = bench_sale.measure_counter(db, path, codes, sizes.rounds, sizes.lookups)

    def cpu(t: bench_sale.Timings) -> str:
        return f"CPU median {number(statistics.median(t.cpu), 'ms')}, p99 {number(pct(t.cpu, 99), 'ms')}"

    put("sale_commit", "ring up and commit a 5-line sale", "ms", c.service.wall, cpu(c.service))
    put("sale_plain", "... plain sqlite3 writing the same rows", "ms", c.plain.wall, cpu(c.plain))
    cpu_ratio = statistics.median(c.service.cpu) / statistics.median(c.plain.cpu)
    put("sale_ratio", "... ratio of the medians", "x", [c.ratio], f"of CPU time: {cpu_ratio:.2f}x")
    put("barcode", f"barcode lookup ({len(codes):,} barcodes)", "ms", c.lookups.wall, cpu(c.lookups))


def _search(put: _Putter, db: Database, sizes: Sizes) -> None:
    put.begin("name search")
    with db.read() as s:
        names = list(s.execute(text("SELECT name FROM products")).scalars())
    plan = bench_backoffice.queries(names, random.Random(20261123), sizes.searches)
    bench_backoffice.time_searches(db, plan[:50])  # warm the page cache, as an open counter has
    put.at = load()
    by_kind = bench_backoffice.time_searches(db, plan)
    put("search", f"name search ({len(names):,} products)", "ms", [x for v in by_kind.values() for x in v])


def _reports(put: _Putter, db: Database, sizes: Sizes) -> None:
    put.begin("statements and the daily report")
    found = bench_reports.measure_statements(db, sizes.runs)
    first, last = bench_reports.trading_days(db)
    year = bench_reports.last_year(last)
    put("daily", "daily report (Z) of the last day", "ms", ms(found["daily"]))
    months = f"{year.start:%b %Y} to {year.end:%b %Y}"
    put("pnl_year", "laba rugi, 12 months beside the 12 before", "ms", ms(found["pnl_year"]), months)
    put("pnl_all", "laba rugi over the shop's whole life", "ms", ms(found["pnl_all"]), f"{first} to {last}")
    put("position", "posisi keuangan at the last day beside a year earlier", "ms", ms(found["position"]), str(last))
    if not bench_reports.check_statements(db)["balances"]:
        raise RuntimeError(f"{put.label}: the posisi keuangan does not balance")


def _pack(put: _Putter, db: Database, sizes: Sizes, folder: Path) -> None:
    put.begin("loan pack")
    pack = bench_reports.measure_pack(db, sizes.pack_runs, folder)
    put("loan_pack", f"12-month loan pack, {pack['pages']} pages of PDF", "s", pack["total"])
    put("loan_pack_figures", "... of which the figures", "s", pack["figures"])


def _verify(put: _Putter, db: Database, sizes: Sizes, folder: Path) -> None:
    put.begin("laci check and laci verify")
    found = bench_verify.measure(db, folder, sizes.pack_runs)
    put("check_full", "`laci check --full`: every entry re-hashed", "s", found["full"])
    after = f"{found['after']:,} entries of the last day after the checkpoint"
    put("check_quick", "`laci check` the morning after, from its checkpoint", "s", found["quick"], after)
    put("verify", "`laci verify` of the 12-month pack's PDF", "s", found["verify"])


def _backups(put: _Putter, path: Path, folder: Path, sizes: Sizes) -> None:
    put.begin(f"backups: {sizes.backup_days} days of daily and shift copies, every kept copy restored")
    f = bench_backups.measure(path, folder / "backups", days=sizes.backup_days, sales=sizes.backup_sales)
    put("backup_daily", "daily copy (full, compressed)", "s", f.daily_s, f"{statistics.median(f.daily_mb):,.0f} MB")
    put("backup_shift", "a shift's copy (the pages changed since the full copy)", "s", f.shift_s)
    during = f"{len(f.sale_during_ms):,} sales; {statistics.median(f.sale_alone_ms):.1f} ms with no copy running"
    put("backup_sale", "... a sale rung up while it is taken", "ms", f.sale_during_ms, during)
    put("backup_restore", "restore and check of each kept copy", "s", f.restore_s, f"{f.kept} copies")
    note = f"{f.kept_mb:,.0f} MB beside {f.live_mb:,.0f} MB"
    put("backup_ratio", "every kept copy together, in times the live database", "x", [f.ratio], note)


def _tools(put: _Putter, db: Database, sizes: Sizes, folder: Path) -> None:
    tools = [t for t, ok in ledgers.available().items() if ok]
    put.begin(f"{', '.join(tools)} on our exports")
    found = bench_reports.measure_tools(db, folder, sizes.tool_runs, tools)
    put("export", "export to hledger", "s", [found["export_s"]["hledger"]], f"{found['export_mb']['hledger']:,.0f} MB")
    measured = put.results.sets[put.label]
    for tool in tools:
        for key, what, name in (
            ("pnl_all", "the same laba rugi balances", "laba rugi"),
            ("position", "the same balance sheet", "posisi keuangan"),
        ):
            peak = found[f"{tool}_{key}_mb"]
            figure = put(f"{tool}_{key}", f"{tool}: {what}", "s", found[f"{tool}_{key}"], f"peak {peak:,.0f} MB")
            if key in measured:
                put(f"{key}_vs_{tool}", f"ratio {name} / {tool}", "x", [measured[key].median / 1000 / figure.median])


def _window(put: _Putter, folder: Path, sizes: Sizes, *, cold: bool = False) -> None:
    put.begin("scan to line, start to ready, memory (offscreen window)")
    found = gui(folder, sizes, cold=cold)
    put("scan", "scan to cart line in the window", "ms", found["scan_wall_ms"])
    put("cold_start", "start to a ready checkout (login included)", "s", [s[0] for s in found["starts"]])
    put("memory", "memory of the running app", "MB", [s[2] for s in found["starts"]])


def measure_set(
    results: Results, data: datasets.DataSet, index: int, sizes: Sizes, groups: set[str], *, cold: bool = False
) -> None:
    put = _Putter(results, data.label)
    with tempfile.TemporaryDirectory(prefix="laci-bench-") as tmp:
        folder = Path(tmp)
        path = datasets.fresh_copy(data, folder)
        open_shift_for(path, demo_data.CASHIER_NAME)
        db = Database(make_engine(path))
        try:
            if "size" in groups:
                mb = data.path.stat().st_size / 1e6
                put("db_size", "database file", "MB", [mb])
                put("db_per_year", "database per year of sales", "MB/year", [mb / (data.days / 365.25)])
                counts = data.info["counts"]
                assert isinstance(counts, dict)
                put("db_per_sale", "database per sale, everything included", "KB", [mb * 1000 / counts["sales"]])
            # The books first, as built: the counter's figures add sales, and plain sqlite3's rows after them
            # are not hash-chained the way the ledger's are.
            if "reports" in groups:
                _reports(put, db, sizes)
            if "pack" in groups:
                _pack(put, db, sizes, folder)
            if "verify" in groups:
                _verify(put, db, sizes, folder)
            if "tools" in groups and index in sizes.tools_on:
                _tools(put, db, sizes, folder)
            if "search" in groups:
                _search(put, db, sizes)
            if "counter" in groups:
                if cold:
                    drop_caches()
                _counter(put, db, path, sizes)
        finally:
            db.dispose()
        if "backup" in groups:
            _backups(put, path, folder, sizes)
        if "gui" in groups and index in sizes.gui_on:
            _window(put, folder, sizes, cold=cold)


def gui(folder: Path, sizes: Sizes, *, cold: bool = False) -> dict[str, list]:  # type: ignore[type-arg]
    """The window's figures, in a process of its own (Qt, and a clean measure of memory)."""
    command = [
        sys.executable,
        str(BENCH / "bench_counter_gui.py"),
        "--json",
        str(folder),
        "--cashier",
        demo_data.CASHIER_NAME,
        "--pin",
        demo_data.CASHIER_PIN,
        "--scans",
        str(sizes.scans),
        "--starts",
        str(sizes.starts),
        *(["--cold"] if cold else []),
    ]
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    done = subprocess.run(command, capture_output=True, text=True, env=env, check=False, timeout=1_800)
    line = next((x for x in reversed(done.stdout.splitlines()) if x.startswith("{")), None)
    if done.returncode != 0 or line is None:
        raise RuntimeError(f"the window benchmark failed:\n{done.stderr[-3000:]}")
    found: dict[str, list] = json.loads(line)  # type: ignore[type-arg]
    return found


SLOW_GROUPS = "counter,gui"


def measure_slow(results: Results, data: datasets.DataSet, index: int, quick: bool) -> None:
    """The counter's figures again as a slow machine sees them: this benchmark run once more, held to one core,
    with the file cache dropped before each measure; added beside the others as `<key>_slow`."""
    say(f"{data.label}: the counter again on one core with a cold file cache")
    cold = drop_caches()
    with tempfile.TemporaryDirectory(prefix="laci-bench-slow-") as tmp:
        out = Path(tmp) / "slow.json"
        command = [sys.executable, str(BENCH / "run.py"), "--only", SLOW_GROUPS, "--sets", str(index), "--no-write"]
        command += ["--cold", "--json-out", str(out), *(["--quick"] if quick else [])]
        done = subprocess.run(one_core(command), capture_output=True, text=True, check=False, timeout=7_200)
        if done.returncode != 0 or not out.exists():
            raise RuntimeError(f"the slow-machine run failed:\n{done.stderr[-3000:]}")
        found = json.loads(out.read_text())
    note = "" if cold else "file cache not dropped: not root"
    for key, f in found.items():
        figure = Figure(f["label"], f["unit"], f["values"], f["load"], note)
        results.add(data.label, f"{key}_slow", figure)


def measure_sync(results: Results, sizes: Sizes) -> None:
    import bench_sync

    say(f"sync: {sizes.sync_sales:,} sales pushed in batches of 500 by two counters, then pulled by a third")
    at = load()
    # As the goal names it: the service with two workers, two counters pushing at once.
    found = bench_sync.measure_sync(sizes.sync_sales, workers=2, counters=2)
    note = f"{found['pushed']:,} events; a third counter pulled and applied them in {found['pull_s']:.1f} s"
    label = "sync ingest, durable PostgreSQL, `--workers 2`, two counters pushing"
    results.once["sync"] = Figure(label, "events/s", [found["rate"]], at, note)
    results.once["sync_batch"] = Figure("... each batch of 500 events", "ms", ms(found["batch_s"]), at)


def machine() -> dict[str, str]:
    info = bench_sale.machine()
    info.update(ledgers.versions())
    return info


def report(
    args: argparse.Namespace, sets: list[datasets.DataSet], results: Results, loads: tuple[float, float], took: float
) -> str:
    plan = datasets.QUICK if args.quick else datasets.FULL
    oldest = sets[-1].label
    command = "bench/run" + (" --quick" if args.quick else "")
    lines = [
        f"# Benchmarks: `{command}`",
        "",
        f"Run {dt.datetime.now().astimezone():%Y-%m-%d %H:%M %Z}, {took / 60:,.1f} minutes. Load average (1 minute) "
        f"{loads[0]:.2f} at the start and {loads[1]:.2f} at the end; the load beside each figure is the one when it "
        "was measured (2 CPUs; under about 1.2 the machine was otherwise quiet).",
        "",
        "## Data sets",
        "",
        f"The demo shop, built once through the real services: `{plan.command()}`, a copy kept after the last day "
        "of each " + ("month (standing for a year)." if args.quick else "year."),
        "",
        "| data set | days | products | sales | sale lines | journal lines | file | build (cumulative) |",
        "|---|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for data in sets:
        c = data.info["counts"]
        assert isinstance(c, dict)
        mb = data.path.stat().st_size / 1e6
        lines.append(
            f"| {data.label} | {data.days:,} | {c['products']:,} | {c['sales']:,} | {c['sale_lines']:,} | "
            f"{c['journal_lines']:,} | {mb:,.0f} MB | {float(str(data.info['build_s'])) / 60:,.1f} min |"
        )
    lines += [
        "",
        f"## Every figure at {oldest}",
        "",
        *results.main_table(oldest),
        "",
        "Ratios are measured in the same run on the same copy of the books: Laci's statement time over the other "
        "tool's, which reads our export of the same books as a new process each time (as it is used).",
        "",
        "## Growth with the shop's age",
        "",
        *results.growth_table(),
        "",
        "## Machine",
        "",
        *[f"- {k}: {v}" for k, v in machine().items()],
        "",
    ]
    return "\n".join(lines)


def summary(results: Results, label: str) -> str:
    figures = {**results.sets.get(label, {}), **results.once}
    out = [f"{'figure':<62} {'median':>12} {'p99':>12}  {'goal':<18} {'':<8} load  one core, cold"]
    for key, f in ((k, figures[k]) for k in figures_order(figures)):
        goal, met = verdict(key, f)
        p99 = number(f.p99, f.unit) if f.runs > 1 else ""
        slow = figures.get(key + SLOW)
        cold = "" if slow is None else f"{number(slow.median, slow.unit)} (p99 {number(slow.p99, slow.unit)})"
        out.append(
            f"{f.label[:62]:<62} {number(f.median, f.unit):>12} {p99:>12}  {goal:<18} {met.strip('*'):<8} "
            f"{f.load:.2f}  {cold}"
        )
    return "\n".join(out)


def figures_order(figures: dict[str, Figure]) -> list[str]:
    return [k for k in ORDER if k in figures]


GROUPS = ("size", "counter", "search", "reports", "pack", "verify", "tools", "gui", "backup", "slow", "sync")


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="the small version (under five minutes)")
    parser.add_argument("--rebuild", action="store_true", help="build the data sets again")
    parser.add_argument("--only", help=f"comma-separated groups to run, of: {', '.join(GROUPS)}")
    parser.add_argument("--sets", help="comma-separated data sets to measure, 1 (youngest) to 5 (default all)")
    parser.add_argument("--no-write", action="store_true", help="print only; leave bench/results alone")
    parser.add_argument("--cold", action="store_true", help=argparse.SUPPRESS)  # the slow run's child
    parser.add_argument("--json-out", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    started = time.perf_counter()
    first_load = load()
    plan, sizes = (datasets.QUICK, QUICK) if args.quick else (datasets.FULL, FULL)
    groups = set(args.only.split(",")) if args.only else set(GROUPS)
    unknown = groups - set(GROUPS)
    if unknown:
        parser.error(f"unknown groups: {', '.join(sorted(unknown))}")
    say(f"data sets: {plan.command()}")
    sets = datasets.data_sets(plan, rebuild=args.rebuild)
    chosen = [int(x) for x in args.sets.split(",")] if args.sets else list(range(1, len(sets) + 1))
    results = Results()
    for index in chosen:
        measure_set(results, sets[index - 1], index, sizes, groups, cold=args.cold)
    if args.json_out:
        only = results.sets[sets[chosen[-1] - 1].label]
        args.json_out.write_text(json.dumps({k: dataclasses.asdict(f) for k, f in only.items()}))
        return 0
    if "slow" in groups:
        measure_slow(results, sets[chosen[-1] - 1], chosen[-1], args.quick)
    if "sync" in groups:
        measure_sync(results, sizes)
    took = time.perf_counter() - started
    measured = [sets[i - 1] for i in chosen]
    text_out = report(args, measured, results, (first_load, load()), took)
    print()
    print(summary(results, measured[-1].label))
    print()
    print("\n".join(results.growth_table()))
    print(f"\n{took / 60:,.1f} minutes")
    if not args.no_write:
        RESULTS.mkdir(parents=True, exist_ok=True)
        target = RESULTS / ("run-quick.md" if args.quick else "run.md")
        target.write_text(text_out)
        print(f"written to {target.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

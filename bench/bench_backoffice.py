"""How fast the back office is: a 100.000-product spreadsheet import, product search over it, a year of demo shop.

    python bench/bench_backoffice.py            # 100.000 products, 2.000 searches, laci demo --days 365
    python bench/bench_backoffice.py --quick    # 10.000 products, 2.000 searches, laci demo --days 30

Three figures, each beside its goal, written to bench/results/backoffice.md with the machine and the commands:

  (a) `spreadsheet.import_products` of an XLSX file of N new products into an empty shop, commit included
      (goal: 100.000 in under 30 s). The file is generated first and not timed; it is written the way Excel
      writes one (a shared-strings table and a <dimension>), since openpyxl's own writer uses inline strings,
      which its reader parses much more slowly. The import of Laci's own export (written by openpyxl) is
      timed too, for comparison.
  (b) `search.search_products(session, q, limit=50)` over those products, one read session per query as the
      counter's search box does, for 2.000 partial queries as people type them; median and p99 in ms, overall
      and per kind of query (goal: p99 under 20 ms).
  (c) `laci demo --days 365` with the default 300 products, as a separate process: wall time and the size of
      the database file (no goal; reported).
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import platform
import random
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
import zipfile
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from pos.demo import data as demo_data  # noqa: E402
from pos.ledger.base.db import Database  # noqa: E402
from pos.ledger.shop.opening import init_shop, open_database  # noqa: E402
from pos.ledger.spreadsheet import product_import, sheet_files, spreadsheet  # noqa: E402
from pos.ledger.stock.barcodes import ean13_with_check  # noqa: E402
from pos.ledger.stock.search import search_products  # noqa: E402

RESULTS = ROOT / "bench" / "results" / "backoffice.md"
IMPORT_GOAL_S = 30.0
IMPORT_GOAL_PRODUCTS = 100_000
SEARCH_GOAL_P99_MS = 20.0
SEARCHES = 2_000
DEMO_TODAY = "2026-11-23"
IMPORT_ROUNDS = 3  # best and median of these, each into a new shop: the machine may be busy with other work

# What people type into the search box, as typed: partial words, two words, sizes, a brand misremembered.
TYPED = (
    "goreng",
    "gula",
    "ndomie",
    "kopi sus",
    "5 kg",
    "mi",
    "te",
    "air min",
    "sabun",
    "rokok",
    "beras prem",
    "minyak 1 l",
    "teh kotak",
    "susu",
    "kecap",
    "85 g",
    "sa",
    "go",
    "ai",
    "keripik bal",
    "sampo",
    "popok",
    "gas",
    "es krim",
    "deterjen",
    "wafer cok",
    "rasa ayam",
    "selera",
)


# --- the spreadsheet --------------------------------------------------------------------------------------------------


def _column(index: int) -> str:
    letters, n = "", index + 1
    while n:
        n, rem = divmod(n - 1, 26)
        letters = chr(65 + rem) + letters
    return letters


def write_excel_style(path: Path, rows: Sequence[Sequence[object]]) -> None:
    """A minimal XLSX laid out as Excel saves one: strings in a shared table, a <dimension> up front."""
    strings: dict[str, int] = {}
    parts: list[str] = []
    for r, row in enumerate(rows, 1):
        cells = []
        for c, value in enumerate(row):
            if value is None or value == "":
                continue
            ref = f"{_column(c)}{r}"
            if isinstance(value, int):
                cells.append(f'<c r="{ref}"><v>{value}</v></c>')
            else:
                index = strings.setdefault(str(value), len(strings))
                cells.append(f'<c r="{ref}" t="s"><v>{index}</v></c>')
        parts.append(f'<row r="{r}">{"".join(cells)}</row>')
    main = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'
    rel = 'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"'
    head = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    width = max(len(row) for row in rows)
    sheet = (
        f'{head}<worksheet {main} {rel}><dimension ref="A1:{_column(width - 1)}{len(rows)}"/>'
        f"<sheetData>{''.join(parts)}</sheetData></worksheet>"
    )
    shared = (
        f'{head}<sst {main} count="{len(strings)}" uniqueCount="{len(strings)}">'
        + "".join(f"<si><t>{escape(s)}</t></si>" for s in strings)
        + "</sst>"
    )
    package = "http://schemas.openxmlformats.org/package/2006"
    office = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
    sheetml = "application/vnd.openxmlformats-officedocument.spreadsheetml"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr(
            "[Content_Types].xml",
            f'{head}<Types xmlns="{package}/content-types">'
            f'<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
            '<Default Extension="xml" ContentType="application/xml"/>'
            f'<Override PartName="/xl/workbook.xml" ContentType="{sheetml}.sheet.main+xml"/>'
            f'<Override PartName="/xl/worksheets/sheet1.xml" ContentType="{sheetml}.worksheet+xml"/>'
            f'<Override PartName="/xl/sharedStrings.xml" ContentType="{sheetml}.sharedStrings+xml"/></Types>',
        )
        z.writestr(
            "_rels/.rels",
            f'{head}<Relationships xmlns="{package}/relationships">'
            f'<Relationship Id="rId1" Type="{office}/officeDocument" Target="xl/workbook.xml"/></Relationships>',
        )
        z.writestr(
            "xl/workbook.xml",
            f'{head}<workbook {main} {rel}><sheets><sheet name="Produk" sheetId="1" r:id="rId1"/></sheets></workbook>',
        )
        z.writestr(
            "xl/_rels/workbook.xml.rels",
            f'{head}<Relationships xmlns="{package}/relationships">'
            f'<Relationship Id="rId1" Type="{office}/worksheet" Target="worksheets/sheet1.xml"/>'
            f'<Relationship Id="rId2" Type="{office}/sharedStrings" Target="sharedStrings.xml"/></Relationships>',
        )
        z.writestr("xl/worksheets/sheet1.xml", sheet)
        z.writestr("xl/sharedStrings.xml", shared)


def product_rows(count: int, rng: random.Random) -> list[list[object]]:
    """A price list of `count` products named like a shop's, built from the demo's word lists."""
    lines = demo_data.LINES
    per_category = {c: sum(1 for x in lines if x.category == c) for c in demo_data.CATEGORIES}
    weights = [demo_data.CATEGORY_SHARE[x.category] / per_category[x.category] for x in lines]
    brands = [
        f"{a} {b} {c}" for a in demo_data.BRAND_FIRST for b in demo_data.BRAND_SECOND for c in demo_data.BRAND_FIRST
    ]
    rows: list[list[object]] = [list(spreadsheet.PRODUCT_COLUMNS[:12])]
    seen: set[str] = set()
    while len(rows) <= count:
        line = rng.choices(lines, weights=weights)[0]
        brand = rng.choice(line.brands) if rng.random() < 0.2 else rng.choice(brands)
        variant = rng.choice(line.variants)
        size, price = rng.choice(line.sizes)
        name = " ".join(p for p in (line.base, brand, variant, size) if p)
        if name in seen:
            continue
        seen.add(name)
        n = len(rows)
        price = max(500, price * rng.randint(900, 1_150) // 1_000 // 500 * 500)
        carton = line.carton and rng.random() < 0.3
        rows.append(
            [
                name,
                f"SKU-{n:06d}" if rng.random() < 0.5 else "",
                ean13_with_check(f"899{n:09d}"),
                line.category,
                line.unit,
                price,
                price * 100 // rng.randint(110, 125) // 100 * 100,
                rng.choice((2, 5, 10, 12, 24)),
                "tidak" if line.ppn_exempt else "ya",
                ean13_with_check(f"899{500_000_000 + n:09d}") if carton else "",
                line.carton if carton else "",
                price * line.carton * 95 // 100 // 500 * 500 if carton else "",
            ]
        )
    return rows


def fresh_shop(path: Path) -> Database:
    for suffix in ("", "-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
    db = open_database(path)
    with db.write() as session:
        init_shop(session, "Toko Bench")
    return db


def timed_import(db: Database, source: Path) -> dict[str, float]:
    """Import `source`, timing the whole and (by wrapping two of the import's functions) its phases."""
    spent: dict[str, float] = {"read": 0.0, "insert": 0.0}
    originals: dict[str, Callable[..., Any]] = {
        "read_sheet": sheet_files.read_sheet,
        "insert_products": product_import.insert_products,
    }

    def wrap(name: str, phase: str) -> Callable[..., Any]:
        def run(*args: Any, **kwargs: Any) -> Any:
            started = time.perf_counter()
            try:
                return originals[name](*args, **kwargs)
            finally:
                spent[phase] += time.perf_counter() - started

        return run

    # Wrapped where the import looks them up: `load_sheet` calls `read_sheet` in its own module.
    sheet_files.read_sheet = wrap("read_sheet", "read")  # type: ignore[assignment]
    product_import.insert_products = wrap("insert_products", "insert")  # type: ignore[assignment]
    try:
        cpu, started = time.process_time(), time.perf_counter()
        with db.write() as session:
            result = spreadsheet.import_products(session, source, actor=None)
            before_commit = time.perf_counter()
        total = time.perf_counter() - started
        commit = time.perf_counter() - before_commit
        cpu = time.process_time() - cpu
    finally:
        sheet_files.read_sheet = originals["read_sheet"]  # type: ignore[assignment]
        product_import.insert_products = originals["insert_products"]  # type: ignore[assignment]
    return {
        "rows": float(result.created),
        "total": total,
        "cpu": cpu,
        "read": spent["read"],
        "insert": spent["insert"],
        "commit": commit,
        "check": total - spent["read"] - spent["insert"] - commit,
    }


# --- search -----------------------------------------------------------------------------------------------------------


def queries(names: Sequence[str], rng: random.Random, count: int) -> list[tuple[str, str]]:
    """(kind, query): the fixed list above, then prefixes of words of real names as they are being typed."""
    out = [(kind_of(q), q) for q in TYPED]
    while len(out) < count:
        words = rng.choice(names).lower().split()
        roll = rng.random()
        if roll < 0.15:
            q = rng.choice(words)[:2]
        elif roll < 0.55:
            word = rng.choice(words)
            q = word[: rng.randint(3, max(3, len(word)))]
        elif roll < 0.9 and len(words) > 1:
            i = rng.randrange(len(words) - 1)
            q = f"{words[i]} {words[i + 1][: rng.randint(1, max(1, len(words[i + 1])))]}"
        else:
            q = f"899{rng.randint(0, 999_999):06d}"[: rng.randint(4, 9)]
        out.append((kind_of(q), q))
    return out


def kind_of(query: str) -> str:
    words = query.split()
    if query.strip().isdigit():
        return "barcode digits"
    if all(len(w) < 3 for w in words):
        return "1-2 letters"
    if len(words) > 1:
        return "several words"
    return "one word (3+)"


def pct(values: Sequence[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))]


def time_searches(db: Database, plan: Sequence[tuple[str, str]]) -> dict[str, list[float]]:
    by_kind: dict[str, list[float]] = {}
    for kind, q in plan:
        started = time.perf_counter_ns()
        with db.read() as session:
            search_products(session, q, limit=50)
        by_kind.setdefault(kind, []).append((time.perf_counter_ns() - started) / 1e6)
    return by_kind


# --- the demo ---------------------------------------------------------------------------------------------------------


def run_demo(directory: Path, days: int) -> tuple[float, float, str]:
    command = [sys.executable, "-m", "pos", "--data-dir", str(directory), "demo", "--days", str(days)]
    command += ["--today", DEMO_TODAY]
    started = time.perf_counter()
    done = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, check=False)
    wall = time.perf_counter() - started
    if done.returncode != 0:
        raise SystemExit(f"laci demo failed:\n{done.stderr}")
    size = sum(p.stat().st_size for p in directory.glob("laci.sqlite3*")) / 1024 / 1024
    return wall, size, done.stdout.strip().replace(str(directory), "DIR")


# --- the report -------------------------------------------------------------------------------------------------------


def machine() -> dict[str, str]:
    cpu, ram = "unknown", "unknown"
    try:
        cpu = next(
            (x.split(":", 1)[1].strip() for x in Path("/proc/cpuinfo").read_text().splitlines() if "model name" in x),
            cpu,
        )
        kb = next(int(x.split()[1]) for x in Path("/proc/meminfo").read_text().splitlines() if x.startswith("MemTotal"))
        ram = f"{kb / 1024 / 1024:.1f} GiB"
    except (OSError, StopIteration):
        pass
    import openpyxl
    import sqlalchemy

    return {
        "CPUs (nproc)": str(os.cpu_count()),
        "CPU": cpu,
        "RAM": ram,
        "Python": platform.python_version(),
        "SQLite": sqlite3.sqlite_version,
        "SQLAlchemy": sqlalchemy.__version__,
        "openpyxl": openpyxl.__version__,
    }


def load() -> str:
    try:
        return " / ".join(f"{x:.2f}" for x in os.getloadavg())
    except OSError:
        return "unknown"


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="10.000 products and a 30-day demo")
    parser.add_argument("--no-demo", action="store_true", help="skip the demo shop (c)")
    parser.add_argument("--no-write", action="store_true", help="print the figures without writing the results file")
    args = parser.parse_args(argv)
    count = 10_000 if args.quick else IMPORT_GOAL_PRODUCTS
    demo_days = 30 if args.quick else 365
    rng = random.Random(20261123)
    load_before = load()
    work = Path(tempfile.mkdtemp(prefix="laci-bench-"))
    lines: list[str] = []
    try:
        print(f"generating {count} products ...", flush=True)
        rows = product_rows(count, rng)
        source = work / "produk.xlsx"
        write_excel_style(source, rows)
        print(f"importing (a), {IMPORT_ROUNDS} rounds ...", flush=True)
        rounds = []
        for n in range(IMPORT_ROUNDS):
            db = fresh_shop(work / f"import{n}.sqlite3")
            rounds.append(timed_import(db, source))
            print(f"  {rounds[-1]['total']:.1f} s ({rounds[-1]['cpu']:.1f} s CPU), load {load()}", flush=True)
            if n < IMPORT_ROUNDS - 1:
                db.dispose()
        a = min(rounds, key=lambda r: r["total"])
        median_total = statistics.median(r["total"] for r in rounds)

        own = work / "export.xlsx"
        with db.read() as session:
            spreadsheet.export_products(session, own)
        again = fresh_shop(work / "again.sqlite3")
        a2 = timed_import(again, own)
        again.dispose()
        print(f"  {a2['total']:.1f} s re-importing Laci's own export", flush=True)

        print(f"searching (b) {SEARCHES} queries ...", flush=True)
        names = [str(r[0]) for r in rows[1:]]
        plan = queries(names, rng, SEARCHES)
        time_searches(db, plan[:50])  # warm the page cache, as a counter that has been open a while has
        by_kind = time_searches(db, plan)
        every = [ms for values in by_kind.values() for ms in values]
        db.dispose()
        print(f"  median {statistics.median(every):.2f} ms, p99 {pct(every, 99):.2f} ms", flush=True)

        demo: tuple[float, float, str] | None = None
        if not args.no_demo:
            print(f"laci demo --days {demo_days} (c) ...", flush=True)
            demo = run_demo(work / "demo", demo_days)
            print(f"  {demo[0]:.0f} s, {demo[1]:.1f} MB", flush=True)
        load_after = load()

        scale = count / IMPORT_GOAL_PRODUCTS
        goal_s = IMPORT_GOAL_S * scale
        ok = "met" if a["total"] < goal_s else "MISSED"
        p99 = pct(every, 99)
        lines += [
            "# Back office benchmark",
            "",
            f"Run {dt.datetime.now().astimezone():%Y-%m-%d %H:%M %Z}{' (quick)' if args.quick else ''}.",
            f"Load average (1/5/15 min) before: {load_before}; after: {load_after}.",
            "",
            "## Figures",
            "",
            "| What | Figure | Goal | |",
            "|---|---|---|---|",
            f"| (a) import {count:,} new products from XLSX (Excel-style file), commit included, best of "
            f"{IMPORT_ROUNDS} | {a['total']:.1f} s ({a['cpu']:.1f} s CPU) | < {goal_s:.0f} s | {ok} |",
            f"| (a) the same, median of {IMPORT_ROUNDS} | {median_total:.1f} s | | |",
            f"| (a) of which openpyxl reading the sheet (best round) | {a['read']:.1f} s | | |",
            f"| (a) of which checking every row | {a['check']:.1f} s | | |",
            f"| (a) of which inserting (both search indexes included) | {a['insert']:.1f} s | | |",
            f"| (a) of which commit | {a['commit']:.1f} s | | |",
            f"| (a') import of Laci's own XLSX export of the same products | {a2['total']:.1f} s "
            f"(read {a2['read']:.1f} s) | (info) | |",
            f"| (b) search, {len(every):,} queries, median | {statistics.median(every):.2f} ms | | |",
            f"| (b) search, p99 | {p99:.2f} ms | < {SEARCH_GOAL_P99_MS:.0f} ms | "
            f"{'met' if p99 < SEARCH_GOAL_P99_MS else 'MISSED'} |",
        ]
        if demo:
            lines.append(
                f"| (c) `laci demo --days {demo_days}` (300 products): wall time | {demo[0]:.0f} s | (none) | |"
            )
            lines.append(f"| (c) database size | {demo[1]:.1f} MB | (none) | |")
        lines += [
            "",
            "Search by kind of query:",
            "",
            "| Kind | Queries | Median ms | p99 ms | Max ms |",
            "|---|---|---|---|---|",
        ]
        for kind, values in sorted(by_kind.items()):
            lines.append(
                f"| {kind} | {len(values)} | {statistics.median(values):.2f} | {pct(values, 99):.2f} | "
                f"{max(values):.2f} |"
            )
        if demo:
            lines += ["", "`laci demo` said:", "", "```", demo[2], "```"]
        lines += ["", "## Machine", ""]
        lines += [f"- {k}: {v}" for k, v in machine().items()]
        lines += [
            "",
            "## Commands",
            "",
            "```",
            f"python bench/bench_backoffice.py{' --quick' if args.quick else ''}",
            f"# (c) runs, in a new temporary data folder: python -m pos --data-dir DIR demo --days {demo_days} "
            f"--today {DEMO_TODAY}",
            "```",
        ]
    finally:
        shutil.rmtree(work, ignore_errors=True)
    text = "\n".join(lines) + "\n"
    print(text)
    if not args.no_write:
        RESULTS.parent.mkdir(parents=True, exist_ok=True)
        # A "## Notes" section written by hand (profiles, where the time goes) survives a new run.
        old = RESULTS.read_text(encoding="utf-8") if RESULTS.exists() else ""
        notes = old[old.index("\n## Notes\n") :] if "\n## Notes\n" in old else ""
        RESULTS.write_text(text + notes, encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

"""The figures of a benchmark run, their goals, and the tables bench/run prints and writes.

A figure holds every sample measured (so the median and the p99 come from repeated runs), the unit it is
written in, and the machine's 1-minute load average when it was measured. A goal judges the median or the p99,
as the issue names it.
"""

from __future__ import annotations

import statistics
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field


def pct(values: Sequence[float], p: float) -> float:
    """The p-th percentile by nearest rank (with fewer than 100 samples the p99 is the slowest)."""
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(p / 100 * len(ordered) + 0.5) - 1))]


@dataclass(slots=True)
class Figure:
    label: str
    unit: str  # "ms", "s", "MB", "x", "events/s"
    values: list[float]
    load: float
    note: str = ""

    @property
    def median(self) -> float:
        return statistics.median(self.values)

    @property
    def p99(self) -> float:
        return pct(self.values, 99)

    @property
    def runs(self) -> int:
        return len(self.values)


@dataclass(frozen=True, slots=True)
class Goal:
    text: str
    met: Callable[[Figure], bool]


def _under(limit: float, on: str = "median") -> Callable[[Figure], bool]:
    return lambda f: (f.p99 if on == "p99" else f.median) < limit


# The goals of the performance issue for a shop at five years (the first round's, where it set none since).
GOALS: Mapping[str, Goal] = {
    "sale_ratio": Goal("at most 2x", lambda f: f.median <= 2.0),
    "barcode": Goal("p99 < 1 ms", _under(1.0, "p99")),
    "search": Goal("p99 < 20 ms", _under(20.0, "p99")),
    "scan": Goal("p99 < 16 ms", _under(16.0, "p99")),
    "cold_start": Goal("< 1.5 s", _under(1.5)),
    "memory": Goal("< 200 MB", lambda f: max(f.values) < 200.0),
    "pnl_year": Goal("< 1 s", _under(1_000.0)),
    "pnl_all": Goal("< 1 s", _under(1_000.0)),
    "position": Goal("< 1 s", _under(1_000.0)),
    "pnl_all_vs_hledger": Goal("< 1x (faster)", lambda f: f.median < 1.0),
    "position_vs_hledger": Goal("< 1x (faster)", lambda f: f.median < 1.0),
    "loan_pack": Goal("< 5 s", _under(5.0)),
    "check_quick": Goal("< 1 s", _under(1.0)),
    "verify": Goal("< 1 s", _under(1.0)),
    "sync": Goal(">= 10,000 events/s", lambda f: f.median >= 10_000.0),
    "db_per_sale": Goal("at most 1.5 KB", lambda f: f.median <= 1.5),
    "backup_shift": Goal("< 5 s", lambda f: max(f.values) < 5.0),
    "backup_ratio": Goal("at most 3x", lambda f: f.median <= 3.0),
}

# The order of the tables, with what each figure is.
ORDER: tuple[str, ...] = (
    "sale_commit",
    "sale_plain",
    "sale_ratio",
    "barcode",
    "search",
    "scan",
    "cold_start",
    "memory",
    "daily",
    "pnl_year",
    "pnl_all",
    "position",
    "hledger_pnl_all",
    "hledger_position",
    "ledger_pnl_all",
    "ledger_position",
    "beancount_pnl_all",
    "beancount_position",
    "pnl_all_vs_hledger",
    "position_vs_hledger",
    "pnl_all_vs_ledger",
    "position_vs_ledger",
    "pnl_all_vs_beancount",
    "position_vs_beancount",
    "loan_pack",
    "loan_pack_figures",
    "check_full",
    "check_quick",
    "verify",
    "export",
    "sync",
    "sync_batch",
    "backup_daily",
    "backup_shift",
    "backup_sale",
    "backup_restore",
    "backup_ratio",
    "db_size",
    "db_per_year",
    "db_per_sale",
)

SLOW: str = "_slow"  # the same figure measured on one core with a cold file cache (bench/cold.py)


def number(value: float, unit: str) -> str:
    if unit == "x":
        return f"{value:.4f}x" if value < 0.01 else f"{value:.2f}x"
    if unit == "events/s":
        return f"{value:,.0f}/s"
    if unit == "KB":
        return f"{value:,.2f} KB"
    if unit in ("MB", "MB/year"):
        return f"{value:,.0f} {unit}" if value >= 10 else f"{value:,.1f} {unit}"
    digits = 0 if value >= 100 else 1 if value >= 10 else 2
    return f"{value:,.{digits}f} {unit}"


def verdict(key: str, figure: Figure) -> tuple[str, str]:
    goal = GOALS.get(key)
    if goal is None:
        return "", ""
    return goal.text, "met" if goal.met(figure) else "**missed**"


def _slow_cell(key: str, figure: Figure | None) -> str:
    if figure is None:
        return ""
    on_p99 = "p99" in (GOALS[key].text if key in GOALS else "")
    if on_p99 and figure.runs > 1:
        shown = number(figure.p99, figure.unit) + " p99"
    else:
        shown = number(figure.median, figure.unit)
    return shown + (" *" + figure.note + "*" if figure.note else "")


@dataclass(slots=True)
class Results:
    """Every data set's figures, by data set label and figure key, plus the ones measured once."""

    sets: dict[str, dict[str, Figure]] = field(default_factory=dict)
    once: dict[str, Figure] = field(default_factory=dict)

    def add(self, label: str, key: str, figure: Figure) -> Figure:
        self.sets.setdefault(label, {})[key] = figure
        return figure

    def main_table(self, label: str) -> list[str]:
        """Every figure of the data set `label` (and those measured once), each beside its goal; with a column of
        the same figure on one core with a cold cache where that was measured."""
        figures = {**self.sets.get(label, {}), **self.once}
        slow = any(key.endswith(SLOW) for key in figures)
        lines = [
            "| figure | median | p99 | runs | goal | | load |" + (" one core, cold cache |" if slow else ""),
            "|---|---:|---:|---:|---|---|---:|" + ("---:|" if slow else ""),
        ]
        for key in ORDER:
            f = figures.get(key)
            if f is None:
                continue
            goal, met = verdict(key, f)
            p99 = number(f.p99, f.unit) if f.runs > 1 else ""
            note = f" ({f.note})" if f.note else ""
            row = f"| {f.label}{note} | {number(f.median, f.unit)} | {p99} | {f.runs} | {goal} | {met} | {f.load:.2f} |"
            if slow:
                cold = figures.get(key + SLOW)
                row += f" {_slow_cell(key, cold)} |"
            lines.append(row)
        return lines

    def growth_table(self, keys: Sequence[str] | None = None) -> list[str]:
        """Each figure's median (and p99 where its goal is on the p99) across the data sets, oldest shop last."""
        labels = list(self.sets)
        lines = ["| figure | " + " | ".join(labels) + " |", "|---|" + "---:|" * len(labels)]
        for key in keys or ORDER:
            row = [self.sets[label].get(key) for label in labels]
            present = [f for f in row if f is not None]
            if not present:
                continue
            on_p99 = "p99" in (GOALS[key].text if key in GOALS else "")
            cells = []
            for f in row:
                if f is None:
                    cells.append("")
                elif on_p99:
                    cells.append(f"{number(f.p99, f.unit)} (median {number(f.median, f.unit)})")
                else:
                    cells.append(number(f.median, f.unit))
            name = present[0].label + (", p99" if on_p99 else "")
            lines.append(f"| {name} | " + " | ".join(cells) + " |")
        return lines

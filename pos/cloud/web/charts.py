"""Charts drawn on the server as SVG: the geometry is computed here in whole units of the view box, and a
template macro writes the elements (so every label is escaped). Nothing is drawn in the browser."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Final

from pos.ledger.reports.dashboard import HourFigures

WIDTH: Final = 480
HEIGHT: Final = 160
BASE: Final = 136  # the bars stand on this line; hour labels below it
TOP: Final = 8


@dataclass(frozen=True, slots=True)
class Bar:
    x: int
    y: int
    width: int
    height: int
    label: str  # what a reader's tooltip says
    peak: bool


@dataclass(frozen=True, slots=True)
class Tick:
    x: int
    text: str


@dataclass(frozen=True, slots=True)
class BarChart:
    width: int
    height: int
    base: int
    bars: tuple[Bar, ...]
    ticks: tuple[Tick, ...]
    empty: bool


def hour_chart(hours: Sequence[HourFigures], describe: Sequence[str]) -> BarChart:
    """Revenue by hour as 24 bars (the busiest marked), ticks every three hours; `describe` is each bar's text."""
    slot = WIDTH // len(hours)
    top = max((h.revenue for h in hours), default=0)
    bars = []
    for h, text in zip(hours, describe, strict=True):
        height = 0 if top <= 0 or h.revenue <= 0 else max(1, h.revenue * (BASE - TOP) // top)
        bars.append(Bar(h.hour * slot + 2, BASE - height, slot - 4, height, text, top > 0 and h.revenue == top))
    ticks = tuple(Tick(h * slot + slot // 2, f"{h:02d}") for h in range(0, len(hours), 3))
    return BarChart(WIDTH, HEIGHT, BASE, tuple(bars), ticks, top <= 0)


@dataclass(frozen=True, slots=True)
class Share:
    x: int
    width: int
    label: str
    index: int  # which colour (a CSS class) the slice takes


def shares(parts: Sequence[tuple[str, int]], width: int = WIDTH) -> tuple[Share, ...]:
    """Positive amounts as slices of one bar `width` wide, in order; the last slice takes the rounding."""
    kept = [(label, amount) for label, amount in parts if amount > 0]
    total = sum(amount for _label, amount in kept)
    out, x = [], 0
    for n, (label, amount) in enumerate(kept):
        w = width - x if n == len(kept) - 1 else amount * width // total
        out.append(Share(x, w, label, n % 6))
        x += w
    return tuple(out)

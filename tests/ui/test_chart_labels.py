"""Chart labels never overlap, whatever the width and the number of bars."""

from __future__ import annotations

from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from pos.ui.reports.chart import LABEL_GAP, BarChart, label_places


@given(
    st.integers(min_value=1, max_value=60),
    st.floats(min_value=60, max_value=2000),
    st.lists(st.floats(min_value=5, max_value=80), min_size=60, max_size=60),
)
@settings(max_examples=300)
def test_placed_labels_never_touch_and_stay_inside(bars: int, width: float, label_widths: list[float]) -> None:
    slot = width / bars
    widths = label_widths[:bars]
    placed = label_places([(i + 0.5) * slot for i in range(bars)], widths, width)
    if widths[0] <= width:
        assert placed and placed[0][0] == 0  # the first bar is named whenever its label fits the chart
    for i, left in placed:
        assert (left >= 0 and left + widths[i] <= width + 1e-6) or widths[i] > width
    ends = [left + widths[i] for i, left in placed]
    starts = [left for _i, left in placed]
    assert all(start >= end + LABEL_GAP - 1e-6 for end, start in zip(ends, starts[1:], strict=False))


def test_a_month_of_days_on_a_narrow_chart_is_labelled_every_few_days(qtbot: Any) -> None:
    chart = BarChart()
    qtbot.addWidget(chart)
    chart.resize(300, 160)
    chart.set_bars([(f"{d} Nov", d * 1000) for d in range(1, 31)])
    shown = chart.labels_shown()
    assert shown[0] == "1 Nov" and 3 <= len(shown) < 30
    metrics = chart.fontMetrics()
    assert sum(metrics.horizontalAdvance(label) + 8 for label in shown) <= 300 + 8

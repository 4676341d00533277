"""The bar chart of monthly sales and gross profit, drawn with reportlab.graphics (floats for drawing only)."""

from __future__ import annotations

from collections.abc import Sequence

from reportlab.graphics.charts.barcharts import VerticalBarChart
from reportlab.graphics.charts.legends import Legend
from reportlab.graphics.shapes import Drawing, String
from reportlab.lib import colors

from pos.i18n import N_
from pos.ledger.reports.margins import MonthFigures
from pos.printing.statements.fonts import REGULAR
from pos.printing.statements.text import Words


class FontDrawing(Drawing):  # type: ignore[misc]
    """A drawing whose text state starts in the embedded font, not in an unembedded Helvetica."""

    initialFontName = REGULAR


SALES_COLOUR = colors.HexColor("#2f6690")
PROFIT_COLOUR = colors.HexColor("#81b29a")


def monthly_chart(months: Sequence[MonthFigures], words: Words, width: float, height: float) -> Drawing:
    """Net sales and gross profit per month, in millions of rupiah, with a legend."""
    drawing = FontDrawing(width, height)
    chart = VerticalBarChart()
    chart.x, chart.y = 48, 42
    chart.width, chart.height = width - 60, height - 80
    sales = [m.net_sales / 1_000_000 for m in months]
    profit = [m.gross_profit / 1_000_000 for m in months]
    chart.data = [sales or [0.0], profit or [0.0]]
    chart.categoryAxis.categoryNames = [words.month(m.month) for m in months] or [""]
    chart.categoryAxis.labels.fontName = REGULAR
    chart.categoryAxis.labels.fontSize = 7
    if len(months) > 6:
        chart.categoryAxis.labels.angle = 35
        chart.categoryAxis.labels.boxAnchor = "ne"
    low = min([0.0, *sales, *profit])
    high = max([0.0, *sales, *profit])
    chart.valueAxis.valueMin = low * 1.1 if low < 0 else 0
    chart.valueAxis.valueMax = high * 1.15 if high > 0 else 1
    chart.valueAxis.labels.fontName = REGULAR
    chart.valueAxis.labels.fontSize = 7
    # Indonesian number conventions in both languages, as `fmt` keeps them.
    chart.valueAxis.labelTextFormat = lambda v: f"{v:.1f}".replace(".", ",")
    chart.valueAxis.gridStrokeColor = colors.HexColor("#dddddd")
    chart.valueAxis.visibleGrid = True
    chart.bars[0].fillColor = SALES_COLOUR
    chart.bars[1].fillColor = PROFIT_COLOUR
    chart.bars.strokeColor = None
    chart.barSpacing = 1
    chart.groupSpacing = 6
    drawing.add(chart)
    legend = Legend()
    legend.fontName = REGULAR
    legend.fontSize = 8
    legend.x, legend.y = 48, height - 10
    legend.alignment = "right"
    legend.columnMaximum = 1
    legend.deltax = 110
    legend.colorNamePairs = [(SALES_COLOUR, words(N_("Net sales"))), (PROFIT_COLOUR, words(N_("Gross profit")))]
    drawing.add(legend)
    drawing.add(
        String(width - 4, height - 12, words(N_("million rupiah")), fontName=REGULAR, fontSize=7, textAnchor="end")
    )
    return drawing

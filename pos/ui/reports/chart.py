"""A small bar chart painted with QPainter: one bar per label, amounts in rupiah (floats for drawing only)."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QRectF, QSize, Qt
from PySide6.QtGui import QColor, QPainter, QPaintEvent, QPen
from PySide6.QtWidgets import QSizePolicy, QWidget

from pos.ledger.base import fmt

BAR = QColor("#2f6690")
NEGATIVE = QColor("#c0504d")
AXIS = QColor("#c9ced6")
TEXT = QColor("#4b5563")


class BarChart(QWidget):
    """Bars for `(label, amount)` pairs; the tallest bar's amount is written at the top left."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._bars: tuple[tuple[str, int], ...] = ()
        self.setMinimumHeight(160)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)

    def set_bars(self, bars: Sequence[tuple[str, int]]) -> None:
        self._bars = tuple(bars)
        self.update()

    @property
    def bars(self) -> tuple[tuple[str, int], ...]:
        return self._bars

    def sizeHint(self) -> QSize:
        return QSize(480, 200)

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        metrics = painter.fontMetrics()
        left, top, bottom = 8.0, metrics.height() + 6.0, metrics.height() + 8.0
        area = QRectF(left, top, self.width() - 2 * left, self.height() - top - bottom)
        painter.setPen(QPen(AXIS))
        painter.drawLine(area.bottomLeft(), area.bottomRight())
        if not self._bars:
            painter.end()
            return
        peak = max(abs(v) for _l, v in self._bars) or 1
        painter.setPen(QPen(TEXT))
        painter.drawText(QRectF(left, 0, area.width(), top), Qt.AlignmentFlag.AlignLeft, fmt.rupiah(peak))
        slot = area.width() / len(self._bars)
        width = max(2.0, slot * 0.7)
        # Label every bar when they fit, else every few, so the labels never overlap.
        label_width = max(metrics.horizontalAdvance(label) for label, _v in self._bars) + 8
        label_every = max(1, int(label_width // max(slot, 1)) + 1)
        for i, (label, value) in enumerate(self._bars):
            height = area.height() * abs(value) / peak
            x = area.left() + i * slot + (slot - width) / 2
            rect = QRectF(x, area.bottom() - height, width, height)
            painter.fillRect(rect, NEGATIVE if value < 0 else BAR)
            if i % label_every == 0:
                painter.setPen(QPen(TEXT))
                centre = area.left() + (i + 0.5) * slot
                left_edge = min(max(centre - label_width / 2, 0.0), self.width() - label_width)
                painter.drawText(
                    QRectF(left_edge, area.bottom() + 2, label_width, bottom),
                    Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop,
                    label,
                )
        painter.end()

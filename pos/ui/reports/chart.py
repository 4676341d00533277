"""A small bar chart painted with QPainter: one bar per label, amounts in rupiah (floats for drawing only).

Labels are placed left to right and one that would touch the one before it is left out, so they never overlap
("7 Nov10 Nov"), whatever the width and however many bars.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QRectF, QSize, Qt
from PySide6.QtGui import QColor, QPainter, QPaintEvent, QPen
from PySide6.QtWidgets import QSizePolicy, QWidget

from pos.i18n import _
from pos.ledger.base import fmt

BAR = QColor("#2f6690")
NEGATIVE = QColor("#c0504d")
AXIS = QColor("#c9ced6")
TEXT = QColor("#4b5563")
LABEL_GAP = 8.0


def label_places(centres: Sequence[float], widths: Sequence[float], right: float) -> list[tuple[int, float]]:
    """Which labels to draw and where their left edges go: each centred on its bar, kept between 0 and `right`,
    and drawn only when at least `LABEL_GAP` clear of the label drawn before it."""
    placed: list[tuple[int, float]] = []
    end = -LABEL_GAP
    for i, (centre, width) in enumerate(zip(centres, widths, strict=True)):
        left = min(max(centre - width / 2, 0.0), right - width)
        if left >= end + LABEL_GAP:
            placed.append((i, left))
            end = left + width
    return placed


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

    def minimumSizeHint(self) -> QSize:
        return QSize(160, 160)

    def labels_shown(self) -> list[str]:
        """The labels drawn at the present width (for tests, and to know what the reader sees)."""
        return [self._bars[i][0] for i, _left in self._places()]

    def _area(self) -> QRectF:
        metrics = self.fontMetrics()
        top, bottom, left = metrics.height() + 6.0, metrics.height() + 8.0, 8.0
        return QRectF(left, top, self.width() - 2 * left, self.height() - top - bottom)

    def _places(self) -> list[tuple[int, float]]:
        if not self._bars:
            return []
        area, metrics = self._area(), self.fontMetrics()
        slot = area.width() / len(self._bars)
        centres = [area.left() + (i + 0.5) * slot for i in range(len(self._bars))]
        widths = [float(metrics.horizontalAdvance(label)) for label, _value in self._bars]
        return label_places(centres, widths, float(self.width()))

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        metrics = painter.fontMetrics()
        area = self._area()
        painter.setPen(QPen(AXIS))
        painter.drawLine(area.bottomLeft(), area.bottomRight())
        if not self._bars:
            painter.end()
            return
        peak = max(abs(v) for _l, v in self._bars) or 1
        painter.setPen(QPen(TEXT))
        painter.drawText(
            QRectF(area.left(), 0, area.width(), area.top()),
            Qt.AlignmentFlag.AlignLeft,
            _("highest {amount}").format(amount=fmt.rupiah(peak)),
        )
        slot = area.width() / len(self._bars)
        width = max(2.0, slot * 0.7)
        for i, (_label, value) in enumerate(self._bars):
            height = area.height() * abs(value) / peak
            x = area.left() + i * slot + (slot - width) / 2
            painter.fillRect(QRectF(x, area.bottom() - height, width, height), NEGATIVE if value < 0 else BAR)
        painter.setPen(QPen(TEXT))
        for i, left in self._places():
            label = self._bars[i][0]
            painter.drawText(
                QRectF(left, area.bottom() + 2, metrics.horizontalAdvance(label) + 1, metrics.height() + 4),
                Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop,
                label,
            )
        painter.end()

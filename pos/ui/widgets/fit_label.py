"""A label for one large figure that shrinks its type, never below a floor, rather than be clipped."""

from __future__ import annotations

from PySide6.QtCore import QSize
from PySide6.QtGui import QFont, QFontMetrics, QResizeEvent
from PySide6.QtWidgets import QLabel, QWidget

_STEP = 2.0


class FitLabel(QLabel):
    """Shows its text at `point_size` when it fits the width it is given, else smaller down to `floor`.

    The total at the counter is read from a metre away; when a large amount would not fit at full size, a
    slightly smaller figure is better than a cut-off one.
    """

    def __init__(self, point_size: float, floor: float, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.point_size = point_size
        self.floor = floor
        self._apply(point_size)

    def setText(self, text: str) -> None:
        super().setText(text)
        self._fit()

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._fit()

    def minimumSizeHint(self) -> QSize:
        # Let the layout decide the width; the type adapts to it. The height is that of the full size, so a new
        # figure (every scan) never asks the page to be laid out again.
        return QSize(0, self._height())

    def sizeHint(self) -> QSize:
        return QSize(200, self._height())

    def _height(self) -> int:
        full = QFont(self.font())
        full.setPointSizeF(self.point_size)
        margins = self.contentsMargins()
        return QFontMetrics(full).height() + margins.top() + margins.bottom()

    def _fit(self) -> None:
        room = self.contentsRect().width()
        size = self.point_size
        while size > self.floor and self._width_at(size) > room:
            size -= _STEP
        self._apply(max(size, self.floor))

    def _width_at(self, size: float) -> int:
        trial = QFont(self.font())
        trial.setPointSizeF(size)
        return QFontMetrics(trial).horizontalAdvance(self.text())

    def _apply(self, size: float) -> None:
        if self.font().pointSizeF() != size:
            made = QFont(self.font())
            made.setPointSizeF(size)
            self.setFont(made)

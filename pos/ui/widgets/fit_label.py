"""A label for one large figure that shrinks its type, never below a floor, rather than be clipped."""

from __future__ import annotations

from PySide6.QtCore import QSize
from PySide6.QtGui import QFont, QFontMetrics, QResizeEvent
from PySide6.QtWidgets import QLabel, QWidget

_STEP = 2.0


class FitLabel(QLabel):
    """Shows its text at `point_size` when it fits the room it is given, else smaller down to `floor`.

    The total at the counter is read from a metre away; when a large amount (or a small screen) leaves no room
    for the full size, a smaller figure is better than a cut-off one. The layout may give it any height between
    the floor's and the full size's.
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
        # Let the layout decide the width; the type adapts to it. The height is fixed by the sizes, not the
        # text, so a new figure (every scan) never asks the page to be laid out again.
        return QSize(0, self._height(self.floor))

    def sizeHint(self) -> QSize:
        return QSize(200, self._height(self.point_size))

    def _height(self, size: float) -> int:
        margins = self.contentsMargins()
        return self._metrics(size).height() + margins.top() + margins.bottom()

    def _metrics(self, size: float) -> QFontMetrics:
        trial = QFont(self.font())
        trial.setPointSizeF(size)
        return QFontMetrics(trial)

    def _fit(self) -> None:
        room = self.contentsRect()
        size = self.point_size
        while size > self.floor and not self._fits(size, room.width(), room.height()):
            size -= _STEP
        self._apply(max(size, self.floor))

    def _fits(self, size: float, width: int, height: int) -> bool:
        metrics = self._metrics(size)
        return metrics.horizontalAdvance(self.text()) <= width and metrics.height() <= height

    def _apply(self, size: float) -> None:
        if self.font().pointSizeF() != size:
            made = QFont(self.font())
            made.setPointSizeF(size)
            self.setFont(made)

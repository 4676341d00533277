"""A row that becomes a column when the window is too narrow for it: a list and its form side by side on a
laptop, one above the other on a small screen, instead of a window wider than the screen."""

from __future__ import annotations

from PySide6.QtCore import QRect, QSize
from PySide6.QtWidgets import QBoxLayout, QLayoutItem, QWidget

_ROW = QBoxLayout.Direction.LeftToRight
_COLUMN = QBoxLayout.Direction.TopToBottom


class SideBySide(QBoxLayout):
    """Lays its items out left to right when the width allows every one its least width, else top to bottom.

    Its own least width is that of its widest item, so it never holds a window wider than that.
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(_ROW, parent)

    def _shown(self) -> list[QLayoutItem]:
        items = (self.itemAt(i) for i in range(self.count()))
        return [item for item in items if item is not None and not item.isEmpty()]

    def _row_width(self) -> int:
        items = [item for item in self._shown() if item.spacerItem() is None]
        margins = self.contentsMargins()
        gaps = max(self.spacing(), 0) * max(len(items) - 1, 0)
        return sum(item.minimumSize().width() for item in items) + gaps + margins.left() + margins.right()

    def setGeometry(self, rect: QRect) -> None:
        wanted = _ROW if rect.width() >= self._row_width() else _COLUMN
        if self.direction() != wanted:
            self.setDirection(wanted)
        super().setGeometry(rect)

    def minimumSize(self) -> QSize:
        size = super().minimumSize()
        if self.direction() != _ROW:
            return size
        margins = self.contentsMargins()
        widest = max((item.minimumSize().width() for item in self._shown()), default=0)
        return QSize(widest + margins.left() + margins.right(), size.height())

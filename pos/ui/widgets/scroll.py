"""Scrolling up and down where a screen or a dialog is taller than a small window, never sideways."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QSize, Qt
from PySide6.QtWidgets import QFrame, QLayout, QScrollArea, QWidget

# A form taller than its window scrolls; the window need not be taller than this for it.
LEAST_HEIGHT = 200


class DownScroll(QScrollArea):
    """Holds `content` (a widget, or a layout it puts in one) and scrolls it up and down when the window is
    shorter than it: it asks for the content's least width but little height, so a tall form never makes a
    window taller than the screen."""

    def __init__(self, content: QWidget | QLayout, parent: QWidget | None = None, *, least: int = LEAST_HEIGHT) -> None:
        super().__init__(parent)
        if isinstance(content, QLayout):
            holder = QWidget()
            holder.setLayout(content)
            content = holder
        self.least = least
        self.setWidget(content)
        self.setWidgetResizable(True)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        # The content's own background (a dialog's, a screen's) shows through, not the scroll area's.
        self.viewport().setAutoFillBackground(False)
        content.setAutoFillBackground(False)
        # A scroll area keeps its own size when what it holds grows; the window around it should hear of it.
        content.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.widget() and event.type() == QEvent.Type.LayoutRequest:
            self.updateGeometry()
        return super().eventFilter(watched, event)

    def minimumSizeHint(self) -> QSize:
        inner = self.widget()
        least = inner.minimumSizeHint().expandedTo(inner.minimumSize()) if inner is not None else QSize(0, 0)
        bar = self.verticalScrollBar().sizeHint().width()
        return QSize(least.width() + bar, min(least.height(), self.least))

    def sizeHint(self) -> QSize:
        inner = self.widget()
        if inner is None:
            return QSize(0, 0)
        hint = inner.sizeHint().expandedTo(inner.minimumSizeHint())
        return QSize(hint.width() + self.verticalScrollBar().sizeHint().width(), hint.height())

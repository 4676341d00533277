"""Columns that share a table's width: each as wide as its contents when there is room, never narrower than its
heading, and one column (the name) taking what is left.

Qt's "resize to contents" columns ignore the table's width, so on a small screen a list of long addresses pushes
the name column down to a sliver and cuts the headings. `share_columns` lays the columns out again whenever the
table or its rows change.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QRect, Qt, QTimer
from PySide6.QtGui import QFontMetrics
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QStyle, QStyleOptionViewItem, QTableView


class _Sharer(QObject):
    def __init__(self, view: QTableView, stretch: int, least: int, optional: tuple[int, ...]) -> None:
        super().__init__(view)
        self.view = view
        self.stretch = stretch
        self.least = least
        self.optional = optional
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.setInterval(0)
        self.timer.timeout.connect(self.lay_out)
        header = view.horizontalHeader()
        for column in range(header.count()):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(False)
        view.viewport().installEventFilter(self)
        model = view.model()
        for signal in (model.modelReset, model.rowsInserted, model.rowsRemoved, model.dataChanged, model.layoutChanged):
            signal.connect(self.timer.start)
        model.headerDataChanged.connect(self._headings_changed)
        self._headings_changed()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Resize:
            self.timer.start()
        return False

    def _frame(self) -> int:
        return 2 * self.view.frameWidth() + self.view.verticalScrollBar().sizeHint().width()

    def _headings_changed(self) -> None:
        header = self.view.horizontalHeader()
        for column in self.optional:
            header.setSectionHidden(column, False)
        floors = self._floors()
        needed = sum(f for c, f in enumerate(floors) if c not in self.optional)
        self.view.setMinimumWidth(needed + self._frame())
        header.setMinimumSectionSize(min((f for f in floors if f), default=20))
        self.timer.start()

    def _floors(self) -> list[int]:
        header = self.view.horizontalHeader()
        floors = []
        for column in range(header.count()):
            hidden = header.isSectionHidden(column) and column not in self.optional
            floor = 0 if hidden else header.sectionSizeFromContents(column).width()
            if column == self.stretch:
                floor = max(floor, self.least)
            floors.append(floor)
        return floors

    def _show_optional(self, floors: list[int]) -> None:
        # The optional columns go, last first, while the rest would not fit with their headings whole.
        header = self.view.horizontalHeader()
        room = self.view.viewport().width()
        shown = [c for c in range(header.count()) if not header.isSectionHidden(c) or c in self.optional]
        for column in reversed(self.optional):
            if sum(floors[c] for c in shown) <= room:
                break
            shown.remove(column)
        for column in self.optional:
            header.setSectionHidden(column, column not in shown)

    def lay_out(self) -> None:
        header = self.view.horizontalHeader()
        floors = self._floors()
        if self.optional:
            self._show_optional(floors)
            floors = [0 if header.isSectionHidden(c) else f for c, f in enumerate(floors)]
        wanted = [
            0 if header.isSectionHidden(c) else max(floors[c], self.view.sizeHintForColumn(c))
            for c in range(header.count())
        ]
        room = self.view.viewport().width()
        others = sum(w for c, w in enumerate(wanted) if c != self.stretch)
        widths = list(wanted)
        if others + floors[self.stretch] <= room:
            widths[self.stretch] = room - others
        else:
            # Not enough room: the name keeps its floor, the other columns give up what they have beyond theirs.
            spare = max(room - floors[self.stretch] - sum(f for c, f in enumerate(floors) if c != self.stretch), 0)
            extra = [w - f for w, f in zip(wanted, floors, strict=True)]
            extra_total = sum(e for c, e in enumerate(extra) if c != self.stretch) or 1
            for c in range(len(widths)):
                if c != self.stretch:
                    widths[c] = floors[c] + extra[c] * spare // extra_total
            rest = room - sum(w for c, w in enumerate(widths) if c != self.stretch)
            widths[self.stretch] = max(rest, floors[self.stretch])
        for column, width in enumerate(widths):
            if not header.isSectionHidden(column) and header.sectionSize(column) != width:
                header.resizeSection(column, width)
        if self.view.wordWrap():
            self.view.resizeRowsToContents()  # a wrapped name takes the lines it needs
            for row in range(self.view.model().rowCount()):
                needed = max((wrapped_height(self.view, row, c) for c in range(header.count())), default=0)
                if needed > self.view.rowHeight(row):
                    self.view.setRowHeight(row, needed)


def wrapped_height(view: QTableView, row: int, column: int) -> int:
    """The height cell (`row`, `column`) needs to show its text whole, wrapped to the width its text really has
    (a style sheet's cell padding included, which Qt's own row sizing leaves out)."""
    index = view.model().index(row, column)
    text = index.data(Qt.ItemDataRole.DisplayRole)
    if text in (None, "") or view.horizontalHeader().isSectionHidden(column):
        return 0
    option = QStyleOptionViewItem()
    option.initFrom(view)
    option.rect = QRect(0, 0, view.columnWidth(column), 10_000)
    option.features |= QStyleOptionViewItem.ViewItemFeature.WrapText
    room = view.style().subElementRect(QStyle.SubElement.SE_ItemViewItemText, option, view)
    font = index.data(Qt.ItemDataRole.FontRole) or view.font()
    flags = int(Qt.TextFlag.TextWordWrap | Qt.AlignmentFlag.AlignLeft)
    # Qt's item painter keeps a margin inside the text's rectangle on each side (its focus frame's, plus one).
    margin = view.style().pixelMetric(QStyle.PixelMetric.PM_FocusFrameHMargin, None, view) + 1
    width = max(room.width() - 2 * margin, 1)
    lines = QFontMetrics(font).boundingRect(QRect(0, 0, width, 10_000), flags, str(text)).height()
    return lines + (option.rect.height() - room.height()) + 6 if room.height() < 10_000 else lines + 12


def share_columns(
    view: QAbstractItemView, stretch: int = 0, *, least: int = 120, optional: tuple[int, ...] = ()
) -> None:
    """Lay `view`'s columns out to share its width, column `stretch` taking the rest (at least `least` px).

    The `optional` columns (details shown elsewhere too) are left out, last first, when the table is too narrow
    for every heading.
    """
    if not isinstance(view, QTableView) or view.model() is None:
        raise ValueError("share_columns needs a table view with its model set")
    _Sharer(view, stretch, least, optional)

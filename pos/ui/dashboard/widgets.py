"""The dashboard's building blocks: a white panel with a title, a figure card with its comparisons, a payment
method list with bars, and a read-only table that says so when it has nothing to show."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QScrollArea,
    QSizePolicy,
    QStackedWidget,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from pos.ledger.base import fmt
from pos.ledger.base.money import FULL_BP
from pos.ui.dashboard.text import method_name
from pos.ui.widgets.columns import share_columns
from pos.ui.widgets.style import BAD, GOOD, INK, MUTED, scaled

BORDER = "#e2e5ea"
CAPTION_STYLE = f"color: {MUTED}; font-weight: bold; letter-spacing: 0.5px;"
_PANEL_STYLE = f"QFrame#panel {{ background: #ffffff; border: 1px solid {BORDER}; border-radius: 10px; }}"
_TABLE_STYLE = f"""
QTableWidget {{ border: none; background: #ffffff; color: {INK}; }}
QTableWidget::item {{ padding: 0px 6px; border-bottom: 1px solid #f0f1f4; }}
QHeaderView::section {{ background: #ffffff; color: {MUTED}; font-weight: bold; border: none;
    border-bottom: 1px solid {BORDER}; padding: 4px 6px; }}
"""
# One colour a method, the same wherever methods are shown, so the owner learns them at a glance.
METHOD_COLOURS = {
    "cash": "#1d7a45",
    "qris": "#1857b6",
    "transfer": "#6b4fbb",
    "ewallet": "#0e8a8a",
    "kasbon": "#c77700",
}
RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
LEFT = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter


class Panel(QFrame):
    """A white rounded box with a title line (and room for controls on its right) above its body."""

    def __init__(self, title: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("panel")
        self.setStyleSheet(_PANEL_STYLE)
        self.title = QLabel(title)
        scaled(self.title, 1.1, bold=True)
        self.title.setStyleSheet(f"color: {INK};")
        self.note = QLabel()
        self.note.setStyleSheet(f"color: {MUTED};")
        self.header = QHBoxLayout()
        self.header.setSpacing(8)
        self.header.addWidget(self.title)
        self.header.addStretch(1)
        self.header.addWidget(self.note)
        self.body = QVBoxLayout(self)
        self.body.setContentsMargins(14, 10, 14, 10)
        self.body.setSpacing(6)
        self.body.addLayout(self.header)


class FigureCard(Panel):
    """One big figure of the day, with up to two lines comparing it with other days."""

    def __init__(self, title: str, compare_rows: int = 2, parent: QWidget | None = None) -> None:
        super().__init__(title.upper(), parent)
        self.title.setStyleSheet(CAPTION_STYLE)
        scaled(self.title, 0.9, bold=True)
        self.value = QLabel("–")
        scaled(self.value, 2.1, bold=True)
        self.value.setStyleSheet(f"color: {INK};")
        self.value.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.body.addWidget(self.value)
        grid = QGridLayout()
        grid.setHorizontalSpacing(10)
        grid.setVerticalSpacing(2)
        self.compare: list[tuple[QLabel, QLabel, QLabel]] = []
        for row in range(compare_rows):
            label, amount, change = QLabel(), QLabel(), QLabel()
            label.setStyleSheet(f"color: {MUTED};")
            amount.setStyleSheet(f"color: {INK};")
            amount.setAlignment(RIGHT)
            change.setAlignment(RIGHT)
            grid.addWidget(label, row, 0)
            grid.addWidget(amount, row, 1)
            grid.addWidget(change, row, 2)
            self.compare.append((label, amount, change))
        grid.setColumnStretch(0, 1)
        self.body.addLayout(grid)
        self.body.addStretch(1)

    def set_compare(self, row: int, label: str, amount: str, change: str, bp: int | None = None) -> None:
        """`bp` colours the change: green when up, red when down, grey when flat or unknown."""
        caption, figure, moved = self.compare[row]
        caption.setText(label)
        figure.setText(amount)
        moved.setText(change)
        colour = MUTED if bp is None or abs(bp) < 5 else (GOOD if bp > 0 else BAD)
        moved.setStyleSheet(f"color: {colour}; font-weight: bold;")


class MethodList(QWidget):
    """Takings by payment method: name, a bar for its share, the amount and the share in percent."""

    def __init__(self, methods: Sequence[str], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        grid = QGridLayout(self)
        grid.setContentsMargins(0, 4, 0, 0)
        grid.setHorizontalSpacing(12)
        grid.setVerticalSpacing(11)
        self.amounts: dict[str, QLabel] = {}
        self.shares: dict[str, QLabel] = {}
        self.bars: dict[str, QProgressBar] = {}
        for row, method in enumerate(methods):
            dot = QLabel("●")
            dot.setStyleSheet(f"color: {METHOD_COLOURS.get(method, MUTED)};")
            name = QLabel(method_name(method))
            bar = QProgressBar()
            bar.setRange(0, FULL_BP)
            bar.setTextVisible(False)
            bar.setFixedHeight(10)
            bar.setStyleSheet(
                "QProgressBar { background: #eef0f3; border: none; border-radius: 5px; }"
                f"QProgressBar::chunk {{ background: {METHOD_COLOURS.get(method, MUTED)}; border-radius: 5px; }}"
            )
            bar.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
            bar.setMinimumWidth(40)
            amount, share = QLabel(fmt.rupiah(0)), QLabel(fmt.percent(0))
            amount.setAlignment(RIGHT)
            amount.setMinimumWidth(amount.fontMetrics().horizontalAdvance("Rp 99.999.999"))
            share.setAlignment(RIGHT)
            share.setStyleSheet(f"color: {MUTED};")
            share.setMinimumWidth(share.fontMetrics().horizontalAdvance("100,0%"))
            for column, widget in enumerate((dot, name, bar, amount, share)):
                grid.addWidget(widget, row, column)
            self.amounts[method], self.shares[method], self.bars[method] = amount, share, bar
        self.total = QLabel(fmt.rupiah(0))
        self.total.setAlignment(RIGHT)
        scaled(self.total, 1.0, bold=True)
        self.total_caption = QLabel()
        scaled(self.total_caption, 1.0, bold=True)
        line = QFrame()
        line.setFrameShape(QFrame.Shape.HLine)
        line.setStyleSheet(f"color: {BORDER};")
        grid.addWidget(line, len(methods), 0, 1, 5)
        grid.addWidget(self.total_caption, len(methods) + 1, 0, 1, 3)
        grid.addWidget(self.total, len(methods) + 1, 3)
        grid.setColumnStretch(2, 1)

    def show_amounts(self, amounts: Sequence[tuple[str, int]], total_caption: str) -> None:
        total = sum(a for _m, a in amounts)
        for method, amount in amounts:
            share = amount * FULL_BP // total if total > 0 else 0
            self.amounts[method].setText(fmt.rupiah(amount))
            self.shares[method].setText(fmt.percent(share))
            self.bars[method].setValue(share)
        self.total_caption.setText(total_caption)
        self.total.setText(fmt.rupiah(total))


def cell(
    text: str, *, right: bool = False, colour: str | None = None, bold: bool = False, tip: str = ""
) -> QTableWidgetItem:
    item = QTableWidgetItem(text)
    if tip:
        item.setToolTip(tip)
    if right:
        item.setTextAlignment(RIGHT)
    if colour:
        item.setForeground(QColor(colour))
    if bold:
        font = item.font()
        font.setBold(True)
        item.setFont(font)
    return item


class ListTable(QStackedWidget):
    """A read-only table, or in its place a quiet sentence when there are no rows (never an empty grid)."""

    def __init__(self, columns: Sequence[str], empty_text: str, stretch: int = 0, parent: QWidget | None = None):
        super().__init__(parent)
        self.table = QTableWidget(0, len(columns))
        self.table.setHorizontalHeaderLabels(list(columns))
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.table.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.table.setShowGrid(False)
        self.table.setWordWrap(False)
        self.table.setStyleSheet(_TABLE_STYLE)
        self.table.verticalHeader().hide()
        self.table.verticalHeader().setDefaultSectionSize(self.table.fontMetrics().height() + 9)
        self.table.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        header = self.table.horizontalHeader()
        header.setHighlightSections(False)
        # Names wrap onto a second line rather than lose their end (the pack size is often there).
        self.table.setWordWrap(True)
        self.table.setProperty("wholeCells", True)
        share_columns(self.table, stretch, least=90)
        for column in range(len(columns)):
            item = self.table.horizontalHeaderItem(column)
            if item is not None:
                item.setTextAlignment(LEFT if column <= stretch else RIGHT)
        self.empty = QLabel(empty_text)
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty.setWordWrap(True)
        self.empty.setStyleSheet(f"color: {MUTED}; padding: 16px;")
        self.addWidget(self.table)
        self.addWidget(self.empty)

    def set_rows(self, rows: Sequence[Sequence[QTableWidgetItem]]) -> None:
        self.table.clearContents()
        self.table.setRowCount(len(rows))
        for r, items in enumerate(rows):
            for c, item in enumerate(items):
                self.table.setItem(r, c, item)
        self.setCurrentWidget(self.table if rows else self.empty)

    def texts(self) -> list[list[str]]:
        """What the table shows, row by row (for tests and for copying)."""

        def text(row: int, column: int) -> str:
            item = self.table.item(row, column)
            return item.text() if item is not None else ""

        return [[text(r, c) for c in range(self.table.columnCount())] for r in range(self.table.rowCount())]

    @property
    def is_empty(self) -> bool:
        return self.currentWidget() is self.empty


class ShiftList(QStackedWidget):
    """The day's closed shifts, one block each: expected, counted and the difference (red when short)."""

    def __init__(self, labels: tuple[str, str, str], empty_text: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.labels = labels  # expected, counted, difference
        self.blocks: list[tuple[QLabel, QLabel, QLabel, QLabel]] = []  # name, expected, counted, difference
        self.holder = QWidget()
        self.rows = QVBoxLayout(self.holder)
        self.rows.setContentsMargins(0, 2, 0, 0)
        self.rows.setSpacing(10)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        scroll.setWidget(self.holder)
        self.holder.setStyleSheet("background: #ffffff;")
        self.empty = QLabel(empty_text)
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.empty.setWordWrap(True)
        self.empty.setStyleSheet(f"color: {MUTED}; padding: 16px;")
        self.addWidget(scroll)
        self.addWidget(self.empty)

    def set_shifts(self, shifts: Sequence[tuple[str, str, int, int, int]], *, bold_last: bool = False) -> None:
        """`(name, when, expected, counted, difference)` per shift; `bold_last` when the last is the day's total."""
        while self.rows.count():
            item = self.rows.takeAt(0)
            widget = item.widget() if item is not None else None
            if widget is not None:
                widget.deleteLater()
        self.blocks = []
        for i, (name, when, expected, counted, difference) in enumerate(shifts):
            last = bold_last and i == len(shifts) - 1
            self.rows.addWidget(self._block(name, when, expected, counted, difference, last))
        self.rows.addStretch(1)
        self.setCurrentIndex(0 if shifts else 1)

    def _block(self, name: str, when: str, expected: int, counted: int, difference: int, total: bool) -> QWidget:
        block = QWidget()
        grid = QGridLayout(block)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.setVerticalSpacing(3)
        title = QLabel(name)
        scaled(title, 1.0, bold=True)
        grid.addWidget(title, 0, 0)
        hours = QLabel(when)
        hours.setAlignment(RIGHT)
        hours.setStyleSheet(f"color: {MUTED};")
        grid.addWidget(hours, 0, 1)
        amounts = []
        for row, (caption, amount) in enumerate(zip(self.labels, (expected, counted, difference), strict=True), 1):
            label = QLabel(caption)
            label.setStyleSheet(f"color: {MUTED};")
            figure = QLabel(fmt.rupiah(amount) if row < 3 else difference_text(amount))
            figure.setAlignment(RIGHT)
            figure.setStyleSheet(f"color: {INK};" + (" font-weight: bold;" if total else ""))
            grid.addWidget(label, row, 0)
            grid.addWidget(figure, row, 1)
            amounts.append(figure)
        colour = BAD if difference < 0 else (GOOD if difference == 0 else INK)
        amounts[2].setStyleSheet(f"color: {colour}; font-weight: bold;")
        grid.setColumnStretch(0, 1)
        self.blocks.append((title, amounts[0], amounts[1], amounts[2]))
        if not total:
            return block
        framed = QFrame()
        framed.setStyleSheet(f"QFrame {{ border-top: 1px solid {BORDER}; }} QLabel {{ border: none; }}")
        inner = QVBoxLayout(framed)
        inner.setContentsMargins(0, 8, 0, 0)
        inner.addWidget(block)
        return framed


def difference_text(amount: int) -> str:
    """Counted less expected: `-Rp 1.900` short, `+Rp 500` over, `Rp 0` even."""
    return f"+{fmt.rupiah(amount)}" if amount > 0 else fmt.rupiah(amount)

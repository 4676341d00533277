"""Choosing a variant at the counter: the product's combinations as a grid (the first option down the side, the
rest across), or a row of buttons when there is one option, each cell with its price and stock.

The arrows move the highlight, Enter picks, Esc closes and changes nothing; a tap picks too. A variant out of
stock can still be sold (what happened at the counter cannot be refused); one no longer sold cannot. The dialog
stays open until the checkout has the variant: when the core refuses it (archived since the grid was read), the
grid is shown again as it stands now, with the reason.
"""

from __future__ import annotations

from typing import Final

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtGui import QKeyEvent, QShowEvent
from PySide6.QtWidgets import (
    QApplication,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from pos.i18n import _
from pos.ledger.base import fmt
from pos.ledger.stock.variants import VariantGrid, VariantInfo
from pos.ui.widgets.buttons import BigButton
from pos.ui.widgets.fitted_dialog import FittedDialog
from pos.ui.widgets.scanner import ScanGuard
from pos.ui.widgets.style import ERROR_TEXT, MUTED_TEXT, TOUCH_HEIGHT, label

CELL_HEIGHT: Final = 64
_ONE_OPTION_COLUMNS: Final = 4
_MOVES: Final = {Qt.Key.Key_Up: (-1, 0), Qt.Key.Key_Down: (1, 0), Qt.Key.Key_Left: (0, -1), Qt.Key.Key_Right: (0, 1)}
_CELL = "QPushButton {{ border-radius: 8px; padding: 4px 8px; {look} }}"
_LOOKS: Final = {
    "sold": "background: #ffffff; color: #1f2430; border: 1px solid #cfd3da;",
    "empty": "background: #fff6e5; color: #7a4b00; border: 1px solid #ecd3a3;",
    "retired": "background: #f4f5f7; color: #a0a4ab; border: 1px dashed #d5d8dd;",
}
_HERE = " border: 3px solid #1857b6;"


def cell_text(variant: VariantInfo | None) -> str:
    """What a cell says: its price and stock, or that it is out of stock or not sold."""
    if variant is None or not variant.is_active:
        return _("Not sold")
    if variant.on_hand_milli <= 0:
        return _("{price}\nout of stock").format(price=fmt.rupiah(variant.price))
    return _("{price}\nstock {qty}").format(price=fmt.rupiah(variant.price), qty=fmt.qty(variant.on_hand_milli))


def _look(variant: VariantInfo | None) -> str:
    if variant is None or not variant.is_active:
        return "retired"
    return "empty" if variant.on_hand_milli <= 0 else "sold"


class _Both(QScrollArea):
    """Scrolls a grid wider or taller than the screen both ways; asks for the whole grid where there is room."""

    def __init__(self, content: QWidget) -> None:
        super().__init__()
        self.setWidget(content)
        self.setWidgetResizable(True)
        self.setFrameShape(QFrame.Shape.NoFrame)

    def sizeHint(self) -> QSize:
        inner = self.widget()
        extra = self.verticalScrollBar().sizeHint().width()
        return inner.sizeHint() + QSize(extra, extra) if inner is not None else QSize(0, 0)

    def minimumSizeHint(self) -> QSize:
        return QSize(CELL_HEIGHT * 4, CELL_HEIGHT * 2)


class VariantGridDialog(FittedDialog):
    """`picked(uuid)` carries the variant chosen; the checkout answers with `accept()` or `refused(...)`."""

    picked = Signal(object)
    scan_caught = Signal(str)
    """A code scanned while the grid was open: the scanner's Enter must not pick the highlighted variant."""

    def __init__(self, grid: VariantGrid, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("variantGrid")
        self.setWindowTitle(_("Choose a variant"))
        self.setModal(True)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.grid = grid
        self.here = (0, 0)
        self.busy = False
        self.cells: dict[tuple[int, int], QPushButton] = {}
        self.heading = label(factor=1.4, bold=True)
        self.heading.setWordWrap(True)
        hint = label(_("Arrows move, Enter takes the variant, Esc goes back without it."), style=MUTED_TEXT)
        hint.setWordWrap(True)
        self.status = label()
        self.status.setObjectName("variantStatus")
        self.status.setWordWrap(True)
        self.status.setMinimumHeight(self.status.fontMetrics().lineSpacing() * 2 + 4)
        self.table = QGridLayout()
        self.table.setSpacing(6)
        holder = QWidget()
        holder.setLayout(self.table)
        buttons = QHBoxLayout()
        buttons.addWidget(BigButton(_("Cancel"), "Esc", on_click=self.reject), 1)
        buttons.addWidget(BigButton(_("Choose"), "Enter", kind="primary", on_click=self.choose), 2)
        box = QVBoxLayout(self)
        box.setContentsMargins(20, 16, 20, 16)
        box.setSpacing(10)
        box.addWidget(self.heading)
        scroll = _Both(holder)
        scroll.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # the arrows move the highlight, not the view
        box.addWidget(scroll, 1)
        box.addWidget(hint)
        box.addWidget(self.status)
        box.addLayout(buttons)
        ScanGuard(self).caught.connect(self.scan_caught.emit)
        self.show_grid(grid)

    @property
    def one_option(self) -> bool:
        return self.grid.columns == ("",)

    def variant_at(self, place: tuple[int, int]) -> VariantInfo | None:
        row, column = place
        if self.one_option:
            index = row * _ONE_OPTION_COLUMNS + column
            return self.grid.cells[index][0] if index < len(self.grid.rows) else None
        return self.grid.cells[row][column]

    def _size(self) -> tuple[int, int]:
        if self.one_option:
            count = len(self.grid.rows)
            return -(-count // _ONE_OPTION_COLUMNS), min(count, _ONE_OPTION_COLUMNS)
        return len(self.grid.rows), len(self.grid.columns)

    def show_grid(self, grid: VariantGrid) -> None:
        """Lay out `grid` (again, after a refusal), keeping the highlight where it was if it still fits."""
        self.grid = grid
        self.heading.setText(_("Which {name}?").format(name=grid.name))
        while self.table.count():
            item = self.table.takeAt(0)
            widget = item.widget() if item is not None else None
            if widget is not None:
                widget.deleteLater()
        self.cells.clear()
        rows, columns = self._size()
        # Headings for a grid of two options or more: the first option's values down, the rest across.
        top, left = (0, 0) if self.one_option else (1, 1)
        if not self.one_option:
            for c, name in enumerate(grid.columns):
                self.table.addWidget(label(name, bold=True), 0, c + 1, Qt.AlignmentFlag.AlignCenter)
            for r, name in enumerate(grid.rows):
                self.table.addWidget(label(name, bold=True), r + 1, 0, Qt.AlignmentFlag.AlignRight)
        for r in range(rows):
            for c in range(columns):
                if self.one_option and r * _ONE_OPTION_COLUMNS + c >= len(grid.rows):
                    continue
                variant = self.variant_at((r, c))
                text = cell_text(variant)
                if self.one_option:
                    text = f"{grid.rows[r * _ONE_OPTION_COLUMNS + c]}\n{text}"
                cell = QPushButton(text)
                cell.setObjectName(f"variantCell_{r}_{c}")
                cell.setFocusPolicy(Qt.FocusPolicy.NoFocus)
                cell.setMinimumHeight(CELL_HEIGHT + (TOUCH_HEIGHT // 2 if self.one_option else 0))
                cell.setMinimumWidth(120)
                cell.clicked.connect(lambda _checked=False, place=(r, c): self._tapped(place))
                self.cells[(r, c)] = cell
                self.table.addWidget(cell, r + top, c + left)
        if self.here not in self.cells:
            self.here = self._first_sold()
        self._paint()

    def _first_sold(self) -> tuple[int, int]:
        for place in sorted(self.cells):
            variant = self.variant_at(place)
            if variant is not None and variant.is_active:
                return place
        return min(self.cells, default=(0, 0))

    def _paint(self) -> None:
        for place, cell in self.cells.items():
            style = _LOOKS[_look(self.variant_at(place))]
            cell.setStyleSheet(_CELL.format(look=style + (_HERE if place == self.here else "")))

    def step(self, step: tuple[int, int]) -> None:
        rows, columns = self._size()
        row = min(max(self.here[0] + step[0], 0), rows - 1)
        column = min(max(self.here[1] + step[1], 0), columns - 1)
        if (row, column) in self.cells:
            self.here = (row, column)
            self._paint()

    def _tapped(self, place: tuple[int, int]) -> None:
        self.here = place
        self._paint()
        self.choose()

    def choose(self) -> None:
        """Take the highlighted variant, unless it is not sold."""
        if self.busy:
            return
        variant = self.variant_at(self.here)
        if variant is None or not variant.is_active:
            QApplication.beep()
            self.say(_("That one is not sold; choose another."), error=True)
            return
        self.busy = True
        self.say(_("Adding {name}…").format(name=variant.name))
        self.picked.emit(variant.product_id)

    def refused(self, message: str, grid: VariantGrid | None) -> None:
        """The core would not sell the variant: say why, and show the grid as it is now."""
        self.busy = False
        if grid is not None:
            self.show_grid(grid)
        QApplication.beep()
        self.say(message, error=True)

    def say(self, text: str, *, error: bool = False) -> None:
        self.status.setText(text)
        self.status.setStyleSheet(ERROR_TEXT if error else MUTED_TEXT)

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self.setFocus()  # the keys choose; nothing inside the dialog holds them first

    def keyPressEvent(self, event: QKeyEvent) -> None:
        key = Qt.Key(event.key())
        if key in _MOVES:
            self.step(_MOVES[key])
            event.accept()
            return
        if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_Space):
            self.choose()
            event.accept()
            return
        super().keyPressEvent(event)

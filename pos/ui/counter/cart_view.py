"""The cart's table: large rows, names on two lines when long, and cell editors a scan cannot type into."""

from __future__ import annotations

from PySide6.QtCore import QAbstractItemModel, QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import (
    QAbstractItemDelegate,
    QAbstractItemView,
    QHeaderView,
    QLineEdit,
    QProxyStyle,
    QStyle,
    QStyledItemDelegate,
    QStyleOption,
    QStyleOptionViewItem,
    QTableView,
    QWidget,
)

from pos.ui.counter.cart_model import CartModel
from pos.ui.widgets.scanner import ScanGuard
from pos.ui.widgets.style import TOUCH_HEIGHT, font

_Index = QModelIndex | QPersistentModelIndex
# Only the header is styled by a style sheet: on the cells one would put every repaint, which happens at each
# scan, through the much slower style-sheet painter. The cells take their colours from the palette.
_HEADER_STYLE = (
    "QHeaderView::section { background: #eef0f3; color: #3b4150; font-weight: bold; border: none;"
    " border-bottom: 1px solid #d5d8dd; padding: 6px 8px; }"
)
_CELL_MARGIN = 8
_WIDTHS = (
    (CartModel.NO, 44),
    (CartModel.QTY, 96),
    (CartModel.PRICE, 124),
    (CartModel.DISCOUNT, 96),
    (CartModel.TOTAL, 132),
)


class CartDelegate(QStyledItemDelegate):
    """Editors for quantity and discount in large type; a scan typed into one is handed to the scan path."""

    scan_caught = Signal(str)

    def createEditor(self, parent: QWidget, option: QStyleOptionViewItem, index: _Index) -> QWidget:
        editor = QLineEdit(parent)
        editor.setObjectName("cartEditor")
        editor.setFont(font(editor.font(), editor.font().pointSizeF() * 1.2, bold=True))
        editor.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)

        def caught(code: str) -> None:
            self.closeEditor.emit(editor, QAbstractItemDelegate.EndEditHint.RevertModelCache)
            self.scan_caught.emit(code)

        ScanGuard(editor).caught.connect(caught)
        return editor

    def setEditorData(self, editor: QWidget, index: _Index) -> None:
        if isinstance(editor, QLineEdit):
            editor.setText(str(index.data(Qt.ItemDataRole.EditRole) or ""))
            editor.selectAll()

    def setModelData(self, editor: QWidget, model: QAbstractItemModel, index: _Index) -> None:
        if isinstance(editor, QLineEdit):
            model.setData(index, editor.text(), Qt.ItemDataRole.EditRole)


class _RoomyCells(QProxyStyle):
    """Gives the cells' text room from the column edges, which a style sheet would do at far greater cost."""

    def pixelMetric(
        self, metric: QStyle.PixelMetric, option: QStyleOption | None = None, widget: QWidget | None = None
    ) -> int:
        if metric == QStyle.PixelMetric.PM_FocusFrameHMargin:
            return _CELL_MARGIN
        return super().pixelMetric(metric, option, widget)


class TallRows:
    """Gives the lines with add-ons or a note (printed under the name) the height they need, and the others back
    their own; nothing to do, and nothing done, in a shop that sells none."""

    def __init__(self, view: QTableView, model: CartModel) -> None:
        self.view = view
        self.model = model
        self.tall: list[int] = []
        model.totals_changed.connect(lambda _priced: self.fit())

    def fit(self) -> None:
        tall = [row for row, line in enumerate(self.model.cart.lines) if line.options]
        if not tall and not self.tall:
            return
        header = self.view.verticalHeader()
        for row in self.tall:
            if row < self.model.rowCount():
                header.resizeSection(row, TOUCH_HEIGHT)
        for row in tall:
            self.view.resizeRowToContents(row)
        self.tall = tall


def make_cart_view(model: CartModel) -> tuple[QTableView, CartDelegate]:
    """The table over `model`; it never takes the focus, so the scanner's keys stay in the scan field."""
    view = QTableView()
    view.setObjectName("cartView")
    view.setModel(model)
    view.setFocusPolicy(Qt.FocusPolicy.NoFocus)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    view.setEditTriggers(QAbstractItemView.EditTrigger.DoubleClicked)
    view.setAlternatingRowColors(True)
    view.setShowGrid(False)
    # Long product names take two lines rather than lose their end (the pack size is often there).
    view.setWordWrap(True)
    view.setTextElideMode(Qt.TextElideMode.ElideRight)
    palette = view.palette()
    palette.setColor(QPalette.ColorRole.Base, QColor("#ffffff"))
    palette.setColor(QPalette.ColorRole.AlternateBase, QColor("#f6f7f9"))
    palette.setColor(QPalette.ColorRole.Highlight, QColor("#dbe7fb"))
    palette.setColor(QPalette.ColorRole.HighlightedText, QColor("#1f2430"))
    view.setPalette(palette)
    style = _RoomyCells()
    style.setParent(view)
    view.setStyle(style)
    view.horizontalHeader().setStyleSheet(_HEADER_STYLE)
    view.setFont(font(view.font(), view.font().pointSizeF() * 1.2))
    view.verticalHeader().hide()
    view.verticalHeader().setDefaultSectionSize(TOUCH_HEIGHT)
    columns = view.horizontalHeader()
    columns.setHighlightSections(False)
    columns.setSectionResizeMode(CartModel.NAME, QHeaderView.ResizeMode.Stretch)
    for column, width in _WIDTHS:
        columns.setSectionResizeMode(column, QHeaderView.ResizeMode.Fixed)
        columns.resizeSection(column, width)
    delegate = CartDelegate(view)
    view.setItemDelegate(delegate)
    return view, delegate

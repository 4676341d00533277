"""Read-only lists for the owner's screens: a table model described by its columns, and a view to show it.

A column is a heading (a message id) and a function from a row the core returned to the text of its cell, so a
screen declares what it shows and never formats cells by hand.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from PySide6.QtCore import QModelIndex, QObject, QPersistentModelIndex, Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QAbstractItemView, QTableView, QWidget

from pos.i18n import _
from pos.ui.models import RowsModel
from pos.ui.widgets.columns import share_columns

R = TypeVar("R")
_Index = QModelIndex | QPersistentModelIndex
_RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
_LEFT = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter

TABLE_STYLE = """
QTableView { border: 1px solid #d5d8dd; background: #ffffff; alternate-background-color: #f6f7f9;
    selection-background-color: #dbe7fb; selection-color: #1f2430; }
QTableView::item { padding: 0px 10px; }
QHeaderView::section { background: #eef0f3; color: #3b4150; font-weight: bold; border: none;
    border-bottom: 1px solid #d5d8dd; padding: 6px 12px; }
"""
GROUP_STYLE = """
QGroupBox { border: 1px solid #d5d8dd; border-radius: 8px; margin-top: 10px; padding: 10px 8px 6px 8px;
    background: #fbfbfc; font-weight: bold; }
QGroupBox::title { subcontrol-origin: margin; subcontrol-position: top left; left: 12px; top: 0px;
    padding: 0 4px; color: #3b4150; background: #fbfbfc; }
"""


@dataclass(frozen=True, slots=True)
class Column(Generic[R]):
    """One column: its heading (a message id, translated when drawn) and how a row reads in it."""

    title: str
    text: Callable[[R], str]
    right: bool = False  # amounts line up on their last digit, as in a cash book
    colour: Callable[[R], str | None] | None = None


class RecordModel(RowsModel[R]):
    """A read-only table over rows the core returned, drawn column by column."""

    def __init__(self, columns: Sequence[Column[R]], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.columns = tuple(columns)
        self.COLUMNS = len(self.columns)

    def row(self, index: int) -> R:
        return self.rows[index]

    def text(self, row: int, column: int) -> str:
        return self.columns[column].text(self.rows[row])

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        column = self.columns[index.column()]
        row = self.rows[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return column.text(row)
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return _RIGHT if column.right else _LEFT
        if role == Qt.ItemDataRole.ToolTipRole and not column.right:
            return column.text(row)  # a long name or address shortened by a narrow column is read in full here
        if role == Qt.ItemDataRole.ForegroundRole and column.colour is not None:
            colour = column.colour(row)
            return QColor(colour) if colour else None
        return None

    def headerData(self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation != Qt.Orientation.Horizontal:
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return _(self.columns[section].title)
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return _RIGHT if self.columns[section].right else _LEFT
        return None


def record_view(
    model: RecordModel[Any], *, stretch: int = 0, optional: tuple[int, ...] = (), parent: QWidget | None = None
) -> QTableView:
    """A table that selects whole rows, one at a time, with column `stretch` taking the spare width and the
    `optional` columns left out on a screen too narrow for them (see `share_columns`)."""
    view = QTableView(parent)
    view.setModel(model)
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.setAlternatingRowColors(True)
    view.setShowGrid(False)
    view.setWordWrap(False)
    view.setStyleSheet(TABLE_STYLE)
    view.verticalHeader().hide()
    view.verticalHeader().setDefaultSectionSize(view.fontMetrics().height() + 14)
    view.horizontalHeader().setHighlightSections(False)
    share_columns(view, stretch, optional=optional)
    return view


def selected_row(view: QTableView) -> int:
    """The selected row's number, or -1."""
    rows = view.selectionModel().selectedRows()
    return rows[0].row() if rows else -1

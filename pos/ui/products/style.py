"""The back office's look: plain desktop buttons and tables, shared by the products screen and its dialogs."""

from __future__ import annotations

from typing import Final

from PySide6.QtCore import Qt
from PySide6.QtGui import QFont, QFontMetrics
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QPushButton, QTableView, QWidget

from pos.ui.widgets.style import BAD, GOOD, MUTED

BUTTON: Final = (
    "QPushButton { background: #f4f5f7; color: #1f2430; border: 1px solid #cfd3da; border-radius: 6px;"
    " padding: 7px 14px; } QPushButton:hover { background: #eceef2; }"
    " QPushButton:pressed { background: #e2e5ea; } QPushButton:disabled { color: #a0a4ab; }"
)
MAIN_BUTTON: Final = (
    "QPushButton { background: #1d7a45; color: white; border: none; border-radius: 6px; font-weight: bold;"
    " padding: 8px 18px; } QPushButton:pressed { background: #155c34; }"
    " QPushButton:disabled { background: #9bbfa9; }"
)
TABLE: Final = """
QTableView { border: 1px solid #d5d8dd; background: #ffffff; alternate-background-color: #f6f7f9;
    selection-background-color: #dbe7fb; selection-color: #1f2430; }
QTableView::item { padding: 0px 8px; }
QHeaderView::section { background: #eef0f3; color: #3b4150; font-weight: bold; border: none;
    border-bottom: 1px solid #d5d8dd; padding: 5px 8px; }
"""
NEGATIVE: Final = BAD
LOW: Final = "#b45309"  # amber: at or below the low-stock level, not yet gone
UP: Final = GOOD
FAINT: Final = MUTED
ERROR_STYLE: Final = f"color: {BAD};"
OK_STYLE: Final = f"color: {GOOD};"
MUTED_STYLE: Final = f"color: {MUTED};"


def button(text: str, *, main: bool = False, parent: QWidget | None = None) -> QPushButton:
    made = QPushButton(text, parent)
    made.setStyleSheet(MAIN_BUTTON if main else BUTTON)
    made.setAutoDefault(False)
    return made


def set_up_table(view: QTableView, *, stretch: int = 0, select_rows: bool = True) -> None:
    """A compact read-only table: whole rows selected, no grid, column `stretch` taking the spare width."""
    view.setStyleSheet(TABLE)
    view.setAlternatingRowColors(True)
    view.setShowGrid(False)
    view.setWordWrap(False)
    if select_rows:
        view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
    view.verticalHeader().hide()
    view.verticalHeader().setDefaultSectionSize(view.fontMetrics().height() + 10)
    header = view.horizontalHeader()
    header.setHighlightSections(False)
    header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
    header.setStretchLastSection(False)
    header.setSectionResizeMode(stretch, QHeaderView.ResizeMode.Stretch)


def fit_columns(view: QTableView, widths: dict[int, int]) -> None:
    """Give each column its width, or more where its (bold) heading needs it, so no heading is cut."""
    bold = QFont(view.font())
    bold.setBold(True)
    metrics = QFontMetrics(bold)
    model = view.model()
    header = view.horizontalHeader()
    for column, width in widths.items():
        title = str(model.headerData(column, Qt.Orientation.Horizontal)) if model is not None else ""
        header.setSectionResizeMode(column, QHeaderView.ResizeMode.Interactive)
        view.setColumnWidth(column, max(width, metrics.horizontalAdvance(title) + 36))

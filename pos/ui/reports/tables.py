"""The statements' tables on the reports screen: a read-only table whose account names are read whole, and
a statement's rows filled into it, headings and totals in bold, negative amounts in brackets."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractItemView, QTableWidget, QTableWidgetItem

from pos.ledger.base import fmt
from pos.ledger.reports.rows import Row
from pos.ui.widgets.columns import share_columns

TABLE_STYLE = """
QTableWidget { border: 1px solid #d5d8dd; background: #ffffff; }
QHeaderView::section { background: #eef0f3; color: #3b4150; font-weight: bold; border: none;
    border-bottom: 1px solid #d5d8dd; padding: 4px 8px; }
"""


def amount_item(amount: int | None, bold: bool) -> QTableWidgetItem:
    text = "" if amount is None else (f"({fmt.rupiah(-amount)})" if amount < 0 else fmt.rupiah(amount))
    item = QTableWidgetItem(text)
    item.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
    if bold:
        font = item.font()
        font.setBold(True)
        item.setFont(font)
    return item


def statement_table(columns: list[str]) -> QTableWidget:
    table = QTableWidget(0, len(columns))
    table.setHorizontalHeaderLabels(columns)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
    table.setShowGrid(False)
    # A long account name takes a second line rather than lose its end.
    table.setWordWrap(True)
    table.setStyleSheet(TABLE_STYLE)
    table.verticalHeader().hide()
    table.verticalHeader().setDefaultSectionSize(table.fontMetrics().height() + 5)
    # Account names are read whole: the amounts take what they need and the names the rest.
    table.setProperty("wholeCells", True)
    share_columns(table, 0, least=160)
    return table


def fill(table: QTableWidget, rows: tuple[Row, ...], compare: bool) -> None:
    # Another period may have other rows: nothing of the last one may stay behind in a heading's empty cells.
    table.clearContents()
    table.setRowCount(len(rows))
    for i, row in enumerate(rows):
        bold = row.style in ("heading", "subtotal", "total")
        caption = QTableWidgetItem(("    " if row.style == "item" else "") + row.caption())
        if bold:
            font = caption.font()
            font.setBold(True)
            caption.setFont(font)
        caption.setData(Qt.ItemDataRole.UserRole, row.key)
        table.setItem(i, 0, caption)
        if row.style != "heading":
            table.setItem(i, 1, amount_item(row.amount, bold))
            if compare:
                table.setItem(i, 2, amount_item(row.compare, bold))

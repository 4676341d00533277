"""An editable table of typed lines for the opening balances: a name and an amount, and for some lines a date, a
useful life or a quantity. Reading it turns each filled row into values with the core's own parsers, and a row
that does not read says which row and why; blank rows are left out.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QHBoxLayout, QHeaderView, QTableWidget, QTableWidgetItem, QVBoxLayout, QWidget

from pos.i18n import N_, _
from pos.ledger.base.errors import InvalidInput, LedgerError
from pos.ui.widgets.buttons import BigButton
from pos.ui.widgets.record_table import TABLE_STYLE
from pos.ui.widgets.style import label

ROW_BUTTON_HEIGHT = 34


@dataclass(frozen=True, slots=True)
class Field:
    """One column: its heading (a message id), whether it must be filled, and how its text is read."""

    title: str
    read: Callable[[str], object] | None = None  # None keeps the text
    required: bool = True
    width: int = 0  # a fixed width for short fields; 0 stretches


class EntryTable(QWidget):
    """A titled table of lines to type; `changed` fires on any edit (a correction sends only what changed)."""

    changed = Signal()

    def __init__(self, title: str, fields: Sequence[Field], rows: int = 2, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.fields = tuple(fields)
        self.touched = False
        self.table = QTableWidget(rows, len(self.fields))
        self.table.setHorizontalHeaderLabels([_(f.title) for f in self.fields])
        self.table.setStyleSheet(TABLE_STYLE)
        self.table.verticalHeader().setDefaultSectionSize(self.table.fontMetrics().height() + 12)
        header = self.table.horizontalHeader()
        for i, f in enumerate(self.fields):
            if f.width:
                # Wide enough for its heading in either language, so no heading is cut.
                wanted = self.table.fontMetrics().horizontalAdvance(_(f.title)) + 40
                header.setSectionResizeMode(i, QHeaderView.ResizeMode.Fixed)
                self.table.setColumnWidth(i, max(f.width, wanted))
            else:
                header.setSectionResizeMode(i, QHeaderView.ResizeMode.Stretch)
        self.table.itemChanged.connect(self._edited)
        add = BigButton(_("Add a line"), height=ROW_BUTTON_HEIGHT, on_click=self.add_row)
        add.setMaximumWidth(170)
        remove = BigButton(_("Remove the line"), height=ROW_BUTTON_HEIGHT, on_click=self.remove_row)
        remove.setMaximumWidth(190)
        top = QHBoxLayout()
        top.addWidget(label(title, bold=True), 1)
        top.addWidget(add)
        top.addWidget(remove)
        box = QVBoxLayout(self)
        box.setContentsMargins(0, 0, 0, 0)
        box.setSpacing(4)
        box.addLayout(top)
        box.addWidget(self.table, 1)

    def _edited(self, _item: QTableWidgetItem) -> None:
        self.touched = True
        self.changed.emit()

    def add_row(self) -> None:
        self.table.insertRow(self.table.rowCount())
        self.table.setCurrentCell(self.table.rowCount() - 1, 0)

    def remove_row(self) -> None:
        row = self.table.currentRow()
        if row >= 0:
            self.table.removeRow(row)
            self.touched = True
            self.changed.emit()

    def set_rows(self, rows: Sequence[Sequence[str]]) -> None:
        """Fill the table (the standing opening balances, for a correction) without counting it as an edit."""
        self.table.blockSignals(True)
        self.table.setRowCount(max(len(rows), 1))
        for r in range(self.table.rowCount()):
            for c in range(len(self.fields)):
                text = rows[r][c] if r < len(rows) and c < len(rows[r]) else ""
                self.table.setItem(r, c, QTableWidgetItem(text))
        self.table.blockSignals(False)
        self.touched = False

    def set_cell(self, row: int, column: int, text: str) -> None:
        """Type `text` into a cell, as a person would (tests use it)."""
        while self.table.rowCount() <= row:
            self.add_row()
        self.table.setItem(row, column, QTableWidgetItem(text))

    def texts(self) -> list[list[str]]:
        out = []
        for r in range(self.table.rowCount()):
            item = [self.table.item(r, c) for c in range(len(self.fields))]
            out.append([(i.text().strip() if i is not None else "") for i in item])
        return out

    def values(self, what: str) -> list[list[object]]:
        """Each filled row read into values; `InvalidInput` names the row (of `what`) that does not read."""
        out: list[list[object]] = []
        for n, texts in enumerate(self.texts(), 1):
            if not any(texts):
                continue
            row: list[object] = []
            for f, text in zip(self.fields, texts, strict=True):
                if not text:
                    if f.required:
                        raise InvalidInput(
                            N_("{what}, line {n}: {field} is missing."), what=what, n=n, field=_(f.title)
                        )
                    row.append(None)
                    continue
                try:
                    row.append(f.read(text) if f.read else text)
                except LedgerError as err:
                    raise InvalidInput(N_("{what}, line {n}: {problem}"), what=what, n=n, problem=str(err)) from err
            out.append(row)
        return out

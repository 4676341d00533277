"""Importing a spreadsheet of products, customers or suppliers: all or nothing, every bad row listed when refused.

Choosing a file reads its header row on the I/O pool and lists each header with the column Laci reads it as; a
header Laci does not know can be mapped to one of its columns here ("map this column"). A product sheet whose
SKUs are valid barcodes offers to add them as barcodes. The import itself runs on the database worker while a
progress bar turns; a refused file leaves the shop untouched and its problems in a table (row, column, problem, as
the spreadsheet numbers and names them), and an imported one leaves its notes there (rows skipped as a
template's, barcodes restored).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QProgressBar,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)
from sqlalchemy.orm import Session

from pos.i18n import _
from pos.ledger.spreadsheet.sheet_inspect import SheetLook, look_at
from pos.ledger.spreadsheet.spreadsheet import ImportResult, RowProblem, SheetRejected
from pos.ui.changes import Change
from pos.ui.tasks import TaskManager, failure_message
from pos.ui.widgets import file_dialogs
from pos.ui.widgets.buttons import BigButton
from pos.ui.widgets.entry_form import BUTTON_HEIGHT
from pos.ui.widgets.fitted_dialog import FittedDialog
from pos.ui.widgets.record_table import TABLE_STYLE
from pos.ui.widgets.style import ERROR_TEXT, MUTED_TEXT, OK_TEXT, label

SHEET_FILTER = "CSV, Excel (*.csv *.xlsx *.xlsm *.txt)"
# Runs on the worker in one write transaction: (session, file, headers mapped to columns, add SKU barcodes) -> what
# was imported; once it has committed, the `changes` the dialog is given are announced.
Importer = Callable[[Session, Path, dict[str, str], bool], ImportResult]


def result_text(result: ImportResult) -> str:
    text = _("Imported: {created} new, {updated} updated, {unchanged} unchanged.").format(
        created=result.created, updated=result.updated, unchanged=result.unchanged
    )
    if result.skipped_columns:
        text += " " + _("Columns not used: {columns}.").format(columns=", ".join(result.skipped_columns))
    if result.opening_columns:
        text += " " + _("{columns} go into the opening balances (Money › Opening balances).").format(
            columns=", ".join(result.opening_columns)
        )
    return text


def _table(*titles: str) -> QTableWidget:
    table = QTableWidget(0, len(titles))
    table.setHorizontalHeaderLabels(list(titles))
    table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
    table.setStyleSheet(TABLE_STYLE)
    table.setShowGrid(False)
    table.setWordWrap(True)
    table.verticalHeader().hide()
    header = table.horizontalHeader()
    header.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
    for i in range(len(titles) - 1):
        header.setSectionResizeMode(i, QHeaderView.ResizeMode.ResizeToContents)
    header.setSectionResizeMode(len(titles) - 1, QHeaderView.ResizeMode.Stretch)
    return table


class ColumnMap(QWidget):
    """Each header of a sheet's header row with the column Laci reads it as, and a choice to map it otherwise."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.mapping: dict[str, str] = {}
        self.title = label(_("Columns in the file: choose what a header Laci does not know stands for."))
        self.title.setWordWrap(True)
        self.table = _table(_("Column"), _("Header in the file"), _("Read as"))
        self.table.setMaximumHeight(190)
        box = QVBoxLayout(self)
        box.setContentsMargins(0, 0, 0, 0)
        box.setSpacing(6)
        box.addWidget(self.title)
        box.addWidget(self.table)
        self.show_look(None)

    def show_look(self, look: SheetLook | None) -> None:
        self.mapping = {}
        self.setVisible(look is not None and bool(look.headers))
        self.table.setRowCount(len(look.headers) if look else 0)
        if look is None:
            return
        for n, header in enumerate(look.headers):
            self.table.setItem(n, 0, QTableWidgetItem(header.letter))
            self.table.setItem(n, 1, QTableWidgetItem(header.text))
            choice = QComboBox()
            choice.addItem(_("(not used)"), "")
            for column in look.columns:
                choice.addItem(column, column)
            choice.setCurrentIndex(max(0, choice.findData(header.column or "")))
            choice.currentIndexChanged.connect(
                lambda _i, text=header.text, box=choice: self.map_column(text, str(box.currentData()))
            )
            self.table.setCellWidget(n, 2, choice)
        self.table.resizeRowsToContents()

    def map_column(self, header: str, column: str) -> None:
        """Read `header` as `column` ("" for not at all) when importing."""
        self.mapping[header] = column

    def choose_column(self, header: str, column: str) -> None:
        """Pick `column` for `header` in the table, as a person would (tests use it)."""
        for n in range(self.table.rowCount()):
            item = self.table.item(n, 1)
            box = self.table.cellWidget(n, 2)
            if item is not None and item.text() == header and isinstance(box, QComboBox):
                box.setCurrentIndex(box.findData(column))


class SheetImportDialog(FittedDialog):
    """`imported` carries the `ImportResult` once a file went in."""

    imported = Signal(object)

    def __init__(
        self,
        tasks: TaskManager,
        kind: str,
        importer: Importer,
        title: str,
        explain: str,
        parent: QWidget | None = None,
        *,
        changes: Iterable[Change] = (),
    ) -> None:
        super().__init__(parent)
        self.tasks = tasks
        self.kind = kind
        self.importer = importer
        self.changes = frozenset(changes)
        self.title = title
        self.path: Path | None = None
        self.look: SheetLook | None = None
        self._busy = False
        self.problems: tuple[RowProblem, ...] = ()
        # Replaced in tests: asks which file to read, None when the owner cancels.
        self.choose_file: Callable[[], str | None] = self._ask_file
        self.setWindowTitle(title)
        self.setModal(True)
        self.resize(900, 620)

        note = label(explain)
        note.setWordWrap(True)
        note.setStyleSheet(MUTED_TEXT)
        self.file_label = label(_("No file chosen"), bold=True)
        self.choose_button = BigButton(_("Choose file…"), height=BUTTON_HEIGHT, on_click=self.choose)
        self.choose_button.setMaximumWidth(200)
        self.import_button = BigButton(_("Import"), kind="primary", height=BUTTON_HEIGHT, on_click=self.start)
        self.import_button.setMaximumWidth(160)
        self.import_button.setEnabled(False)
        self.progress = QProgressBar()
        self.progress.setRange(0, 0)  # how long a file takes is not known in advance
        self.progress.setTextVisible(False)
        self.progress.setMaximumWidth(200)
        self.progress.hide()
        file_row = QHBoxLayout()
        file_row.addWidget(self.file_label, 1)
        file_row.addWidget(self.progress)
        file_row.addWidget(self.choose_button)
        file_row.addWidget(self.import_button)

        self.columns = ColumnMap()
        self.sku_barcodes = QCheckBox()
        self.status = label()
        self.status.setWordWrap(True)
        self.errors = _table(_("Row"), _("Column"), _("Problem"))
        self.close_button = BigButton(_("Close"), height=BUTTON_HEIGHT, on_click=self.reject)
        self.close_button.setMaximumWidth(160)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.close_button)

        box = QVBoxLayout(self)
        box.setContentsMargins(24, 18, 24, 18)
        box.setSpacing(10)
        box.addWidget(label(title, factor=1.4, bold=True))
        box.addWidget(note)
        box.addLayout(file_row)
        box.addWidget(self.columns)
        box.addWidget(self.sku_barcodes)
        box.addWidget(self.status)
        box.addWidget(self.errors, 1)
        box.addStretch(0)
        box.addLayout(buttons)
        self._show_look(None)
        self.errors.hide()

    def _ask_file(self) -> str | None:
        chosen = file_dialogs.open_file(self, self.title, SHEET_FILTER, "import")
        return str(chosen) if chosen else None

    def choose(self) -> None:
        chosen = self.choose_file()
        if chosen:
            self.set_path(Path(chosen))

    def set_path(self, path: Path) -> None:
        """Take `path` and read its header row (on the I/O pool), to show each header and what it is read as."""
        self.path = path
        self.file_label.setText(path.name)
        self.file_label.setToolTip(str(path))
        self.import_button.setEnabled(True)
        self._show_problems(())
        self.say("")
        kind = self.kind
        self.tasks.run_io(lambda: look_at(path, kind), self._looked, lambda error: self._looked(None))

    def _looked(self, look: SheetLook | None) -> None:
        self._show_look(look)

    def _show_look(self, look: SheetLook | None) -> None:
        self.look = look
        self.columns.show_look(look)
        found = look.sku_barcodes if look is not None else 0
        self.sku_barcodes.setVisible(found > 0)
        self.sku_barcodes.setChecked(found > 0)
        offer = _("Add the {n} SKUs that are valid barcodes as the products' barcodes too, so the scanner finds them.")
        self.sku_barcodes.setText(offer.format(n=found))

    @property
    def mapping(self) -> dict[str, str]:
        return self.columns.mapping

    def choose_column(self, header: str, column: str) -> None:
        self.columns.choose_column(header, column)

    @property
    def busy(self) -> bool:
        return self._busy

    def start(self) -> None:
        """Import the chosen file on the worker; the dialog stays open to show the outcome."""
        if self.path is None or self.busy:
            return
        path, mapping, importer = self.path, dict(self.mapping), self.importer
        sku_barcodes = not self.sku_barcodes.isHidden() and self.sku_barcodes.isChecked()
        self._set_busy(True)
        self._show_problems(())
        self.say(_("Importing {file}…").format(file=path.name))
        changes = self.changes
        self.tasks.write(
            lambda session: importer(session, path, mapping, sku_barcodes), changes, self._done, self._failed
        )

    def _set_busy(self, busy: bool) -> None:
        self._busy = busy
        self.progress.setVisible(busy)
        self.import_button.setEnabled(not busy)
        self.choose_button.setEnabled(not busy)

    def _done(self, result: ImportResult) -> None:
        self._set_busy(False)
        self.say(result_text(result), ok=True)
        self._show_problems(result.notes, notes=True)
        self.imported.emit(result)

    def _failed(self, error: BaseException) -> None:
        self._set_busy(False)
        if isinstance(error, SheetRejected):
            self.say(_(error.msgid).format(**error.params), error=True)
            self._show_problems(error.problems)
            return
        self.say(failure_message(error), error=True)

    def _show_problems(self, problems: tuple[RowProblem, ...], *, notes: bool = False) -> None:
        self.problems = () if notes else problems
        self.errors.setHorizontalHeaderLabels([_("Row"), _("Column"), _("Note") if notes else _("Problem")])
        self.errors.setRowCount(len(problems))
        for n, problem in enumerate(problems):
            self.errors.setItem(n, 0, QTableWidgetItem(str(problem.row)))
            self.errors.setItem(n, 1, QTableWidgetItem(problem.column or "–"))
            self.errors.setItem(n, 2, QTableWidgetItem(problem.problem))
        self.errors.resizeRowsToContents()
        self.errors.setVisible(bool(problems))

    def say(self, text: str, *, error: bool = False, ok: bool = False) -> None:
        self.status.setText(text)
        self.status.setStyleSheet(ERROR_TEXT if error else OK_TEXT if ok else MUTED_TEXT)

"""Importing products from a CSV or XLSX price list, all or nothing, with every bad row listed when refused.

The import is the core's `spreadsheet.import_products`, run on the database worker while a progress bar turns;
the window stays usable. A refused file leaves the shop untouched and its problems in a table: row, column,
problem, as the spreadsheet numbers and names them.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QHBoxLayout,
    QHeaderView,
    QProgressBar,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from pos.i18n import _
from pos.ledger.base.db import Database
from pos.ledger.books.approvals import Actor
from pos.ledger.spreadsheet.spreadsheet import PRODUCT_COLUMNS, ImportResult, RowProblem, SheetRejected, import_products
from pos.ui.products.style import ERROR_STYLE, MUTED_STYLE, OK_STYLE, TABLE, button
from pos.ui.tasks import TaskManager, failure_message
from pos.ui.widgets import file_dialogs
from pos.ui.widgets.fitted_dialog import FittedDialog
from pos.ui.widgets.style import label

SHEET_FILTER = "CSV, Excel (*.csv *.xlsx *.xlsm *.txt)"


def write_import(db: Database, actor: Actor, path: Path) -> ImportResult:
    with db.write() as session:
        return import_products(session, path, actor=actor)


def result_text(result: ImportResult) -> str:
    text = _("Imported: {created} new, {updated} updated, {unchanged} unchanged.").format(
        created=result.created, updated=result.updated, unchanged=result.unchanged
    )
    if result.skipped_columns:
        text += " " + _("Columns not used: {columns}.").format(columns=", ".join(result.skipped_columns))
    return text


class ImportDialog(FittedDialog):
    """`imported` carries the `ImportResult` once a file went in."""

    imported = Signal(object)

    def __init__(self, tasks: TaskManager, actor: Actor, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.tasks = tasks
        self.actor = actor
        self.path: Path | None = None
        self._busy = False
        self.problems: tuple[RowProblem, ...] = ()
        # Replaced in tests: asks which file to read, None when the owner cancels.
        self.choose_file: Callable[[], str | None] = self._ask_file
        self.setWindowTitle(_("Import products"))
        self.setModal(True)
        self.resize(860, 560)

        explain = label(
            _(
                "A CSV or XLSX file with a header row. Columns: {columns}. Only nama and harga_jual are needed; "
                "rows for products the shop has update them. One bad row and nothing is imported."
            ).format(columns=", ".join(PRODUCT_COLUMNS))
        )
        explain.setWordWrap(True)
        explain.setStyleSheet(MUTED_STYLE)
        self.file_label = label(_("No file chosen"), bold=True)
        self.choose_button = button(_("Choose file…"))
        self.choose_button.clicked.connect(self.choose)
        self.import_button = button(_("Import"), main=True)
        self.import_button.clicked.connect(self.start)
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

        self.status = label()
        self.status.setWordWrap(True)
        self.errors = QTableWidget(0, 3)
        self.errors.setHorizontalHeaderLabels([_("Row"), _("Column"), _("Problem")])
        self.errors.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.errors.setStyleSheet(TABLE)
        self.errors.setShowGrid(False)
        self.errors.setWordWrap(True)
        self.errors.verticalHeader().hide()
        header = self.errors.horizontalHeader()
        header.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.errors.hide()
        self.close_button = button(_("Close"))
        self.close_button.clicked.connect(self.reject)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.close_button)

        box = QVBoxLayout(self)
        box.setContentsMargins(24, 18, 24, 18)
        box.setSpacing(10)
        box.addWidget(label(_("Import products"), factor=1.4, bold=True))
        box.addWidget(explain)
        box.addLayout(file_row)
        box.addWidget(self.status)
        box.addWidget(self.errors, 1)
        box.addStretch(0)
        box.addLayout(buttons)

    def _ask_file(self) -> str | None:
        chosen = file_dialogs.open_file(self, _("Import products"), SHEET_FILTER, "import")
        return str(chosen) if chosen else None

    def choose(self) -> None:
        chosen = self.choose_file()
        if chosen:
            self.set_path(Path(chosen))

    def set_path(self, path: Path) -> None:
        self.path = path
        self.file_label.setText(path.name)
        self.file_label.setToolTip(str(path))
        self.import_button.setEnabled(True)
        self.say("")

    @property
    def busy(self) -> bool:
        return self._busy

    def start(self) -> None:
        """Import the chosen file on the worker; the dialog stays open to show the outcome."""
        if self.path is None or self.busy:
            return
        actor, path = self.actor, self.path
        self._set_busy(True)
        self._show_problems(())
        self.say(_("Importing {file}…").format(file=path.name))
        self.tasks.run_db(lambda db: write_import(db, actor, path), self._done, self._failed)

    def _set_busy(self, busy: bool) -> None:
        self._busy = busy
        self.progress.setVisible(busy)
        self.import_button.setEnabled(not busy)
        self.choose_button.setEnabled(not busy)

    def _done(self, result: ImportResult) -> None:
        self._set_busy(False)
        self.say(result_text(result), ok=True)
        self.imported.emit(result)

    def _failed(self, error: BaseException) -> None:
        self._set_busy(False)
        if isinstance(error, SheetRejected):
            self.say(_(error.msgid).format(**error.params), error=True)
            self._show_problems(error.problems)
            return
        self.say(failure_message(error), error=True)

    def _show_problems(self, problems: tuple[RowProblem, ...]) -> None:
        self.problems = problems
        self.errors.setRowCount(len(problems))
        for n, problem in enumerate(problems):
            self.errors.setItem(n, 0, QTableWidgetItem(str(problem.row)))
            self.errors.setItem(n, 1, QTableWidgetItem(problem.column or "–"))
            self.errors.setItem(n, 2, QTableWidgetItem(problem.problem))
        self.errors.resizeRowsToContents()
        self.errors.setVisible(bool(problems))

    def say(self, text: str, *, error: bool = False, ok: bool = False) -> None:
        self.status.setText(text)
        self.status.setStyleSheet(ERROR_STYLE if error else OK_STYLE if ok else MUTED_STYLE)

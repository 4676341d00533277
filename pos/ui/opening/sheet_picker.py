"""A spreadsheet chosen for the opening balances: its name, a way to clear it, and its headers to map."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QCheckBox, QHBoxLayout, QVBoxLayout, QWidget

from pos.i18n import _
from pos.ledger.spreadsheet.opening_sheets import SheetFile
from pos.ledger.spreadsheet.sheet_inspect import SheetLook, look_at
from pos.ui.sheet_import import SHEET_FILTER, ColumnMap
from pos.ui.tasks import TaskManager
from pos.ui.widgets import file_dialogs
from pos.ui.widgets.buttons import BigButton
from pos.ui.widgets.entry_form import BUTTON_HEIGHT
from pos.ui.widgets.style import MUTED_TEXT, label


class SheetPicker(QWidget):
    """Choose one sheet of `kind` (products, customers, suppliers); `changed` fires when it is chosen or cleared."""

    changed = Signal()

    def __init__(self, tasks: TaskManager, kind: str, what: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.tasks = tasks
        self.kind = kind
        self.path: Path | None = None
        # Replaced in tests: asks which file to read, None when the owner cancels.
        self.choose_file: Callable[[], str | None] = self._ask_file
        self.file_label = label(what, style=MUTED_TEXT)
        self.file_label.setWordWrap(True)
        self.choose_button = BigButton(_("Choose file…"), height=BUTTON_HEIGHT, on_click=self.choose)
        self.choose_button.setMaximumWidth(200)
        self.clear_button = BigButton(_("No file"), height=BUTTON_HEIGHT, on_click=self.clear)
        self.clear_button.setMaximumWidth(140)
        self.sku_barcodes = QCheckBox()
        self.sku_barcodes.hide()
        self.columns = ColumnMap()
        row = QHBoxLayout()
        row.addWidget(self.file_label, 1)
        row.addWidget(self.choose_button)
        row.addWidget(self.clear_button)
        box = QVBoxLayout(self)
        box.setContentsMargins(0, 0, 0, 0)
        box.setSpacing(6)
        box.addLayout(row)
        box.addWidget(self.columns)
        box.addWidget(self.sku_barcodes)
        self._what = what
        self.clear_button.setEnabled(False)

    def _ask_file(self) -> str | None:
        chosen = file_dialogs.open_file(self, _("Choose a spreadsheet"), SHEET_FILTER, "import")
        return str(chosen) if chosen else None

    def choose(self) -> None:
        chosen = self.choose_file()
        if chosen:
            self.set_path(Path(chosen))

    def set_path(self, path: Path) -> None:
        self.path = path
        self.file_label.setText(path.name)
        self.file_label.setStyleSheet("")
        self.clear_button.setEnabled(True)
        kind = self.kind
        self.tasks.run_io(lambda: look_at(path, kind), self._looked, lambda _error: self._looked(None))
        self.changed.emit()

    def _looked(self, look: SheetLook | None) -> None:
        self.columns.show_look(look)
        found = look.sku_barcodes if look is not None else 0
        self.sku_barcodes.setVisible(found > 0)
        self.sku_barcodes.setChecked(found > 0)
        offer = _("Add the {n} SKUs that are valid barcodes as the products' barcodes too, so the scanner finds them.")
        self.sku_barcodes.setText(offer.format(n=found))

    def clear(self) -> None:
        self.path = None
        self.file_label.setText(self._what)
        self.file_label.setStyleSheet(MUTED_TEXT)
        self.clear_button.setEnabled(False)
        self._looked(None)
        self.changed.emit()

    def source(self) -> SheetFile | None:
        return None if self.path is None else SheetFile(self.path, dict(self.columns.mapping))

    def wants_sku_barcodes(self) -> bool:
        return not self.sku_barcodes.isHidden() and self.sku_barcodes.isChecked()

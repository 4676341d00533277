"""Printing price labels for the products chosen on the products screen: how many of each, on the receipt printer
or on an A4 sticker sheet from a chosen label on, the sheet saved as a PDF (in Documents to begin with).

A product without an EAN-13 is given the shop's own number as the labels are made (`slips.price_labels`), so
the labels always scan. The dialog holds no rule: the core makes the labels and queues them, `pos.printing`
draws them.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Final

from PySide6.QtCore import QRectF, QSize, Qt, QUrl, Signal
from PySide6.QtGui import QColor, QDesktopServices, QPainter, QPaintEvent, QPen
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QRadioButton,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)
from sqlalchemy.orm import Session

from pos.i18n import _, ngettext
from pos.ledger.base import fmt
from pos.ledger.books.approvals import Actor
from pos.ledger.slips.price_labels import MAX_COPIES, LabelRequest, prepare, queue_labels
from pos.ledger.slips.slip_types import PriceLabel
from pos.ledger.stock.search import ProductRow
from pos.printing.label_sheets import DEFAULT_LAYOUT, LAYOUTS, SheetLayout, layout_named, write_sheets
from pos.printing.queue_worker import PrintRun, print_pending
from pos.ui.changes import Change
from pos.ui.products.style import ERROR_STYLE, MUTED_STYLE, OK_STYLE, button, set_up_table
from pos.ui.tasks import TaskManager, failure_message
from pos.ui.widgets import file_dialogs
from pos.ui.widgets.fitted_dialog import FittedDialog
from pos.ui.widgets.style import label

PDF_FILTER: Final = "PDF (*.pdf)"
THERMAL: Final = "thermal"
SHEET: Final = "sheet"


def make_labels(session: Session, actor: Actor, requests: Sequence[LabelRequest], *, queue: bool) -> list[PriceLabel]:
    """The labels (products given their own barcode where they had none); queued for the receipt printer too."""
    labels = prepare(session, actor, requests)
    if queue:
        queue_labels(session, labels)
    return labels


class SheetPicture(QWidget):
    """A small A4 sheet of the chosen layout: labels already used in grey, the ones about to print in green."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.layout_shown: SheetLayout = layout_named(DEFAULT_LAYOUT)
        self.start = 1
        self.count = 0
        self.setMinimumSize(QSize(150, 212))
        self.setObjectName("sheetPicture")

    def show_sheet(self, layout: SheetLayout, start: int, count: int) -> None:
        self.layout_shown, self.start, self.count = layout, start, count
        self.update()

    def paintEvent(self, _event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        height = self.height() - 2
        width = height * 210 / 297
        page = QRectF((self.width() - width) / 2, 1, width, height)
        painter.setPen(QPen(QColor("#b8bcc4")))
        painter.setBrush(QColor("white"))
        painter.drawRect(page)
        grid = self.layout_shown
        k = width / 210
        margin_x = (210 - grid.columns * grid.width - (grid.columns - 1) * grid.gap_x) / 2
        margin_y = (297 - grid.rows * grid.height - (grid.rows - 1) * grid.gap_y) / 2
        for index in range(grid.per_sheet):
            row, column = divmod(index, grid.columns)
            x = page.left() + (margin_x + column * (grid.width + grid.gap_x)) * k
            y = page.top() + (margin_y + row * (grid.height + grid.gap_y)) * k
            used = index < self.start - 1
            printed = self.start - 1 <= index < self.start - 1 + self.count
            painter.setBrush(QColor("#d5d8dd" if used else "#1d7a45" if printed else "#ffffff"))
            painter.setPen(QPen(QColor("#9aa0a8")))
            painter.drawRect(QRectF(x + 0.5, y + 0.5, grid.width * k - 1, grid.height * k - 1))
        painter.end()


class LabelDialog(FittedDialog):
    """`done_text` carries what was done (queued, or the PDF written) once it is."""

    done_text = Signal(str)

    def __init__(
        self, tasks: TaskManager, actor: Actor, products: Sequence[ProductRow], parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.tasks = tasks
        self.actor = actor
        self.products = list(products)
        # Replaced in tests: asks where to save (suggested name) -> path or None; and opens the saved PDF.
        self.choose_pdf_path: Callable[[str], Path | None] = self._ask_pdf_path
        self.open_pdf: Callable[[Path], object] = lambda path: QDesktopServices.openUrl(QUrl.fromLocalFile(str(path)))
        self.setWindowTitle(_("Print price labels"))
        self.setModal(True)
        self.setMinimumWidth(720)

        self._build_table()
        choices = self._build_choices()
        buttons = self._build_buttons()

        layout = QVBoxLayout(self)
        layout.addWidget(self.table, 1)
        layout.addLayout(choices)
        layout.addLayout(buttons)

        self.sheet.currentIndexChanged.connect(lambda _i: self._update_sheet())
        self.start.valueChanged.connect(lambda _n: self._update_sheet())
        self.on_sheet.toggled.connect(lambda _on: self._update_sheet())
        self.go_button.clicked.connect(self.go)
        self._update_sheet()

    def _build_table(self) -> None:
        """The products chosen, each with its price and how many labels."""
        self.table = QTableWidget(len(self.products), 3)
        self.table.setObjectName("labelProducts")
        self.table.setHorizontalHeaderLabels([_("Product"), _("Price"), _("Labels")])
        set_up_table(self.table, stretch=0)
        self.table.horizontalHeader().setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        self.table.horizontalHeader().setSectionResizeMode(2, QHeaderView.ResizeMode.ResizeToContents)
        self.copies: list[QSpinBox] = []
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.setSelectionMode(QTableWidget.SelectionMode.NoSelection)
        self.table.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        for row, product in enumerate(self.products):
            self.table.setItem(row, 0, QTableWidgetItem(product.name))
            price = QTableWidgetItem(fmt.rupiah(product.price))
            price.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            self.table.setItem(row, 1, price)
            spin = QSpinBox()
            spin.setRange(1, MAX_COPIES)
            spin.valueChanged.connect(lambda _n: self._update_sheet())
            self.copies.append(spin)
            self.table.setCellWidget(row, 2, spin)
        self.table.verticalHeader().setDefaultSectionSize(max(34, self.table.verticalHeader().defaultSectionSize()))

    def _build_choices(self) -> QHBoxLayout:
        """Where to print (the receipt printer or an A4 sheet), which sheet and where on it, beside its picture."""
        self.on_thermal = QRadioButton(_("Receipt printer (58 or 80 mm)"))
        self.on_sheet = QRadioButton(_("A4 sticker sheet (PDF)"))
        self.where = QButtonGroup(self)
        self.where.addButton(self.on_thermal)
        self.where.addButton(self.on_sheet)
        self.on_sheet.setChecked(True)
        self.sheet = QComboBox()
        self.sheet.setObjectName("labelSheet")
        for kind in LAYOUTS:
            self.sheet.addItem(kind.title(), kind.key)
        self.start = QSpinBox()
        self.start.setObjectName("labelStart")
        self.guides = QCheckBox(_("Outline each label (a trial on plain paper)"))
        self.picture = SheetPicture()
        form = QFormLayout()
        form.addRow(_("Print on"), self.on_sheet)
        form.addRow("", self.on_thermal)
        form.addRow(_("Sheet"), self.sheet)
        form.addRow(_("Start at label"), self.start)
        form.addRow("", self.guides)
        hint = label(
            _("Products without a barcode get the shop's own number (EAN-13 from 20-29), which rings them up."),
            style=MUTED_STYLE,
        )
        hint.setWordWrap(True)
        form.addRow("", hint)
        choices = QHBoxLayout()
        choices.addLayout(form, 1)
        choices.addWidget(self.picture)
        return choices

    def _build_buttons(self) -> QHBoxLayout:
        """The status line, Close, and Save PDF (or Print)."""
        self.status = label()
        self.status.setWordWrap(True)
        self.status.setObjectName("labelStatus")
        self.go_button = button(_("Save PDF…"), main=True)
        self.go_button.setObjectName("labelGo")
        close = button(_("Close"))
        buttons = QHBoxLayout()
        buttons.addWidget(self.status, 1)
        buttons.addWidget(close)
        buttons.addWidget(self.go_button)
        close.clicked.connect(self.reject)
        return buttons

    def requests(self) -> list[LabelRequest]:
        return [LabelRequest(p.id, spin.value()) for p, spin in zip(self.products, self.copies, strict=True)]

    def chosen_layout(self) -> SheetLayout:
        return layout_named(str(self.sheet.currentData()))

    def _update_sheet(self) -> None:
        layout = self.chosen_layout()
        self.start.setRange(1, layout.per_sheet)
        on_sheet = self.on_sheet.isChecked()
        for widget in (self.sheet, self.start, self.guides, self.picture):
            widget.setEnabled(on_sheet)
        self.go_button.setText(_("Save PDF…") if on_sheet else _("Print"))
        total = sum(spin.value() for spin in self.copies)
        self.picture.show_sheet(layout, self.start.value(), total)

    def say(self, text: str, *, error: bool = False, ok: bool = False) -> None:
        self.status.setText(text)
        self.status.setStyleSheet(ERROR_STYLE if error else OK_STYLE if ok else MUTED_STYLE)

    def _ask_pdf_path(self, suggested: str) -> Path | None:
        return file_dialogs.save_file(self, _("Save the labels as a PDF"), suggested, PDF_FILTER, "labels")

    def go(self) -> None:
        if self.on_sheet.isChecked():
            self._save_sheet()
        else:
            self._print_thermal()

    def _busy(self, busy: bool) -> None:
        self.go_button.setEnabled(not busy)

    def _failed(self, error: BaseException) -> None:
        self._busy(False)
        self.say(failure_message(error), error=True)

    def _save_sheet(self) -> None:
        chosen = self.choose_pdf_path(f"label-harga-{dt.date.today():%Y%m%d}.pdf")
        if chosen is None:
            return
        path = chosen if chosen.suffix.lower() == ".pdf" else chosen.with_suffix(".pdf")
        layout, start, guides = self.chosen_layout(), self.start.value(), self.guides.isChecked()
        requests, actor = self.requests(), self.actor
        self._busy(True)
        self.say(_("Making the labels…"))

        def drawn(labels: list[PriceLabel]) -> None:
            self.tasks.run_io(
                lambda: (write_sheets(labels, layout, path, start=start, guides=guides), len(labels)),
                lambda done: self._saved(path, *done),
                self._failed,
            )

        # A product without a barcode is given one for its label.
        self.tasks.write(lambda s: make_labels(s, actor, requests, queue=False), {Change.PRODUCTS}, drawn, self._failed)

    def _saved(self, path: Path, pages: int, count: int) -> None:
        self._busy(False)
        text = ngettext(
            "{n} label on {pages} sheet saved to {path}.", "{n} labels on {pages} sheets saved to {path}.", count
        ).format(n=fmt.number(count), pages=pages, path=path)
        self.say(text, ok=True)
        self.done_text.emit(text)
        self.open_pdf(path)

    def _print_thermal(self) -> None:
        requests, actor, db = self.requests(), self.actor, self.tasks.db
        self._busy(True)
        self.say(_("Making the labels…"))

        def queued(labels: list[PriceLabel]) -> None:
            text = ngettext(
                "{n} label is in the print queue.", "{n} labels are in the print queue.", len(labels)
            ).format(n=fmt.number(len(labels)))
            self.say(text, ok=True)
            self.done_text.emit(text)
            self.tasks.run_io(lambda: print_pending(db), self._printed, self._failed)

        self.tasks.write(
            lambda s: make_labels(s, actor, requests, queue=True),
            {Change.PRODUCTS, Change.PRINTING},
            queued,
            self._failed,
        )

    def _printed(self, run: PrintRun) -> None:
        self._busy(False)
        # The print run claimed and finished jobs on the I/O pool, outside any `write`: the queue has changed.
        self.tasks.announce({Change.PRINTING})
        if run.error:
            self.say(_("Printer: {error}").format(error=run.error), error=True)
        elif run.printed or run.sent:
            self.say(_("The labels were printed."), ok=True)

"""The shift's figures (X report at any time) and closing the shift with a count of the drawer by denomination."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeyEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QFormLayout,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QSpinBox,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from pos.i18n import _
from pos.ledger.base import fmt
from pos.ledger.base.errors import LedgerError
from pos.ledger.books.approvals import Actor
from pos.ledger.counter.shifts import (
    DENOMINATIONS,
    ShiftCloseResult,
    ShiftReport,
    close_shift,
    count_cash,
    shift_report,
)
from pos.ledger.shop import backup
from pos.ui.changes import Change
from pos.ui.counter.labels import method_name
from pos.ui.tasks import TaskManager, failure_message
from pos.ui.widgets.buttons import BigButton
from pos.ui.widgets.fitted_dialog import FittedDialog
from pos.ui.widgets.scroll import DownScroll
from pos.ui.widgets.side_by_side import SideBySide
from pos.ui.widgets.style import AMOUNT_POINT_SIZE, BAD, ERROR_TEXT, GOOD, MUTED_TEXT, TOUCH_HEIGHT, font, label

_RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter


class ShiftFiguresView(QWidget):
    """A shift's figures as the core reports them, one per line, amounts lined up on the right."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.form = QFormLayout(self)
        self.form.setContentsMargins(0, 0, 0, 0)
        self.form.setVerticalSpacing(4)
        self.form.setHorizontalSpacing(24)
        self.values: dict[str, str] = {}

    def show_report(self, report: ShiftReport, *, counted: int | None = None, difference: int | None = None) -> None:
        while self.form.rowCount():
            self.form.removeRow(0)
        self.values = {}
        rows: list[tuple[str, str, str]] = [
            ("float", _("Opening cash (float)"), fmt.rupiah(report.opening_float)),
            ("sales", _("Sales"), str(report.sales_count)),
            ("gross", _("Gross sales"), fmt.rupiah(report.gross)),
            ("discounts", _("Discounts"), fmt.rupiah(-report.discounts)),
        ]
        if report.ppn:
            rows.append(("ppn", _("PPN"), fmt.rupiah(report.ppn)))
        if report.rounding:
            rows.append(("rounding", _("Rounding"), fmt.rupiah(report.rounding)))
        rows.append(("total", _("Takings"), fmt.rupiah(report.total)))
        rows += [(f"method:{m}", f"  {method_name(m)}", fmt.rupiah(a)) for m, a in sorted(report.by_method.items())]
        rows += [
            ("refunds", _("Refunds ({n})").format(n=report.refunds_count), fmt.rupiah(-report.refunds_total)),
            ("voids", _("Voided sales ({n})").format(n=report.voids_count), fmt.rupiah(report.voids_total)),
            ("cash_in", _("Cash put in"), fmt.rupiah(report.cash_in)),
            ("cash_out", _("Cash taken out"), fmt.rupiah(-report.cash_out)),
            ("kasbon_cash", _("Kasbon paid in cash"), fmt.rupiah(report.kasbon_paid_cash)),
            ("expected", _("Cash expected in the drawer"), fmt.rupiah(report.expected_cash)),
        ]
        if counted is not None:
            rows.append(("counted", _("Cash counted"), fmt.rupiah(counted)))
        if difference is not None:
            rows.append(("difference", _("Over (+) or short (-)"), fmt.rupiah(difference)))
        for key, name, value in rows:
            value_label = QLabel(value)
            value_label.setAlignment(_RIGHT)
            name_label = QLabel(name)
            if key in ("total", "expected", "difference"):
                bold = font(self.font(), self.font().pointSizeF(), bold=True)
                value_label.setFont(bold)
                name_label.setFont(bold)
            self.form.addRow(name_label, value_label)
            self.values[key] = value


class XReportDialog(FittedDialog):
    """The open shift's figures now; nothing is closed or booked."""

    def __init__(self, tasks: TaskManager, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(_("Shift report (X)"))
        self.setModal(True)
        self.setMinimumWidth(520)
        self.figures = ShiftFiguresView()
        self.status = label(_("Reading the figures…"), style=MUTED_TEXT)
        box = QVBoxLayout(self)
        box.setContentsMargins(24, 18, 24, 18)
        box.addWidget(label(_("Shift report (X)"), factor=1.5, bold=True))
        box.addWidget(self.figures)
        box.addWidget(self.status)
        close = BigButton(_("Close"), "Esc", on_click=self.accept, focusable=True)
        box.addWidget(close)
        close.setFocus()
        tasks.read(shift_report, self._show, lambda e: self._say(failure_message(e)))

    def _show(self, report: ShiftReport) -> None:
        self.report = report
        self.status.clear()
        self.figures.show_report(report)

    def _say(self, text: str) -> None:
        self.status.setText(text)
        self.status.setStyleSheet(ERROR_TEXT)


class CloseShiftDialog(FittedDialog):
    """Count the drawer note by note; the counted total, expected cash and difference follow as you type.
    Closing books the difference (core) and shows the Z figures; `closed` carries the `ShiftCloseResult`."""

    closed = Signal(object)

    def __init__(self, tasks: TaskManager, actor: Actor, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.tasks = tasks
        self.actor = actor
        self.report: ShiftReport | None = None
        self.closing: ShiftCloseResult | None = None  # once closed
        self.setWindowTitle(_("Close the shift"))
        self.setModal(True)
        self.resize(1040, 640)
        # Side by side on a laptop; on a small screen the figures go under the count, and the page scrolls.
        columns = SideBySide()
        columns.setSpacing(36)
        columns.addLayout(self._build_count(), 1)
        columns.addLayout(self._build_figures(), 1)
        buttons = self._build_buttons()
        self.pages = QStackedWidget()
        self.pages.addWidget(DownScroll(columns))
        box = QVBoxLayout(self)
        box.setContentsMargins(24, 18, 24, 18)
        box.addWidget(label(_("Close the shift"), factor=1.5, bold=True))
        box.addWidget(self.pages, 1)
        box.addWidget(self.status)
        box.addLayout(buttons)
        QShortcut(QKeySequence("F12"), self).activated.connect(self.close_now)
        self._recount()
        self.counts[DENOMINATIONS[0]].setFocus()
        self.close_button.setEnabled(False)
        tasks.read(shift_report, self._show_report, lambda e: self._say(failure_message(e), error=True))

    def _build_count(self) -> QVBoxLayout:
        """A field for each note and coin, and the counted total, expected cash and difference under them."""
        self.counts: dict[int, QSpinBox] = {}
        grid = QGridLayout()
        grid.setHorizontalSpacing(12)
        grid.setVerticalSpacing(6)
        # Notes on the left, coins on the right, five rows each: the whole count fits without scrolling.
        rows = (len(DENOMINATIONS) + 1) // 2
        for n, value in enumerate(DENOMINATIONS):
            spin = QSpinBox()
            spin.setObjectName(f"count{value}")
            spin.setRange(0, 99_999)
            spin.setMinimumHeight(TOUCH_HEIGHT - 6)
            spin.setMinimumWidth(96)
            spin.setAlignment(_RIGHT)
            spin.setButtonSymbols(QSpinBox.ButtonSymbols.PlusMinus)
            spin.valueChanged.connect(self._recount)
            self.counts[value] = spin
            name = QLabel(fmt.rupiah(value))
            name.setAlignment(_RIGHT)
            row, column = n % rows, (n // rows) * 3
            grid.addWidget(name, row, column)
            grid.addWidget(label("×"), row, column + 1)
            grid.addWidget(spin, row, column + 2)
        grid.setColumnMinimumWidth(3, 90)
        self.counted = QLabel()
        self.counted.setObjectName("countedTotal")
        self.counted.setFont(font(self.font(), AMOUNT_POINT_SIZE * 0.7, bold=True))
        self.expected = label(factor=1.2)
        self.difference = label(factor=1.2, bold=True)
        self.difference.setObjectName("difference")
        count_box = QVBoxLayout()
        count_box.setSpacing(6)
        count_box.addWidget(label(_("Count the drawer"), factor=1.2, bold=True))
        count_box.addLayout(grid)
        count_box.addSpacing(12)
        count_box.addWidget(label(_("Counted"), style=MUTED_TEXT))
        count_box.addWidget(self.counted)
        count_box.addWidget(self.expected)
        count_box.addWidget(self.difference)
        count_box.addStretch(1)
        return count_box

    def _build_figures(self) -> QVBoxLayout:
        """The shift's figures so far (X), then the Z figures once closed."""
        self.figures = ShiftFiguresView()
        self.figures_title = label(_("Shift so far (X)"), factor=1.2, bold=True)
        figures_box = QVBoxLayout()
        figures_box.addWidget(self.figures_title)
        figures_box.addWidget(self.figures)
        figures_box.addStretch(1)
        return figures_box

    def _build_buttons(self) -> QHBoxLayout:
        """The status line, and Cancel and Close the shift (Done once closed)."""
        self.status = label()
        self.status.setWordWrap(True)
        self.cancel_button = BigButton(_("Cancel"), "Esc", on_click=self.reject)
        self.close_button = BigButton(_("Close the shift"), "F12", kind="primary", on_click=self.close_now)
        self.done_button = BigButton(_("Done"), "Enter", kind="primary", on_click=self.accept)
        self.done_button.hide()
        buttons = QHBoxLayout()
        buttons.addWidget(self.cancel_button, 1)
        buttons.addWidget(self.close_button, 2)
        buttons.addWidget(self.done_button, 2)
        return buttons

    def set_count(self, denomination: int, count: int) -> None:
        self.counts[denomination].setValue(count)

    def counted_total(self) -> int:
        return count_cash({value: spin.value() for value, spin in self.counts.items()})

    def _show_report(self, report: ShiftReport) -> None:
        self.report = report
        self.figures.show_report(report)
        self.close_button.setEnabled(True)
        self._recount()

    def _recount(self) -> None:
        counted = self.counted_total()
        self.counted.setText(fmt.rupiah(counted))
        if self.report is None:
            return
        difference = counted - self.report.expected_cash
        self.expected.setText(_("Expected: {amount}").format(amount=fmt.rupiah(self.report.expected_cash)))
        self.difference.setText(_("Difference: {amount}").format(amount=fmt.rupiah(difference)))
        self.difference.setStyleSheet(f"color: {GOOD if difference == 0 else BAD};")

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            event.accept()
            if self.closing is not None:
                self.accept()
            else:
                # Enter moves down the count, as on a tally sheet; F12 closes the shift.
                self.focusNextChild()
            return
        super().keyPressEvent(event)

    def close_now(self) -> None:
        if self.report is None or self.closing is not None or not self.close_button.isEnabled():
            return
        try:
            counts = {value: spin.value() for value, spin in self.counts.items()}
            count_cash(counts)
        except LedgerError as error:
            self._say(str(error), error=True)
            return
        actor = self.actor

        def failed(error: BaseException) -> None:
            self.close_button.setEnabled(True)
            self._say(failure_message(error), error=True)

        self.close_button.setEnabled(False)
        # The count's difference is booked to the cash accounts, and the shift ends.
        self.tasks.write(
            lambda session: close_shift(session, actor, counts), {Change.SHIFTS, Change.MONEY}, self._closed, failed
        )

    def _closed(self, result: ShiftCloseResult) -> None:
        self.closing = result
        self.figures_title.setText(_("Shift closed (Z)"))
        self.figures.show_report(result.report, counted=result.counted, difference=result.difference)
        for spin in self.counts.values():
            spin.setEnabled(False)
        self.cancel_button.hide()
        self.close_button.hide()
        self.done_button.show()
        self.done_button.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.done_button.setFocus()
        self._say(_("The shift is closed."), error=False)
        self.closed.emit(result)
        # Every shift close leaves a copy of the books in the backup folder, taken off the GUI thread.
        db = self.tasks.db
        self.tasks.run_io(
            lambda: backup.auto_backup(db, "shift"),
            lambda made: self._say(_("The shift is closed and the books are backed up."), error=False),
            lambda error: self._say(
                _("The shift is closed, but the backup failed: {error}").format(error=failure_message(error)),
                error=True,
            ),
        )

    def reject(self) -> None:
        # After the close there is nothing to cancel; Escape just finishes.
        if self.closing is not None:
            self.accept()
        else:
            super().reject()

    def _say(self, text: str, *, error: bool) -> None:
        self.status.setText(text)
        self.status.setStyleSheet(ERROR_TEXT if error else MUTED_TEXT)

"""The reports screen: a period, its statements and sales on screen, and the loan pack (PDF) and XLSX to save.

Laba rugi and posisi keuangan side by side with their comparisons, sales by payment method and by day (with a bar
chart), and buttons "Simpan PDF" and "Simpan XLSX".

Every figure is read by ledger services on the database worker (`TaskManager.read`), again whenever a write changes
what the figures are made of; the PDF is laid out on the I/O pool. This module only lays out what comes back.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QDate, Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QHBoxLayout,
    QLabel,
    QMessageBox,
    QProgressBar,
    QPushButton,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from pos import i18n
from pos.i18n import N_, _
from pos.ledger.base import fmt
from pos.ledger.base.clock import utc_now
from pos.ledger.base.period import Period
from pos.ledger.books.approvals import Actor
from pos.ledger.reports.pph_booking import book_months
from pos.printing.statements.text import Words
from pos.ui.changes import Change, Watch
from pos.ui.reports import pack_job
from pos.ui.reports.chart import BarChart
from pos.ui.reports.figures import ReportsView, read_reports, write_xlsx
from pos.ui.reports.recipes_dialog import RecipesDialog
from pos.ui.reports.tables import amount_item, fill, statement_table
from pos.ui.tasks import TaskManager, failure_message
from pos.ui.widgets import file_dialogs
from pos.ui.widgets.side_by_side import SideBySide

PERIODS = (
    ("today", N_("Today")),
    ("this_month", N_("This month")),
    ("last_month", N_("Last month")),
    ("this_year", N_("This year")),
    ("custom", N_("Custom")),
)
METHOD_NAMES = {
    "cash": N_("Cash"),
    "transfer": N_("Transfer"),
    "ewallet": N_("E-wallet"),
    "platform": N_("Platform"),
    "deposit": N_("Down payment"),
}
OTHER_METHODS = {"qris": "QRIS", "kasbon": "Kasbon"}  # the same word in both languages
_BUTTON_STYLE = (
    "QPushButton { background: #f4f5f7; color: #1f2430; border: 1px solid #cfd3da; border-radius: 6px;"
    " padding: 8px 16px; } QPushButton:disabled { color: #a0a4ab; }"
)

_STATEMENT_HEIGHT = 260  # rows of a statement in view before its own scroll bar


class ReportsScreen(QWidget):
    """Statements and sales of a period; "Simpan PDF" saves the loan pack, "Simpan XLSX" the journal and sales."""

    saved = Signal(str)
    """A file was written: its path."""

    # What the statements are made of: sales and their stock cost, cash, what customers and suppliers owe,
    # orders' deposits, channel payouts, shifts' cash counts, and the shop's settings (its day, its tax).
    SHOWS = (
        Change.SALES,
        Change.STOCK,
        Change.MONEY,
        Change.CUSTOMERS,
        Change.SUPPLIERS,
        Change.ORDERS,
        Change.CHANNELS,
        Change.SHIFTS,
        Change.SETTINGS,
    )

    def __init__(self, tasks: TaskManager, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.tasks = tasks
        self.view: ReportsView | None = None
        self.actor: Actor | None = None
        # Replaced in tests; asks where to save: (title, suggested name, filter) -> path or None.
        self.choose_path: Callable[[str, str, str], str | None] = self._ask_path

        top = self._build_period_bar()
        statements = self._build_statements()
        sales_row, sales = self._build_sales()
        self.message = QLabel()
        self.message.setStyleSheet("color: #1d6b3a;")

        layout = QVBoxLayout(self)
        layout.setContentsMargins(20, 14, 20, 10)
        layout.addLayout(top)
        layout.addLayout(statements, 3)
        layout.addLayout(sales_row)
        layout.addLayout(sales, 1)
        layout.addWidget(self.message)

        self.period_choice.currentIndexChanged.connect(self._choice_changed)
        self._choice_changed()
        self.watch = Watch(self, tasks.changed, self.SHOWS, self.refresh)

    def _build_period_bar(self) -> QHBoxLayout:
        """The period to show, its dates when custom, and the buttons that save it."""
        self.period_choice = QComboBox()
        for key, label in PERIODS:
            self.period_choice.addItem(_(label), key)
        self.period_choice.setCurrentIndex(1)
        self.start_edit = QDateEdit()
        self.end_edit = QDateEdit()
        for edit in (self.start_edit, self.end_edit):
            edit.setCalendarPopup(True)
            edit.setDisplayFormat("dd-MM-yyyy")
            edit.setDate(QDate.currentDate())
            edit.dateChanged.connect(self._custom_changed)
        self.period_label = QLabel()
        self.period_label.setStyleSheet("color: #6b7280;")
        self.period_label.setWordWrap(True)
        self.pdf_button = QPushButton(_("Save PDF"))
        self.xlsx_button = QPushButton(_("Save XLSX"))
        for button in (self.pdf_button, self.xlsx_button):
            button.setStyleSheet(_BUTTON_STYLE)
        self.pdf_button.clicked.connect(self.save_pdf)
        self.xlsx_button.clicked.connect(self.save_xlsx)
        self.progress = QProgressBar()
        self.progress.setRange(0, 0)
        self.progress.setMaximumWidth(160)
        self.progress.setTextVisible(False)
        self.progress.hide()

        top = QHBoxLayout()
        top.addWidget(QLabel(_("Period")))
        top.addWidget(self.period_choice)
        top.addWidget(self.start_edit)
        top.addWidget(self.end_edit)
        top.addWidget(self.period_label, 1)
        top.addWidget(self.progress)
        top.addWidget(self.pdf_button)
        top.addWidget(self.xlsx_button)
        return top

    def _build_statements(self) -> SideBySide:
        """The income statement and the statement of financial position."""
        self.pnl_title = QLabel(_("INCOME STATEMENT"))
        self.position_title = QLabel(_("STATEMENT OF FINANCIAL POSITION"))
        for title in (self.pnl_title, self.position_title):
            font = title.font()
            font.setBold(True)
            title.setFont(font)
        self.pnl_table = statement_table(["", "", ""])
        self.position_table = statement_table(["", "", ""])
        # The two statements side by side on a laptop, one above the other on a small screen.
        statements = SideBySide()
        statements.setSpacing(18)
        for title, table in ((self.pnl_title, self.pnl_table), (self.position_title, self.position_table)):
            table.setMinimumHeight(_STATEMENT_HEIGHT)
            column = QVBoxLayout()
            column.addWidget(title)
            column.addWidget(table, 1)
            statements.addLayout(column, 1)
        return statements

    def _build_sales(self) -> tuple[QHBoxLayout, SideBySide]:
        """The sales' heading with the recipes button, over sales by method and the chart by day."""
        sales_title = QLabel(_("Sales by payment method and by day"))
        font = sales_title.font()
        font.setBold(True)
        sales_title.setFont(font)
        self.recipes_button = QPushButton(_("Ingredients and recipes…"))
        self.recipes_button.setStyleSheet(_BUTTON_STYLE)
        self.recipes_button.clicked.connect(self.show_recipes)
        self.recipes_dialog: RecipesDialog | None = None
        sales_row = QHBoxLayout()
        sales_row.addWidget(sales_title, 1)
        sales_row.addWidget(self.recipes_button)
        self.methods_table = statement_table([_("Method"), _("Sales"), _("Amount")])
        self.methods_table.setMaximumHeight(170)
        self.days_chart = BarChart()
        sales = SideBySide()
        sales.setSpacing(18)
        sales.addWidget(self.methods_table, 1)
        sales.addWidget(self.days_chart, 1)
        return sales_row, sales

    # --- reading ------------------------------------------------------------------------------------------------

    @property
    def choice(self) -> str:
        return str(self.period_choice.currentData())

    def custom_period(self) -> Period | None:
        start, end = self.start_edit.date().toPython(), self.end_edit.date().toPython()
        if not isinstance(start, dt.date) or not isinstance(end, dt.date) or end < start:
            return None
        return Period(start, end)

    def set_custom_period(self, period: Period) -> None:
        """Show `period` (what a person would do with the two date fields), then read it."""
        for edit, day in ((self.start_edit, period.start), (self.end_edit, period.end)):
            edit.blockSignals(True)
            edit.setDate(QDate(day.year, day.month, day.day))
            edit.blockSignals(False)
        self.period_choice.setCurrentIndex(len(PERIODS) - 1)
        self.refresh()

    def _choice_changed(self) -> None:
        custom = self.choice == "custom"
        self.start_edit.setVisible(custom)
        self.end_edit.setVisible(custom)
        self.refresh()

    def _custom_changed(self) -> None:
        if self.choice == "custom":
            self.refresh()

    def show_recipes(self) -> RecipesDialog | None:
        """Ingredient use against the recipes over the period shown, and each recipe's cost now."""
        if self.view is None:
            return None
        span = self._span(self.view.period).replace("\n", " ")
        dialog = RecipesDialog(self.tasks, self.view.period, span, self)
        self.recipes_dialog = dialog
        dialog.open()
        return dialog

    def set_actor(self, actor: Actor | None) -> None:
        """Who is logged in; the reports only read, so anyone the window shows them to may see them."""
        self.actor = actor

    def refresh(self) -> None:
        """Read the chosen period's figures on the worker."""
        custom = self.custom_period() if self.choice == "custom" else None
        if self.choice == "custom" and custom is None:
            self.period_label.setText(_("The period ends before it starts."))
            return
        choice = self.choice  # read here: the worker must not touch the widgets
        self.tasks.read(lambda s: read_reports(s, choice, custom), self._show, self._failed)

    def _show(self, view: ReportsView) -> None:
        self.view = view
        lang = i18n.language()
        pnl, position = view.pnl, view.position
        span = f"{fmt.date(view.period.start, lang)} – {fmt.date(view.period.end, lang)}"
        # A shop that moved to Laci mid-year: the comparison before its books start is said to be empty.
        note = view.pnl.note or view.position.note
        self.period_label.setText(f"{span} · {note}" if note else span)
        previous = pnl.previous.period if pnl.previous else None
        self.pnl_table.setHorizontalHeaderLabels(
            ["", self._span(view.period), self._span(previous) if previous else ""]
        )
        fill(self.pnl_table, pnl.rows(), pnl.previous is not None)
        before = position.previous.as_of if position.previous else None
        self.position_table.setHorizontalHeaderLabels(
            ["", fmt.date(position.current.as_of), fmt.date(before) if before else ""]
        )
        fill(self.position_table, position.rows(), position.previous is not None)
        methods = view.methods.rows
        self.methods_table.clearContents()
        self.methods_table.setRowCount(len(methods) + 1)
        for i, m in enumerate(methods):
            name = _(METHOD_NAMES[m.method]) if m.method in METHOD_NAMES else OTHER_METHODS.get(m.method, m.method)
            self.methods_table.setItem(i, 0, QTableWidgetItem(name))
            count = QTableWidgetItem(str(m.sales))
            count.setTextAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            self.methods_table.setItem(i, 1, count)
            self.methods_table.setItem(i, 2, amount_item(m.net, False))
        total = len(methods)
        self.methods_table.setItem(total, 0, QTableWidgetItem(_("Total")))
        self.methods_table.setItem(total, 2, amount_item(view.methods.net, True))
        # "2 Jan": the year is in the period above the chart.
        self.days_chart.set_bars(
            [(fmt.date(dt.date.fromisoformat(r.key), lang).rsplit(" ", 1)[0], r.net_revenue) for r in view.days.rows]
        )

    def _span(self, period: Period) -> str:
        # On two lines when it is a range of days: the amounts under it need far less room than the heading.
        return Words(i18n.language()).span(period.start, period.end).replace(" – ", " –\n", 1)

    def _failed(self, error: BaseException) -> None:
        self.message.setStyleSheet("color: #a32020;")
        self.message.setText(failure_message(error))

    # --- saving -------------------------------------------------------------------------------------------------

    def _ask_path(self, title: str, suggested: str, pattern: str) -> str | None:
        chosen = file_dialogs.save_file(self, title, suggested, pattern, "reports")
        return str(chosen) if chosen else None

    def _busy(self, busy: bool) -> None:
        self.progress.setVisible(busy)
        self.pdf_button.setEnabled(not busy)
        self.xlsx_button.setEnabled(not busy)

    def _done(self, path: Path | str) -> None:
        self._busy(False)
        self.message.setStyleSheet("color: #1d6b3a;")
        self.message.setText(_("Saved to {path}").format(path=path))
        self.saved.emit(str(path))

    def _save_failed(self, error: BaseException) -> None:
        self._busy(False)
        self._failed(error)

    def save_pdf(self) -> None:
        """Plan the pack on the database worker (a closed period, PPh Final booked), ask where, then seal and lay
        it out on the I/O pool."""
        if self.view is None:
            return
        chosen = self.view.period
        self._busy(True)
        self.message.setText(_("Making the loan pack…"))
        self.tasks.read(lambda s: pack_job.plan(s, chosen), self._pack_planned, self._save_failed)

    def _pack_planned(self, plan: pack_job.Plan) -> None:
        if plan.waiting:
            words = Words(i18n.language())
            months = ", ".join(f"{words.month(m.month)} ({fmt.rupiah(m.unbooked)})" for m in plan.waiting)
            answer = QMessageBox.question(
                self,
                _("Book PPh Final first?"),
                _(
                    "PPh Final of {n} month(s) is not booked yet: {months}. A loan pack needs it booked, so the "
                    "pack and the journal's exports agree. Book it now, one entry a month?"
                ).format(n=len(plan.waiting), months=months),
            )
            if answer != QMessageBox.StandardButton.Yes:
                self._busy(False)
                self.message.setText(_("The loan pack was not made: PPh Final is not booked yet."))
                return
            self.tasks.write(
                lambda s: book_months(s, plan.waiting, at=utc_now()),
                {Change.MONEY},
                lambda _n: self._pack_planned(dataclasses.replace(plan, waiting=[])),
                self._save_failed,
            )
            return
        period = plan.period
        name = f"laporan-keuangan-{period.start:%Y%m%d}-{period.end:%Y%m%d}.pdf"
        chosen = self.choose_path(_("Save PDF"), name, _("PDF files (*.pdf)"))
        if not chosen:
            self._busy(False)
            self.message.setText("")
            return
        path, lang = Path(chosen), i18n.language()
        if plan.moved:
            self.message.setText(
                _("A loan pack covers days that are over: this one is for {period}.").format(period=self._span(period))
            )
        db, enrolled = self.tasks.db, plan.enrolled
        self.tasks.run_io(lambda: pack_job.make(db, period, lang, enrolled, path), self._pack_made, self._save_failed)

    def _pack_made(self, made: pack_job.Made) -> None:
        self._done(made.path)
        note = _("Code {code}.").format(code=made.sealed.code)
        if made.offline:
            note += " " + _("The cloud could not be reached, so the shop's own key signed it.")
        self.message.setText(self.message.text() + " " + note)

    def save_xlsx(self) -> None:
        """Ask where, then write the period's journal lines and sales as an XLSX workbook on the worker."""
        if self.view is None:
            return
        period = self.view.period
        name = f"pembukuan-{period.start:%Y%m%d}-{period.end:%Y%m%d}.xlsx"
        chosen = self.choose_path(_("Save XLSX"), name, _("Excel workbooks (*.xlsx)"))
        if not chosen:
            return
        path = Path(chosen)
        self._busy(True)
        self.tasks.read(lambda s: write_xlsx(s, period, path), self._done, self._save_failed)

"""The channel report for a period: sales, ongkir, commissions, refunds and net takings per channel, and what each
platform paid out and still owes. The figures are the core's (`channel_report`); this tab only lays them out."""

from __future__ import annotations

import datetime as dt
from typing import Final

from PySide6.QtCore import QDate, Signal
from PySide6.QtWidgets import QComboBox, QDateEdit, QHBoxLayout, QVBoxLayout, QWidget

from pos import i18n
from pos.i18n import N_, _
from pos.ledger.base import fmt
from pos.ledger.base.period import Period
from pos.ledger.reports.channels import ChannelReport, ChannelRow, PlatformOwed
from pos.ui.reports.screen import PERIODS
from pos.ui.widgets.record_table import Column, RecordModel, record_view
from pos.ui.widgets.style import ACCENT, BAD, MUTED_TEXT, label


def _amount(value: int) -> str:
    return fmt.rupiah(value) if value else "–"


def _name(row: ChannelRow) -> str:
    return _("Total") if row.channel == "total" else row.name


REPORT_COLUMNS: Final[tuple[Column[ChannelRow], ...]] = (
    Column(N_("Channel"), _name),
    Column(N_("Sales"), lambda r: str(r.sales), right=True),
    Column(N_("Goods"), lambda r: fmt.rupiah(r.goods), right=True),
    Column(N_("Delivery fees"), lambda r: _amount(r.delivery_fees), right=True),
    Column(N_("Takings"), lambda r: fmt.rupiah(r.total), right=True),
    Column(
        N_("Commission"), lambda r: _amount(r.commission), right=True, colour=lambda r: BAD if r.commission else None
    ),
    Column(N_("Refunds"), lambda r: _amount(r.refunds), right=True),
    Column(
        N_("Net takings"),
        lambda r: fmt.rupiah(r.net),
        right=True,
        colour=lambda r: ACCENT if r.channel == "total" else None,
    ),
)
OWED_COLUMNS: Final[tuple[Column[PlatformOwed], ...]] = (
    Column(N_("Platform"), lambda r: r.name),
    Column(N_("Paid out in the period"), lambda r: fmt.rupiah(r.settled), right=True),
    Column(N_("Still owed at its end"), lambda r: fmt.rupiah(r.owed), right=True),
)


class ReportTab(QWidget):
    """`wanted` asks for the report of (choice, custom period or None); the screen calls `show_report`."""

    wanted = Signal(str, object)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.report: ChannelReport | None = None
        self.choice = QComboBox()
        self.choice.setObjectName("reportPeriod")
        for key, text in PERIODS:
            self.choice.addItem(_(text), key)
        self.choice.setCurrentIndex(1)  # this month
        self.start_edit = QDateEdit()
        self.end_edit = QDateEdit()
        for edit in (self.start_edit, self.end_edit):
            edit.setCalendarPopup(True)
            edit.setDisplayFormat("dd-MM-yyyy")
            edit.setDate(QDate.currentDate())
            edit.dateChanged.connect(lambda _date: self.ask() if self.key == "custom" else None)
            edit.hide()
        self.choice.currentIndexChanged.connect(lambda _index: self._choice_changed())
        self.period = label(style=MUTED_TEXT)
        top = QHBoxLayout()
        top.addWidget(label(_("Period")))
        top.addWidget(self.choice)
        top.addWidget(self.start_edit)
        top.addWidget(self.end_edit)
        top.addWidget(self.period, 1)
        self.model = RecordModel(REPORT_COLUMNS, self)
        # Goods, delivery fees and refunds make room on a small screen: takings and net takings stay.
        self.view = record_view(self.model, optional=(2, 3, 6))
        self.view.setObjectName("channelReport")
        self.owed = RecordModel(OWED_COLUMNS, self)
        self.owed_view = record_view(self.owed)
        self.owed_view.setObjectName("platformsOwed")
        self.owed_view.setMaximumHeight(170)
        self.note = label(
            _("Net takings are what customers paid, ongkir included, less the platforms' commission and refunds."),
            style=MUTED_TEXT,
        )
        self.note.setWordWrap(True)
        box = QVBoxLayout(self)
        box.setContentsMargins(0, 8, 0, 0)
        box.setSpacing(8)
        box.addLayout(top)
        box.addWidget(self.view, 3)
        box.addWidget(self.note)
        box.addWidget(label(_("What the platforms owe"), bold=True))
        box.addWidget(self.owed_view, 1)

    @property
    def key(self) -> str:
        return str(self.choice.currentData())

    def custom(self) -> Period | None:
        start, end = self.start_edit.date().toPython(), self.end_edit.date().toPython()
        if not isinstance(start, dt.date) or not isinstance(end, dt.date) or end < start:
            return None
        return Period(start, end)

    def set_custom_period(self, period: Period) -> None:
        for edit, day in ((self.start_edit, period.start), (self.end_edit, period.end)):
            edit.blockSignals(True)
            edit.setDate(QDate(day.year, day.month, day.day))
            edit.blockSignals(False)
        self.choice.setCurrentIndex(self.choice.findData("custom"))  # asks

    def _choice_changed(self) -> None:
        for edit in (self.start_edit, self.end_edit):
            edit.setVisible(self.key == "custom")
        self.ask()

    def ask(self) -> None:
        custom = self.custom() if self.key == "custom" else None
        if self.key == "custom" and custom is None:
            self.period.setText(_("The period ends before it starts."))
            return
        self.wanted.emit(self.key, custom)

    def show_report(self, report: ChannelReport) -> None:
        self.report = report
        lang = i18n.language()
        self.period.setText(f"{fmt.date(report.period.start, lang)} – {fmt.date(report.period.end, lang)}")
        self.model.set_rows([*report.rows, report.total] if report.rows else [])
        self.owed.set_rows(report.platforms)

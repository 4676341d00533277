"""What the shop owes its suppliers by age (Utang usaha): current, 1–30, 31–60, 61–90 and over 90 days late,
supplier by supplier, as `payables.payables_ageing` reads it on the database worker."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from PySide6.QtWidgets import QHBoxLayout, QVBoxLayout, QWidget
from sqlalchemy.orm import Session

from pos import i18n
from pos.i18n import N_, _
from pos.ledger.base import fmt
from pos.ledger.books.payables import PayableAgeing, payables_ageing
from pos.ledger.reports.dashboard import shop_today
from pos.ui.tasks import TaskManager, failure_message
from pos.ui.widgets.buttons import BigButton
from pos.ui.widgets.fitted_dialog import FittedDialog
from pos.ui.widgets.record_table import Column, RecordModel, record_view
from pos.ui.widgets.style import BAD, ERROR_TEXT, MUTED_TEXT, label


def _late(n: int) -> Column[PayableAgeing]:
    return Column(
        (N_("1–30 days"), N_("31–60 days"), N_("61–90 days"), N_("> 90 days"))[n - 1],
        lambda r: fmt.rupiah(r.buckets[n]) if r.buckets[n] else "",
        right=True,
        colour=lambda r: BAD if r.buckets[n] else None,
    )


AGEING_COLUMNS: tuple[Column[PayableAgeing], ...] = (
    Column(N_("Supplier"), lambda r: r.name),
    Column(N_("Next due"), lambda r: fmt.date(r.soonest_due, i18n.language()) if r.soonest_due else ""),
    Column(N_("Current"), lambda r: fmt.rupiah(r.buckets[0]) if r.buckets[0] else "", right=True),
    _late(1),
    _late(2),
    _late(3),
    _late(4),
    Column(N_("Total"), lambda r: fmt.rupiah(r.total), right=True),
)


@dataclass(frozen=True, slots=True)
class AgeingRead:
    today: dt.date
    ageing: tuple[PayableAgeing, ...]


def read_ageing(session: Session) -> AgeingRead:
    today = shop_today(session)
    return AgeingRead(today, tuple(payables_ageing(session, today)))


class AgeingDialog(FittedDialog):
    """The ageing, read when it opens."""

    def __init__(self, tasks: TaskManager, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("ageingDialog")
        self.setWindowTitle(_("Owed to suppliers by age"))
        self.resize(1000, 480)
        self.model = RecordModel(AGEING_COLUMNS, self)
        # The next due date is the dashboard's too: on a narrow screen it gives way to the ageing's own columns.
        self.table = record_view(self.model, stretch=0, optional=(1,))
        self.heading = label(_("Owed to suppliers by age"), factor=1.4, bold=True)
        self.total = label(bold=True)
        self.total.setWordWrap(True)
        close = BigButton(_("Close"), "Esc", on_click=self.accept)
        under = QHBoxLayout()
        under.addWidget(self.total, 1)
        under.addWidget(close)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(24, 18, 24, 18)
        layout.addWidget(self.heading)
        layout.addWidget(label(_("Pay a bill from the Suppliers tab or from the dashboard."), style=MUTED_TEXT))
        layout.addWidget(self.table, 1)
        layout.addLayout(under)
        tasks.read(read_ageing, self.show_ageing, self._failed)

    def show_ageing(self, read: AgeingRead) -> None:
        self.heading.setText(_("Owed to suppliers by age, {day}").format(day=fmt.date(read.today, i18n.language())))
        self.model.set_rows(read.ageing)
        owed = sum(a.total for a in read.ageing)
        late = sum(sum(a.buckets[1:]) for a in read.ageing)
        self.total.setText(
            _("Owed to suppliers {owed}, of which {late} is overdue.").format(
                owed=fmt.rupiah(owed), late=fmt.rupiah(late)
            )
        )

    def _failed(self, error: BaseException) -> None:
        self.total.setStyleSheet(ERROR_TEXT)
        self.total.setText(failure_message(error))

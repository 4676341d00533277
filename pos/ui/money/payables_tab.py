"""What the shop owes its suppliers by age (Utang usaha): not yet due, 1–30, 31–60, 61–90 and over 90 days late,
supplier by supplier, from `payables.payables_ageing`; and settling with consignors, from the same place."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QHBoxLayout, QVBoxLayout, QWidget

from pos import i18n
from pos.i18n import N_, _
from pos.ledger.base import fmt
from pos.ledger.books.payables import PayableAgeing
from pos.ui.widgets.buttons import BigButton
from pos.ui.widgets.entry_form import BUTTON_HEIGHT
from pos.ui.widgets.record_table import Column, RecordModel, record_view
from pos.ui.widgets.style import BAD, MUTED_TEXT, label


def _late(n: int) -> Column[PayableAgeing]:
    return Column(
        (N_("1–30 days"), N_("31–60 days"), N_("61–90 days"), N_("over 90 days"))[n - 1],
        lambda r: fmt.rupiah(r.buckets[n]) if r.buckets[n] else "",
        right=True,
        colour=lambda r: BAD if r.buckets[n] else None,
    )


AGEING_COLUMNS: tuple[Column[PayableAgeing], ...] = (
    Column(N_("Supplier"), lambda r: r.name),
    Column(N_("Next due"), lambda r: fmt.date(r.soonest_due, i18n.language()) if r.soonest_due else ""),
    Column(N_("Not yet due"), lambda r: fmt.rupiah(r.buckets[0]) if r.buckets[0] else "", right=True),
    _late(1),
    _late(2),
    _late(3),
    _late(4),
    Column(N_("Total"), lambda r: fmt.rupiah(r.total), right=True),
)


class PayablesTab(QWidget):
    """The ageing of what the shop owes; `settle_requested` asks for the consignment settlement."""

    settle_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.model = RecordModel(AGEING_COLUMNS, self)
        self.table = record_view(self.model, stretch=0)
        self.total = label(bold=True)
        self.settle_button = BigButton(
            _("Settle with a consignor…"), height=BUTTON_HEIGHT, on_click=self.settle_requested.emit
        )
        top = QHBoxLayout()
        top.addWidget(label(_("Pay a bill from the Suppliers tab or from the dashboard."), style=MUTED_TEXT), 1)
        top.addWidget(self.settle_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 8, 0, 0)
        layout.addLayout(top)
        layout.addWidget(self.table, 1)
        layout.addWidget(self.total)

    def show_ageing(self, ageing: tuple[PayableAgeing, ...]) -> None:
        self.model.set_rows(ageing)
        owed = sum(a.total for a in ageing)
        late = sum(sum(a.buckets[1:]) for a in ageing)
        self.total.setText(
            _("Owed to suppliers {owed}, of which {late} is overdue.").format(
                owed=fmt.rupiah(owed), late=fmt.rupiah(late)
            )
        )

"""The opening balances in the owner's money screen: what stands (or that none do yet), the capital that balances
them, the supplier debts still due, and the way to enter or correct them."""

from __future__ import annotations

from PySide6.QtWidgets import QHBoxLayout, QVBoxLayout, QWidget

from pos import i18n
from pos.i18n import N_, _
from pos.ledger.base import fmt
from pos.ledger.books.approvals import Actor
from pos.ledger.books.opening_balances import capital_explained
from pos.ledger.books.opening_view import OpeningLine
from pos.ui.opening.dialog import OpeningDialog
from pos.ui.opening.reading import OpeningState, read_opening
from pos.ui.tasks import TaskManager, failure_message
from pos.ui.widgets.buttons import BigButton
from pos.ui.widgets.entry_form import BUTTON_HEIGHT
from pos.ui.widgets.record_table import Column, RecordModel, record_view
from pos.ui.widgets.style import ERROR_TEXT, MUTED_TEXT, label

KIND_NAMES = {
    "cash": N_("Cash in a drawer"),
    "bank": N_("Bank"),
    "ewallet": N_("E-wallet"),
    "stock": N_("Stock at cost"),
    "receivable": N_("Customer's kasbon"),
    "equipment": N_("Equipment"),
    "other_asset": N_("Other asset"),
    "payable": N_("Owed to a supplier"),
    "loan": N_("Loan"),
}


def _when(line: OpeningLine) -> str:
    day = line.since if line.kind == "receivable" else line.due
    if day is not None:
        text = _("since {day}") if line.kind == "receivable" else _("due {day}")
        return text.format(day=fmt.date(day, i18n.language()))
    if line.life_months:
        return _("{n} months").format(n=line.life_months)
    return ""


LINE_COLUMNS: tuple[Column[OpeningLine], ...] = (
    Column(N_("Kind"), lambda r: _(KIND_NAMES.get(r.kind, r.kind))),
    Column(N_("Name"), lambda r: r.label or _("products on the shelf")),
    Column(N_("Amount"), lambda r: fmt.rupiah(r.amount), right=True),
    Column(N_("Date or life"), _when),
)


class OpeningTab(QWidget):
    """Read with the money screen (`refresh`), which reads again on the change posting the balances announces."""

    def __init__(self, tasks: TaskManager, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.tasks = tasks
        self.actor: Actor | None = None
        self.state: OpeningState | None = None
        self.dialog: OpeningDialog | None = None
        self.summary = label(bold=True)
        self.summary.setWordWrap(True)
        self.explained = label(style=MUTED_TEXT)
        self.explained.setWordWrap(True)
        self.enter_button = BigButton(
            _("Enter the opening balances…"), kind="primary", height=BUTTON_HEIGHT, on_click=self.open_dialog
        )
        self.enter_button.setMaximumWidth(340)
        self.model = RecordModel(LINE_COLUMNS, self)
        self.table = record_view(self.model, stretch=1)
        self.due = label(style=MUTED_TEXT)
        self.due.setWordWrap(True)
        top = QHBoxLayout()
        top.addWidget(self.summary, 1)
        top.addWidget(self.enter_button)
        box = QVBoxLayout(self)
        box.setContentsMargins(0, 8, 0, 0)
        box.setSpacing(8)
        box.addLayout(top)
        box.addWidget(self.explained)
        box.addWidget(self.table, 1)
        box.addWidget(self.due)
        self.set_actor(None)

    def set_actor(self, actor: Actor | None) -> None:
        self.actor = actor
        self.enter_button.setEnabled(actor is not None and actor.is_owner)

    def refresh(self) -> None:
        self.tasks.read(read_opening, self.show_state, self._failed)

    def show_state(self, state: OpeningState) -> None:
        self.state = state
        view = state.view
        if view is None:
            self.summary.setText(_("No opening balances yet."))
            self.explained.setText(
                _(
                    "A shop that traded before Laci brings in what it has and owes on the day its books start: "
                    "cash, bank, stock, kasbon, debts, equipment and loans."
                )
            )
            self.enter_button.setText(_("Enter the opening balances…"))
            self.model.set_rows(())
            self.due.setText("")
            return
        self.summary.setText(
            _("Opening balances on {day}: owner's capital {capital}").format(
                day=fmt.date(view.day, i18n.language()), capital=fmt.rupiah(view.capital)
            )
        )
        self.explained.setText(capital_explained(view.total_assets, view.total_debts, view.day))
        self.enter_button.setText(_("Correct the opening balances…"))
        self.model.set_rows(view.lines)
        self.due.setText(
            _("Still owed to suppliers from the opening balances: {debts}.").format(
                debts="; ".join(
                    f"{d.supplier} {fmt.rupiah(d.left)}" + (f" ({fmt.date(d.due, i18n.language())})" if d.due else "")
                    for d in state.due
                )
            )
            if state.due
            else ""
        )

    def open_dialog(self) -> OpeningDialog | None:
        if self.actor is None:
            return None
        self.dialog = OpeningDialog(self.tasks, self.actor, self)
        self.dialog.open()
        return self.dialog

    def _failed(self, error: BaseException) -> None:
        self.explained.setStyleSheet(ERROR_TEXT)
        self.explained.setText(failure_message(error))

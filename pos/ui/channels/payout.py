"""Recording a platform's payout as its statement lists it: every sale owed, the sales up to a day or of a period,
or sales chosen one by one; what they owe (read by the core), the money that arrived, and, when the two differ,
where the owner books the difference. The core refuses what cannot be booked and says why."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Final

from PySide6.QtCore import QDate, Qt, Signal
from PySide6.QtWidgets import QComboBox, QDateEdit, QHBoxLayout, QLineEdit, QListWidget, QListWidgetItem, QWidget

from pos.i18n import N_, _
from pos.ledger.base import fmt
from pos.ledger.base.errors import LedgerError
from pos.ledger.channels.payouts import PAYOUT_ACCOUNTS, difference_choices
from pos.ledger.channels.platform_owed import OwedLine, PayoutMatch
from pos.ui.counter.labels import method_name
from pos.ui.widgets.buttons import BigButton
from pos.ui.widgets.entry_form import BUTTON_HEIGHT, EntryForm, caption
from pos.ui.widgets.form_dialog import FormDialog
from pos.ui.widgets.style import TOUCH_HEIGHT, label

# How the platform's statement names the sales a payout is for.
SCOPES: Final = (
    ("all", N_("Every sale owed")),
    ("up_to", N_("Sales up to a day")),
    ("period", N_("Sales of a period")),
    ("sales", N_("Sales chosen one by one")),
)
DIFFERENCE_NAMES: Final = {
    "commission": N_("the platform's commission"),
    "income": N_("other income"),
    "platform": N_("left on the platform's account"),
}


def _date_field(name: str) -> QDateEdit:
    field = QDateEdit()
    field.setObjectName(name)
    field.setCalendarPopup(True)
    field.setDisplayFormat("dd-MM-yyyy")
    field.setMinimumHeight(TOUCH_HEIGHT)
    field.setDate(QDate.currentDate().addDays(-1))
    return field


def _day(field: QDateEdit) -> dt.date | None:
    chosen = field.date().toPython()
    return chosen if isinstance(chosen, dt.date) else None


class PayoutBox(EntryForm):
    """A platform's payout. `wanted` asks the screen to read what the chosen sales owe; `submitted` (the amount)
    asks it to record the payout with `match_args()`, `difference()` and the other fields."""

    wanted = Signal()

    def __init__(self) -> None:
        self.scope = QComboBox()
        self.scope.setObjectName("payoutScope")
        self.scope.setMinimumHeight(TOUCH_HEIGHT)
        for key, text in SCOPES:
            self.scope.addItem(_(text), key)
        self.start = _date_field("payoutFrom")
        self.up_to = _date_field("payoutUpTo")
        self.choose_button = BigButton(_("Choose sales…"), height=BUTTON_HEIGHT, on_click=self.choose_sales)
        self.choose_button.setObjectName("payoutChooseSales")
        days = QWidget()
        days_row = QHBoxLayout(days)
        days_row.setContentsMargins(0, 0, 0, 0)
        days_row.addWidget(self.start, 1)
        days_row.addWidget(self.up_to, 1)
        days_row.addWidget(self.choose_button, 1)
        self.method = QComboBox()
        self.method.setObjectName("payoutMethod")
        self.method.setMinimumHeight(TOUCH_HEIGHT)
        for code in PAYOUT_ACCOUNTS:
            self.method.addItem(method_name(code), code)
        self.reference = QLineEdit()
        self.reference.setObjectName("payoutReference")
        self.reference.setMinimumHeight(TOUCH_HEIGHT)
        self.reference.setMaxLength(64)
        self.reference.setPlaceholderText(_("As on the platform's statement"))
        super().__init__(
            _("Record a payout"),
            _("Record payout"),
            [(_("Pays for"), self.scope), ("", days)],
            all_button=True,
        )
        self.days = days
        self.owed = label(bold=True)
        self.owed.setObjectName("payoutOwed")
        self.owed.setWordWrap(True)
        self.difference_caption = caption(_("Difference"))
        self.difference_choice = QComboBox()
        self.difference_choice.setObjectName("payoutDifference")
        self.difference_choice.setMinimumHeight(TOUCH_HEIGHT)
        self.form.insertRow(2, self.owed)
        self.form.insertRow(4, self.difference_caption, self.difference_choice)
        self.form.insertRow(5, caption(_("Paid into")), self.method)
        self.form.insertRow(6, caption(_("Reference")), self.reference)
        # The statement's reference says what a note would; one field less keeps the box within a small screen.
        self.form.setRowVisible(self.note, False)
        self.amount.setObjectName("payoutAmount")
        self.submit_button.setObjectName("recordPayout")
        self.match: PayoutMatch | None = None
        self.lines: tuple[OwedLine, ...] = ()
        self.chosen: list[str] = []
        self.sales_dialog: SalesDialog | None = None
        self.scope.currentIndexChanged.connect(lambda _index: self._scope_changed())
        self.start.dateChanged.connect(lambda _date: self.wanted.emit())
        self.up_to.dateChanged.connect(lambda _date: self.wanted.emit())
        self.amount.textChanged.connect(lambda _text: self._show_difference())
        self._scope_changed(ask=False)

    # --- which sales --------------------------------------------------------------------------------------------

    @property
    def scope_key(self) -> str:
        return str(self.scope.currentData())

    def _scope_changed(self, *, ask: bool = True) -> None:
        key = self.scope_key
        self.start.setVisible(key == "period")
        self.up_to.setVisible(key in ("up_to", "period"))
        self.choose_button.setVisible(key == "sales")
        self.days.setVisible(key != "all")
        label_of_days = self.form.labelForField(self.days)
        if label_of_days is not None:
            label_of_days.setVisible(key != "all")
        if ask:
            self.wanted.emit()

    def match_args(self) -> tuple[list[str], dt.date | None, dt.date | None]:
        """The sales the payout is for, as the core's matching takes them: receipts, first day, last day."""
        key = self.scope_key
        if key == "sales":
            return list(self.chosen), None, None
        start = _day(self.start) if key == "period" else None
        end = _day(self.up_to) if key in ("up_to", "period") else None
        return [], start, end

    def show_match(self, match: PayoutMatch | None, lines: Sequence[OwedLine] = ()) -> None:
        """What the chosen sales owe, as the core read it ("All of it" fills that in), and every sale the platform
        still owes for, to choose from."""
        self.match = match
        self.lines = tuple(lines)
        self.set_most(max(match.owed, 0) if match else 0)
        if self.scope_key == "sales":
            self.choose_button.setText(_("Choose sales… ({n})").format(n=len(self.chosen)))
        self._show_difference()

    def choose_sales(self) -> None:
        """The sales owed (read with "Every sale owed" before) to tick as the statement lists them."""
        if self.sales_dialog is not None:
            return
        dialog = SalesDialog(self.lines, self.chosen, self)
        self.sales_dialog = dialog
        dialog.chosen.connect(self._sales_chosen)
        dialog.finished.connect(lambda _result: self._dialog_closed(dialog))
        dialog.open()

    def _sales_chosen(self, receipts: list[str]) -> None:
        self.chosen = receipts
        self.wanted.emit()

    def _dialog_closed(self, dialog: SalesDialog) -> None:
        if self.sales_dialog is dialog:
            self.sales_dialog = None
        dialog.deleteLater()

    # --- the difference -----------------------------------------------------------------------------------------

    def _received(self) -> int | None:
        try:
            found = self.amount.amount_or_none()
        except LedgerError:
            return None
        return found.rupiah if found is not None else None

    def _show_difference(self) -> None:
        received = self._received()
        owed = self.match.owed if self.match else 0
        choices = difference_choices(owed, received) if received is not None and self.match else ()
        keep = self.difference()
        self.difference_choice.clear()
        for key in choices:
            self.difference_choice.addItem(_(DIFFERENCE_NAMES[key]), key)
        if keep in choices:
            self.difference_choice.setCurrentIndex(choices.index(keep))
        self.form.setRowVisible(self.difference_choice, bool(choices))
        match = self.match
        if match is None:
            self.owed.setText("")
            return
        sales = sum(1 for line in match.lines if line.sale_id is not None)
        text = _("{name} owes {owed} for these sales ({count}).").format(
            name=match.name, owed=fmt.rupiah(match.owed), count=sales
        )
        if choices and received is not None:
            gap = fmt.rupiah(abs(received - owed))
            text += " " + (
                _("{amount} less arrived:").format(amount=gap)
                if received < owed
                else _("{amount} more arrived:").format(amount=gap)
            )
            text += " " + _("say where the difference goes.")
        self.owed.setText(text)

    def difference(self) -> str:
        """Where the owner books the difference; "" when there is none."""
        return str(self.difference_choice.currentData() or "") if self.difference_choice.count() else ""

    def reset(self) -> None:
        self.amount.clear()
        self.note.clear()
        self.reference.clear()
        self.chosen = []
        self.scope.setCurrentIndex(0)
        self.up_to.setDate(QDate.currentDate().addDays(-1))
        self.start.setDate(QDate.currentDate().addDays(-1))
        self.say("")

    def done(self, text: str) -> None:
        super().done(text)
        self.reference.clear()
        self.chosen = []


class SalesDialog(FormDialog):
    """The sales a platform still owes for, ticked as its statement lists them; `chosen` carries their receipts."""

    chosen = Signal(object)

    def __init__(self, lines: Sequence[OwedLine], ticked: Sequence[str], parent: QWidget | None = None) -> None:
        super().__init__(_("Sales the payout is for"), _("Use these sales"), parent)
        self.setObjectName("payoutSalesDialog")
        self.list = QListWidget()
        self.list.setObjectName("payoutSales")
        self.list.setMinimumHeight(320)
        for line in lines:
            if line.sale_id is None:
                continue
            day = fmt.date(line.day) if line.day else ""
            item = QListWidgetItem(f"{line.receipt_no}   ·   {day}   ·   {fmt.rupiah(line.owed)}")
            item.setData(Qt.ItemDataRole.UserRole, line.receipt_no)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Checked if line.receipt_no in ticked else Qt.CheckState.Unchecked)
            self.list.addItem(item)
        self.form.addRow(self.list)
        if not self.list.count():
            self.say(_("The platform owes nothing for any sale."))
        self.submitted.connect(self._use)

    def receipts(self) -> list[str]:
        return [
            str(self.list.item(n).data(Qt.ItemDataRole.UserRole))
            for n in range(self.list.count())
            if self.list.item(n).checkState() == Qt.CheckState.Checked
        ]

    def _use(self) -> None:
        self.chosen.emit(self.receipts())
        self.accept()

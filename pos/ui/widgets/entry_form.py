"""A box for booking an amount: its own fields, then the amount (with "All of it" when there is a most) and a
note, one main button and a line for what the core answered."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QFormLayout, QGroupBox, QHBoxLayout, QLabel, QLineEdit, QVBoxLayout, QWidget

from pos.i18n import _
from pos.ledger.base.errors import LedgerError
from pos.ui.widgets.buttons import BigButton
from pos.ui.widgets.money_field import MoneyField
from pos.ui.widgets.record_table import GROUP_STYLE
from pos.ui.widgets.style import ERROR_TEXT, MUTED_TEXT, OK_TEXT, TOUCH_HEIGHT, label

# The owner's screens are used at a desk as often as by touch: a little lower than the counter's buttons.
BUTTON_HEIGHT = 42
FORM_WIDTH = 420


def caption(text: str) -> QLabel:
    """A form label centred on its touch-height field rather than stuck to the field's top edge."""
    made = QLabel(text)
    made.setMinimumHeight(TOUCH_HEIGHT)
    made.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
    return made


class EntryForm(QGroupBox):
    """`rows` (label, field), the amount (first or after them) and a note; `submitted` carries the amount once it
    reads as money.

    The rules (a positive amount, no more than is owed, two different accounts) are the core's: the form shows
    what the core answers through `say`.
    """

    submitted = Signal(object)

    def __init__(
        self,
        title: str,
        submit_text: str,
        rows: Sequence[tuple[str, QWidget]],
        *,
        all_button: bool = False,
        amount_first: bool = False,
    ) -> None:
        super().__init__(title)
        self.setStyleSheet(GROUP_STYLE)
        self.setFixedWidth(FORM_WIDTH)
        self.most = 0
        self.amount = MoneyField()
        self.amount.returnPressed.connect(self.submit)
        self.all_button = BigButton(_("All of it"), height=BUTTON_HEIGHT, on_click=self.fill_all)
        if not all_button:
            # Only ever hidden here: a widget without a parent yet that is made visible opens as a window of its
            # own for a moment, taking the keyboard from the window it will join.
            self.all_button.hide()
        # The amount's large figures give way to the button's word, never the other way round.
        self.all_button.setMinimumWidth(self.all_button.sizeHint().width())
        amount_row = QHBoxLayout()
        amount_row.addWidget(self.amount, 3)
        amount_row.addWidget(self.all_button, 2)
        self.note = QLineEdit()
        self.note.setMinimumHeight(TOUCH_HEIGHT)
        self.note.setMaxLength(200)
        self.note.setPlaceholderText(_("Note (optional)"))
        self.submit_button = BigButton(submit_text, kind="primary", on_click=self.submit)
        self.status = label(style=MUTED_TEXT)
        self.status.setWordWrap(True)
        self.status.setMinimumHeight(self.status.fontMetrics().lineSpacing() * 2 + 4)
        self.form = QFormLayout()
        self.form.setVerticalSpacing(8)
        if amount_first:
            self.form.addRow(caption(_("Amount")), amount_row)
        for text, field in rows:
            self.form.addRow(caption(text), field)
        if not amount_first:
            self.form.addRow(caption(_("Amount")), amount_row)
        self.form.addRow(caption(_("Note")), self.note)
        box = QVBoxLayout(self)
        box.addLayout(self.form)
        box.addWidget(self.submit_button)
        box.addWidget(self.status)

    def set_most(self, amount: int) -> None:
        """What "All of it" fills in (what is owed)."""
        self.most = amount
        self.all_button.setEnabled(amount > 0)

    def fill_all(self) -> None:
        self.amount.set_amount(self.most)

    def submit(self) -> None:
        if not self.submit_button.isEnabled():
            return
        try:
            amount = self.amount.amount()
        except LedgerError as error:
            self.say(str(error), error=True)
            return
        self.submitted.emit(amount)

    def busy(self, busy: bool) -> None:
        self.submit_button.setEnabled(not busy)

    def done(self, text: str) -> None:
        """Booked: clear the amount and note for the next one and say what was done."""
        self.busy(False)
        self.amount.clear()
        self.note.clear()
        self.say(text, ok=True)

    def say(self, text: str, *, error: bool = False, ok: bool = False) -> None:
        self.status.setText(text)
        self.status.setStyleSheet(ERROR_TEXT if error else OK_TEXT if ok else MUTED_TEXT)

    def note_text(self) -> str:
        return self.note.text().strip()

"""The two boxes beside a customer's ledger: taking a kasbon payment, and the reminder to send on WhatsApp."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QUrl, Signal
from PySide6.QtGui import QDesktopServices, QGuiApplication
from PySide6.QtWidgets import QComboBox, QGroupBox, QHBoxLayout, QPlainTextEdit, QVBoxLayout

from pos.i18n import _
from pos.ledger.base import fmt
from pos.ledger.base.money import Money
from pos.ledger.people.kasbon import PAYMENT_METHODS, Reminder
from pos.ui.counter.labels import method_name
from pos.ui.widgets.buttons import BigButton
from pos.ui.widgets.entry_form import BUTTON_HEIGHT, EntryForm
from pos.ui.widgets.record_table import GROUP_STYLE
from pos.ui.widgets.style import MUTED_TEXT, OK_TEXT, TOUCH_HEIGHT, label


class PaymentBox(EntryForm):
    """Amount, method and note; `requested` carries (amount, method, note) once the amount reads as money.

    Whether the amount is more than is owed is the core's to decide; the box only shows what it answers.
    """

    requested = Signal(object, str, str)

    def __init__(self) -> None:
        method = QComboBox()
        method.setObjectName("kasbonMethod")
        method.setMinimumHeight(TOUCH_HEIGHT)
        # The credit's amount is written into its item: the list may be wider than the box, the box is not.
        method.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        method.setMinimumContentsLength(12)
        for code in PAYMENT_METHODS:
            method.addItem(method_name(code), code)
        super().__init__(
            _("Take a payment"), _("Record payment"), [(_("Paid with"), method)], all_button=True, amount_first=True
        )
        self.method = method
        self.amount.setObjectName("kasbonAmount")
        self.submit_button.setObjectName("kasbonPay")
        self.owed = 0
        self.credit = 0
        self.method.currentIndexChanged.connect(lambda _index: self._most_for_method())
        self.submitted.connect(
            lambda amount: self.requested.emit(amount, str(self.method.currentData()), self.note_text())
        )

    def set_customer(self, owed: int, credit: int) -> None:
        """What the chosen customer owes and keeps in credit: paying from credit is offered only with some."""
        self.owed, self.credit = owed, credit
        at = self.method.findData("credit")
        item = self.method.model().item(at)  # type: ignore[attr-defined]
        if item is not None:
            item.setEnabled(credit > 0)
            self.method.setItemText(
                at, f"{method_name('credit')} ({fmt.rupiah(credit)})" if credit > 0 else method_name("credit")
            )
        if credit <= 0 and self.method.currentData() == "credit":
            self.method.setCurrentIndex(0)
        self._most_for_method()

    def _most_for_method(self) -> None:
        """ "All of it" pays the whole tab, or from credit as much as the credit covers."""
        paying_from_credit = self.method.currentData() == "credit"
        self.set_most(min(self.owed, self.credit) if paying_from_credit else self.owed)

    def paid(self, amount: Money, name: str, method: str = "cash") -> None:
        if method == "credit":
            self.done(_("{amount} of {name}'s credit paid the kasbon.").format(amount=fmt.rupiah(amount), name=name))
        else:
            self.done(_("{amount} received from {name}.").format(amount=fmt.rupiah(amount), name=name))


class ReminderBox(QGroupBox):
    """The core's reminder text, "Copy" to the clipboard and "Open WhatsApp" on the wa.me link.

    `open_url` opens the link; tests replace it so no browser starts.
    """

    def __init__(self) -> None:
        super().__init__(_("Reminder"))
        self.setStyleSheet(GROUP_STYLE)
        self.open_url: Callable[[QUrl], object] = QDesktopServices.openUrl
        self.link: str | None = None
        self.text = QPlainTextEdit()
        self.text.setObjectName("reminderText")
        self.text.setReadOnly(True)
        self.text.setFixedHeight(self.text.fontMetrics().lineSpacing() * 3 + 14)
        self.text.setStyleSheet(
            "QPlainTextEdit { background: #ffffff; border: 1px solid #d5d8dd; font-weight: normal; }"
        )
        self.copy_button = BigButton(_("Copy"), height=BUTTON_HEIGHT, on_click=self.copy)
        self.whatsapp_button = BigButton(_("Open WhatsApp"), height=BUTTON_HEIGHT, on_click=self.open_whatsapp)
        self.status = label(style=MUTED_TEXT)
        self.status.setWordWrap(True)
        buttons = QVBoxLayout()
        buttons.setSpacing(6)
        buttons.addWidget(self.copy_button)
        buttons.addWidget(self.whatsapp_button)
        row = QHBoxLayout()
        row.addWidget(self.text, 1)
        row.addLayout(buttons)
        box = QVBoxLayout(self)
        box.setSpacing(4)
        box.addLayout(row)
        box.addWidget(self.status)

    def show_reminder(self, reminder: Reminder | None, why_none: str = "") -> None:
        """The core's reminder, or with none, `why_none` (their credit covers the tab, or they never bought on
        kasbon)."""
        self.text.setPlainText(reminder.text if reminder else "")
        self.link = reminder.link if reminder else None
        self.copy_button.setEnabled(reminder is not None)
        self.whatsapp_button.setEnabled(self.link is not None)
        if reminder is None:
            self._note(why_none)
            return
        self._note("" if self.link else _("No WhatsApp number: add the customer's phone to send it."))

    def copy(self) -> None:
        QGuiApplication.clipboard().setText(self.text.toPlainText())
        self._note(_("Copied. Paste it into a message."), OK_TEXT)

    def _note(self, text: str, style: str = MUTED_TEXT) -> None:
        # Hidden when empty, so the box takes no more room than the text and its buttons.
        self.status.setStyleSheet(style)
        self.status.setText(text)
        self.status.setVisible(bool(text))

    def open_whatsapp(self) -> None:
        if self.link:
            self.open_url(QUrl(self.link))

"""The right-hand pages of the payment dialog; layout only, the dialog (`payment.py`) wires them to the core.

Cash (with the quick notes and the buttons for the other methods), QRIS, transfer or e-wallet with a reference,
kasbon, and a sale a platform pays for.
"""

from __future__ import annotations

from typing import Final

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QFrame, QGridLayout, QHBoxLayout, QLabel, QLineEdit, QVBoxLayout, QWidget

from pos.i18n import _
from pos.ledger.base import fmt
from pos.ledger.counter.payments import EWALLET_PROVIDERS
from pos.ui.counter.labels import method_name
from pos.ui.widgets.buttons import BigButton
from pos.ui.widgets.money_field import MoneyField
from pos.ui.widgets.qr_view import QrView
from pos.ui.widgets.style import AMOUNT_POINT_SIZE, BIG_TOUCH_HEIGHT, MUTED_TEXT, TOUCH_HEIGHT, font, label

# How many quick cash buttons; their amounts follow the bill (`quick_cash.quick_notes`).
QUICK_COUNT: Final = 3
_BUTTON_HEIGHT: Final = BIG_TOUCH_HEIGHT - 8


class CashPage(QWidget):
    """The cash received (typed, or a quick note) and the buttons for every other way to pay."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.amount = MoneyField(point_size=AMOUNT_POINT_SIZE * 0.75)
        self.amount.setObjectName("cashReceived")
        self.amount.setMinimumHeight(BIG_TOUCH_HEIGHT + 8)
        self.amount.setPlaceholderText(_("Type the amount"))
        quick = QGridLayout()
        quick.setSpacing(8)
        self.exact_button = BigButton(_("Exact money"), "F5", height=_BUTTON_HEIGHT)
        quick.addWidget(self.exact_button, 0, 0)
        self.note_buttons: list[BigButton] = []
        for n in range(QUICK_COUNT):
            button = BigButton(fmt.rupiah(0), f"F{6 + n}", height=_BUTTON_HEIGHT)
            self.note_buttons.append(button)
            quick.addWidget(button, (n + 1) // 2, (n + 1) % 2)
        methods = QGridLayout()
        methods.setSpacing(8)
        self.qris_button = BigButton(method_name("qris"), "F9", height=_BUTTON_HEIGHT)
        self.transfer_button = BigButton(method_name("transfer"), "F10", height=_BUTTON_HEIGHT)
        self.ewallet_button = BigButton(method_name("ewallet"), "F11", height=_BUTTON_HEIGHT)
        self.kasbon_button = BigButton(method_name("kasbon"), "F4", height=_BUTTON_HEIGHT)
        for n, button in enumerate((self.qris_button, self.transfer_button, self.ewallet_button, self.kasbon_button)):
            methods.addWidget(button, n // 2, n % 2)
        # Offered only when the chosen customer keeps credit with the shop (titipan).
        self.credit_button = BigButton(method_name("credit"), height=_BUTTON_HEIGHT)
        self.credit_button.setObjectName("payFromCredit")
        self.credit_button.hide()
        methods.addWidget(self.credit_button, 2, 0, 1, 2)
        hint = label(
            _("Type the cash received and press Enter. For a split, add one payment after another."),
            style=MUTED_TEXT,
        )
        hint.setWordWrap(True)
        box = QVBoxLayout(self)
        box.setContentsMargins(0, 0, 0, 0)
        box.setSpacing(8)
        box.addWidget(label(_("Cash received"), factor=1.15, bold=True))
        box.addWidget(self.amount)
        box.addLayout(quick)
        box.addSpacing(6)
        box.addWidget(label(_("Other ways to pay"), factor=1.15, bold=True))
        box.addLayout(methods)
        box.addWidget(hint)
        box.addStretch(1)


class QrisPage(QFrame):
    """The dynamic QRIS drawn large with its amount, and "Paid" for when the money shows on the shop's phone."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("qrisPage")
        self.setStyleSheet("QFrame#qrisPage { background: white; border: 1px solid #d5d8dd; border-radius: 10px; }")
        self.amount = QLabel()
        self.amount.setObjectName("qrisAmount")
        self.amount.setFont(font(self.font(), AMOUNT_POINT_SIZE * 0.8, bold=True))
        self.amount.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.qr = QrView(
            empty_text=_(
                "No QRIS is set up for this shop (the owner adds it in Settings, QRIS). Check the payment on the"
                " customer's screen."
            )
        )
        self.qr.setObjectName("qrisCode")
        self.hint = label()
        self.hint.setObjectName("qrisHint")
        self.hint.setStyleSheet(MUTED_TEXT + "background: transparent;")
        self.hint.setWordWrap(True)
        self.hint.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.back_button = BigButton(_("Back"), height=_BUTTON_HEIGHT)
        self.paid_button = BigButton(_("Paid"), "Enter", kind="primary", height=_BUTTON_HEIGHT)
        buttons = QHBoxLayout()
        buttons.addWidget(self.back_button, 1)
        buttons.addWidget(self.paid_button, 2)
        box = QVBoxLayout(self)
        box.setContentsMargins(14, 10, 14, 12)
        box.addWidget(self.amount)
        box.addWidget(self.qr, 1)
        box.addWidget(self.hint)
        box.addLayout(buttons)
        self.show_code(False)

    def show_code(self, shown: bool) -> None:
        """Ask the customer to scan only when there is a code to scan."""
        if shown:
            self.hint.setText(_("Ask the customer to scan. Press Paid once the payment shows on the shop's phone."))
        else:
            self.hint.setText(_("Press Paid once the payment shows on the shop's phone."))


class ReferencePage(QWidget):
    """Transfer or e-wallet: the amount, the reference on the customer's screen, and the e-wallet's name."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.title = label(factor=1.4, bold=True)
        self.provider_label = label(_("E-wallet"))
        self.provider = QComboBox()
        self.provider.setObjectName("ewalletProvider")
        self.provider.addItems(list(EWALLET_PROVIDERS))
        self.provider.setMinimumHeight(TOUCH_HEIGHT)
        self.amount = MoneyField()
        self.amount.setObjectName("referenceAmount")
        self.reference = QLineEdit()
        self.reference.setObjectName("paymentReference")
        self.reference.setMinimumHeight(TOUCH_HEIGHT)
        self.reference.setPlaceholderText(_("As shown on the customer's screen"))
        self.back_button = BigButton(_("Back"), height=_BUTTON_HEIGHT)
        self.add_button = BigButton(_("Add payment"), "Enter", kind="primary", height=_BUTTON_HEIGHT)
        grid = QGridLayout()
        grid.setVerticalSpacing(10)
        grid.addWidget(self.provider_label, 0, 0)
        grid.addWidget(self.provider, 0, 1)
        grid.addWidget(label(_("Amount")), 1, 0)
        grid.addWidget(self.amount, 1, 1)
        grid.addWidget(label(_("Reference")), 2, 0)
        grid.addWidget(self.reference, 2, 1)
        buttons = QHBoxLayout()
        buttons.addWidget(self.back_button, 1)
        buttons.addWidget(self.add_button, 2)
        box = QVBoxLayout(self)
        box.setContentsMargins(0, 0, 0, 0)
        box.addWidget(self.title)
        box.addLayout(grid)
        box.addStretch(1)
        box.addLayout(buttons)


class KasbonPage(QWidget):
    """Kasbon: who (with what they owe and their limit) and how much goes on their tab."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.customer = label(factor=1.15)
        self.customer.setObjectName("kasbonCustomer")
        self.customer.setWordWrap(True)
        self.choose_button = BigButton(_("Choose customer"), height=_BUTTON_HEIGHT)
        self.amount = MoneyField()
        self.amount.setObjectName("kasbonAmount")
        self.back_button = BigButton(_("Back"), height=_BUTTON_HEIGHT)
        self.add_button = BigButton(_("Add kasbon"), "Enter", kind="primary", height=_BUTTON_HEIGHT)
        amount_row = QHBoxLayout()
        amount_row.addWidget(label(_("Amount")))
        amount_row.addWidget(self.amount, 1)
        buttons = QHBoxLayout()
        buttons.addWidget(self.back_button, 1)
        buttons.addWidget(self.add_button, 2)
        box = QVBoxLayout(self)
        box.setContentsMargins(0, 0, 0, 0)
        box.setSpacing(10)
        title = label(_("Kasbon (on the customer's tab)"), factor=1.4, bold=True)
        title.setWordWrap(True)
        box.addWidget(title)
        box.addWidget(self.customer)
        box.addWidget(self.choose_button)
        box.addLayout(amount_row)
        box.addStretch(1)
        box.addLayout(buttons)


class PlatformPage(QFrame):
    """A sale on a delivery platform or a marketplace: the platform pays the shop later, so nothing is taken here.

    It says what the platform keeps as commission and what the shop will receive (`show`).
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("platformPage")
        self.setStyleSheet(
            "QFrame#platformPage { background: #f3f6fb; border: 1px solid #d5dce8; border-radius: 10px; }"
        )
        self.title = label(factor=1.4, bold=True)
        self.title.setObjectName("platformTitle")
        self.title.setWordWrap(True)
        self.terms = label(factor=1.15)
        self.terms.setObjectName("platformTerms")
        self.terms.setWordWrap(True)
        self.hint = label(style=MUTED_TEXT)
        self.hint.setWordWrap(True)
        for text in (self.title, self.terms, self.hint):
            text.setStyleSheet(text.styleSheet() + "background: transparent; border: none;")
        box = QVBoxLayout(self)
        box.setContentsMargins(18, 16, 18, 16)
        box.setSpacing(12)
        box.addWidget(self.title)
        box.addWidget(self.terms)
        box.addWidget(self.hint)
        box.addStretch(1)

    def show_terms(self, name: str, commission: int, receives: int) -> None:
        self.title.setText(_("Paid through {channel}").format(channel=name))
        self.terms.setText(
            _("{channel} keeps {commission} as commission; the shop receives {receives} at the payout.").format(
                channel=name, commission=fmt.rupiah(commission), receives=fmt.rupiah(receives)
            )
        )
        self.hint.setText(
            _("Take no money from the customer: {channel} collects it. Press F12 or Enter to book the sale.").format(
                channel=name
            )
        )

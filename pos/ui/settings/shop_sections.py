"""Settings about the shop itself and its paper: the profile, the receipt's header and footer, the printer."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import QCheckBox, QLineEdit, QPlainTextEdit

from pos.i18n import _
from pos.ledger.base.errors import InvalidInput
from pos.ledger.counter.qris import parse_payload
from pos.ledger.slips.slip_types import ShopHeader
from pos.ui.settings.fields import FIELD_HEIGHT, line_edit
from pos.ui.settings.printer import PrinterFields
from pos.ui.settings.qris_picture import QRIS_EXPLAIN, QrisPictureButton
from pos.ui.settings.section import Section, SettingsView
from pos.ui.tasks import TaskManager
from pos.ui.widgets.style import ERROR_TEXT, OK_TEXT, label

RECEIPT_TEXT_HEIGHT = 84
QRIS_TEXT_HEIGHT = 110


def _text(field: QLineEdit | QPlainTextEdit) -> str:
    return field.toPlainText() if isinstance(field, QPlainTextEdit) else field.text()


class ShopSection(Section):
    """Name, owner, address, city, phone, NIB and NPWP: the receipts' header and the loan pack's identity."""

    KEYS = ("shop.name", "shop.owner", "shop.address", "shop.city", "shop.phone", "shop.nib", "shop.npwp")

    def __init__(self) -> None:
        super().__init__(
            _("Shop profile"),
            _("The name, address and phone number go on receipts; NIB and NPWP go on the statements for a loan."),
        )
        form = self.form
        self.fields: dict[str, QLineEdit] = {
            "shop.name": line_edit(),
            "shop.owner": line_edit(),
            "shop.address": line_edit(),
            "shop.city": line_edit(width=380),
            "shop.phone": line_edit(_("for example 0812 3456 7890"), width=380),
            "shop.nib": line_edit(_("13 digits"), width=380),
            "shop.npwp": line_edit(_("15 or 16 digits"), width=380),
        }
        captions = (
            _("Shop name"),
            _("Owner's name"),
            _("Address"),
            _("City"),
            _("Phone"),
            _("NIB"),
            _("NPWP"),
        )
        for (key, field), caption in zip(self.fields.items(), captions, strict=True):
            field.setObjectName(key)
            form.add(key, caption, field)

    def show_view(self, view: SettingsView) -> None:
        for key, field in self.fields.items():
            field.setText(str(view.values.by_key()[key]))

    def values(self) -> dict[str, Any]:
        return {key: field.text() for key, field in self.fields.items()}


class ReceiptSection(Section):
    """Lines above and below every receipt, and whether a receipt prints by itself after a sale."""

    def __init__(self) -> None:
        super().__init__(
            _("Receipt"),
            _(
                "The header is printed under the shop's name and address, the footer at the end of every receipt; "
                "sales not made in the shop (orders, delivery platforms) and delivery slips end with the footer "
                "for orders."
            ),
        )
        self.header = QPlainTextEdit()
        self.footer = QPlainTextEdit()
        self.order_footer = QPlainTextEdit()
        for key, field, caption in (
            ("receipt.header", self.header, _("Header")),
            ("receipt.footer", self.footer, _("Footer")),
            ("receipt.order_footer", self.order_footer, _("Footer for orders")),
        ):
            field.setObjectName(key)
            field.setFixedHeight(RECEIPT_TEXT_HEIGHT)
            field.setTabChangesFocus(True)
            self.form.add(key, caption, field, _("Up to a few short lines."))
        self.auto_print = QCheckBox(_("Print the receipt after every sale"))
        self.auto_print.setMinimumHeight(FIELD_HEIGHT)
        self.form.add("receipt.auto_print", _("Printing"), self.auto_print)
        self.drawer = QCheckBox(_("Open the cash drawer for cash payments"))
        self.drawer.setMinimumHeight(FIELD_HEIGHT)
        self.form.add("drawer.kick_on_cash", _("Cash drawer"), self.drawer)

    def show_view(self, view: SettingsView) -> None:
        self.header.setPlainText(view.values.receipt_header)
        self.footer.setPlainText(view.values.receipt_footer)
        self.order_footer.setPlainText(view.values.receipt_order_footer)
        self.auto_print.setChecked(view.values.receipt_auto_print)
        self.drawer.setChecked(view.values.drawer_kick_on_cash)

    def values(self) -> dict[str, Any]:
        return {
            "receipt.header": _text(self.header),
            "receipt.footer": _text(self.footer),
            "receipt.order_footer": _text(self.order_footer),
            "receipt.auto_print": self.auto_print.isChecked(),
            "drawer.kick_on_cash": self.drawer.isChecked(),
        }


class PrinterSection(Section):
    """The receipt printer: kind, address, paper width, and a test slip with the shop's saved header."""

    def __init__(self, tasks: TaskManager) -> None:
        super().__init__(
            _("Receipt printer"),
            _("Any ESC/POS receipt printer. Test print sends a slip to the printer as it is on the form."),
        )
        self.header = ShopHeader("Laci")
        self.printer = PrinterFields(tasks, self.form, lambda: self.header, more=True)

    def use_shop(self, view: SettingsView) -> None:
        values = view.values
        self.header = ShopHeader(
            values.shop_name,
            values.shop_address,
            values.shop_phone,
            header=values.receipt_header,
            footer=values.receipt_footer,
        )

    def show_view(self, view: SettingsView) -> None:
        values = view.values
        self.use_shop(view)
        self.printer.profile = values.printer_profile
        self.printer.timezone = values.shop_timezone
        self.printer.set_address(values.printer_uri, values.printer_columns)
        self.printer.set_more(values.printer_codepage, values.printer_confirm)

    def values(self) -> dict[str, Any]:
        return {"printer.uri": self.printer.uri(), "printer.columns": self.printer.columns(), **self.printer.more()}


class QrisSection(Section):
    """The shop's static QRIS, which the counter turns into a code with the amount at each QRIS payment."""

    def __init__(self) -> None:
        super().__init__("QRIS", _(QRIS_EXPLAIN))
        self.payload = QPlainTextEdit()
        self.payload.setObjectName("qris.static_payload")
        self.payload.setFixedHeight(QRIS_TEXT_HEIGHT)
        self.payload.setTabChangesFocus(True)
        self.form.add("qris.static_payload", _("QRIS text"), self.payload)
        self.picture_button = QrisPictureButton(self.payload, self)
        self.form.add_row("", self.picture_button)
        self.reading = label(style=OK_TEXT)
        self.reading.setObjectName("qrisReading")
        self.reading.setWordWrap(True)
        self.form.add_row("", self.reading)
        self.payload.textChanged.connect(self._read)
        self.picture_button.refused.connect(self._refused_picture)

    def _read(self) -> None:
        self.reading.setStyleSheet(OK_TEXT)
        self.reading.setText(qris_owner(self.text()))

    def _refused_picture(self, reason: str) -> None:
        self.reading.setStyleSheet(ERROR_TEXT)
        self.reading.setText(reason)

    def text(self) -> str:
        # A pasted code may come wrapped over lines; the code itself never holds a line break (but may hold spaces).
        return self.payload.toPlainText().replace("\r", "").replace("\n", "").strip()

    def show_view(self, view: SettingsView) -> None:
        self.payload.setPlainText(view.values.qris_static_payload)

    def values(self) -> dict[str, Any]:
        return {"qris.static_payload": self.text()}


def qris_owner(text: str) -> str:
    """Whose QRIS `text` is, as soon as it reads (so a code for the wrong account is caught); else nothing: what
    is wrong with it is said by its field when it is saved."""
    try:
        found = parse_payload(text)
    except InvalidInput:
        return ""
    return _("QRIS of {name}, {city}.").format(name=found.merchant_name, city=found.merchant_city)

"""The steps of the first-run setup: each lays out its fields and says which form fields it owns.

No step checks anything itself: the wizard hands the whole `ShopProfile` to the core's `check_profile` and shows
each refusal on the step that owns the field.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QCheckBox, QLabel, QPlainTextEdit, QProgressBar, QVBoxLayout, QWidget

from pos.i18n import _
from pos.ledger.setup.new_shop import PIN, PIN_AGAIN
from pos.ledger.slips.slip_types import ShopHeader
from pos.ui.settings.fields import FIELD_HEIGHT, FieldForm, combo, line_edit, pin_edit
from pos.ui.settings.printer import PrinterFields
from pos.ui.settings.qris_picture import QRIS_EXPLAIN, QrisPictureButton
from pos.ui.settings.shop_sections import qris_owner
from pos.ui.tasks import TaskManager
from pos.ui.widgets.buttons import BigButton
from pos.ui.widgets.style import BIG_TOUCH_HEIGHT, ERROR_TEXT, MUTED_TEXT, OK_TEXT, label

QRIS_HEIGHT = 110


class Step(QWidget):
    """A heading, a line or two on why, and a form. `keys` are the form fields whose refusals belong here."""

    keys: tuple[str, ...] = ()

    def __init__(self, title: str, explain: str, short: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.title = title
        self.short = short  # its name in the list of steps
        self.heading = label(title, factor=1.7, bold=True)
        self.explain = label(explain, factor=1.05, style=MUTED_TEXT)
        self.explain.setWordWrap(True)
        self.form = FieldForm()
        self.column = QVBoxLayout(self)
        self.column.setContentsMargins(0, 0, 0, 0)
        self.column.setSpacing(10)
        self.column.addWidget(self.heading)
        self.column.addWidget(self.explain)
        self.column.addSpacing(14)
        self.column.addWidget(self.form)
        self.column.addStretch(1)

    def show_problems(self, problems: dict[str, str]) -> bool:
        """Show the refusals that belong here; True when there were any."""
        return bool(self.form.show_problems(problems))


class WelcomeStep(Step):
    """Set up the shop for real, or first look around a demo warung."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(
            _("Welcome to Laci"),
            _(
                "Laci keeps the counter and the books of your shop on this computer. A few questions, and the "
                "counter is ready: you can change every answer later in the settings."
            ),
            _("Welcome"),
            parent,
        )
        self.own = BigButton(_("Set up my shop"), height=BIG_TOUCH_HEIGHT + 16, on_click=lambda: self.pick(False))
        self.own.setObjectName("setUpOwnShop")
        self.demo = BigButton(
            _("First look around a demo warung"), height=BIG_TOUCH_HEIGHT + 16, on_click=lambda: self.pick(True)
        )
        self.demo.setObjectName("tryDemo")
        for button in (self.own, self.demo):
            button.setCheckable(True)
            button.setMaximumWidth(560)
        self.own.setChecked(True)
        note = label(
            _(
                "The demo warung comes with products, customers and a month of sales to try everything on. "
                "Its books are made up: set up your own shop in a new data folder afterwards."
            ),
            style=MUTED_TEXT,
        )
        note.setWordWrap(True)
        self.column.insertWidget(4, self.own)
        self.column.insertWidget(5, self.demo)
        self.column.insertWidget(6, note)

    @property
    def wants_demo(self) -> bool:
        return self.demo.isChecked()

    def pick(self, demo: bool) -> None:
        self.demo.setChecked(demo)
        self.own.setChecked(not demo)


class ShopStep(Step):
    keys = ("shop.name", "shop.owner", "shop.address", "shop.city", "shop.phone")

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(
            _("Your shop"),
            _("The name, address and phone number go on the receipts; the owner's name is also who logs in first."),
            _("Shop"),
            parent,
        )
        self.name = self.form.add("shop.name", _("Shop name"), line_edit(_("for example Toko Berkah")))
        self.owner = self.form.add("shop.owner", _("Owner's name"), line_edit(_("for example Bu Ani")))
        self.address = self.form.add("shop.address", _("Address"), line_edit())
        self.city = self.form.add(
            "shop.city", _("City"), line_edit(width=360), _("Printed on the owner's signature line of statements.")
        )
        self.phone = self.form.add("shop.phone", _("Phone"), line_edit(_("for example 0812 3456 7890"), width=360))


class TaxStep(Step):
    keys = ("shop.nib", "shop.npwp", "ppn.mode")

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(
            _("Business numbers and PPN"),
            _(
                "The NIB and NPWP are optional: they go on the statements for a bank loan. Most small shops are "
                "not PKP and charge no PPN."
            ),
            _("Taxes"),
            parent,
        )
        self.nib = self.form.add("shop.nib", _("NIB"), line_edit(_("13 digits"), width=360))
        self.npwp = self.form.add(
            "shop.npwp", _("NPWP"), line_edit(_("15 or 16 digits"), width=360), _("Dots and dashes may stay.")
        )
        self.pkp = QCheckBox(_("This shop is PKP and charges PPN"))
        self.pkp.setObjectName("pkp")
        self.pkp.setMinimumHeight(FIELD_HEIGHT)
        self.form.add("ppn.mode", _("PPN"), self.pkp)
        self.ppn_mode = combo(
            [(_("Prices include PPN"), "inclusive"), (_("PPN is added on top of prices"), "exclusive")], width=360
        )
        self.ppn_mode.setObjectName("ppnMode")
        self.form.add_row(_("Prices"), self.ppn_mode)
        self.pkp.toggled.connect(self.ppn_mode.setEnabled)
        self.ppn_mode.setEnabled(False)

    def mode(self) -> str:
        return str(self.ppn_mode.currentData()) if self.pkp.isChecked() else "none"


class PinStep(Step):
    keys = (PIN, PIN_AGAIN)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(
            _("The owner's PIN"),
            _(
                "4 to 6 digits. The owner logs in with it, and types it at the counter to allow a void, a refund "
                "or a discount above the limit. Keep it to yourself."
            ),
            _("Owner's PIN"),
            parent,
        )
        self.pin = self.form.add(PIN, _("PIN"), pin_edit())
        self.pin_again = self.form.add(PIN_AGAIN, _("PIN again"), pin_edit())


class PrinterStep(Step):
    keys = ("printer.kind", "printer.uri", "printer.columns")

    def __init__(self, tasks: TaskManager, shop: ShopStep, parent: QWidget | None = None) -> None:
        super().__init__(
            _("Receipt printer"),
            _("Any ESC/POS receipt printer will do. No printer yet? Choose “No printer” and add it later."),
            _("Printer"),
            parent,
        )
        self.printer = PrinterFields(
            tasks,
            self.form,
            lambda: ShopHeader(shop.name.text().strip(), shop.address.text().strip(), shop.phone.text().strip()),
        )


class QrisStep(Step):
    keys = ("qris.static_payload",)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(_("QRIS"), _(QRIS_EXPLAIN), "QRIS", parent)
        self.payload = QPlainTextEdit()
        self.payload.setObjectName("qrisPayload")
        self.payload.setPlaceholderText("00020101021126…6304ABCD")
        self.payload.setFixedHeight(QRIS_HEIGHT)
        self.payload.setTabChangesFocus(True)
        self.form.add("qris.static_payload", _("QRIS text"), self.payload)
        self.picture_button = QrisPictureButton(self.payload, self)
        self.form.add_row("", self.picture_button)
        self.reading: QLabel = label(style=OK_TEXT)
        self.reading.setObjectName("qrisReading")
        self.reading.setWordWrap(True)
        self.form.add_row("", self.reading)
        self.payload.textChanged.connect(self._read)
        self.picture_button.refused.connect(self._refused_picture)

    def text(self) -> str:
        # A pasted code may come wrapped over lines; the code itself never holds a line break (but may hold spaces).
        return self.payload.toPlainText().replace("\r", "").replace("\n", "").strip()

    def _read(self) -> None:
        self.reading.setStyleSheet(OK_TEXT)
        self.reading.setText(qris_owner(self.text()))

    def _refused_picture(self, reason: str) -> None:
        self.reading.setStyleSheet(ERROR_TEXT)
        self.reading.setText(reason)


class ReadyStep(Step):
    """What will be saved, before it is."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(
            _("Ready"),
            _("Check the answers. “Start” sets up the shop; then the owner logs in with the PIN."),
            _("Ready"),
            parent,
        )
        self.rows: list[tuple[QLabel, QLabel]] = []

    def show_summary(self, rows: list[tuple[str, str]]) -> None:
        while self.form.form.rowCount():
            self.form.form.removeRow(0)
        self.rows = []
        for caption, value in rows:
            shown = label(value, factor=1.1, bold=True)
            shown.setWordWrap(True)
            shown.setTextFormat(Qt.TextFormat.PlainText)
            left = label(caption, factor=1.1, style=MUTED_TEXT)
            left.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop)
            self.form.form.addRow(left, shown)
            self.rows.append((left, shown))

    def summary(self) -> dict[str, str]:
        return {left.text(): shown.text() for left, shown in self.rows}


class DemoStep(Step):
    """Builds the demo warung, with a progress bar, then says how to log in."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(
            _("The demo warung"),
            _(
                "Warung Bu Sri: a few hundred products, kasbon customers and a month of sales, built through the "
                "same books a real shop uses. It takes a little while."
            ),
            _("Demo warung"),
            parent,
        )
        self.progress = QProgressBar()
        self.progress.setObjectName("demoProgress")
        self.progress.setMinimumHeight(FIELD_HEIGHT)
        self.progress.setRange(0, 1)
        self.progress.setValue(0)
        self.result = label(factor=1.1)
        self.result.setObjectName("demoResult")
        self.result.setWordWrap(True)
        self.column.insertWidget(4, self.progress)
        self.column.insertWidget(5, self.result)

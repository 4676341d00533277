"""The receipt printer's fields (kind, address, paper width) and the test slip, shared by the setup and settings.

The shop keeps one printer address (`tcp://192.168.1.50:9100`, `usb://04b8:0202`, ...); people pick a kind and
type the part after it. The printing layer reads the address; the test slip goes out on the I/O pool.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Final

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QHBoxLayout, QVBoxLayout, QWidget

from pos.i18n import N_, _
from pos.ledger.base.clock import DEFAULT_TIMEZONE, utc_now
from pos.ledger.base.errors import InvalidInput
from pos.ledger.setup.settings_form import InvalidSetting
from pos.ledger.slips import receipts
from pos.ledger.slips.receipts import ShopHeader
from pos.printing.addresses import parse_address
from pos.printing.layout import lines_for
from pos.printing.printers import PreviewPrinter, open_printer
from pos.ui.settings.fields import FieldForm, choose, combo, line_edit
from pos.ui.tasks import TaskManager, failure_message
from pos.ui.widgets.buttons import BigButton
from pos.ui.widgets.style import ERROR_TEXT, MUTED_TEXT, OK_TEXT, label

# (kind, what people call it, how the address starts, an example of the rest)
KINDS: Final = (
    ("", N_("No printer"), "", ""),
    ("tcp", N_("Network (LAN or Wi-Fi)"), "tcp://", "192.168.1.50:9100"),
    ("usb", N_("USB"), "usb://", "04b8:0202"),
    ("serial", N_("Serial port"), "serial:", "/dev/ttyUSB0?baud=9600"),
    ("file", N_("Device file"), "file:", "/dev/usb/lp0"),
    ("cups", N_("CUPS printer"), "cups:", "TM-T20"),
    ("win32", N_("Windows printer"), "win32:", "POS-58"),
    ("preview", N_("On screen only (no paper)"), "preview:", ""),
)
WIDTHS: Final = (
    (32, N_("58 mm paper (32 characters)")),
    (42, N_("80 mm paper (42 characters)")),
    (48, N_("80 mm paper (48 characters)")),
)
_PREFIX: Final = {kind: prefix for kind, _name, prefix, _example in KINDS}
_EXAMPLE: Final = {kind: example for kind, _name, _prefix, example in KINDS}


def split_address(uri: str) -> tuple[str, str]:
    """A stored address as (kind, the part after the kind's prefix); an unreadable one stays whole, as USB."""
    text = uri.strip()
    if not text:
        return "", ""
    try:
        kind = parse_address(text).kind
    except InvalidInput:
        return "tcp", text
    prefix = _PREFIX[kind]
    rest = text[len(prefix) :] if text.lower().startswith(prefix) else text.partition(":")[2]
    return kind, rest


def join_address(kind: str, rest: str) -> str:
    """The printer address for `kind` and what was typed; `InvalidSetting` (for `printer.uri`) when it cannot be
    an address. Someone who typed the whole address, prefix and all, gets it as typed."""
    text = rest.strip()
    if not kind:
        return ""
    prefix = _PREFIX[kind]
    uri = text if text.lower().startswith(prefix) else prefix + text
    try:
        parse_address(uri)
    except InvalidInput as err:
        raise InvalidSetting("printer.uri", err.msgid, **err.params) from None
    return uri


@dataclass(frozen=True, slots=True)
class TestPrint:
    address: str
    columns: int
    preview: str  # the slip as text when the "printer" is the screen


def print_test_slip(
    uri: str, columns: int, shop: ShopHeader, *, profile: str = "default", timezone: str = DEFAULT_TIMEZONE
) -> TestPrint:
    """Runs on the I/O pool: `laci print test` for the printer on the form (not yet saved)."""
    printer = open_printer(uri, profile=profile, columns=columns)
    slip = receipts.slip_for_payload(
        "test", {"at": utc_now().isoformat(), "printer": printer.address}, shop=shop, timezone=timezone
    )
    try:
        printer.send(lines_for(slip, printer.columns), open_drawer=False)
    finally:
        printer.close()
    preview = printer.text() if isinstance(printer, PreviewPrinter) else ""
    return TestPrint(printer.address, printer.columns, preview)


class PrinterFields(QObject):
    """Kind, address and width as rows of `form`, with a Test print button; `shop()` gives the slip's header."""

    def __init__(self, tasks: TaskManager, form: FieldForm, shop: Callable[[], ShopHeader]) -> None:
        super().__init__(form)
        self.tasks = tasks
        self.form = form
        self.shop = shop
        self.profile = "default"
        self.timezone = DEFAULT_TIMEZONE
        self.kind = combo([(_(name), kind) for kind, name, _prefix, _example in KINDS], width=320)
        self.kind.setObjectName("printerKind")
        self.address = line_edit()
        self.address.setObjectName("printerAddress")
        self.width = combo([(_(text), columns) for columns, text in WIDTHS], width=320)
        self.width.setObjectName("printerWidth")
        self.test_button = BigButton(_("Test print"), on_click=self.test_print)
        self.test_button.setObjectName("testPrint")
        self.test_button.setMaximumWidth(260)
        self.test_status = label(style=MUTED_TEXT)
        self.test_status.setObjectName("testPrintStatus")
        self.test_status.setWordWrap(True)
        form.add("printer.kind", _("Printer"), self.kind)
        form.add(
            "printer.uri",
            _("Address"),
            self.address,
            _("A network printer's IP address, a USB printer's ids, or the printer's name in CUPS or Windows."),
        )
        form.add("printer.columns", _("Paper width"), self.width)
        test_row = QWidget()
        row = QVBoxLayout(test_row)
        row.setContentsMargins(0, 4, 0, 0)
        buttons = QHBoxLayout()
        buttons.addWidget(self.test_button)
        buttons.addStretch(1)
        row.addLayout(buttons)
        row.addWidget(self.test_status)
        form.add_row("", test_row)
        self.kind.currentIndexChanged.connect(self._kind_changed)
        self._kind_changed()

    def set_address(self, uri: str, columns: int) -> None:
        kind, rest = split_address(uri)
        choose(self.kind, kind)
        self.address.setText(rest)
        choose(self.width, columns)
        self.test_status.clear()

    def uri(self) -> str:
        """The address on the form; `InvalidSetting` for `printer.uri` when it is not one."""
        return join_address(str(self.kind.currentData()), self.address.text())

    def columns(self) -> int:
        return int(self.width.currentData())

    def test_print(self) -> None:
        try:
            uri = self.uri()
        except InvalidSetting as problem:
            self.form.show_problems({problem.key: str(problem)})
            return
        if not uri:
            return  # "No printer": the button is off
        self.form.show_problems({})
        columns, shop, profile, timezone = self.columns(), self.shop(), self.profile, self.timezone
        self.test_button.setEnabled(False)
        self._said(_("Printing the test slip…"), MUTED_TEXT)
        self.tasks.run_io(
            lambda: print_test_slip(uri, columns, shop, profile=profile, timezone=timezone),
            self._printed,
            self._not_printed,
        )

    def _printed(self, done: TestPrint) -> None:
        self.test_button.setEnabled(True)
        text = _("The test slip went to {printer} ({n} characters a line).").format(
            printer=done.address, n=done.columns
        )
        self._said(text, OK_TEXT)
        self.test_status.setToolTip(done.preview)

    def _not_printed(self, error: BaseException) -> None:
        self.test_button.setEnabled(True)
        self._said(failure_message(error), ERROR_TEXT)

    def _said(self, text: str, style: str) -> None:
        self.test_status.setText(text)
        self.test_status.setStyleSheet(style)

    def _kind_changed(self) -> None:
        kind = str(self.kind.currentData())
        needs_address = kind not in ("", "preview")
        self.address.setEnabled(needs_address)
        self.width.setEnabled(bool(kind))
        self.test_button.setEnabled(bool(kind))
        self.address.setPlaceholderText(
            _("for example {example}").format(example=_EXAMPLE[kind]) if needs_address else ""
        )
        if not needs_address:
            self.address.clear()

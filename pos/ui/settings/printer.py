"""The receipt printer's fields (kind, address, paper width, letters, confirmation) and the test slip, shared by
the setup and settings.

The shop keeps one printer address (`tcp://192.168.1.50:9100`, `usb://04b8:0202`, ...); people pick a kind and
type the part after it. Only the kinds this computer can drive are offered: Windows printers on Windows, with
the printers Windows knows to pick from, and CUPS where CUPS is installed; serial ports are written as Windows
or Linux names them. The printing layer reads the address; the test slip goes out on the I/O pool.
"""

from __future__ import annotations

import importlib.util
import sys
from collections.abc import Callable
from dataclasses import dataclass
from typing import Final

from PySide6.QtCore import QObject
from PySide6.QtWidgets import QCheckBox, QComboBox, QHBoxLayout, QVBoxLayout, QWidget

from pos.i18n import N_, _
from pos.ledger.base.clock import DEFAULT_TIMEZONE, utc_now
from pos.ledger.base.errors import InvalidInput
from pos.ledger.setup.settings_form import InvalidSetting
from pos.ledger.shop.choices import PRINTER_WIDTHS
from pos.ledger.slips import receipts
from pos.ledger.slips.slip_types import ShopHeader
from pos.printing.addresses import parse_address
from pos.printing.codepages import AUTO
from pos.printing.layout import lines_for
from pos.printing.printers import PreviewPrinter, codepage_of, open_printer
from pos.printing.spooler import windows_printers
from pos.printing.text import ASCII
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
WINDOWS_EXAMPLES: Final = {"serial": "COM3?baud=9600"}
_PAPER: Final = {
    32: N_("58 mm paper (32 characters)"),
    42: N_("80 mm paper (42 characters)"),
    48: N_("80 mm paper (48 characters)"),
}
WIDTHS: Final = tuple((columns, _PAPER[columns]) for columns in PRINTER_WIDTHS)
CODEPAGES: Final = (
    (AUTO, N_("Letters such as é and ñ, where the printer has them")),
    (ASCII, N_("Plain letters only (A to Z)")),
)
_PREFIX: Final = {kind: prefix for kind, _name, prefix, _example in KINDS}


def on_windows() -> bool:
    return sys.platform == "win32"


def cups_here() -> bool:
    """Whether CUPS can be printed to here: pycups (module `cups`, what python-escpos's CupsPrinter needs) is
    installed, which it is only on systems with CUPS. Looked up, not imported: the window starts without it."""
    return importlib.util.find_spec("cups") is not None


def kinds_here() -> tuple[str, ...]:
    """The kinds of printer this computer can drive: no device files on Windows, Windows printers only there,
    CUPS only where it is installed."""
    windows = on_windows()
    skip = {"file", "cups"} if windows else {"win32"}
    if not windows and not cups_here():
        skip.add("cups")
    return tuple(kind for kind, _name, _prefix, _example in KINDS if kind not in skip)


def example(kind: str) -> str:
    """How the part after the kind's prefix is written here: `COM3` for a serial port on Windows."""
    if on_windows() and kind in WINDOWS_EXAMPLES:
        return WINDOWS_EXAMPLES[kind]
    return next(e for k, _name, _prefix, e in KINDS if k == kind)


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


def _address_hint(kinds: tuple[str, ...]) -> str:
    if "win32" in kinds:
        return _("A network printer's IP address, a USB printer's ids, a COM port, or the printer's name in Windows.")
    if "cups" in kinds:
        return _("A network printer's IP address, a USB printer's ids, a serial port, or the printer's name in CUPS.")
    return _("A network printer's IP address, a USB printer's ids, a serial port or a device file.")


@dataclass(frozen=True, slots=True)
class TestPrint:
    address: str
    columns: int
    preview: str  # the slip as text when the "printer" is the screen
    confirmed: bool = True  # the printer said it had the slip
    note: str = ""  # why it is only "sent, not confirmed"


def print_test_slip(
    uri: str,
    columns: int,
    shop: ShopHeader,
    *,
    profile: str = "default",
    timezone: str = DEFAULT_TIMEZONE,
    codepage: str = AUTO,
) -> TestPrint:
    """Runs on the I/O pool: `laci print test` for the printer on the form (not yet saved)."""
    printer = open_printer(uri, profile=profile, columns=columns, codepage=codepage)
    slip = receipts.slip_for_payload(
        "test", {"at": utc_now().isoformat(), "printer": printer.address}, shop=shop, timezone=timezone
    )
    try:
        delivery = printer.send(lines_for(slip, printer.columns, codepage=codepage_of(printer)), open_drawer=False)
    finally:
        printer.close()
    preview = printer.text() if isinstance(printer, PreviewPrinter) else ""
    return TestPrint(printer.address, printer.columns, preview, delivery.confirmed, delivery.note)


class PrinterFields(QObject):
    """Kind, address and width as rows of `form`, with a Test print button; `shop()` gives the slip's header.

    With `more`, also which letters to print and whether to wait for the printer to confirm each slip (the
    settings screen; the first-run setup keeps to the three that matter first).
    """

    def __init__(
        self, tasks: TaskManager, form: FieldForm, shop: Callable[[], ShopHeader], *, more: bool = False
    ) -> None:
        super().__init__(form)
        self.tasks = tasks
        self.form = form
        self.shop = shop
        self.profile = "default"
        self.timezone = DEFAULT_TIMEZONE
        here = kinds_here()
        self.kind = combo([(_(name), kind) for kind, name, _prefix, _example in KINDS if kind in here], width=320)
        self.kind.setObjectName("printerKind")
        self.address = line_edit()
        self.address.setObjectName("printerAddress")
        self.windows = QComboBox()
        self.windows.setObjectName("windowsPrinters")
        self.windows.setMinimumWidth(320)
        self.width = combo([(_(text), columns) for columns, text in WIDTHS], width=320)
        self.width.setObjectName("printerWidth")
        self.codepage = combo([(_(text), value) for value, text in CODEPAGES], width=420)
        self.codepage.setObjectName("printerCodepage")
        self.confirm = QCheckBox(_("Count a slip as printed only when the printer confirms it"))
        self.confirm.setObjectName("printerConfirm")
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
            _address_hint(here),
        )
        form.add_row(_("Windows printers"), self.windows)
        form.add("printer.columns", _("Paper width"), self.width)
        if more:
            form.add("printer.codepage", _("Letters"), self.codepage)
            form.add(
                "printer.confirm",
                _("Confirmation"),
                self.confirm,
                _(
                    "For printers that answer when asked (most Epson and many network printers). One that never "
                    "answers then gets no slips; without it, its slips show as sent, not confirmed."
                ),
            )
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
        self.windows.activated.connect(self._windows_chosen)
        self._kind_changed()

    def set_address(self, uri: str, columns: int) -> None:
        kind, rest = split_address(uri)
        if self.kind.findData(kind) < 0:
            # An address of a kind this computer cannot drive (a backup from another computer) stays as it is.
            name = next(name for k, name, _prefix, _example in KINDS if k == kind)
            self.kind.addItem(_(name), kind)
        choose(self.kind, kind)
        self.address.setText(rest)
        choose(self.width, columns)
        self.test_status.clear()

    def set_more(self, codepage: str, confirm: bool) -> None:
        choose(self.codepage, codepage)
        self.confirm.setChecked(confirm)

    def more(self) -> dict[str, object]:
        return {"printer.codepage": str(self.codepage.currentData()), "printer.confirm": self.confirm.isChecked()}

    def _windows_chosen(self, index: int) -> None:
        name = self.windows.itemText(index)
        if name:
            self.address.setText(name)

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
        codepage = str(self.codepage.currentData())
        self.test_button.setEnabled(False)
        self._said(_("Printing the test slip…"), MUTED_TEXT)
        self.tasks.run_io(
            lambda: print_test_slip(uri, columns, shop, profile=profile, timezone=timezone, codepage=codepage),
            self._printed,
            self._not_printed,
        )

    def _printed(self, done: TestPrint) -> None:
        self.test_button.setEnabled(True)
        self.test_status.setToolTip(done.preview)
        if not done.confirmed:
            text = _("The test slip was sent to {printer}, but the printer did not confirm it: {reason}").format(
                printer=done.address, reason=done.note
            )
            self._said(text + " " + _("Check that it came out."), MUTED_TEXT)
            return
        text = _("The test slip went to {printer} ({n} characters a line).").format(
            printer=done.address, n=done.columns
        )
        self._said(text, OK_TEXT)

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
            _("for example {example}").format(example=example(kind)) if needs_address else ""
        )
        if not needs_address:
            self.address.clear()
        listed = kind == "win32"
        if listed:
            self.windows.clear()
            names = windows_printers()
            self.windows.addItems([_("Choose a printer…"), *names] if names else [_("Windows lists no printers")])
        self.form.form.setRowVisible(self.windows, listed)

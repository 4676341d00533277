"""Receipt printers chosen by one address string, opened only when there is something to print.

`tcp://HOST:9100`, `usb://VID:PID`, `serial:/dev/ttyUSB0?baud=9600` (`serial:COM3` on Windows),
`file:/dev/usb/lp0`, `cups:NAME`, `win32:NAME` and `preview:` (which keeps the slips for the screen and for
tests). A slip sent is delivered, confirmed or not (`Delivery`); a printer that is off, unplugged, out of paper
or drops the line raises `PrinterError`, which the print queue records against the job. python-escpos is
imported only when a real printer is opened (`library`).
"""

from __future__ import annotations

import importlib
import sys
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any, Final, Protocol

from PIL import Image

from pos.i18n import N_
from pos.ledger.base.errors import InvalidInput
from pos.ledger.shop.settings import ShopSettings
from pos.printing.addresses import Kind, parse_address
from pos.printing.codepages import AUTO, codepage_for
from pos.printing.errors import CONFIRMED, Delivery, PrinterError
from pos.printing.escpos_printer import EscposPrinter, timing_for
from pos.printing.layout import as_text
from pos.printing.library import load_escpos
from pos.printing.sheet import Line
from pos.printing.text import ASCII

GENERIC_PROFILES: Final = ("", "default", "simple")  # these know no paper width: the columns setting decides
SPOOLED: Final = ("cups", "win32")  # a job reaches the printer only when the connection closes

__all__ = [
    "CONFIRMED",
    "Delivery",
    "EscposPrinter",
    "PreviewPrinter",
    "Printer",
    "PrinterError",
    "codepage_of",
    "columns_for",
    "open_printer",
    "printer_from_settings",
]


def _profile(name: str) -> Any:
    load_escpos()
    from escpos.capabilities import CAPABILITIES, get_profile

    if name not in CAPABILITIES["profiles"]:
        known = ", ".join(sorted(CAPABILITIES["profiles"]))
        raise InvalidInput(
            N_("The printer profile '{profile}' is unknown. Known profiles: {known}."), profile=name, known=known
        )
    return get_profile(name)


def columns_for(profile: str, columns: int) -> int:
    """Characters per line: the named profile's font A width, or `columns` (the setting) for a generic one."""
    if profile in GENERIC_PROFILES:
        return columns
    return int(_profile(profile).get_columns("a"))


class Printer(Protocol):
    """What the print queue needs of a printer. A printer may also say which code page it prints text in
    (`codepage`, else ASCII) and how long a slip can take it at most (`seconds_for`)."""

    @property
    def address(self) -> str: ...

    @property
    def columns(self) -> int: ...

    def send(self, lines: Sequence[Line], *, open_drawer: bool) -> Delivery:
        """Print one slip (or only kick the drawer: no lines and `open_drawer`); raises `PrinterError` when it
        could not."""

    def close(self) -> None: ...


def codepage_of(printer: Printer) -> str:
    """The code page `printer` prints text in; plain ASCII for one that does not say (a test's stand-in)."""
    return str(getattr(printer, "codepage", ASCII))


@dataclass(frozen=True, slots=True)
class PrintedSlip:
    lines: tuple[Line, ...]
    open_drawer: bool


@dataclass
class PreviewPrinter:
    """A printer that keeps what it is sent: for the screen's preview, the CLI and tests."""

    columns: int = 32
    address: str = "preview:"
    slips: list[PrintedSlip] = field(default_factory=list)
    codepage: str = ASCII

    def send(self, lines: Sequence[Line], *, open_drawer: bool) -> Delivery:
        self.slips.append(PrintedSlip(tuple(lines), open_drawer))
        return CONFIRMED

    def close(self) -> None:
        pass

    def text(self) -> str:
        """Every slip received, as plain text."""
        return "".join(as_text(s.lines, self.columns) for s in self.slips)

    def images(self, logo: Image.Image | None = None) -> list[Image.Image]:
        """Every slip received, drawn as it would come out of the printer."""
        from pos.printing.preview import render  # drawing slips is for previews and tests, not the counter's start

        return [render(s.lines, self.columns, logo=logo) for s in self.slips]


def _missing(kind: Kind) -> PrinterError | None:
    """Why this machine cannot drive printers of `kind`, if it cannot."""
    if kind == "win32" and sys.platform != "win32":
        return PrinterError("unsupported", N_("Windows printers (win32:) can be used only on Windows."))
    modules = {
        "usb": "escpos.printer.usb",
        "serial": "escpos.printer.serial",
        "cups": "escpos.printer.cups",
        "win32": "escpos.printer.win32raw",
    }
    if kind not in modules:
        return None
    load_escpos()
    if importlib.import_module(modules[kind]).is_usable():
        return None
    messages = {
        "usb": N_("Printing to USB needs the pyusb package, which is not installed."),
        "serial": N_("Printing to a serial port needs the pyserial package, which is not installed."),
        "cups": N_("Printing through CUPS needs the pycups package, which is not installed."),
        "win32": N_("Printing to a Windows printer needs the pywin32 package, which is not installed."),
    }
    return PrinterError("unsupported", messages[kind])


def open_printer(
    uri: str,
    *,
    profile: str = "default",
    columns: int = 32,
    codepage: str = AUTO,
    logo: Image.Image | None = None,
    timeout: float | None = None,
    status_timeout: float | None = None,
    confirm: bool = False,
) -> Printer:
    """The printer at `uri`, not yet connected. A malformed address raises `InvalidInput`; a printer kind this
    machine cannot drive raises `PrinterError` now, while a connection problem shows at the first slip.

    `codepage`: a Python codec name, ASCII, or "auto" (the profile's Latin page, see `codepages`). `timeout`
    bounds connecting, `status_timeout` each status answer (the defaults suit the printer's kind). `confirm`:
    a slip counts only when the printer confirms it; one that does not answer gets nothing sent.
    """
    address = parse_address(uri)
    width = columns_for(profile, columns)
    if address.kind == "preview":
        return PreviewPrinter(width, address.uri)
    missing = _missing(address.kind)
    if missing is not None:
        raise missing
    _profile(profile or "default")  # refuses an unknown name in words; python-escpos would raise a bare KeyError
    page = codepage_for(profile, codepage) if codepage == AUTO else codepage
    return EscposPrinter(
        address,
        profile=profile,
        columns=width,
        codepage=page,
        logo=logo,
        timing=timing_for(address, connect=timeout, status_wait=status_timeout),
        confirm=confirm,
    )


def printer_from_settings(values: ShopSettings, *, uri: str | None = None, **options: Any) -> Printer:
    """The shop's receipt printer (`printer.uri`, `printer.profile`, `printer.columns`, `printer.codepage`,
    `printer.confirm`), or the one at `uri` with the shop's profile and width."""
    options.setdefault("codepage", values.printer_codepage)
    options.setdefault("confirm", values.printer_confirm and uri is None)
    return open_printer(
        uri if uri is not None else values.printer_uri,
        profile=values.printer_profile,
        columns=values.printer_columns,
        **options,
    )

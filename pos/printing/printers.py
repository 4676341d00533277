"""Receipt printers chosen by one address string, opened only when there is something to print.

`tcp://HOST:9100`, `usb://VID:PID`, `serial:/dev/ttyUSB0?baud=9600`, `file:/dev/usb/lp0`, `cups:NAME`,
`win32:NAME` and `preview:` (which keeps the slips for the screen and for tests). A printer that is off,
unplugged, out of paper or drops the line raises `PrinterError`, which the print queue records against the job.
python-escpos is imported only when a real printer is opened: importing it configures logging and writes a
cache file, which the rest of the app need not pay for.
"""

from __future__ import annotations

import contextlib
import os
import socket
import sys
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any, Final, Literal, Protocol

from PIL import Image
from platformdirs import user_cache_path

from pos.i18n import N_
from pos.ledger.base.errors import InvalidInput, LedgerError
from pos.ledger.shop.settings import ShopSettings
from pos.printing.addresses import Kind, PrinterAddress, parse_address
from pos.printing.escpos_out import print_lines, profile_pixel_width
from pos.printing.layout import Line, as_text
from pos.printing.text import ASCII

Reason = Literal["unreachable", "lost", "paper", "unsupported", "failed"]

GENERIC_PROFILES: Final = ("", "default", "simple")  # these know no paper width: the columns setting decides
SPOOLED: Final = ("cups", "win32")  # a job reaches the printer only when the connection closes

# Real-time status requests (DLE EOT n), answered by the printer even in the middle of a job.
STATUS_PRINTER: Final = b"\x10\x04\x01"
STATUS_PAPER: Final = b"\x10\x04\x04"
_STATUS_FIXED_MASK: Final = 0x93  # bits 0, 1, 4 and 7 of every status byte are fixed ...
_STATUS_FIXED_BITS: Final = 0x12  # ... as 0, 1, 1 and 0
_PAPER_END: Final = 0x60


def _prepare_escpos_cache() -> None:
    """python-escpos pickles its printer profiles into a new temporary folder in every process unless told where
    to cache them; keep them in the app's cache folder so they are made once. It does not create the folder
    itself, and if we cannot either, it is left to its temporary folder."""
    if "ESCPOS_CAPABILITIES_PICKLE_DIR" in os.environ:
        return
    folder = user_cache_path("Laci", appauthor=False) / "escpos"
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError:
        return
    os.environ["ESCPOS_CAPABILITIES_PICKLE_DIR"] = str(folder)


_prepare_escpos_cache()


class PrinterError(LedgerError):
    """The printer could not take the slip; `reason` says why in one word, the message says it to a person."""

    def __init__(self, reason: Reason, msgid: str, **params: object) -> None:
        super().__init__(msgid, **params)
        self.reason = reason


def _profile(name: str) -> Any:
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
    """What the print queue needs of a printer."""

    @property
    def address(self) -> str: ...

    @property
    def columns(self) -> int: ...

    def send(self, lines: Sequence[Line], *, open_drawer: bool) -> None:
        """Print one slip (and kick the drawer first when asked); raises `PrinterError` when it could not."""

    def close(self) -> None: ...


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

    def send(self, lines: Sequence[Line], *, open_drawer: bool) -> None:
        self.slips.append(PrintedSlip(tuple(lines), open_drawer))

    def close(self) -> None:
        pass

    def text(self) -> str:
        """Every slip received, as plain text."""
        return "".join(as_text(s.lines, self.columns) for s in self.slips)

    def images(self, logo: Image.Image | None = None) -> list[Image.Image]:
        """Every slip received, drawn as it would come out of the printer."""
        from pos.printing.preview import render

        return [render(s.lines, self.columns, logo=logo) for s in self.slips]


def _unreachable(address: str) -> PrinterError:
    return PrinterError(
        "unreachable",
        N_("The printer {printer} cannot be reached. Check that it is on and its cable or network is connected."),
        printer=address,
    )


def _lost(address: str) -> PrinterError:
    return PrinterError(
        "lost",
        N_("The printer {printer} stopped answering in the middle of a slip. Check that it is on and connected."),
        printer=address,
    )


def _missing(kind: Kind) -> PrinterError | None:
    """Why this machine cannot drive printers of `kind`, if it cannot."""
    if kind == "win32" and sys.platform != "win32":
        return PrinterError("unsupported", N_("Windows printers (win32:) can be used only on Windows."))
    modules = {"usb": "escpos.printer.usb", "serial": "escpos.printer.serial", "cups": "escpos.printer.cups"}
    if kind not in modules and kind != "win32":
        return None
    import importlib

    backend = importlib.import_module(modules.get(kind, "escpos.printer.win32raw"))
    if backend.is_usable():
        return None
    messages = {
        "usb": N_("Printing to USB needs the pyusb package, which is not installed."),
        "serial": N_("Printing to a serial port needs the pyserial package, which is not installed."),
        "cups": N_("Printing through CUPS needs the pycups package, which is not installed."),
        "win32": N_("Printing to a Windows printer needs the pywin32 package, which is not installed."),
    }
    return PrinterError("unsupported", messages[kind])


class EscposPrinter:
    """A real printer through python-escpos, connected at the first slip and kept open for the next ones.

    When the printer answers real-time status requests, each slip is preceded by a paper check (an empty
    printer is reported instead of printing into nothing) and followed by one more request, whose answer shows
    the whole slip reached the printer; a printer that never answers is printed to without the checks.
    """

    def __init__(
        self,
        address: PrinterAddress,
        *,
        profile: str = "default",
        columns: int | None = None,
        codepage: str = ASCII,
        logo: Image.Image | None = None,
        timeout: float = 5.0,
        status_timeout: float = 1.0,
    ) -> None:
        self._target = address
        self._profile = profile
        self._columns = columns if columns is not None else columns_for(profile, 32)
        self._codepage = codepage
        self._logo = logo
        self._timeout = timeout
        self._status_timeout = status_timeout
        self._device: Any = None
        self._answers: bool | None = None  # whether this printer answers status requests; None until asked

    @property
    def address(self) -> str:
        return self._target.uri

    @property
    def columns(self) -> int:
        return self._columns

    def _make(self) -> Any:
        from escpos import printer as backends

        a, profile = self._target, self._profile or "default"
        _profile(profile)  # refuses an unknown name in words; python-escpos would raise a bare KeyError
        if a.kind == "tcp":
            return backends.Network(a.target, a.port, timeout=self._timeout, profile=profile)
        if a.kind == "usb":
            return backends.Usb(
                a.vendor_id, a.product_id, timeout=0, in_ep=a.in_endpoint, out_ep=a.out_endpoint, profile=profile
            )
        if a.kind == "serial":
            return backends.Serial(a.target, baudrate=a.baudrate, timeout=self._timeout, profile=profile)
        if a.kind == "file":
            return backends.File(a.target, profile=profile)
        if a.kind == "cups":
            return backends.CupsPrinter(a.target, profile=profile)
        return backends.Win32Raw(a.target, profile=profile)

    def _open(self) -> Any:
        from escpos.exceptions import DeviceNotFoundError

        missing = _missing(self._target.kind)
        if missing is not None:
            raise missing
        try:
            device = self._make()
            device.open()
        except (DeviceNotFoundError, OSError):
            raise _unreachable(self.address) from None
        self._device = device
        return device

    def _status(self, device: Any, request: bytes) -> int | None:
        """The printer's status byte for `request`, or None when it does not answer in time."""
        if self._target.kind == "tcp":
            sock: socket.socket = device.device
            sock.settimeout(self._status_timeout)
            try:
                sock.sendall(request)
                data = sock.recv(16)
            except TimeoutError:
                return None
            finally:
                sock.settimeout(self._timeout)
            if not data:  # the printer hung up
                raise _lost(self.address)
        elif self._target.kind in ("usb", "serial"):
            try:
                device._raw(request)
                data = bytes(device._read())
            except Exception:  # pyusb and pyserial raise their own types for "nothing came back"
                return None
        else:
            return None
        answers = [b for b in data if b & _STATUS_FIXED_MASK == _STATUS_FIXED_BITS]
        return answers[-1] if answers else None

    def _check_paper(self, device: Any) -> None:
        if self._answers is False:
            return
        status = self._status(device, STATUS_PAPER)
        self._answers = status is not None
        if status is not None and status & _PAPER_END == _PAPER_END:
            raise PrinterError(
                "paper", N_("The printer {printer} is out of paper. Put in a new roll."), printer=self.address
            )

    def send(self, lines: Sequence[Line], *, open_drawer: bool) -> None:
        from escpos.exceptions import Error as EscposError

        device = self._device if self._device is not None else self._open()
        try:
            self._check_paper(device)
            print_lines(
                device,
                lines,
                open_drawer=open_drawer,
                columns=self._columns,
                pixel_width=profile_pixel_width(device, self._columns),
                codepage=self._codepage,
                logo=self._logo,
            )
            if self._answers:
                self._status(device, STATUS_PRINTER)
            if self._target.kind in SPOOLED:
                self.close()
        except PrinterError:
            self._drop()
            raise
        except OSError:
            self._drop()
            raise _lost(self.address) from None
        except EscposError as err:
            self._drop()
            raise PrinterError(
                "failed",
                N_("The printer {printer} could not print the slip: {detail}"),
                printer=self.address,
                detail=err,
            ) from None

    def _drop(self) -> None:
        """Forget a connection that failed; the next slip connects afresh."""
        device, self._device, self._answers = self._device, None, None
        if device is not None:
            # Closing a dead connection may fail in any way; it is gone either way.
            with contextlib.suppress(Exception):
                device.close()

    def close(self) -> None:
        device, self._device = self._device, None
        if device is not None:
            try:
                device.close()
            except OSError:
                raise _lost(self.address) from None


def open_printer(
    uri: str,
    *,
    profile: str = "default",
    columns: int = 32,
    codepage: str = ASCII,
    logo: Image.Image | None = None,
    timeout: float = 5.0,
    status_timeout: float = 1.0,
) -> Printer:
    """The printer at `uri`, not yet connected. A malformed address raises `InvalidInput`; a printer kind this
    machine cannot drive raises `PrinterError` now, while a connection problem shows at the first slip."""
    address = parse_address(uri)
    width = columns_for(profile, columns)
    if address.kind == "preview":
        return PreviewPrinter(width, address.uri)
    missing = _missing(address.kind)
    if missing is not None:
        raise missing
    return EscposPrinter(
        address,
        profile=profile,
        columns=width,
        codepage=codepage,
        logo=logo,
        timeout=timeout,
        status_timeout=status_timeout,
    )


def printer_from_settings(values: ShopSettings, *, uri: str | None = None, **options: Any) -> Printer:
    """The shop's receipt printer (`printer.uri`, `printer.profile`, `printer.columns`), or the one at `uri`."""
    return open_printer(
        uri if uri is not None else str(values["printer.uri"]),
        profile=str(values["printer.profile"]),
        columns=int(values["printer.columns"]),
        **options,
    )

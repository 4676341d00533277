"""A real receipt printer: a slip made into ESC/POS bytes by python-escpos, then sent over a bounded link with the
printer asked, before and after, whether it is ready and whether it has everything.

Printed means the printer had it. When the printer answers status requests, a slip goes out only when it is
ready (paper in, cover shut, online), and counts as printed only when the printer answers again after the last
byte. When it never answers, the slip is "sent, not confirmed" (or not sent at all, if the shop asked for
confirmation). A printer that takes the connection and stops reading, hangs up or resets is caught by the write
timeout, the last status request or the close, and the slip is never taken as printed.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Final

from PIL import Image

from pos.i18n import N_, _
from pos.printing import status
from pos.printing.addresses import PrinterAddress
from pos.printing.errors import Delivery, PrinterError, lost, unreachable
from pos.printing.escpos_out import print_lines, profile_pixel_width
from pos.printing.library import load_escpos
from pos.printing.links import (
    CupsLink,
    FileLink,
    Link,
    LinkDown,
    NoUsbDriver,
    SerialLink,
    Stalled,
    TcpLink,
    Unreachable,
    UsbLink,
)
from pos.printing.sheet import Line
from pos.printing.spooler import Held, NotReady, SpoolerLink
from pos.printing.text import ASCII

CHUNK: Final = 1024  # bytes per write: each gets its own timeout, so a slow printer that keeps reading is fine
SLOWEST_BYTES_PER_SECOND: Final = 2_000  # a network or USB printer slower than this is taken as stalled
SPOOLER_WATCH = 5.0  # seconds a slip may sit in the Windows spooler's queue before it is taken back


@dataclass(frozen=True, slots=True)
class Timing:
    """How long each call on the link may take, in seconds; a slip's own limits follow from its size."""

    connect: float = 3.0
    status: float = 1.0
    rate: float = SLOWEST_BYTES_PER_SECOND
    slack: float = 1.0
    close: float = 1.0
    watch: float = 0.0  # a spooler's job watched after it is handed over

    def write(self, size: int) -> float:
        return self.slack + size / self.rate

    def last_answer(self, size: int) -> float:
        """The answer after a slip waits behind the slip itself, which the printer may still be reading."""
        return self.status + size / self.rate

    def bound(self, size: int) -> float:
        """The longest one slip of `size` bytes can hold a worker: connect, three questions, the writes, the last
        answer and the close."""
        chunks = max(1, math.ceil(size / CHUNK))
        return (
            self.connect
            + 3 * self.status
            + chunks * self.slack
            + size / self.rate
            + self.last_answer(size)
            + self.close
            + self.watch
        )


def timing_for(address: PrinterAddress, *, connect: float | None = None, status_wait: float | None = None) -> Timing:
    """Limits for a printer kind: serial at its baud rate (ten bits a byte), the rest at the slowest rate we wait
    for; a local port answers faster than a network."""
    base = Timing()
    if address.kind == "serial":
        base = Timing(connect=2.0, status=0.5, rate=address.baudrate / 10)
    elif address.kind == "usb":
        base = Timing(connect=2.0, status=0.5)
    elif address.kind == "win32":
        base = Timing(connect=2.0, status=0.0, watch=SPOOLER_WATCH)
    elif address.kind in ("file", "cups"):
        base = Timing(connect=2.0, status=0.0)
    return Timing(
        connect if connect is not None else base.connect,
        status_wait if status_wait is not None else base.status,
        base.rate,
        base.slack,
        base.close,
        base.watch,
    )


def make_link(address: PrinterAddress, timing: Timing) -> Link:
    if address.kind == "tcp":
        return TcpLink(address.target, address.port)
    if address.kind == "serial":
        return SerialLink(address.target, address.baudrate)
    if address.kind == "usb":
        return UsbLink(address.vendor_id, address.product_id, address.in_endpoint, address.out_endpoint)
    if address.kind == "file":
        return FileLink(address.target)
    if address.kind == "cups":
        return CupsLink(address.target)
    return SpoolerLink(address.target, watch=timing.watch)


_NOT_READY: Final = {
    "paper": N_("The printer {printer} is out of paper. Put in a new roll."),
    "cover": N_("The cover of the printer {printer} is open. Close it."),
    "offline": N_("The printer {printer} is off or offline. Switch it on and check its cable."),
    "paused": N_("The printer {printer} is paused in Windows. Resume it in Printers & scanners."),
    "error": N_("The printer {printer} reports an error. Check it and switch it off and on."),
}
_NO_USB_DRIVER: Final = N_(
    "This computer has no USB driver that Laci can use for the printer {printer}. On Windows, install the "
    "printer's own driver and choose 'Windows printer' with its name, or connect the printer by network."
)


class EscposPrinter:
    """A printer at one address, connected at the first slip and kept open for the next ones in a run."""

    def __init__(
        self,
        address: PrinterAddress,
        *,
        profile: str = "default",
        columns: int = 32,
        codepage: str = ASCII,
        logo: Image.Image | None = None,
        timing: Timing | None = None,
        confirm: bool = False,
    ) -> None:
        self._target = address
        self._profile = profile or "default"
        self._columns = columns
        self._codepage = codepage
        self._logo = logo
        self.timing = timing or timing_for(address)
        self._confirm = confirm
        self._link: Link | None = None
        self._answers: bool | None = None  # whether this printer answers status requests; None until asked
        self._rendered: tuple[tuple[tuple[Line, ...], bool], bytes] | None = None

    @property
    def address(self) -> str:
        return self._target.uri

    @property
    def columns(self) -> int:
        return self._columns

    @property
    def codepage(self) -> str:
        return self._codepage

    def render(self, lines: Sequence[Line], *, open_drawer: bool) -> bytes:
        """The slip as the bytes the printer gets, made by python-escpos for this printer's profile."""
        key = (tuple(lines), open_drawer)
        if self._rendered is not None and self._rendered[0] == key:
            return self._rendered[1]
        load_escpos()
        from escpos.printer import Dummy

        dummy = Dummy(profile=self._profile)
        print_lines(
            dummy,
            lines,
            open_drawer=open_drawer,
            columns=self._columns,
            pixel_width=profile_pixel_width(dummy, self._columns),
            codepage=self._codepage,
            logo=self._logo,
        )
        data: bytes = dummy.output
        self._rendered = (key, data)
        return data

    def seconds_for(self, lines: Sequence[Line], *, open_drawer: bool) -> float:
        """The longest sending this slip can take: what the worker's claim on it must outlast."""
        return self.timing.bound(len(self.render(lines, open_drawer=open_drawer)))

    def _connect(self) -> Link:
        link = make_link(self._target, self.timing)
        try:
            link.open(self.timing.connect)
        except NoUsbDriver:
            raise PrinterError("unsupported", _NO_USB_DRIVER, printer=self.address) from None
        except NotReady as err:
            raise PrinterError(
                "paper" if err.why == "paper" else "offline", _NOT_READY[err.why], printer=self.address
            ) from None
        except Unreachable:
            raise unreachable(self.address) from None
        self._link = link
        return link

    def _ask(self, link: Link, request: bytes, wait: float) -> int | None:
        data = link.ask(request, wait)
        return None if data is None else status.answer(data)

    def _ready(self, link: Link) -> bool:
        """Ask the paper sensor and the printer's state before sending anything; True when it answers."""
        if not link.reads or self._answers is False or self.timing.status <= 0:
            return False
        paper = self._ask(link, status.PAPER, self.timing.status)
        self._answers = paper is not None
        if paper is None:
            return False
        if status.paper_out(paper):
            raise PrinterError("paper", _NOT_READY["paper"], printer=self.address)
        state = self._ask(link, status.PRINTER, self.timing.status)
        if state is None:
            raise lost(self.address, maybe_sent=False)
        if status.offline(state):
            cause = self._ask(link, status.OFFLINE_CAUSE, self.timing.status)
            why = status.offline_cause(cause) if cause is not None else None
            if why is not None and why.cover_open:
                raise PrinterError("offline", _NOT_READY["cover"], printer=self.address)
            if why is not None and why.paper_stop:
                raise PrinterError("paper", _NOT_READY["paper"], printer=self.address)
            raise PrinterError("offline", _NOT_READY["offline"], printer=self.address)
        return True

    def _after(self, link: Link, size: int) -> Delivery:
        """The answer after the slip: the printer has read every byte before it. Offline by then (the cover
        opened, the paper ran out mid-slip) it keeps the rest and prints it once put right: sent, not printed."""
        state = self._ask(link, status.PRINTER, self.timing.last_answer(size))
        if state is None:
            raise PrinterError(
                "lost",
                N_("The printer {printer} did not confirm the slip. It may not have printed; it will be tried again."),
                printer=self.address,
                maybe_sent=True,
            )
        if not status.offline(state):
            return Delivery(True)
        cause = self._ask(link, status.OFFLINE_CAUSE, self.timing.status)
        why = status.offline_cause(cause) if cause is not None else None
        if why is not None and why.cover_open:
            return Delivery(False, _("The cover opened during the slip; the rest prints when it is closed."))
        return Delivery(False, _("The printer stopped during the slip (paper?); the rest prints when it is ready."))

    def _write(self, link: Link, data: bytes) -> None:
        for start in range(0, len(data), CHUNK):
            chunk = data[start : start + CHUNK]
            link.write(chunk, self.timing.write(len(chunk)))

    def send(self, lines: Sequence[Line], *, open_drawer: bool) -> Delivery:
        """Send one slip (the drawer kick alone when `lines` is empty and `open_drawer`); see the module's notes.

        Raises `PrinterError`; its `maybe_sent` says whether any of the slip may have reached the printer.
        """
        data = self.render(lines, open_drawer=open_drawer)
        link = self._link if self._link is not None else self._connect()
        sent = False
        try:
            answers = self._ready(link)
            if not answers and self._confirm and not link.spooled:
                raise PrinterError(
                    "unconfirmed",
                    N_("The printer {printer} did not answer, and Laci is set to wait for it to confirm each slip."),
                    printer=self.address,
                )
            sent = True
            self._write(link, data)
            if answers:
                return self._after(link, len(data))
            if link.spooled:
                self._link = None
                link.finish(self.timing.close + self.timing.watch)
                if link.confirms:
                    return Delivery(True)
                return Delivery(False, _("Handed to the print service, which does not say whether it printed."))
            return Delivery(False, _("This printer does not report its status, so the slip is sent, not confirmed."))
        except PrinterError:
            self._drop()
            raise
        except Held as err:
            self._drop()
            raise PrinterError(
                "offline",
                N_("The printer {printer} did not take the slip from Windows; it is taken back and tried again later.")
                if err.removed
                else N_("The printer {printer} did not take the slip from Windows; it may print later."),
                printer=self.address,
                maybe_sent=not err.removed,
            ) from None
        except (Stalled, LinkDown):
            self._drop()
            raise lost(self.address, maybe_sent=sent) from None
        except Exception as err:
            self._drop()
            if _is_escpos_error(err):
                raise PrinterError(
                    "failed",
                    N_("The printer {printer} could not print the slip: {detail}"),
                    printer=self.address,
                    detail=err,
                    maybe_sent=sent,
                ) from None
            raise

    def _drop(self) -> None:
        """Forget a connection that failed; the next slip connects afresh and asks again."""
        link, self._link, self._answers = self._link, None, None
        if link is not None:
            link.drop()

    def close(self) -> None:
        """End the run. A printer that answered has confirmed every slip already: the line is simply closed. One
        that does not answer is left to take what it was sent first (bounded), and a reset then is reported."""
        link, self._link = self._link, None
        if link is None:
            return
        if self._answers:
            link.drop()
            return
        try:
            link.finish(self.timing.close + self.timing.watch)
        except (Stalled, LinkDown):
            raise lost(self.address) from None


def _is_escpos_error(err: Exception) -> bool:
    from escpos.exceptions import Error

    return isinstance(err, Error)

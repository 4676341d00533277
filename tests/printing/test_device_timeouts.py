"""Every call on a serial or USB printer is bounded: a pseudo-terminal that stops reading, a serial printer that
never answers status, a USB printer that stalls, and a computer without a USB driver.

A serial printer is a pseudo-terminal here: Laci opens its other end as the port, and a thread plays the printer
on this end (reading, answering DLE EOT, or not).
"""

from __future__ import annotations

import datetime as dt
import os
import select
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

import pytest
import usb.core
import usb.util
from printing_support import morning_sale, warung
from shop_support import AT

from pos import i18n
from pos.ledger.base.db import Database
from pos.printing.printers import EscposPrinter, PrinterError, open_printer
from pos.printing.queue_worker import print_pending
from pos.printing.sheet import Line

SOON = AT + dt.timedelta(seconds=5)


@dataclass
class PtyPrinter:
    """The printer's end of a pseudo-terminal: `reads` whether it reads at all, `answers` status requests."""

    reads: bool = True
    answers: bool = True
    received: bytearray = field(default_factory=bytearray)

    def __post_init__(self) -> None:
        self.master, self.slave = os.openpty()
        self.name = os.ttyname(self.slave)
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._serve, daemon=True)

    def _serve(self) -> None:
        while not self._stop.is_set():
            if not self.reads:
                time.sleep(0.02)
                continue
            ready, _w, _x = select.select([self.master], [], [], 0.02)
            if not ready:
                continue
            try:
                chunk = os.read(self.master, 4096)
            except OSError:
                return
            self.received += chunk
            if self.answers:
                for _ in range(chunk.count(b"\x10\x04")):
                    os.write(self.master, b"\x12")

    def start(self) -> PtyPrinter:
        self._thread.start()
        return self

    def stop(self) -> None:
        self._stop.set()
        self._thread.join(5)
        for fd in (self.master, self.slave):
            os.close(fd)


@contextmanager
def pty_printer(**kw: Any) -> Iterator[PtyPrinter]:
    printer = PtyPrinter(**kw).start()
    try:
        yield printer
    finally:
        printer.stop()


def test_a_serial_port_that_stops_reading_holds_nobody() -> None:
    """The old adapter wrote with no timeout: 14.5 KB to a stalled port was still blocked after 40 s."""
    i18n.set_language("en")
    with pty_printer(reads=False) as port:
        printer = open_printer(f"serial:{port.name}?baud=9600")
        assert isinstance(printer, EscposPrinter)
        lines = [Line("Es teh manis jumbo gelas besar")] * 1500  # about 50 KB: more than the terminal holds
        bound = printer.seconds_for(lines, open_drawer=False)
        started = time.monotonic()
        with pytest.raises(PrinterError) as failed:
            printer.send(lines, open_drawer=False)
        took = time.monotonic() - started
        printer.close()
    assert failed.value.reason == "lost" and failed.value.maybe_sent
    assert str(failed.value).startswith(f"The printer serial:{port.name}?baud=9600 stopped answering")
    assert took < 4 < bound  # a write that cannot finish waits about its own time, far from the bound


def test_a_serial_printer_that_answers_confirms_every_slip(db: Database) -> None:
    with pty_printer() as port:
        counter = warung(db, printer_uri=f"serial:{port.name}?baud=115200")
        sale = morning_sale(counter)
        run = print_pending(db, at=SOON)
    assert len(run.printed) == 2 and run.ok
    assert port.received.count(sale.receipt_no.encode()) == 1 and port.received.count(b"\x1bp\x00") == 1


def test_a_serial_printer_that_never_answers_is_asked_once_a_run(db: Database) -> None:
    """Every serial slip used to wait 5 s for a status answer that never came."""
    with pty_printer(answers=False) as port:
        counter = warung(db, printer_uri=f"serial:{port.name}?baud=115200")
        for minute in range(3):
            morning_sale(counter, at=AT + dt.timedelta(seconds=minute))
        started = time.monotonic()
        run = print_pending(db, at=SOON)
        took = time.monotonic() - started
    assert len(run.sent) == 6 and run.printed == ()  # three drawers, three receipts; none confirmed
    assert port.received.count(b"\x10\x04") == 1
    assert took < 2


@dataclass
class FakeUsbDevice:
    """What python-escpos's `Usb` calls on a pyusb device; `stalls` makes every write time out."""

    stalls: bool = False
    writes: list[tuple[int, int]] = field(default_factory=list)  # (bytes, timeout in ms)
    default_timeout: int = 1000

    class backend:
        __module__ = "usb.backend.libusb1"

    def is_kernel_driver_active(self, interface: int) -> bool:
        return False

    def set_configuration(self) -> None:
        pass

    def reset(self) -> None:
        pass

    def write(self, endpoint: int, data: bytes, timeout: int) -> int:
        self.writes.append((len(data), timeout))
        if self.stalls:
            time.sleep(timeout / 1000)
            raise usb.core.USBTimeoutError("Operation timed out", 110, 110)
        return len(data)

    def read(self, endpoint: int, size: int) -> bytes:
        raise usb.core.USBTimeoutError("Operation timed out", 110, 110)


@pytest.fixture
def usb_device(monkeypatch: pytest.MonkeyPatch) -> FakeUsbDevice:
    device = FakeUsbDevice()
    monkeypatch.setattr(usb.core, "find", lambda **kw: device)
    monkeypatch.setattr(usb.util, "dispose_resources", lambda dev: None)
    return device


def test_usb_writes_have_a_timeout_from_the_slip_size(usb_device: FakeUsbDevice) -> None:
    printer = open_printer("usb://0416:5011")
    lines = [Line("Kopi susu gula aren")] * 200
    printer.send(lines, open_drawer=False)
    printer.close()
    assert usb_device.writes and all(0 < timeout <= 2_000 for _n, timeout in usb_device.writes)
    assert max(n for n, _t in usb_device.writes) <= 1024


def test_a_usb_printer_that_stalls_fails_within_its_bound(usb_device: FakeUsbDevice) -> None:
    usb_device.stalls = True
    printer = open_printer("usb://0416:5011")
    assert isinstance(printer, EscposPrinter)
    started = time.monotonic()
    with pytest.raises(PrinterError) as failed:
        printer.send([Line("Kopi susu")], open_drawer=True)
    assert failed.value.reason == "lost" and time.monotonic() - started < 3


def test_usb_without_a_driver_says_so_in_indonesian_with_the_way_out(monkeypatch: pytest.MonkeyPatch) -> None:
    """pyusb raises NoBackendError (a ValueError) where no libusb is installed, as on a fresh Windows."""

    def no_backend(**kw: object) -> None:
        raise usb.core.NoBackendError("No backend available")

    monkeypatch.setattr(usb.core, "find", no_backend)
    i18n.set_language("id")
    printer = open_printer("usb://0416:5011")
    with pytest.raises(PrinterError) as failed:
        printer.send([Line("Kopi")], open_drawer=False)
    assert failed.value.reason == "unsupported" and not failed.value.maybe_sent
    message = str(failed.value)
    assert "driver USB" in message and "Printer Windows" in message and "jaringan" in message

"""Windows printers (`win32:NAME`) through the print spooler, which takes any job, even for a printer that is off.

A job handed to the spooler for a printer that is switched off waits in its queue and comes out when the printer
is next switched on, hours later, with its drawer kick. So the printer's status is read from the spooler before
anything is sent (offline, out of paper, cover open, paused or in error: nothing is sent), and after the slip is
handed over its job is watched for a few seconds: a job the spooler sent on is taken as printed; one still held
(or held in error) is deleted from the queue, so it never comes out late, and the slip is tried again later.

python-escpos's `Win32Raw` opens the job and writes it; it knows nothing of the printer's or the job's status,
so those are read here through pywin32's `win32print`, which is what `Win32Raw` itself uses.
"""

from __future__ import annotations

import contextlib
import sys
import time
from dataclasses import dataclass
from typing import Any, Final

from pos.printing.library import load_escpos
from pos.printing.links import LinkDown, Unreachable

# Windows API values (winspool.h); pywin32 does not export them all.
PRINTER_ENUM_LOCAL: Final = 0x2
PRINTER_ENUM_CONNECTIONS: Final = 0x4
PRINTER_ATTRIBUTE_WORK_OFFLINE: Final = 0x400
PRINTER_STATUS_PAUSED: Final = 0x1
PRINTER_STATUS_ERROR: Final = 0x2
PRINTER_STATUS_PAPER_JAM: Final = 0x8
PRINTER_STATUS_PAPER_OUT: Final = 0x10
PRINTER_STATUS_PAPER_PROBLEM: Final = 0x40
PRINTER_STATUS_OFFLINE: Final = 0x80
PRINTER_STATUS_NOT_AVAILABLE: Final = 0x1000
PRINTER_STATUS_USER_INTERVENTION: Final = 0x100000
PRINTER_STATUS_DOOR_OPEN: Final = 0x400000
JOB_STATUS_ERROR: Final = 0x2
JOB_STATUS_OFFLINE: Final = 0x20
JOB_STATUS_PAPEROUT: Final = 0x40
JOB_STATUS_PRINTED: Final = 0x80
JOB_STATUS_BLOCKED_DEVQ: Final = 0x200
JOB_STATUS_USER_INTERVENTION: Final = 0x400
JOB_STATUS_COMPLETE: Final = 0x1000
JOB_CONTROL_DELETE: Final = 5
JOB_TROUBLE: Final = (
    JOB_STATUS_ERROR | JOB_STATUS_OFFLINE | JOB_STATUS_PAPEROUT | JOB_STATUS_BLOCKED_DEVQ | JOB_STATUS_USER_INTERVENTION
)
WATCH_STEP: Final = 0.1  # seconds between looks at the job


class NotReady(Unreachable):
    """The spooler says the printer cannot print now; `why` is one of offline, paper, cover, paused, error."""

    def __init__(self, why: str) -> None:
        super().__init__(why)
        self.why = why


class Held(LinkDown):
    """The spooler still held the slip when the watch ended. `removed`: it was deleted from the queue, so it will
    not come out later."""

    def __init__(self, removed: bool) -> None:
        super().__init__("held by the spooler")
        self.removed = removed


def win32print() -> Any:
    """pywin32's `win32print`, as python-escpos's `Win32Raw` loaded it (None where it is not installed)."""
    load_escpos()
    import escpos.printer.win32raw as raw

    return getattr(raw, "win32print", None)


def spooler_usable() -> bool:
    """Whether Windows printers can be used on this machine: Windows, with pywin32 installed."""
    if sys.platform != "win32":
        return False
    load_escpos()
    import escpos.printer.win32raw as raw

    return bool(raw.is_usable())


def windows_printers() -> list[str]:
    """The names of the printers Windows knows (installed here or shared from another computer), sorted; empty
    where there are none or this is not Windows."""
    if not spooler_usable():
        return []
    api = win32print()
    try:
        found = api.EnumPrinters(PRINTER_ENUM_LOCAL | PRINTER_ENUM_CONNECTIONS, None, 4)
    except Exception:  # pywintypes.error: the spooler service is stopped
        return []
    return sorted({str(p["pPrinterName"]) for p in found}, key=str.lower)


def _not_ready(status: int, attributes: int) -> str | None:
    if status & PRINTER_STATUS_DOOR_OPEN:
        return "cover"
    if status & (PRINTER_STATUS_PAPER_OUT | PRINTER_STATUS_PAPER_JAM | PRINTER_STATUS_PAPER_PROBLEM):
        return "paper"
    if status & (PRINTER_STATUS_OFFLINE | PRINTER_STATUS_NOT_AVAILABLE) or attributes & PRINTER_ATTRIBUTE_WORK_OFFLINE:
        return "offline"
    if status & PRINTER_STATUS_PAUSED:
        return "paused"
    if status & (PRINTER_STATUS_ERROR | PRINTER_STATUS_USER_INTERVENTION):
        return "error"
    return None


@dataclass
class SpoolerLink:
    """One slip as one spooler job: the status read before, `Win32Raw` for the job, the job watched after."""

    name: str
    watch: float = 5.0  # how long a job may sit in the queue before it is taken back
    reads = False
    spooled = True
    confirms = True

    def __post_init__(self) -> None:
        self._printer: Any = None

    def _status(self, api: Any) -> tuple[int, int]:
        handle = api.OpenPrinter(self.name)
        try:
            info = api.GetPrinter(handle, 2)
        finally:
            api.ClosePrinter(handle)
        return int(info.get("Status", 0)), int(info.get("Attributes", 0))

    def open(self, timeout: float) -> None:
        load_escpos()
        from escpos.exceptions import DeviceNotFoundError
        from escpos.printer import Win32Raw

        api = win32print()
        try:
            status, attributes = self._status(api)
        except Exception as err:  # pywintypes.error: no such printer, or the spooler is not running
            raise Unreachable(str(err)) from None
        why = _not_ready(status, attributes)
        if why is not None:
            raise NotReady(why)
        printer = Win32Raw(self.name)
        try:
            printer.open(job_name="Laci")
        except (DeviceNotFoundError, AssertionError) as err:
            raise Unreachable(str(err)) from None
        self._printer = printer

    def write(self, data: bytes, timeout: float) -> None:
        try:
            self._printer._raw(data)
        except Exception as err:  # pywintypes.error from WritePrinter
            raise LinkDown(str(err)) from None

    def ask(self, request: bytes, timeout: float) -> bytes | None:
        return None

    def finish(self, timeout: float) -> None:
        """Hand the job to the spooler and watch it go; raises `Held` if it is still in the queue at the end."""
        printer, self._printer = self._printer, None
        job = int(printer.current_job)
        try:
            printer.close()
        except Exception as err:
            raise LinkDown(str(err)) from None
        api = win32print()
        handle = api.OpenPrinter(self.name)
        try:
            deadline = time.monotonic() + min(self.watch, timeout)
            while True:
                try:
                    info = api.GetJob(handle, job, 1)
                except Exception:
                    return  # gone from the queue: the spooler sent it to the printer
                status = int(info.get("Status", 0))
                if status & (JOB_STATUS_PRINTED | JOB_STATUS_COMPLETE):
                    return
                if status & JOB_TROUBLE or time.monotonic() >= deadline:
                    break
                time.sleep(WATCH_STEP)
            try:
                api.SetJob(handle, job, 0, None, JOB_CONTROL_DELETE)
                removed = True
            except Exception:
                removed = False
            raise Held(removed)
        finally:
            with contextlib.suppress(Exception):
                api.ClosePrinter(handle)

    def drop(self) -> None:
        printer, self._printer = self._printer, None
        if printer is None:
            return
        # Whatever was written is taken back: a job deleted before it is closed never prints.
        api = win32print()
        with contextlib.suppress(Exception):
            api.SetJob(printer.device, int(printer.current_job), 0, None, JOB_CONTROL_DELETE)
        with contextlib.suppress(Exception):
            printer.close()

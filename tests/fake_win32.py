"""Windows' print spooler imitated on Linux, behind pywin32's `win32print` as python-escpos loads it.

The spooler takes any job for any printer it knows. A job for a printer that is on goes to the printer when the
job is closed; one for a printer that is off stays in the queue (marked offline, as Windows does once its port
fails) and comes out when the printer is next switched on, however much later. The spooler's own view of a
printer (`status`) may be out of date: USB printers switched off often still show as ready.
"""

from __future__ import annotations

import itertools
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from types import ModuleType, SimpleNamespace
from typing import Any

import pytest

PRINTER_STATUS_OFFLINE = 0x80
PRINTER_STATUS_PAPER_OUT = 0x10
PRINTER_STATUS_PAUSED = 0x1
PRINTER_STATUS_DOOR_OPEN = 0x400000
JOB_STATUS_OFFLINE = 0x20
JOB_STATUS_PRINTING = 0x10


class SpoolerError(Exception):
    """pywintypes.error"""


@dataclass
class WindowsPrinter:
    name: str
    on: bool = True
    status: int = 0  # what the spooler says of it
    marks_jobs: bool = True  # the spooler marks a job it could not send as offline
    printed: bytearray = field(default_factory=bytearray)


@dataclass
class Job:
    printer: WindowsPrinter
    data: bytearray = field(default_factory=bytearray)
    closed: bool = False
    status: int = 0


@dataclass
class Spooler:
    printers: dict[str, WindowsPrinter] = field(default_factory=dict)
    jobs: dict[int, Job] = field(default_factory=dict)
    deleted: list[int] = field(default_factory=list)

    def __post_init__(self) -> None:
        self._ids = itertools.count(1)
        self._handles: dict[int, str] = {}
        self._docs: dict[int, int] = {}

    def add(self, name: str, **kw: Any) -> WindowsPrinter:
        self.printers[name] = WindowsPrinter(name, **kw)
        return self.printers[name]

    def switch_on(self, name: str) -> None:
        """The printer comes back: everything still in its queue comes out now."""
        printer = self.printers[name]
        printer.on = True
        printer.status = 0
        for job_id, job in list(self.jobs.items()):
            if job.printer is printer and job.closed:
                printer.printed += job.data
                del self.jobs[job_id]

    def _despool(self, job_id: int) -> None:
        job = self.jobs[job_id]
        if job.printer.on:
            job.printer.printed += job.data
            del self.jobs[job_id]
        elif job.printer.marks_jobs:
            job.status = JOB_STATUS_OFFLINE

    # --- win32print -----------------------------------------------------------------------------------------

    def module(self) -> ModuleType:
        api = ModuleType("win32print")
        api.PRINTER_ENUM_NAME = 8  # type: ignore[attr-defined]
        api.EnumPrinters = lambda flags, name=None, level=1: [  # type: ignore[attr-defined]
            {"pPrinterName": n, "Attributes": 0} for n in self.printers
        ]
        api.GetDefaultPrinter = lambda: next(iter(self.printers))  # type: ignore[attr-defined]
        api.OpenPrinter = self.open_printer  # type: ignore[attr-defined]
        api.ClosePrinter = lambda handle: self._handles.pop(handle, None)  # type: ignore[attr-defined]
        api.GetPrinter = self.get_printer  # type: ignore[attr-defined]
        api.StartDocPrinter = self.start_doc  # type: ignore[attr-defined]
        api.StartPagePrinter = lambda handle: None  # type: ignore[attr-defined]
        api.WritePrinter = self.write  # type: ignore[attr-defined]
        api.EndPagePrinter = lambda handle: None  # type: ignore[attr-defined]
        api.EndDocPrinter = self.end_doc  # type: ignore[attr-defined]
        api.GetJob = self.get_job  # type: ignore[attr-defined]
        api.SetJob = self.set_job  # type: ignore[attr-defined]
        return api

    def open_printer(self, name: str) -> int:
        if name not in self.printers:
            raise SpoolerError(1801, "OpenPrinter", "The printer name is invalid.")
        handle = next(self._ids) + 1000
        self._handles[handle] = name
        return handle

    def get_printer(self, handle: int, level: int) -> dict[str, Any]:
        printer = self.printers[self._handles[handle]]
        return {"pPrinterName": printer.name, "Status": printer.status, "Attributes": 0, "cJobs": len(self.jobs)}

    def start_doc(self, handle: int, level: int, info: tuple[str, Any, str]) -> int:
        job_id = next(self._ids)
        self.jobs[job_id] = Job(self.printers[self._handles[handle]])
        self._docs[handle] = job_id
        return job_id

    def write(self, handle: int, data: bytes) -> int:
        self.jobs[self._docs[handle]].data += data
        return len(data)

    def end_doc(self, handle: int) -> None:
        job_id = self._docs.pop(handle)
        if job_id in self.jobs:
            self.jobs[job_id].closed = True
            self._despool(job_id)

    def get_job(self, handle: int, job_id: int, level: int) -> dict[str, Any]:
        if job_id not in self.jobs:
            raise SpoolerError(87, "GetJob", "The parameter is incorrect.")
        return {"JobId": job_id, "Status": self.jobs[job_id].status}

    def set_job(self, handle: int, job_id: int, level: int, info: Any, command: int) -> None:
        if command == 5 and job_id in self.jobs:
            del self.jobs[job_id]
            self.deleted.append(job_id)


@contextmanager
def windows(monkeypatch: pytest.MonkeyPatch) -> Iterator[Spooler]:
    """Run as on Windows with pywin32 installed, the spooler above behind it."""
    import escpos.printer.win32raw as raw

    spooler = Spooler()
    monkeypatch.setattr(sys, "platform", "win32")
    monkeypatch.setattr(raw, "win32print", spooler.module(), raising=False)
    monkeypatch.setattr(raw, "pywintypes", SimpleNamespace(error=SpoolerError), raising=False)
    monkeypatch.setattr(raw, "_DEP_WIN32PRINT", True)
    yield spooler

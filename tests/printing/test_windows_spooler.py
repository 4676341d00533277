"""Windows printers (`win32:`) behind an imitation of the spooler, which accepts every job even for a printer that
is off: nothing is sent to a printer the spooler says is not ready, a job the spooler holds is taken back, and
no receipt or drawer kick comes out hours later."""

from __future__ import annotations

import datetime as dt

import pytest
from fake_win32 import PRINTER_STATUS_DOOR_OPEN, PRINTER_STATUS_OFFLINE, PRINTER_STATUS_PAPER_OUT, windows
from printing_support import morning_sale, warung
from shop_support import AT

from pos import i18n
from pos.ledger.base.db import Database
from pos.printing import escpos_printer
from pos.printing.printers import PrinterError, open_printer
from pos.printing.queue_worker import print_pending
from pos.printing.sheet import Line
from pos.printing.spooler import windows_printers

SOON = AT + dt.timedelta(seconds=5)
LATER = AT + dt.timedelta(seconds=40)
KICK = b"\x1bp\x00"


def test_a_slip_goes_through_the_spooler_and_counts_once_it_leaves_the_queue(
    db: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    with windows(monkeypatch) as spooler:
        pos58 = spooler.add("POS-58")
        counter = warung(db, printer_uri="win32:POS-58")
        sale = morning_sale(counter)
        run = print_pending(db, at=SOON)
    assert len(run.printed) == 2 and run.ok and spooler.jobs == {}
    assert pos58.printed.count(sale.receipt_no.encode()) == 1 and pos58.printed.count(KICK) == 1


@pytest.mark.parametrize(
    ("status", "says"),
    [
        (PRINTER_STATUS_OFFLINE, "The printer win32:POS-58 is off or offline."),
        (PRINTER_STATUS_PAPER_OUT, "The printer win32:POS-58 is out of paper."),
        (PRINTER_STATUS_DOOR_OPEN, "The cover of the printer win32:POS-58 is open."),
    ],
)
def test_nothing_is_handed_to_the_spooler_while_it_says_the_printer_is_not_ready(
    db: Database, monkeypatch: pytest.MonkeyPatch, status: int, says: str
) -> None:
    i18n.set_language("en")
    with windows(monkeypatch) as spooler:
        pos58 = spooler.add("POS-58", on=False, status=status)
        counter = warung(db, printer_uri="win32:POS-58")
        sale = morning_sale(counter)
        run = print_pending(db, at=SOON)
        assert run.printed == () and run.error.startswith(says)
        assert spooler.jobs == {}  # nothing waits in Windows to come out later, the drawer kick least of all
        spooler.switch_on("POS-58")
        assert pos58.printed == b""
        back = print_pending(db, at=LATER)
    assert len(back.printed) == 2
    assert pos58.printed.count(sale.receipt_no.encode()) == 1 and pos58.printed.count(KICK) == 1


def test_a_job_the_spooler_holds_for_a_printer_that_is_off_is_taken_back(
    db: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The spooler still says "ready" (a USB printer switched off): the slip is handed over, the spooler holds
    it, and Laci deletes it so it does not print when the printer is switched on hours later."""
    i18n.set_language("en")
    with windows(monkeypatch) as spooler:
        pos58 = spooler.add("POS-58", on=False)
        counter = warung(db, printer_uri="win32:POS-58")
        sale = morning_sale(counter)
        run = print_pending(db, at=SOON)
        assert run.printed == () and "did not take the slip from Windows" in run.error
        assert spooler.jobs == {} and len(spooler.deleted) == 1
        spooler.switch_on("POS-58")  # hours later: nothing left in Windows' queue comes out
        assert pos58.printed == b""
        back = print_pending(db, at=LATER)
    assert len(back.printed) == 2
    assert pos58.printed.count(sale.receipt_no.encode()) == 1 and pos58.printed.count(KICK) == 1


def test_a_job_that_just_sits_in_the_queue_is_taken_back_when_the_watch_ends(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(escpos_printer, "SPOOLER_WATCH", 0.3)
    with windows(monkeypatch) as spooler:
        spooler.add("POS-58", on=False, marks_jobs=False)  # Windows does not even mark the job
        printer = open_printer("win32:POS-58")
        with pytest.raises(PrinterError) as failed:
            printer.send([Line("Kopi")], open_drawer=True)
    assert failed.value.reason == "offline" and not failed.value.maybe_sent
    assert spooler.jobs == {} and len(spooler.deleted) == 1


def test_the_windows_printer_list(monkeypatch: pytest.MonkeyPatch) -> None:
    assert windows_printers() == []  # not Windows
    with windows(monkeypatch) as spooler:
        for name in ("POS-58", "EPSON TM-T82", "Microsoft Print to PDF"):
            spooler.add(name)
        assert windows_printers() == ["EPSON TM-T82", "Microsoft Print to PDF", "POS-58"]

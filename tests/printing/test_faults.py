"""Printers that misbehave, on the loopback interface, against the print queue: refused, blackhole, closed and
reset mid-job, out of paper, cover open, a slow reader, and status answers that lie.

What is counted is what the printer really read: each receipt arrives whole at most once, and exactly once once
the printer behaves; the drawer opens at most once, never after a slip failed with its kick on the wire; no job
is marked printed that the printer did not confirm having; every run ends within the time its limits allow.
"""

from __future__ import annotations

import datetime as dt
import time
import uuid
from collections.abc import Callable

import pytest
from loopback import LoopbackPrinter, refused_uri, running
from printing_support import morning_sale, warung
from shop_support import AT

from pos import i18n
from pos.ledger.base.db import Database
from pos.ledger.books.check import check_books
from pos.ledger.counter import print_queue
from pos.ledger.schema import PrintJob, Sale
from pos.ledger.shop import settings as shop_settings
from pos.printing.printers import EscposPrinter, Printer, PrinterError, open_printer
from pos.printing.queue_worker import print_pending
from pos.printing.sheet import Line

SOON = AT + dt.timedelta(seconds=5)
LATER = AT + dt.timedelta(seconds=40)


def opener(uri: str, **options: object) -> Callable[[], Printer]:
    return lambda: open_printer(uri, timeout=1.0, status_timeout=0.3, **options)  # type: ignore[arg-type]


def statuses(db: Database) -> dict[str, str]:
    with db.read() as s:
        return {row.kind: row.status for row in s.query(PrintJob).order_by(PrintJob.created_at)}


def books_intact(db: Database, sale_id: uuid.UUID) -> None:
    with db.read() as s:
        sale = s.get(Sale, sale_id)
        assert sale is not None and sale.total == 68_700 and check_books(s).ok


@pytest.fixture
def english() -> None:
    i18n.set_language("en")


def test_refused_the_slips_wait_and_print_once_when_the_printer_is_on(db: Database, english: None) -> None:
    uri = refused_uri()
    counter = warung(db, printer_uri=uri)
    sale = morning_sale(counter)
    off = print_pending(db, opener(uri), at=SOON)
    assert not off.printed and off.error.startswith(f"The printer {uri} cannot be reached.") and off.waiting == 1
    assert statuses(db) == {"drawer": "pending", "receipt": "pending"}
    books_intact(db, sale.sale_id)
    port = int(uri.rsplit(":", 1)[1])
    with running(LoopbackPrinter(port=port)) as printer:
        on = print_pending(db, opener(uri), at=LATER)  # still fresh: the drawer opens now, once
        again = print_pending(db, opener(uri), at=LATER + dt.timedelta(seconds=5))
    assert len(on.printed) == 2 and again.printed == ()
    assert printer.receipts(sale.receipt_no) == 1 and printer.kicks() == 1
    assert statuses(db) == {"drawer": "printed", "receipt": "printed"}


def test_a_blackhole_never_counts_as_printed(db: Database, english: None) -> None:
    """It takes the connection and reads nothing: what went out is "sent, not confirmed", never "printed"."""
    with running(LoopbackPrinter(blackhole=True, receive_buffer=4096)) as printer:
        counter = warung(db, printer_uri=printer.uri)
        morning_sale(counter)
        started = time.monotonic()
        run = print_pending(db, opener(printer.uri), at=SOON)
        took = time.monotonic() - started
    assert run.printed == () and len(run.sent) == 2 and printer.received == b""
    assert statuses(db) == {"drawer": "sent", "receipt": "sent"}
    assert "not confirmed" in run.sent[-1][1]
    assert took < 5


def test_a_blackhole_gets_nothing_when_the_shop_wants_each_slip_confirmed(db: Database, english: None) -> None:
    with running(LoopbackPrinter(blackhole=True)) as printer:
        counter = warung(db, printer_uri=printer.uri)
        with db.write() as s:
            shop_settings.put(s, "printer.confirm", True)
        sale = morning_sale(counter)
        run = print_pending(db, at=SOON)  # the shop's printer, from its settings: confirmation on
    assert run.printed == () and run.sent == ()
    assert "did not answer, and Laci is set to wait for it to confirm each slip" in run.error
    assert statuses(db) == {"drawer": "pending", "receipt": "pending"}
    with running(LoopbackPrinter(port=printer.port)) as healthy:
        assert len(print_pending(db, at=LATER).printed) == 2
    assert healthy.receipts(sale.receipt_no) == 1 and healthy.kicks() == 1


def test_a_blackhole_that_fills_up_is_caught_by_the_write_timeout(english: None) -> None:
    with running(LoopbackPrinter(blackhole=True, receive_buffer=2048)) as printer:
        slip = open_printer(printer.uri, timeout=1.0, status_timeout=0.2)
        assert isinstance(slip, EscposPrinter)
        lines = [Line("Nasi goreng spesial telur ceplok")] * 3000  # about 100 KB: more than every buffer
        bound = slip.seconds_for(lines, open_drawer=False)
        started = time.monotonic()
        with pytest.raises(PrinterError) as failed:
            slip.send(lines, open_drawer=False)
        took = time.monotonic() - started
    assert failed.value.reason == "lost" and failed.value.maybe_sent
    assert took < 5 and took < bound


@pytest.mark.parametrize("fault", [{"close_after": 400}, {"reset_after": 400}])
def test_hung_up_mid_job_the_receipt_prints_whole_once_and_the_drawer_opened_once(
    db: Database, english: None, fault: dict[str, int]
) -> None:
    # Small bites, so the printer is still reading when the last byte has left Laci: the fault lands after it.
    with running(LoopbackPrinter(bite=100, slow=0.005, **fault)) as printer:  # type: ignore[arg-type]
        counter = warung(db, printer_uri=printer.uri)
        sale = morning_sale(counter)
        first = print_pending(db, opener(printer.uri), at=SOON)
        assert len(first.printed) == 1 and len(first.failed) == 1  # the drawer went; the receipt broke off
        assert "stopped answering in the middle of a slip" in first.error
        assert printer.receipts(sale.receipt_no) == 0  # 400 bytes, no cut: no receipt yet
        second = print_pending(db, opener(printer.uri), at=LATER)
    assert len(second.printed) == 1
    assert printer.receipts(sale.receipt_no) == 1 and printer.kicks() == 1
    assert statuses(db) == {"drawer": "printed", "receipt": "printed"}
    books_intact(db, sale.sale_id)


@pytest.mark.parametrize(
    ("sensor", "says"),
    [
        ("paper_out", "is out of paper. Put in a new roll."),
        ("cover_open", "The cover of the printer {uri} is open. Close it."),
    ],
)
def test_paper_out_or_cover_open_nothing_is_sent_until_put_right(
    db: Database, english: None, sensor: str, says: str
) -> None:
    with running(LoopbackPrinter(**{sensor: True})) as printer:  # type: ignore[arg-type]
        counter = warung(db, printer_uri=printer.uri)
        sale = morning_sale(counter)
        run = print_pending(db, opener(printer.uri), at=SOON)
        assert says.format(uri=printer.uri) in run.error and not run.printed
        assert b"\x1b@" not in printer.received and printer.kicks() == 0  # only questions were sent
        setattr(printer, sensor, False)
        fixed = print_pending(db, opener(printer.uri), at=LATER)
    assert len(fixed.printed) == 2
    assert printer.receipts(sale.receipt_no) == 1 and printer.kicks() == 1


def test_a_slow_reader_is_waited_for(db: Database, english: None) -> None:
    """Reading 512 bytes every 20 ms, it answers the last question long after the last byte left Laci."""
    with running(LoopbackPrinter(bite=512, slow=0.02)) as printer:
        counter = warung(db, printer_uri=printer.uri)
        with db.write() as s:
            shop_settings.put(s, "printer.profile", "POS-5890")  # no QR command: the code goes as a picture
        sale = morning_sale(counter)
        run = print_pending(db, at=SOON)
    assert len(run.printed) == 2 and run.ok
    assert len(printer.received) > 5_000
    assert printer.receipts(sale.receipt_no) == 1 and printer.kicks() == 1


def test_status_answers_that_are_no_answers_are_not_taken_for_one(db: Database, english: None) -> None:
    with running(LoopbackPrinter(garbage=True)) as printer:
        counter = warung(db, printer_uri=printer.uri)
        morning_sale(counter)
        run = print_pending(db, opener(printer.uri), at=SOON)
    assert run.printed == () and len(run.sent) == 2  # it may well have printed; it never said so


def test_a_printer_that_answers_then_stops_reading_is_tried_again_and_the_drawer_never_twice(
    db: Database, english: None
) -> None:
    with running(LoopbackPrinter(answers_then_blackhole=True)) as liar:
        counter = warung(db, printer_uri=liar.uri)
        sale = morning_sale(counter)
        started = time.monotonic()
        run = print_pending(db, opener(liar.uri), at=SOON)
        took = time.monotonic() - started
    assert run.printed == () and "did not confirm the slip" in run.error and took < 5
    # The kick was on the wire when the printer went quiet: it may have opened the drawer, so it is closed as
    # sent and never sent again; the receipt waits for the printer.
    assert statuses(db) == {"drawer": "sent", "receipt": "pending"}
    with running(LoopbackPrinter(port=liar.port)) as healthy:
        again = print_pending(db, opener(healthy.uri), at=LATER)
    assert len(again.printed) == 1
    assert healthy.receipts(sale.receipt_no) == 1 and healthy.kicks() == 0 and liar.kicks() == 0


def test_every_fault_leaves_the_queue_waiting_with_its_reason_in_indonesian(db: Database) -> None:
    uri = refused_uri()
    counter = warung(db, printer_uri=uri)
    morning_sale(counter)
    i18n.set_language("id")
    print_pending(db, opener(uri), at=SOON)
    with db.read() as s:
        status = print_queue.status(s, SOON)
    assert status.pending == 2 and status.last_error.startswith(f"Printer {uri} tidak bisa dihubungi.")

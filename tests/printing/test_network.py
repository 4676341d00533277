"""A network receipt printer on the loopback interface: real bytes over TCP, a printer that hangs up mid-job,
one that is switched off, one out of paper, one that never answers a status request.

Whatever the printer does, the sale stays as it was booked and its receipt prints exactly once when it can. The
cash drawer is a job of its own, sent just before the receipt of a cash sale.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Callable
from typing import Any

import pytest
from printing_support import FakePrinter, free_port, morning_sale, running, warung
from shop_support import AT, Counter
from sqlalchemy.orm import Session

from pos import i18n
from pos.ledger.base.db import Database
from pos.ledger.books.check import check_books
from pos.ledger.counter import print_claims, print_queue
from pos.ledger.schema import Sale
from pos.ledger.shop import settings
from pos.printing.printers import Printer, open_printer
from pos.printing.queue_worker import print_pending

SOON = AT + dt.timedelta(seconds=5)
INIT = b"\x1b@"
KICK = b"\x1bp\x00"
CUT = b"\x1dV"
PAPER = b"\x10\x04\x04"
ONLINE = b"\x10\x04\x01"
READY = PAPER + ONLINE  # the two questions asked before anything is sent


def opener(uri: str, status_timeout: float = 1.0) -> Callable[[], Printer]:
    return lambda: open_printer(uri, timeout=2.0, status_timeout=status_timeout)


def sale_as_booked(db: Database, sale_id: uuid.UUID) -> tuple[object, ...]:
    with db.read() as s:
        sale = s.get(Sale, sale_id)
        assert sale is not None and check_books(s).ok
        return (sale.receipt_no, sale.total, sale.tendered, sale.change, sale.entry_id)


def queue(db: Database) -> print_queue.QueueStatus:
    with db.read() as s:
        return print_queue.status(s)


def test_a_network_printer_receives_the_receipt(db: Database) -> None:
    with running(FakePrinter()) as printer:
        counter = warung(db, printer_uri=printer.uri)
        morning_sale(counter)
        run = print_pending(db, at=SOON)  # the shop's own printer, from its settings
    assert len(run.printed) == 2 and run.ok  # the drawer, then the receipt
    [received] = printer.sessions
    assert received.startswith(READY + INIT + KICK)  # paper and state checked, then the drawer
    assert received.count(KICK) == 1
    assert b"Rp 68.700" in received and b"\x1d(k" in received and CUT in received
    assert received.endswith(ONLINE)  # the last question, whose answer shows the slip arrived
    assert queue(db).pending == 0


def test_a_printer_that_hangs_up_mid_job_prints_the_slip_once_when_back(
    db: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    marked: list[uuid.UUID] = []
    settle = print_claims.settle

    def spy(session: Session, claim: print_claims.Claim, outcome: print_claims.Outcome, *a: Any, **kw: Any) -> bool:
        if outcome == "printed":
            marked.append(claim.job.id)
        return settle(session, claim, outcome, *a, **kw)

    monkeypatch.setattr(print_claims, "settle", spy)
    with running(FakePrinter(drop_after=120)) as printer:
        counter = warung(db, printer_uri=printer.uri)
        with db.write() as s:
            settings.put(s, "drawer.kick_on_cash", False)  # the receipt alone: the drawer is tested elsewhere
        sale = morning_sale(counter)
        booked = sale_as_booked(db, sale.sale_id)
        i18n.set_language("en")
        first = print_pending(db, opener(printer.uri), at=SOON)
        assert printer.drops == 1 and not first.printed
        [(job, reason)] = first.failed
        assert reason.startswith(f"The printer {printer.uri} stopped answering in the middle of a slip.")
        with db.read() as s:
            [waiting] = print_queue.pending(s)
        assert (waiting.id, waiting.attempts, waiting.last_error) == (job, 1, reason)
        assert sale_as_booked(db, sale.sale_id) == booked

        second = print_pending(db, opener(printer.uri), at=SOON + dt.timedelta(seconds=30))
        assert second.printed == (job,) and second.ok
        assert print_pending(db, opener(printer.uri), at=SOON + dt.timedelta(minutes=1)).printed == ()
    assert marked == [job]
    retry = printer.sessions[-1]
    assert retry.count(b"A-20261122-0001") == 1 and retry.count(b"Terima kasih") == 1 and retry.count(CUT) == 1
    assert KICK not in retry  # the drawer opened (or not) at the sale; a retry never opens it again
    assert sale_as_booked(db, sale.sale_id) == booked
    assert queue(db) == print_queue.QueueStatus(0, 0, "")


def test_slips_wait_while_the_printer_is_off_and_print_in_order_when_it_is_on(db: Database) -> None:
    port = free_port()
    uri = f"tcp://127.0.0.1:{port}"
    counter = warung(db, printer_uri=uri)
    first = morning_sale(counter)
    i18n.set_language("en")
    off = print_pending(db, opener(uri), at=SOON)
    assert not off.printed and off.failed[0][1].startswith(f"The printer {uri} cannot be reached.")
    second = morning_sale(counter, at=AT + dt.timedelta(minutes=10))
    status = queue(db)
    assert (status.pending, status.failed) == (4, 0) and "cannot be reached" in status.last_error  # 2 drawers
    with running(FakePrinter(port=port)) as printer:
        on = print_pending(db, opener(uri), at=AT + dt.timedelta(hours=1))
    assert len(on.printed) == 2 and on.ok and len(on.expired) == 2  # the receipts; the drawers are too late
    [received] = printer.sessions  # one connection for both slips
    assert received.index(first.receipt_no.encode()) < received.index(second.receipt_no.encode())
    assert KICK not in received  # an hour later nobody is waiting at the open drawer
    assert queue(db).pending == 0
    for sale in (first, second):
        assert sale_as_booked(db, sale.sale_id)[0] == sale.receipt_no


def test_out_of_paper_is_reported_and_nothing_is_printed_into_the_void(db: Database) -> None:
    with running(FakePrinter(paper=False)) as printer:
        counter = warung(db, printer_uri=printer.uri)
        morning_sale(counter)
        i18n.set_language("en")
        run = print_pending(db, opener(printer.uri), at=SOON)
        assert run.error == f"The printer {printer.uri} is out of paper. Put in a new roll."
        assert printer.received == b"\x10\x04\x04"
        printer.paper = True
        assert len(print_pending(db, opener(printer.uri), at=SOON).printed) == 2  # the drawer, then the receipt
    assert b"Rp 68.700" in printer.sessions[-1]


def test_a_printer_that_never_answers_a_status_request_still_prints(db: Database) -> None:
    with running(FakePrinter(answers=False)) as printer:
        counter = warung(db, printer_uri=printer.uri)
        morning_sale(counter)
        morning_sale(counter, at=AT + dt.timedelta(minutes=1))
        run = print_pending(db, opener(printer.uri, status_timeout=0.2), at=SOON)
    # Sent, but not taken for printed: nothing came back to say the printer had them (drawers and receipts).
    assert run.printed == () and len(run.sent) == 4 and run.ok
    [received] = printer.sessions
    assert received.count(b"\x10\x04") == 1  # asked once; no answer, so not asked again on this connection
    assert received.count(b"A-20261122-000") == 2


def test_the_worker_needs_no_printer_when_nothing_waits(shop: Counter) -> None:
    def no_printer() -> Printer:
        raise AssertionError("nothing to print, so no printer is opened")

    assert print_pending(shop.db, no_printer).printed == ()

"""The print queue worker with a preview printer: every kind of slip, failures that leave the books alone, the
drawer kick's rules, and the owner's open-the-drawer action."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Sequence
from dataclasses import dataclass, field

import pytest
from printing_support import TEH, kasbon_customer, morning_sale, ring, warung
from shop_support import AT, Counter

from pos import i18n
from pos.ledger.base.db import Database
from pos.ledger.base.errors import InvalidInput
from pos.ledger.base.money import Money, Qty
from pos.ledger.books import audit
from pos.ledger.books.approvals import Approval, NeedsApproval
from pos.ledger.books.check import check_books
from pos.ledger.counter import print_queue
from pos.ledger.counter.cart import Cart, line_for_scan
from pos.ledger.counter.payments import Payment
from pos.ledger.counter.shifts import close_shift, require_open_shift
from pos.ledger.people.kasbon import record_kasbon_payment
from pos.ledger.selling.returns import return_items
from pos.ledger.shop import settings as shop_settings
from pos.ledger.slips import print_jobs, receipts, slip_types
from pos.ledger.stock.barcodes import DEFAULT_FORMATS
from pos.printing.drawer import kick_drawer
from pos.printing.printers import PreviewPrinter, PrinterError
from pos.printing.queue_worker import DRAWER_KICK_WINDOW, print_pending
from pos.printing.sheet import Line

SOON = AT + dt.timedelta(seconds=5)


@pytest.fixture
def counter(db: Database) -> Counter:
    return warung(db, printer_uri="preview:")


def no_drawer(counter: Counter) -> None:
    """Cash sales without a drawer kick: one job a sale, for tests about the receipts themselves."""
    with counter.db.write() as s:
        shop_settings.put(s, "drawer.kick_on_cash", False)


def jobs(db: Database) -> list[print_queue.Job]:
    with db.read() as s:
        return print_queue.pending(s, 100)


def enqueue(db: Database, kind: str, source: uuid.UUID | None = None, **kw: object) -> uuid.UUID:
    with db.write() as s:
        return print_queue.enqueue(s, kind, source, at=kw.pop("at", AT), **kw)  # type: ignore[arg-type]


@dataclass
class FlakyPrinter:
    """Fails the first `failures` slips with `error`, then prints to its preview."""

    error: Exception
    failures: int = 1
    columns: int = 32
    address: str = "flaky:"
    preview: PreviewPrinter = field(default_factory=PreviewPrinter)
    closed: int = 0

    def send(self, lines: Sequence[Line], *, open_drawer: bool) -> None:
        if self.failures:
            self.failures -= 1
            raise self.error
        self.preview.send(lines, open_drawer=open_drawer)

    def close(self) -> None:
        self.closed += 1


def test_every_kind_of_slip_prints_from_the_queue(counter: Counter) -> None:
    db = counter.db
    sale = morning_sale(counter)
    budi = kasbon_customer(db)
    with db.write() as s:
        returned = return_items(s, counter.owner, sale.receipt_no, [(3, Qty.units(1))], at=AT + dt.timedelta(hours=1))
        print_queue.enqueue(s, "refund", returned.return_id, at=AT + dt.timedelta(hours=1))
        print_queue.reprint(s, "receipt", sale.sale_id, at=AT + dt.timedelta(hours=1))
        shift = require_open_shift(s).id
        print_queue.enqueue(s, "x_report", shift, at=AT + dt.timedelta(hours=2))
        print_queue.enqueue(s, "test", payload={"printer": "preview:"}, at=AT + dt.timedelta(hours=2))
    with db.read() as s:
        cart = Cart(customer_id=budi)
        cart.add(line_for_scan(s, TEH, DEFAULT_FORMATS))
    ring(db, counter.cashier, cart, [Payment("kasbon", Money(5_000))], AT + dt.timedelta(hours=3))
    with db.write() as s:
        record_kasbon_payment(s, counter.cashier, budi, Money(2_000), at=AT + dt.timedelta(hours=4))
    with db.write() as s:
        close_shift(s, counter.cashier, {100_000: 2}, at=AT + dt.timedelta(hours=8))
        print_queue.enqueue(s, "shift_close", shift, at=AT + dt.timedelta(hours=8))
    printer = PreviewPrinter(42)
    i18n.set_language("en")
    run = print_pending(db, lambda: printer, at=AT + dt.timedelta(hours=9))
    assert run.ok and len(run.printed) == 8
    texts = printer.text().split("8<")
    assert "A-20261122-0001" in texts[0] and "*** COPY ***" not in texts[0]
    assert "R E F U N D" in texts[1] and "A-20261122-0001-R1" in texts[1]
    assert "*** COPY ***" in texts[2]
    assert "X report (the shift is still open)" in texts[3] and "Printed: 22 Nov 2026 11.00" in texts[3]
    assert "P R I N T E R   T E S T" in texts[4] and "42 columns" in texts[4]
    assert "Kasbon balance".ljust(34) + "Rp 5.000" in texts[5]
    assert "KASBON PAYMENT" in texts[6] and "Rp 2.000" in texts[6] and "Rp 3.000" in texts[6]
    assert "22 Nov 2026 13.00" in texts[6]  # when the payment was made, not when it printed
    assert "Shift close (Z report)" in texts[7]
    assert jobs(db) == []


def test_a_slip_that_cannot_be_built_fails_alone(counter: Counter) -> None:
    db = counter.db
    no_drawer(counter)
    ghost = enqueue(db, "receipt", uuid.uuid4(), at=AT - dt.timedelta(minutes=1))
    morning_sale(counter)
    printer = PreviewPrinter()
    i18n.set_language("en")
    run = print_pending(db, lambda: printer, at=SOON)
    assert run.failed == ((ghost, "Sale not found."),) and len(run.printed) == 1
    [left] = jobs(db)
    assert (left.id, left.attempts, left.last_error) == (ghost, 1, "Sale not found.")


def test_a_printer_failure_stops_the_run_and_keeps_the_rest_untried(counter: Counter) -> None:
    db = counter.db
    no_drawer(counter)
    for minute in range(3):
        morning_sale(counter, at=AT + dt.timedelta(minutes=minute))
    printer = FlakyPrinter(PrinterError("unreachable", "The printer {printer} cannot be reached.", printer="x"))
    run = print_pending(db, lambda: printer, at=SOON)
    assert not run.printed and len(run.failed) == 1 and run.waiting == 2 and printer.closed == 1
    assert [j.attempts for j in jobs(db)] == [1, 0, 0]
    again = print_pending(db, lambda: printer, at=SOON)
    assert len(again.printed) == 3 and jobs(db) == []
    with db.read() as s:
        assert check_books(s).ok


def test_a_bug_while_printing_is_reported_and_the_next_slip_still_prints(counter: Counter) -> None:
    db = counter.db
    no_drawer(counter)
    morning_sale(counter)
    morning_sale(counter, at=AT + dt.timedelta(minutes=1))
    printer = FlakyPrinter(RuntimeError("boom"))
    i18n.set_language("en")
    run = print_pending(db, lambda: printer, at=SOON)
    assert len(run.printed) == 1
    assert run.error == "This slip could not be printed because of an error in Laci; the log has details."


def test_a_wrong_printer_setting_is_recorded_on_the_first_job(counter: Counter) -> None:
    db = counter.db
    no_drawer(counter)
    morning_sale(counter)
    morning_sale(counter, at=AT + dt.timedelta(minutes=1))
    with db.write() as s:
        shop_settings.put(s, "printer.uri", "lpt1")
    i18n.set_language("en")
    run = print_pending(db, at=SOON)  # the shop's printer, from the broken setting
    assert "'lpt1' is not a printer address" in run.error and run.waiting == 1
    assert [j.attempts for j in jobs(db)] == [1, 0]


def test_the_drawer_opens_only_on_a_fresh_first_attempt(counter: Counter) -> None:
    db = counter.db
    morning_sale(counter)  # paid partly in cash: a drawer job of its own, queued before the receipt
    drawer, receipt = jobs(db)
    assert (drawer.kind, drawer.open_drawer, receipt.kind) == ("drawer", True, "receipt")
    late = PreviewPrinter()
    run = print_pending(db, lambda: late, at=AT + DRAWER_KICK_WINDOW + dt.timedelta(seconds=1))
    assert run.expired == (drawer.id,) and run.printed == (receipt.id,)
    assert [slip.open_drawer for slip in late.slips] == [False]

    # The line drops as the kick goes out: it may have opened the drawer, so it is never sent again.
    morning_sale(counter, at=AT + dt.timedelta(hours=1))
    dropped = PrinterError("lost", "The printer {printer} stopped answering.", printer="x", maybe_sent=True)
    failing = FlakyPrinter(dropped)
    first = print_pending(db, lambda: failing, at=AT + dt.timedelta(hours=1, seconds=5))
    assert not first.printed and len(first.failed) == 1
    second = print_pending(db, lambda: failing, at=AT + dt.timedelta(hours=1, seconds=10))
    assert len(second.printed) == 1 and [slip.open_drawer for slip in failing.preview.slips] == [False]

    # Refused before anything left (the printer was off): the kick is tried again while it is fresh.
    morning_sale(counter, at=AT + dt.timedelta(hours=2))
    off = FlakyPrinter(PrinterError("unreachable", "The printer {printer} cannot be reached.", printer="x"))
    print_pending(db, lambda: off, at=AT + dt.timedelta(hours=2, seconds=5))
    print_pending(db, lambda: off, at=AT + dt.timedelta(hours=2, seconds=10))
    assert [slip.open_drawer for slip in off.preview.slips] == [True, False]  # the drawer, then the receipt
    assert jobs(db) == []


def test_the_owner_opens_the_drawer(counter: Counter) -> None:
    db = counter.db
    printer = PreviewPrinter()
    run = kick_drawer(db, counter.owner, (), printer, reason="Tukar uang Rp 100.000", at=SOON)
    assert len(run.printed) == 1
    [slip] = printer.slips
    assert slip.lines == () and slip.open_drawer
    with db.read() as s:
        [opened] = audit.entries(s, "drawer.open")
    assert (opened.user_id, opened.reason, opened.approved_by) == (counter.owner.user_id, "Tukar uang Rp 100.000", None)


def test_a_cashier_needs_the_owners_approval_and_is_refused_without_a_trace(counter: Counter) -> None:
    db = counter.db
    printer = PreviewPrinter()
    with pytest.raises(NeedsApproval):
        kick_drawer(db, counter.cashier, (), printer, reason="Tukar uang", at=SOON)
    with db.read() as s:
        assert audit.entries(s, "drawer.open") == []
    assert jobs(db) == [] and printer.slips == []
    approval = Approval(counter.owner.user_id, "open_drawer", SOON)
    assert len(kick_drawer(db, counter.cashier, (approval,), printer, reason="Tukar uang", at=SOON).printed) == 1
    with db.read() as s:
        [opened] = audit.entries(s, "drawer.open")
    assert opened.approved_by == counter.owner.user_id and printer.slips[0].open_drawer


@pytest.mark.usefixtures("english")  # the messages matched below are the English msgids
def test_opening_the_drawer_needs_a_reason_and_a_printer(counter: Counter) -> None:
    db = counter.db
    with pytest.raises(InvalidInput, match="Say why"), db.write() as s:
        receipts.open_drawer(s, counter.owner, "  ", (), SOON)
    with db.write() as s:
        shop_settings.put(s, "printer.uri", "")
    with pytest.raises(InvalidInput, match="opens through the printer"), db.write() as s:
        receipts.open_drawer(s, counter.owner, "Tukar uang", (), SOON)


def test_a_drawer_request_too_late_to_matter_is_closed_unsent(counter: Counter) -> None:
    db = counter.db
    with db.write() as s:
        job = receipts.open_drawer(s, counter.owner, "Tukar uang", (), AT)
    printer = PreviewPrinter()
    run = print_pending(db, lambda: printer, at=AT + dt.timedelta(hours=1))
    assert run.expired == (job,) and run.printed == () and printer.slips == []
    assert jobs(db) == []


def test_a_kasbon_payment_job_as_the_kasbon_module_queues_it(counter: Counter) -> None:
    db = counter.db
    job = enqueue(
        db,
        "kasbon_payment",
        uuid.uuid4(),
        payload={"customer": "Bu Ani", "amount": 10_000, "method": "qris", "balance": 0},
    )
    with db.read() as s:
        [queued] = print_queue.pending(s)
        slip = print_jobs.slip_for_job(s, queued)
    assert queued.id == job and isinstance(slip, slip_types.KasbonPaymentSlip)
    assert (slip.customer, slip.amount, slip.method, slip.balance_after) == ("Bu Ani", 10_000, "qris", 0)
    assert slip.at is not None and slip.at.hour == 9  # the job's own time, on the shop's clock

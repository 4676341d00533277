"""Sending the print queue to the printer: each job claimed, sent, and settled by what the printer said.

Any number of runs may go at once (the window's threads, its background worker, `laci print` in another
process): each job is claimed with a lease before it is sent (`print_claims`), so it goes out once, and the
jobs of one printer go out in order through one run at a time. A job is `printed` when the printer confirmed it,
`sent` when it went out unconfirmed, and stays pending with its reason, in words the shopkeeper can act on, when
it did not go out; the sale behind it is never touched. A drawer kick goes out only fresh, and never twice.
No SQL and no Qt here: the jobs are read and settled through ledger functions, one short transaction each, so a
slow printer never holds the database.
"""

from __future__ import annotations

import datetime as dt
import logging
import os
import socket
import threading
import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Final

from pos.i18n import _
from pos.ledger.base.clock import utc_now
from pos.ledger.base.db import Database
from pos.ledger.base.errors import LedgerError
from pos.ledger.counter import print_claims, print_queue
from pos.ledger.counter.print_claims import Claim, Outcome
from pos.ledger.counter.print_queue import DRAWER_WINDOW, SHOP_PRINTER
from pos.ledger.shop import settings
from pos.ledger.slips import print_jobs
from pos.printing.errors import Delivery, PrinterError
from pos.printing.layout import lines_for
from pos.printing.printers import Printer, codepage_of, printer_from_settings
from pos.printing.sheet import Line

log = logging.getLogger(__name__)

# Kept for callers of the older name: the drawer's window is a rule of the queue, in the core.
DRAWER_KICK_WINDOW: Final = DRAWER_WINDOW
# A claim first holds a job this long; a slip that may take longer (a big picture on a slow line) is held longer
# before it is sent. A worker that dies leaves its job to another after this at most.
BASE_LEASE: Final = dt.timedelta(seconds=30)
LEASE_MARGIN: Final = dt.timedelta(seconds=5)

OpenPrinter = Callable[[], Printer]
Clock = Callable[[], dt.datetime]


@dataclass(frozen=True, slots=True)
class PrintRun:
    """What one pass over the queue did."""

    printed: tuple[uuid.UUID, ...] = ()  # the printer confirmed them
    failed: tuple[tuple[uuid.UUID, str], ...] = ()  # job and the reason, as shown to people
    expired: tuple[uuid.UUID, ...] = ()  # drawer kicks too late to open the drawer; closed unsent
    waiting: int = 0  # jobs not tried because the printer had already failed
    sent: tuple[tuple[uuid.UUID, str], ...] = ()  # went out, but the printer did not confirm them (and why)
    busy: bool = False  # another run was printing on a printer; its jobs were left to it

    @property
    def ok(self) -> bool:
        return not self.failed

    @property
    def error(self) -> str:
        """The last failure's reason, or ''."""
        return self.failed[-1][1] if self.failed else ""

    def __add__(self, other: PrintRun) -> PrintRun:
        return PrintRun(
            self.printed + other.printed,
            self.failed + other.failed,
            self.expired + other.expired,
            self.waiting + other.waiting,
            self.sent + other.sent,
            self.busy or other.busy,
        )


def worker_name() -> str:
    """A name no other worker has, here or in another process: it is written on the jobs this one claims."""
    return f"{socket.gethostname()[:20]}:{os.getpid()}:{threading.get_ident() % 100_000}:{uuid.uuid4().hex[:8]}"


def shop_printer(db: Database, uri: str | None = None) -> Printer:
    """The shop's receipt printer from its settings, or the printer at `uri` with the shop's profile and width
    (not connected until the first slip)."""
    with db.read() as session:
        values = settings.load(session)
    return printer_from_settings(values, uri=uri)


def _seconds(printer: Printer, lines: Sequence[Line], open_drawer: bool) -> float:
    seconds_for = getattr(printer, "seconds_for", None)
    return 0.0 if seconds_for is None else float(seconds_for(lines, open_drawer=open_drawer))


def _lines(db: Database, job: print_queue.Job, printer: Printer) -> list[Line]:
    if job.kicks_drawer:
        return []
    with db.read() as session:
        slip = print_jobs.slip_for_job(session, job)
    return [] if slip is None else lines_for(slip, printer.columns, codepage=codepage_of(printer))


@dataclass(frozen=True, slots=True)
class _Attempt:
    outcome: Outcome
    error: str = ""
    maybe_sent: bool = False
    printer_failed: bool = False  # the printer itself failed: the jobs after this one would fail the same way


def _bug() -> str:
    return _("This slip could not be printed because of an error in Laci; the log has details.")


def _failed(error: LedgerError, *, maybe_sent: bool = False, printer: bool = False) -> _Attempt:
    return _Attempt("failed", str(error), maybe_sent, printer)


@dataclass
class _Run:
    db: Database
    printer_uri: str
    open_printer: OpenPrinter
    owner: str
    clock: Clock
    printer: Printer | None = None

    def _hold(self, claim: Claim, lines: Sequence[Line], open_drawer: bool) -> Claim | None:
        """The claim, held long enough to send this slip; None if it was lost (this worker was too slow)."""
        needed = self.clock() + dt.timedelta(seconds=_seconds(self.printer_or_fail(), lines, open_drawer))
        if needed + LEASE_MARGIN <= claim.until:
            return claim
        with self.db.write() as session:
            return print_claims.extend(session, claim, needed + LEASE_MARGIN)

    def printer_or_fail(self) -> Printer:
        if self.printer is None:
            self.printer = self.open_printer()
        return self.printer

    def attempt(self, claim: Claim) -> _Attempt:
        job = claim.job
        try:
            printer = self.printer_or_fail()
        except LedgerError as err:  # a wrong address, a printer kind this machine cannot drive
            log.info("print job %s (%s): no printer: %s", job.id, job.kind, err.msgid)
            return _failed(err, printer=True)
        try:
            lines = _lines(self.db, job, printer)
        except LedgerError as err:
            # The slip itself is wrong (a bad address, a missing sale): nothing reached the printer.
            log.info("print job %s (%s) cannot be built: %s", job.id, job.kind, err.msgid)
            return _failed(err)
        except Exception:
            log.exception("print job %s (%s) could not be built", job.id, job.kind)
            return _Attempt("failed", _bug())
        if job.kicks_drawer and self.clock() - job.created_at > DRAWER_WINDOW:
            return _Attempt("expired")  # the slips before it took too long: nobody waits at the drawer now
        held = self._hold(claim, lines, job.kicks_drawer)
        if held is None:
            log.warning("print job %s was taken over by another worker before it was sent; left to it", job.id)
            return _Attempt("failed", "", printer_failed=False)
        try:
            delivery = printer.send(lines, open_drawer=job.kicks_drawer)
        except PrinterError as err:
            log.info("print job %s (%s) failed: %s (%s)", job.id, job.kind, err.reason, err.msgid)
            return _failed(err, maybe_sent=err.maybe_sent, printer=True)
        except Exception:
            log.exception("print job %s (%s) failed unexpectedly", job.id, job.kind)
            self.drop_printer()
            return _Attempt("failed", _bug(), maybe_sent=True)
        return _delivered(delivery)

    def drop_printer(self) -> None:
        printer, self.printer = self.printer, None
        if printer is None:
            return
        try:
            printer.close()
        except PrinterError as err:
            log.info("closing the printer %s: %s", printer.address, err.reason)
        except Exception:
            log.exception("closing the printer %s failed", printer.address)


def _delivered(delivery: Delivery | None) -> _Attempt:
    # A printer that returns nothing from `send` (a stand-in written before deliveries) has had the slip.
    if delivery is None or delivery.confirmed:
        return _Attempt("printed")
    return _Attempt("sent", delivery.note, maybe_sent=True)


def _run_printer(run: _Run, *, limit: int, due_only: bool) -> PrintRun:
    printed: list[uuid.UUID] = []
    sent: list[tuple[uuid.UUID, str]] = []
    failed: list[tuple[uuid.UUID, str]] = []
    expired: list[uuid.UUID] = []
    waiting = 0
    with run.db.write() as session:
        got = print_claims.claim_next(session, run.owner, run.printer_uri, run.clock(), BASE_LEASE, due_only=due_only)
    expired += [j.id for j in got.expired]
    claim = got.claim
    tried: set[uuid.UUID] = set()
    try:
        while claim is not None:
            tried.add(claim.job.id)
            if claim.taken_over:
                log.warning("print job %s was left half-done by a worker that stopped; it is tried again", claim.job.id)
            result = run.attempt(claim)
            now = run.clock()
            with run.db.write() as session:
                settled = print_claims.settle(
                    session, claim, result.outcome, now, error=result.error, maybe_sent=result.maybe_sent
                )
                if result.printer_failed:
                    print_claims.hold_printer(session, run.printer_uri, now + print_claims.backoff(claim.job.attempts))
                    waiting = print_claims.waiting_for(session, run.printer_uri, besides=claim.job.id)
                    next_claim = None
                elif len(tried) >= limit:
                    next_claim = None
                else:
                    got = print_claims.claim_next(
                        session, run.owner, run.printer_uri, now, BASE_LEASE, due_only=due_only, exclude=tried
                    )
                    expired += [j.id for j in got.expired]
                    next_claim = got.claim
            if settled:
                if result.outcome == "printed":
                    printed.append(claim.job.id)
                elif result.outcome == "sent":
                    sent.append((claim.job.id, result.error))
                elif result.outcome == "expired":
                    expired.append(claim.job.id)
                elif result.error:
                    failed.append((claim.job.id, result.error))
            claim = next_claim
    finally:
        run.drop_printer()
    return PrintRun(tuple(printed), tuple(failed), tuple(expired), waiting, tuple(sent), got.busy)


def _opener(db: Database, target: str, open_printer: OpenPrinter | None) -> OpenPrinter:
    if target == SHOP_PRINTER:
        return open_printer or (lambda: shop_printer(db))
    return lambda: shop_printer(db, target)


def print_pending(
    db: Database,
    open_printer: OpenPrinter | None = None,
    *,
    limit: int = 20,
    at: dt.datetime | None = None,
    due_only: bool = False,
    owner: str | None = None,
) -> PrintRun:
    """Print the pending jobs through `open_printer()` (default: the shop's printer) and settle each one.

    Jobs sent to another printer by hand go to that printer. A printer failure stops that printer's run: the
    jobs after it would only fail the same way; they keep their tries and wait for the printer to come back
    (`due_only`, for the background worker: not before their backoff has run out). A slip that cannot be built
    from the books is marked failed and the rest still print. `at` fixes the clock (tests).
    """
    clock: Clock = (lambda: at) if at is not None else utc_now
    name = owner or worker_name()
    with db.read() as session:
        targets = print_claims.due_printers(session, clock(), due_only=due_only)
    result = PrintRun()
    for target in targets:
        opener = _opener(db, target, open_printer)
        result = result + _run_printer(_Run(db, target, opener, name, clock), limit=limit, due_only=due_only)
    return result

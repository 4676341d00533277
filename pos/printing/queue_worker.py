"""Sending the print queue to the printer: every pending slip, oldest first, each marked printed once it is out.

A slip that cannot be printed (printer off, unreachable, out of paper, the line dropped) is marked failed with
the reason, in words the shopkeeper can act on, and stays pending for the next call; the sale behind it is never
touched. The GUI calls `print_pending` on its I/O pool after a sale and now and then; `laci print` calls it too.
No SQL and no Qt here: the books are read and the jobs marked through ledger functions, one short transaction
per job, so a slow printer never holds the database.
"""

from __future__ import annotations

import datetime as dt
import logging
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from typing import Final

from pos.i18n import _
from pos.ledger.base.clock import utc_now
from pos.ledger.base.db import Database
from pos.ledger.base.errors import LedgerError
from pos.ledger.counter import print_queue
from pos.ledger.shop import settings
from pos.ledger.slips import receipts
from pos.printing.layout import Line, lines_for
from pos.printing.printers import Printer, PrinterError, printer_from_settings

log = logging.getLogger(__name__)

# A drawer kick is sent only on a job's first attempt, and only this soon after the sale or the owner's
# request: a printer switched back on an hour later must not open the drawer with nobody at the counter.
DRAWER_KICK_WINDOW: Final = dt.timedelta(minutes=2)

OpenPrinter = Callable[[], Printer]


@dataclass(frozen=True, slots=True)
class PrintRun:
    """What one pass over the queue did."""

    printed: tuple[uuid.UUID, ...] = ()
    failed: tuple[tuple[uuid.UUID, str], ...] = ()  # job and the reason, as shown to people
    expired: tuple[uuid.UUID, ...] = ()  # drawer-only jobs too late to open the drawer; closed unsent
    waiting: int = 0  # jobs not tried because the printer had already failed

    @property
    def ok(self) -> bool:
        return not self.failed

    @property
    def error(self) -> str:
        """The last failure's reason, or ''."""
        return self.failed[-1][1] if self.failed else ""


def shop_printer(db: Database) -> Printer:
    """The shop's receipt printer from its settings (not connected until the first slip)."""
    with db.read() as session:
        values = settings.load(session)
    return printer_from_settings(values)


def _may_kick(job: print_queue.Job, now: dt.datetime) -> bool:
    return job.open_drawer and job.attempts == 0 and now - job.created_at <= DRAWER_KICK_WINDOW


def _lines(db: Database, job: print_queue.Job, columns: int) -> list[Line]:
    with db.read() as session:
        slip = receipts.slip_for_job(session, job)
    return [] if slip is None else lines_for(slip, columns)


def _fail(db: Database, job_id: uuid.UUID, reason: str) -> None:
    with db.write() as session:
        print_queue.mark_failed(session, job_id, reason)


def print_pending(
    db: Database, open_printer: OpenPrinter | None = None, *, limit: int = 20, at: dt.datetime | None = None
) -> PrintRun:
    """Print the pending jobs through `open_printer()` (default: the shop's printer) and mark each one.

    Stops at the first printer failure: the jobs after it would only fail the same way, and they keep their
    attempts for when the printer is back. A slip that cannot be built from the books is marked failed and
    the rest still print.
    """
    now = at or utc_now()
    with db.read() as session:
        jobs = print_queue.pending(session, limit)
    if not jobs:
        return PrintRun()
    printed: list[uuid.UUID] = []
    failed: list[tuple[uuid.UUID, str]] = []
    expired: list[uuid.UUID] = []
    printer: Printer | None = None
    try:
        for n, job in enumerate(jobs):
            kick = _may_kick(job, now)
            if job.kind == "drawer" and not kick:
                with db.write() as session:
                    print_queue.mark_expired(session, job.id)
                expired.append(job.id)
                continue
            try:
                if printer is None:
                    printer = (open_printer or (lambda: shop_printer(db)))()
                lines = _lines(db, job, printer.columns)
                printer.send(lines, open_drawer=kick)
            except PrinterError as err:
                log.warning("print job %s (%s) failed: %s", job.id, job.kind, err.reason)
                _fail(db, job.id, str(err))
                failed.append((job.id, str(err)))
                return PrintRun(tuple(printed), tuple(failed), tuple(expired), len(jobs) - n - 1)
            except LedgerError as err:
                # The slip itself is wrong (a bad address, a missing sale): nothing reached the printer.
                log.warning("print job %s (%s) cannot be printed: %s", job.id, job.kind, err.msgid)
                _fail(db, job.id, str(err))
                failed.append((job.id, str(err)))
                if printer is None:  # no printer to print the next ones either
                    return PrintRun(tuple(printed), tuple(failed), tuple(expired), len(jobs) - n - 1)
                continue
            except Exception:
                log.exception("print job %s (%s) failed unexpectedly", job.id, job.kind)
                reason = _("This slip could not be printed because of an error in Laci; the log has details.")
                _fail(db, job.id, reason)
                failed.append((job.id, reason))
                continue
            with db.write() as session:
                print_queue.mark_printed(session, job.id)
            printed.append(job.id)
    finally:
        if printer is not None:
            try:
                printer.close()
            except PrinterError as err:
                log.warning("closing the printer failed: %s", err.reason)
    return PrintRun(tuple(printed), tuple(failed), tuple(expired))

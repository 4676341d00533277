"""The print queue's own worker: it sends what waits, by itself, on its own thread, and tries again with backoff.

Woken after a sale or a reprint it tries at once; otherwise it sleeps until the earliest waiting job's backoff
runs out (5 s after the first failure, doubling to 5 min: `print_claims.backoff`) and tries then, so a receipt
prints as soon as the printer is back without anyone doing anything. It holds no lock and needs none: each job
is claimed in the database (`print_claims`), so it runs safely beside the window's own print runs and `laci
print` in another process. Every call on a printer is bounded, so `stop` returns within one slip's time.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from typing import Final

from pos.ledger.base.clock import utc_now
from pos.ledger.base.db import Database
from pos.ledger.counter import print_claims
from pos.printing.queue_worker import OpenPrinter, PrintRun, print_pending, worker_name

log = logging.getLogger(__name__)

IDLE: Final = 30.0  # seconds between looks at the queue when nothing waits (a job queued by another program)
BUSY: Final = 1.0  # another run holds the printer: look again soon
SOONEST: Final = 0.2


class PrintWorker:
    """Start it once; `wake()` after queueing a slip; `stop()` when closing. `on_run` gets every pass's result
    on the worker's thread (the window hands it over to the GUI thread)."""

    def __init__(
        self,
        db: Database,
        open_printer: OpenPrinter | None = None,
        *,
        on_run: Callable[[PrintRun], None] | None = None,
        idle: float = IDLE,
    ) -> None:
        self.db = db
        self.open_printer = open_printer
        self.on_run = on_run
        self.idle = idle
        self.name = worker_name()
        self._wake = threading.Event()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self.passes = 0

    def start(self) -> None:
        if self._thread is not None:
            return
        self._stop.clear()
        self._wake.set()  # a first pass at once: slips left from before
        self._thread = threading.Thread(target=self._loop, name="laci-print", daemon=True)
        self._thread.start()

    def wake(self) -> None:
        """Try now, whatever the backoff says (a person just asked for a slip)."""
        self._wake.set()

    def stop(self, timeout: float = 30.0) -> bool:
        """Ask the worker to finish its pass and wait for it; False if it is still busy after `timeout`."""
        thread, self._thread = self._thread, None
        if thread is None:
            return True
        self._stop.set()
        self._wake.set()
        thread.join(timeout)
        return not thread.is_alive()

    def _pause(self, run: PrintRun) -> float:
        if run.busy:
            return BUSY
        try:
            with self.db.read() as session:
                due = print_claims.next_due(session)
        except Exception:
            log.exception("reading the print queue failed")
            return self.idle
        if due is None:
            return self.idle
        left = (due - utc_now()).total_seconds()
        return min(max(left, SOONEST), self.idle)

    def _loop(self) -> None:
        while not self._stop.is_set():
            woken = self._wake.is_set()
            self._wake.clear()
            try:
                run = print_pending(self.db, self.open_printer, due_only=not woken, owner=self.name)
            except Exception:
                log.exception("a pass over the print queue failed")
                run = PrintRun()
            self.passes += 1
            if self.on_run is not None:
                try:
                    self.on_run(run)
                except Exception:
                    log.exception("reporting a print pass failed")
            if self._stop.is_set():
                break
            self._wake.wait(self._pause(run))

"""The cash drawer opened without a sale: the owner's action, checked and audited, then sent to the printer.

Till drawers are wired to the receipt printer and open on its pulse, so opening one is a print job like any
slip; `receipts.open_drawer` checks who may and writes the audit record, and this sends the job at once.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from pos.ledger.base.clock import utc_now
from pos.ledger.base.db import Database
from pos.ledger.books.approvals import Actor, Approval
from pos.ledger.slips import receipts
from pos.printing.printers import Printer
from pos.printing.queue_worker import PrintRun, print_pending


def kick_drawer(
    db: Database,
    actor: Actor,
    approvals: Sequence[Approval],
    printer: Printer,
    *,
    reason: str,
    at: dt.datetime | None = None,
) -> PrintRun:
    """Open the drawer for `reason`: refused (nothing written) without the owner or the owner's approval.

    The audit record and the queued kick commit together; the kick then goes out with anything still waiting
    in the queue. If the printer cannot be reached the drawer stays shut and the run says why.
    """
    when = at or utc_now()
    with db.write() as session:
        receipts.open_drawer(session, actor, reason, approvals, when)
    return print_pending(db, lambda: printer, at=when)

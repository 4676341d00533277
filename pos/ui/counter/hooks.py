"""Where the counter reaches modules other engineers own, looked up when used so the counter works without them.

- Printing: after each sale (and reprint), `pos.printing.queue_worker.print_pending(db)` sends the queued slips
  to the printer on the I/O pool. Until that module exists, `print_pending_hook` returns None and the jobs wait
  in the queue, which is safe: the queue keeps them.
- The cash drawer: `pos.ledger.slips.receipts.open_drawer(session, actor, reason, approvals)`, which audits and queues
  the kick; until it exists, `open_drawer_hook` returns None and the button says so.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from typing import Any


def _find(module: str, name: str) -> Callable[..., Any] | None:
    try:
        found = getattr(importlib.import_module(module), name, None)
    except ImportError:
        return None
    return found if callable(found) else None


def print_pending_hook() -> Callable[..., Any] | None:
    """The print queue's sender, `print_pending(db)`, or None while printing is not built yet."""
    return _find("pos.printing.queue_worker", "print_pending")


def open_drawer_hook() -> Callable[..., Any] | None:
    """The core's `open_drawer(session, actor, reason, approvals)`, or None while it does not exist."""
    return _find("pos.ledger.slips.receipts", "open_drawer")

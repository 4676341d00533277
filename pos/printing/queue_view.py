"""The print queue in words, the same in the window and in `laci print status`: what each job is, where it
stands, and a one-line summary of the whole queue."""

from __future__ import annotations

import datetime as dt

from pos import i18n
from pos.i18n import _
from pos.ledger.base import fmt
from pos.ledger.base.clock import DEFAULT_TIMEZONE, local, utc_now
from pos.ledger.counter.print_queue import QueueEntry, QueueStatus

_KINDS = {
    "refund": lambda: _("Refund slip"),
    "kasbon_payment": lambda: _("Kasbon payment"),
    "shift_close": lambda: _("Shift close"),
    "z_report": lambda: _("Shift close"),
    "x_report": lambda: _("X report"),
    "test": lambda: _("Test slip"),
    "order_slip": lambda: _("Order slip"),
    "delivery_slip": lambda: _("Delivery slip"),
    "labels": lambda: _("Price labels"),
}


def describe(entry: QueueEntry) -> str:
    """What the slip is: "Receipt A-20261122-0042", "Copy of receipt ...", "Cash drawer (A-...)"."""
    job = entry.job
    number = entry.receipt_no
    if job.kind == "drawer":
        return _("Cash drawer ({number})").format(number=number) if number else _("Cash drawer")
    if job.kind == "receipt":
        if job.is_copy:
            return _("Copy of receipt {number}").format(number=number)
        return _("Receipt {number}").format(number=number)
    name = _KINDS.get(job.kind, lambda: job.kind)()
    return _("Copy: {slip}").format(slip=name) if job.is_copy else name


def state(entry: QueueEntry, *, at: dt.datetime | None = None, timezone: str = DEFAULT_TIMEZONE) -> str:
    """Where the slip stands, with its last error when there is one."""
    job = entry.job
    now = at or utc_now()
    if entry.busy:
        return _("Printing now")
    if job.status == "sent":
        return _("Sent, not confirmed: {reason}").format(reason=job.last_error) if job.last_error else _("Sent")
    if job.status == "failed":
        return _("Given up after {n} tries: {reason}").format(n=job.attempts, reason=job.last_error)
    if not job.attempts:
        return _("Waiting")
    line = i18n.ngettext("Not printed ({n} try): {reason}", "Not printed ({n} tries): {reason}", job.attempts).format(
        n=job.attempts, reason=job.last_error
    )
    if entry.next_try_at is not None and entry.next_try_at > now:
        line += " " + _("Next try at {time}.").format(time=local(entry.next_try_at, timezone).strftime("%H.%M.%S"))
    return line


def queued_at(entry: QueueEntry, timezone: str = DEFAULT_TIMEZONE) -> str:
    return fmt.datetime(local(entry.job.created_at, timezone))


def summary(status: QueueStatus) -> str:
    """One line for the status bar and the terminal."""
    if not status.pending and not status.failed and not status.sent:
        return _("Printer: nothing waiting")
    parts: list[str] = []
    if status.pending:
        parts.append(i18n.ngettext("{n} slip waiting", "{n} slips waiting", status.pending).format(n=status.pending))
    if status.sent:
        parts.append(
            i18n.ngettext("{n} sent, not confirmed", "{n} sent, not confirmed", status.sent).format(n=status.sent)
        )
    if status.failed:
        parts.append(i18n.ngettext("{n} given up", "{n} given up", status.failed).format(n=status.failed))
    return _("Printer: {state}").format(state=" · ".join(parts))

"""Errors the core raises for people to read: a message id from the catalogue plus its parameters.

Every error is one of six kinds, which the front ends tell apart (`laci` exits with a code per kind, see
pos/commands/common.py): the request is wrong, what it names is in a state that forbids it now, what it names is
not there, a user's rights forbid it, the books are damaged, or something outside the books (the disk, a file, a
printer, the network) is not available.

A fault in the program itself (an argument no person could have typed) is not one of them: it raises Python's
own `ValueError` or `AssertionError`, which `laci` reports as a fault with its traceback.

The text is translated when it is shown, so the same error reads in Indonesian at the counter and in English
for `--lang en`.
"""

from __future__ import annotations

from pos.i18n import _


class LedgerError(Exception):
    """Base of every error the core reports to a person."""

    def __init__(self, msgid: str, **params: object) -> None:
        super().__init__(msgid)
        self.msgid = msgid
        self.params = params

    def __str__(self) -> str:
        text = _(self.msgid)
        return text.format(**self.params) if self.params else text


class InvalidInput(LedgerError):
    """The request itself is wrong (a bad amount, an empty cart); nothing was written."""


class Conflict(InvalidInput):
    """The request is right in itself, but what it names is in a state that forbids it now: already done, closed,
    voided, paid or booked; taken by another record (a barcode, a name); not open or not due yet. Nothing was
    written; the same request may work once that state changes.

    A kind of `InvalidInput` so that every screen and command that shows a wrong request shows this one the same
    way; `laci` tells it apart (it is refused, not mistyped) by looking for the most specific kind first."""


class NotFound(LedgerError):
    """The thing asked for does not exist (an unknown barcode, receipt or customer)."""


class NotAllowed(LedgerError):
    """The user may not do this without an owner's approval."""


class BooksProblem(LedgerError):
    """The books themselves are inconsistent: unbalanced, tampered with, or damaged."""


class Unavailable(LedgerError):
    """Something the work needs outside the books is not there or not working now: the disk, a file or folder,
    a printer, the network or the cloud. Nothing was changed, and the same request may work later."""

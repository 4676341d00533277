"""What can become of a slip sent to a printer: delivered (confirmed or not), or a `PrinterError` saying why not."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from pos.i18n import N_
from pos.ledger.base.errors import Unavailable

Reason = Literal["unreachable", "lost", "paper", "offline", "unconfirmed", "unsupported", "failed"]


class PrinterError(Unavailable):
    """The printer could not take the slip; `reason` says why in one word, the message says it to a person.

    `maybe_sent`: some of the slip may have reached the printer (a drawer kick among it), so what it was must
    not be taken as never sent.
    """

    def __init__(self, reason: Reason, msgid: str, *, maybe_sent: bool = False, **params: object) -> None:
        super().__init__(msgid, **params)
        self.reason = reason
        self.maybe_sent = maybe_sent


@dataclass(frozen=True, slots=True)
class Delivery:
    """A slip that went out: `confirmed` when the printer (or the spooler) said it had it; else `note` says why
    it is only "sent, not confirmed"."""

    confirmed: bool
    note: str = ""


CONFIRMED = Delivery(True)


def unreachable(address: str) -> PrinterError:
    return PrinterError(
        "unreachable",
        N_("The printer {printer} cannot be reached. Check that it is on and its cable or network is connected."),
        printer=address,
    )


def lost(address: str, *, maybe_sent: bool = True) -> PrinterError:
    return PrinterError(
        "lost",
        N_("The printer {printer} stopped answering in the middle of a slip. Check that it is on and connected."),
        printer=address,
        maybe_sent=maybe_sent,
    )

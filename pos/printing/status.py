"""What an ESC/POS printer says when asked for its real-time status (DLE EOT n), read bit by bit.

The printer answers these requests as it receives them, even in the middle of a job, so an answer to a request
sent after a slip shows the printer has taken in every byte before it. python-escpos sends the request and
reads the answer (`Escpos.query_status`) and names two of the requests; its `is_online()` and `paper_status()`
are not used to read the answers because they take silence for an answer ("offline", "plenty of paper"), and
silence must stay silence here: it is how a printer that lies or does not listen shows itself.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final

# DLE EOT 1, 2 and 4 (python-escpos names 1 and 4 RT_STATUS_ONLINE and RT_STATUS_PAPER; 2 it does not name).
PRINTER: Final = b"\x10\x04\x01"
OFFLINE_CAUSE: Final = b"\x10\x04\x02"
PAPER: Final = b"\x10\x04\x04"

_FIXED_MASK: Final = 0x93  # bits 0, 1, 4 and 7 of every status byte are fixed ...
_FIXED_BITS: Final = 0x12  # ... as 0, 1, 1 and 0: anything else is not an answer
_OFFLINE: Final = 0x08  # DLE EOT 1, bit 3
_COVER_OPEN: Final = 0x04  # DLE EOT 2, bit 2
_PAPER_STOP: Final = 0x20  # DLE EOT 2, bit 5: stopped at the end of the paper
_ERROR: Final = 0x40  # DLE EOT 2, bit 6
_PAPER_END: Final = 0x60  # DLE EOT 4, bits 5 and 6


def answer(data: bytes) -> int | None:
    """The status byte in what the printer sent back: the last byte with the fixed bits right, or None."""
    found = [b for b in data if b & _FIXED_MASK == _FIXED_BITS]
    return found[-1] if found else None


def paper_out(paper: int) -> bool:
    return paper & _PAPER_END == _PAPER_END


def offline(printer: int) -> bool:
    return bool(printer & _OFFLINE)


@dataclass(frozen=True, slots=True)
class OfflineCause:
    cover_open: bool
    paper_stop: bool
    error: bool


def offline_cause(cause: int) -> OfflineCause:
    return OfflineCause(bool(cause & _COVER_OPEN), bool(cause & _PAPER_STOP), bool(cause & _ERROR))

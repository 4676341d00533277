"""Verification codes for printed statements: `LACI-20260101-20260630-ABCD1234EF567890`.

The code carries its period in the clear and a fingerprint of the books behind it: the first 16 hex digits of a
SHA-256 over the period and, for each counter, the sequence and hash of its last journal entry dated on or before
the period's end. Each entry's hash covers every entry before it on that counter, so any entry dated inside (or
before) the period that is added, changed or removed later changes the fingerprint, while entries dated after
the period do not. The shop is named by its counters' ids (inside the heads), so correcting the shop's name or
address does not void a code. Nothing is stored: `laci verify` recomputes the fingerprint from the books.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
import uuid
from dataclasses import dataclass
from typing import Final

from sqlalchemy import text
from sqlalchemy.orm import Session

from pos.i18n import N_
from pos.ledger.base.errors import InvalidInput
from pos.ledger.base.period import Period
from pos.ledger.books.balances import totals_mismatch
from pos.ledger.books.journal import verify_chain

VERSION: Final = 1
_CODE = re.compile(r"^LACI-(\d{8})-(\d{8})-([0-9A-F]{16})$")


def heads_as_of(session: Session, end: dt.date) -> list[tuple[uuid.UUID, int, str]]:
    """Each counter's last entry (by sequence) among those dated on or before `end`: (device, seq, hash)."""
    rows = session.execute(
        text(
            "SELECT e.device_id, e.device_seq, e.hash FROM journal_entries e JOIN ("
            " SELECT device_id, MAX(device_seq) AS seq FROM journal_entries WHERE business_date <= :end"
            " GROUP BY device_id) h ON h.device_id = e.device_id AND h.seq = e.device_seq"
        ),
        {"end": end.isoformat()},
    ).all()
    return sorted((uuid.UUID(bytes=bytes(d)), int(seq), str(digest)) for d, seq, digest in rows)


def fingerprint(session: Session, period: Period) -> str:
    """16 upper-case hex digits standing for the books behind statements of `period`."""
    body = {
        "v": VERSION,
        "start": period.start.isoformat(),
        "end": period.end.isoformat(),
        "heads": [[device.hex, seq, digest] for device, seq, digest in heads_as_of(session, period.end)],
    }
    canonical = json.dumps(body, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(canonical.encode()).hexdigest()[:16].upper()


def make_code(session: Session, period: Period) -> str:
    return f"LACI-{period.start:%Y%m%d}-{period.end:%Y%m%d}-{fingerprint(session, period)}"


def parse_code(code: str) -> tuple[Period, str]:
    """The period and fingerprint written in a code; a typing slip gets a readable error."""
    found = _CODE.match(code.strip().upper())
    if found is None:
        raise InvalidInput(
            N_("'{code}' is not a verification code; it looks like LACI-20260101-20260630-ABCD1234EF567890."),
            code=code,
        )
    try:
        start = dt.datetime.strptime(found[1], "%Y%m%d").date()
        end = dt.datetime.strptime(found[2], "%Y%m%d").date()
    except ValueError:
        raise InvalidInput(N_("The dates in verification code '{code}' are not valid."), code=code) from None
    return Period(start, end), found[3]


@dataclass(frozen=True, slots=True)
class Verification:
    code: str
    period: Period
    matches: bool  # the fingerprint recomputed from the books equals the one printed
    chain_intact: bool  # every entry still hashes to what it stored, and the day totals equal the lines

    @property
    def ok(self) -> bool:
        return self.matches and self.chain_intact


def verify_code(session: Session, code: str) -> Verification:
    """Whether the books still say what the statements carrying `code` said, and for which period."""
    period, printed = parse_code(code)
    matches = fingerprint(session, period) == printed
    intact = not verify_chain(session) and not totals_mismatch(session)
    return Verification(code.strip().upper(), period, matches, intact)

"""`laci check`, the chains: the journal's and the audit log's hash chains, and the journal against the cloud's copy.

A chain shows a row changed behind the app's back; only a copy held elsewhere shows a chain rewritten as a whole
(re-hashed with the app's own code), cut short or reordered. That copy is the sync service's: it keeps each
counter's chain heads as they arrive, and a counter whose entry at a witnessed place no longer carries the hash
the service holds, or whose chain no longer reaches that far, has had its history rewritten.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from dataclasses import dataclass

from sqlalchemy import text
from sqlalchemy.orm import Session

from pos.i18n import N_, _
from pos.ledger.base.errors import BooksProblem
from pos.ledger.books.audit import verify_audit_chain
from pos.ledger.books.journal import Anchor, verify_chain
from pos.ledger.books.witnessed import WitnessState


def journal_chain(session: Session, since: dict[uuid.UUID, Anchor] | None) -> Iterator[BooksProblem]:
    for problem in verify_chain(session, since):
        yield BooksProblem(
            N_("The journal's hash chain is broken at entry {seq} of counter {device}: {what}."),
            seq=problem.device_seq,
            device=problem.device_id.hex[:8],
            what=_(problem.what),
        )


def audit_chain(session: Session, since: dict[uuid.UUID, Anchor] | None) -> Iterator[BooksProblem]:
    for device, seq in verify_audit_chain(session, since):
        yield BooksProblem(
            N_("The audit log's hash chain is broken at record {seq} of counter {device}."),
            seq=seq,
            device=device.hex[:8],
        )


def sealed_heads(
    session: Session, journal: dict[uuid.UUID, Anchor], audit: dict[uuid.UUID, Anchor]
) -> Iterator[BooksProblem]:
    """The entries and audit records a signed checkpoint sealed still carry the hashes they had: a chain rewritten
    and re-hashed as a whole passes its own check, not this one (the key that signed the checkpoint is not in the
    database file)."""
    for device, (seq, digest) in sorted(journal.items()):
        here = session.execute(
            text("SELECT hash FROM journal_entries WHERE device_id = :d AND device_seq = :s"),
            {"d": device.bytes, "s": seq},
        ).scalar()
        if here != digest:
            yield BooksProblem(
                N_(
                    "Entry {seq} of counter {device} is not the one the last checkpoint sealed: the journal was "
                    "rewritten."
                ),
                seq=seq,
                device=device.hex[:8],
            )
    for device, (seq, digest) in sorted(audit.items()):
        here = session.execute(
            text("SELECT hash FROM audit_log WHERE device_id = :d AND seq = :s"), {"d": device.bytes, "s": seq}
        ).scalar()
        if here != digest:
            yield BooksProblem(
                N_("Record {seq} of counter {device}'s audit log is not the one the last checkpoint sealed."),
                seq=seq,
                device=device.hex[:8],
            )


@dataclass(frozen=True, slots=True)
class Departure:
    """Where a counter's chain here no longer extends what the service witnessed."""

    device: uuid.UUID
    seq: int  # the witnessed entry
    held: str  # its hash at the service
    here: str | None  # its hash in these books (None: the entry is gone)


def departures(session: Session, heads: dict[uuid.UUID, Anchor]) -> list[Departure]:
    """Each witnessed head that these books no longer carry: one indexed read per counter."""
    found: list[Departure] = []
    for device, (seq, digest) in sorted(heads.items()):
        here = session.execute(
            text("SELECT hash FROM journal_entries WHERE device_id = :d AND device_seq = :s"),
            {"d": device.bytes, "s": seq},
        ).scalar()
        if here != digest:
            found.append(Departure(device, seq, digest, here))
    return found


def cloud_witness(session: Session, witness: WitnessState | None) -> Iterator[BooksProblem]:
    """The chains here against the heads the sync service holds, and whatever the service itself flagged."""
    if witness is None:
        return
    for gone in departures(session, witness.heads):
        if gone.here is None:
            yield BooksProblem(
                N_(
                    "Counter {device} has lost journal entries the sync service holds (up to entry {seq}): its "
                    "history was cut short or replaced."
                ),
                device=gone.device.hex[:8],
                seq=gone.seq,
            )
        else:
            yield BooksProblem(
                N_(
                    "Entry {seq} of counter {device} is not the one the sync service witnessed: the journal was "
                    "rewritten after it was sent."
                ),
                device=gone.device.hex[:8],
                seq=gone.seq,
            )
    for flag in witness.flags:
        yield BooksProblem(
            N_(
                "The sync service found on {day} that counter {device}'s history no longer extends what it held: {what}"
            ),
            day=flag.at[:10],
            device=flag.device.hex[:8],
            what=flag.reason,
        )

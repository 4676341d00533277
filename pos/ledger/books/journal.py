"""Posting to the books: balanced entries only, never changed once written, hash-chained per device.

A mistake is corrected by `reverse_entry`, which posts the mirror image and points at the original. Each entry
stores the hash of its device's previous entry, so `verify_chain` finds any row altered or removed behind the
app's back (the triggers stop that through SQL; the chain shows it even if someone edits the file itself).
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import bindparam, insert, select, text
from sqlalchemy.orm import Session

from pos.i18n import N_
from pos.ledger.base import fmt
from pos.ledger.base.chain import GENESIS_HASH, devices_of, entry_hash, journal_header
from pos.ledger.base.device import local_device
from pos.ledger.base.errors import Conflict, InvalidInput, NotFound
from pos.ledger.base.ids import EntryId, new_id
from pos.ledger.schema import Account, JournalEntry, JournalLine, core


@dataclass(frozen=True, slots=True)
class Posting:
    """One line of an entry: an amount on one side of one account, optionally for a customer or supplier."""

    account: str
    debit: int = 0
    credit: int = 0
    party_id: uuid.UUID | None = None


def debit(account: str, amount: int, party_id: uuid.UUID | None = None) -> Posting:
    return Posting(account, debit=amount, party_id=party_id)


def credit(account: str, amount: int, party_id: uuid.UUID | None = None) -> Posting:
    return Posting(account, credit=amount, party_id=party_id)


def signed(account: str, amount: int, party_id: uuid.UUID | None = None) -> Posting:
    """A debit when `amount` is positive, a credit when negative (for rounding and differences)."""
    return debit(account, amount, party_id) if amount >= 0 else credit(account, -amount, party_id)


@dataclass(frozen=True, slots=True)
class PostedEntry:
    """What was written: enough to print, to replicate (`rows`) and to verify."""

    id: EntryId
    header: dict[str, Any]
    lines: tuple[tuple[Any, ...], ...]
    prev_hash: str
    hash: str
    entry_row: dict[str, Any]
    line_rows: tuple[dict[str, Any], ...]

    def rows(self) -> dict[str, list[dict[str, Any]]]:
        """The rows written, as facts to replicate."""
        return {"journal_entries": [self.entry_row], "journal_lines": list(self.line_rows)}


_KNOWN_ACCOUNTS: dict[str, frozenset[str]] = {}


def _known_accounts(session: Session) -> frozenset[str]:
    # The chart only changes through migrations, so one read per database file per process is enough.
    key = str(session.get_bind().engine.url)
    found = _KNOWN_ACCOUNTS.get(key)
    if found is None:
        found = frozenset(session.execute(select(Account.code)).scalars())
        _KNOWN_ACCOUNTS[key] = found
    return found


def check_balanced(postings: Sequence[Posting], known_accounts: Iterable[str] | None = None) -> None:
    """Refuse an entry that could not stand in double-entry books."""
    if len(postings) < 2:
        raise InvalidInput(N_("A journal entry needs at least two lines."))
    accounts = frozenset(known_accounts) if known_accounts is not None else None
    for p in postings:
        if p.debit < 0 or p.credit < 0 or (p.debit == 0) == (p.credit == 0):
            raise InvalidInput(N_("Each journal line must have a positive debit or a positive credit, not both."))
        if accounts is not None and p.account not in accounts:
            raise InvalidInput(N_("Unknown account '{code}'."), code=p.account)
    debits = sum(p.debit for p in postings)
    credits = sum(p.credit for p in postings)
    if debits != credits:
        raise InvalidInput(
            N_("The entry does not balance: debits {debits}, credits {credits}."),
            debits=fmt.rupiah(debits),
            credits=fmt.rupiah(credits),
        )


_ENTRIES = core(JournalEntry)
# The chain head is read by every entry posted; built once and run through Core.
_CHAIN_HEAD = (
    select(_ENTRIES.c.device_seq, _ENTRIES.c.hash)
    .where(_ENTRIES.c.device_id == bindparam("device"))
    .order_by(_ENTRIES.c.device_seq.desc())
    .limit(1)
)


def post_entry(
    session: Session,
    *,
    kind: str,
    postings: Sequence[Posting],
    at: dt.datetime,
    business_date: dt.date,
    memo: str = "",
    source_id: uuid.UUID | None = None,
    reverses_id: uuid.UUID | None = None,
    entry_id: uuid.UUID | None = None,
) -> PostedEntry:
    """Write one balanced entry in the caller's transaction; refuse anything unbalanced."""
    check_balanced(postings, _known_accounts(session))
    device = local_device(session)
    head = session.connection().execute(_CHAIN_HEAD, {"device": device.id}).first()
    seq = (head.device_seq + 1) if head else 1
    prev = head.hash if head else GENESIS_HASH
    eid = entry_id or new_id()
    memo = memo[:200]
    header = journal_header(eid, device.id, seq, business_date, at, kind, memo, source_id, reverses_id)
    lines = [
        (i, p.account, p.debit, p.credit, p.party_id.hex if p.party_id else None) for i, p in enumerate(postings, 1)
    ]
    digest = entry_hash(prev, header, lines)
    entry_row = {
        "id": eid,
        "device_id": device.id,
        "device_seq": seq,
        "business_date": business_date,
        "created_at": at,
        "kind": kind,
        "memo": memo,
        "source_id": source_id,
        "reverses_id": reverses_id,
        "prev_hash": prev,
        "hash": digest,
    }
    line_rows = tuple(
        {
            "entry_id": eid,
            "line_no": i,
            "account_code": p.account,
            "debit": p.debit,
            "credit": p.credit,
            "party_id": p.party_id,
        }
        for i, p in enumerate(postings, 1)
    )
    session.execute(insert(core(JournalEntry)), [entry_row])
    session.execute(insert(core(JournalLine)), list(line_rows))
    return PostedEntry(EntryId(eid), header, tuple(lines), prev, digest, entry_row, line_rows)


def entry_postings(session: Session, entry_id: uuid.UUID) -> list[Posting]:
    rows = session.execute(
        select(JournalLine.account_code, JournalLine.debit, JournalLine.credit, JournalLine.party_id)
        .where(JournalLine.entry_id == entry_id)
        .order_by(JournalLine.line_no)
    ).all()
    return [Posting(r.account_code, r.debit, r.credit, r.party_id) for r in rows]


def reverse_entry(
    session: Session,
    entry_id: uuid.UUID,
    *,
    at: dt.datetime,
    business_date: dt.date,
    memo: str = "",
    kind: str = "reversal",
    source_id: uuid.UUID | None = None,
) -> PostedEntry:
    """Post the mirror image of entry `entry_id`; an entry can be reversed only once."""
    original = session.get(JournalEntry, entry_id)
    if original is None:
        raise NotFound(N_("Journal entry not found."))
    already = session.execute(select(JournalEntry.id).where(JournalEntry.reverses_id == entry_id)).first()
    if already is not None:
        raise Conflict(N_("This entry has already been reversed."))
    mirrored = [Posting(p.account, p.credit, p.debit, p.party_id) for p in entry_postings(session, entry_id)]
    return post_entry(
        session,
        kind=kind,
        postings=mirrored,
        at=at,
        business_date=business_date,
        memo=memo or f"Reversal of {original.kind}",
        source_id=source_id or original.source_id,
        reverses_id=entry_id,
    )


@dataclass(frozen=True, slots=True)
class ChainProblem:
    device_id: uuid.UUID
    device_seq: int
    what: str


_CHAIN_COLUMNS = (
    "SELECT e.id, e.device_id, e.device_seq, e.business_date, e.created_at, e.kind, e.memo, e.source_id, "
    "e.reverses_id, e.prev_hash, e.hash, l.line_no, l.account_code, l.debit, l.credit, l.party_id "
    "FROM journal_entries e LEFT JOIN journal_lines l ON l.entry_id = e.id "
)
_CHAIN_ROWS = text(_CHAIN_COLUMNS + "ORDER BY e.device_id, e.device_seq, l.line_no")
_CHAIN_AFTER = text(
    _CHAIN_COLUMNS + "WHERE e.device_id = :device AND e.device_seq > :seq ORDER BY e.device_seq, l.line_no"
)

Anchor = tuple[int, str]  # a chain's last entry already checked: (sequence, hash)


def _uuid(raw: bytes | None) -> uuid.UUID | None:
    return None if raw is None else uuid.UUID(bytes=bytes(raw))


def _chain_devices(session: Session) -> list[uuid.UUID]:
    return sorted(uuid.UUID(bytes=bytes(d)) for (d,) in session.execute(text(devices_of("journal_entries"))))


def verify_chain(session: Session, since: dict[uuid.UUID, Anchor] | None = None) -> list[ChainProblem]:
    """Recompute every device's chain; return each place where it breaks (empty when intact).

    With `since`, a device's chain is recomputed only after its anchor, an entry a signed checkpoint vouches for:
    the anchor must still carry the hash it had, and the next entry must follow from it.
    """
    problems: list[ChainProblem] = []
    if since is None:
        problems += _walk(session.execute(_CHAIN_ROWS).yield_per(5000), {})
        return problems
    for device in _chain_devices(session):
        anchor = since.get(device)
        if anchor is None:
            rows = session.execute(_CHAIN_AFTER, {"device": device.bytes, "seq": 0})
            problems += _walk(rows, {})
            continue
        seq, digest = anchor
        stored = session.execute(
            select(JournalEntry.hash).where(JournalEntry.device_id == device, JournalEntry.device_seq == seq)
        ).scalar()
        if stored != digest:
            problems.append(ChainProblem(device, seq, N_("the entry a checkpoint sealed is gone or was changed")))
        rows = session.execute(_CHAIN_AFTER, {"device": device.bytes, "seq": seq})
        problems += _walk(rows, {device: anchor})
    return problems


def _walk(rows: Iterable[Any], anchors: dict[uuid.UUID, Anchor]) -> list[ChainProblem]:
    """Check chain rows ordered by device and sequence, each device starting at its anchor (or the genesis)."""
    problems: list[ChainProblem] = []
    current: Any = None
    lines: list[tuple[Any, ...]] = []
    expect_prev = GENESIS_HASH
    expect_seq = 1
    last_device: uuid.UUID | None = None

    def finish(row: Any, lines: list[tuple[Any, ...]]) -> None:
        nonlocal expect_prev, expect_seq
        device_id = _uuid(row.device_id)
        assert device_id is not None
        if row.device_seq != expect_seq:
            problems.append(ChainProblem(device_id, row.device_seq, N_("an entry is missing before it")))
        if row.prev_hash != expect_prev:
            problems.append(ChainProblem(device_id, row.device_seq, N_("it does not follow the entry before it")))
        entry_id = _uuid(row.id)
        assert entry_id is not None
        header = journal_header(
            entry_id,
            device_id,
            row.device_seq,
            dt.date.fromisoformat(str(row.business_date)),
            dt.datetime.fromisoformat(str(row.created_at)),
            row.kind,
            row.memo,
            _uuid(row.source_id),
            _uuid(row.reverses_id),
        )
        if entry_hash(row.prev_hash, header, lines) != row.hash:
            problems.append(ChainProblem(device_id, row.device_seq, N_("the entry was changed after it was posted")))
        expect_prev = row.hash
        expect_seq = row.device_seq + 1

    for row in rows:
        if current is None or row.id != current.id:
            if current is not None:
                finish(current, lines)
            device = _uuid(row.device_id)
            if device != last_device:
                assert device is not None
                seq, prev = anchors.get(device, (0, GENESIS_HASH))
                expect_prev, expect_seq, last_device = prev, seq + 1, device
            current, lines = row, []
        if row.line_no is not None:
            party = _uuid(row.party_id)
            lines.append((row.line_no, row.account_code, row.debit, row.credit, party.hex if party else None))
    if current is not None:
        finish(current, lines)
    return problems


_UNBALANCED = (
    "SELECT e.id, COALESCE(SUM(l.debit), 0), COALESCE(SUM(l.credit), 0) FROM journal_entries e "
    "LEFT JOIN journal_lines l ON l.entry_id = e.id {where} GROUP BY e.id "
    "HAVING COALESCE(SUM(l.debit), 0) <> COALESCE(SUM(l.credit), 0) OR COUNT(l.line_no) < 2"
)


def unbalanced_entries(
    session: Session, since: dict[uuid.UUID, Anchor] | None = None
) -> list[tuple[uuid.UUID, int, int]]:
    """Entries whose lines do not balance (there should never be any): (id, debits, credits); with `since`, only
    the entries after each counter's anchor."""
    if since is None:
        rows = session.execute(text(_UNBALANCED.format(where=""))).all()
    else:
        rows = []
        for device in _chain_devices(session):
            rows += session.execute(
                text(_UNBALANCED.format(where="WHERE e.device_id = :d AND e.device_seq > :s")),
                {"d": device.bytes, "s": since.get(device, (0, ""))[0]},
            ).all()
    found = []
    for r in rows:
        entry = _uuid(r[0])
        assert entry is not None
        found.append((entry, int(r[1]), int(r[2])))
    return found


def head_hashes(session: Session) -> dict[uuid.UUID, tuple[int, str]]:
    """Each device's last (sequence, hash): the fingerprint of the books as they stand. One index seek per device."""
    heads: dict[uuid.UUID, tuple[int, str]] = {}
    for device in _chain_devices(session):
        seq, digest = session.execute(_CHAIN_HEAD, {"device": device}).one()
        heads[device] = (int(seq), str(digest))
    return heads

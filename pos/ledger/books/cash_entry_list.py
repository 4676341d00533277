"""Reading the cash book back: recent expenses, owner's capital and drawings, and moves between money accounts.

Each of these events is one two-line entry (see `cashbook`): money goes from the account credited to the account
debited, so a line here says where it came from, where it went and how much.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Final

from sqlalchemy import select
from sqlalchemy.orm import Session

from pos.ledger.books import accounts
from pos.ledger.schema import JournalEntry, JournalLine

KINDS: Final = ("expense", "capital", "drawing", "transfer")
_CATEGORY_OF: Final = {code: category for category, code in accounts.EXPENSE_ACCOUNTS.items()}
# What `cashbook` writes as the memo when the owner gave none: not a note worth showing again.
_DEFAULT_MEMOS: Final = frozenset({"Setoran modal", "Prive", "Pindah dana", *accounts.EXPENSE_ACCOUNTS})


@dataclass(frozen=True, slots=True)
class CashbookLine:
    entry_id: uuid.UUID
    day: dt.date
    created_at: dt.datetime
    kind: str  # expense, capital, drawing or transfer
    memo: str
    source: str  # the account the money left (credited)
    target: str  # the account it went to (debited)
    amount: int
    category: str | None  # an expense's category (gaji, sewa, listrik_air, transport, lain)

    @property
    def note(self) -> str:
        """The owner's own words, or "" when the memo is only the default one."""
        return "" if self.memo in _DEFAULT_MEMOS else self.memo


def recent_cashbook(
    session: Session, kinds: Sequence[str] = KINDS, *, limit: int = 50, offset: int = 0
) -> list[CashbookLine]:
    """The latest expenses, capital, drawings and transfers (those of `kinds`), newest first."""
    entries = session.execute(
        select(
            JournalEntry.id, JournalEntry.business_date, JournalEntry.created_at, JournalEntry.kind, JournalEntry.memo
        )
        .where(JournalEntry.kind.in_(list(kinds)))
        .order_by(JournalEntry.created_at.desc(), JournalEntry.id.desc())
        .limit(limit)
        .offset(offset)
    ).all()
    if not entries:
        return []
    lines = session.execute(
        select(JournalLine.entry_id, JournalLine.account_code, JournalLine.debit, JournalLine.credit)
        .where(JournalLine.entry_id.in_([e.id for e in entries]))
        .order_by(JournalLine.entry_id, JournalLine.line_no)
    ).all()
    debited: dict[uuid.UUID, str] = {}
    credited: dict[uuid.UUID, str] = {}
    amounts: dict[uuid.UUID, int] = {}
    for line in lines:
        if line.debit:
            debited.setdefault(line.entry_id, line.account_code)
            amounts[line.entry_id] = amounts.get(line.entry_id, 0) + int(line.debit)
        else:
            credited.setdefault(line.entry_id, line.account_code)
    return [
        CashbookLine(
            e.id,
            e.business_date,
            e.created_at,
            e.kind,
            e.memo,
            credited.get(e.id, ""),
            debited.get(e.id, ""),
            amounts.get(e.id, 0),
            _CATEGORY_OF.get(debited.get(e.id, "")) if e.kind == "expense" else None,
        )
        for e in entries
    ]

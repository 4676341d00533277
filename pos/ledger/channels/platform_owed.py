"""What a platform owes the shop, sale by sale, and which of it a payout pays for: the statement the platform
sends lists its payout by sale or by period, and the shop matches it here before anything is booked.

A sale owes what its entry put on Piutang platform (the total less the commission), less what returns through
the platform took back, less what payouts already cleared for it (`channel_settlement_sales`). Money the books
hold for the platform that no sale explains (payouts recorded before payouts named their sales, or paid ahead
of the sales) pays the oldest sales first, the way the platform settles; anything still left is one line of its
own. So the lines always add up to the platform's balance on Piutang platform.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import text
from sqlalchemy.orm import Session

from pos.i18n import N_
from pos.ledger.base.errors import InvalidInput, NotFound
from pos.ledger.base.ids import SaleId
from pos.ledger.books import accounts
from pos.ledger.books.balances import party_balance
from pos.ledger.channels.channels import channel_party, get_channel

# Each sale's part of the platform's receivable: its own entry, its void and its returns.
_BY_SALE = text(
    "SELECT s.id, s.receipt_no, s.business_date, SUM(l.debit - l.credit) FROM journal_lines l "
    "JOIN journal_entries e ON e.id = l.entry_id "
    "LEFT JOIN sale_returns r ON e.kind = 'return' AND r.id = e.source_id "
    "JOIN sales s ON s.id = CASE WHEN e.kind = 'return' THEN r.sale_id ELSE e.source_id END "
    "WHERE l.account_code = :a AND l.party_id = :p AND e.kind IN ('sale', 'void', 'return') "
    "GROUP BY s.id ORDER BY s.business_date, s.created_at"
)
_CLEARED = text(
    "SELECT x.sale_id, SUM(x.amount) FROM channel_settlement_sales x "
    "JOIN channel_settlements c ON c.id = x.settlement_id WHERE c.channel = :c GROUP BY x.sale_id"
)


@dataclass(frozen=True, slots=True)
class OwedLine:
    """A line of what the platform owes: one sale, or (with no sale) what no sale explains."""

    sale_id: SaleId | None
    receipt_no: str
    day: dt.date | None
    owed: int  # negative: refunded through the platform after a payout, taken back from the next one


@dataclass(frozen=True, slots=True)
class PlatformOwed:
    channel: str
    name: str
    lines: tuple[OwedLine, ...]  # oldest sale first; the line without a sale last
    balance: int  # the platform's balance on Piutang platform, which the lines add up to

    @property
    def total(self) -> int:
        return sum(line.owed for line in self.lines)


def _uuid(raw: Any) -> uuid.UUID:
    return raw if isinstance(raw, uuid.UUID) else uuid.UUID(bytes=bytes(raw))


def platform_owed(session: Session, code: str) -> PlatformOwed:
    """Every sale platform `code` still owes for (or owes back on), and the rest of its balance."""
    channel = get_channel(session, code)
    party = channel_party(code)
    cleared = {_uuid(sale): int(amount) for sale, amount in session.execute(_CLEARED, {"c": code})}
    sales = [
        (SaleId(_uuid(sid)), str(receipt), dt.date.fromisoformat(str(day)), int(booked) - cleared.get(_uuid(sid), 0))
        for sid, receipt, day, booked in session.execute(_BY_SALE, {"a": accounts.PIUTANG_PLATFORM, "p": party.bytes})
    ]
    balance = party_balance(session, accounts.PIUTANG_PLATFORM, party)
    # What the sales say is owed, beyond the balance, was paid without naming them: it settles the oldest first.
    unnamed = sum(owed for *_rest, owed in sales) - balance
    lines: list[OwedLine] = []
    for sid, receipt, day, owed in sales:
        if unnamed > 0 and owed > 0:
            used = min(owed, unnamed)
            owed, unnamed = owed - used, unnamed - used
        if owed:
            lines.append(OwedLine(sid, receipt, day, owed))
    if unnamed:
        lines.append(OwedLine(None, "", None, -unnamed))
    return PlatformOwed(channel.code, channel.name, tuple(lines), balance)


@dataclass(frozen=True, slots=True)
class PayoutMatch:
    """The lines a payout pays for, as its statement names them: sales by receipt, or a period of sales."""

    channel: str
    name: str
    lines: tuple[OwedLine, ...]
    balance: int  # everything the platform owes, whatever the payout names
    start: dt.date | None = None
    end: dt.date | None = None

    @property
    def owed(self) -> int:
        return sum(line.owed for line in self.lines)


def match_payout(
    session: Session,
    code: str,
    *,
    receipts: Sequence[str] = (),
    start: dt.date | None = None,
    end: dt.date | None = None,
) -> PayoutMatch:
    """What platform `code` owes for the sales a payout names: the sales with `receipts`, or those of the days
    from `start` to `end` (either open). Refunds after an earlier payout come off whatever the period, as the
    platform takes them back from its next payout; so does money no sale explains."""
    owed = platform_owed(session, code)
    if receipts and (start or end):
        raise InvalidInput(N_("A payout is matched by its sales or by a period, not both."))
    if start and end and start > end:
        raise InvalidInput(N_("The period ends before it starts."))
    if receipts:
        wanted = [r.strip().upper() for r in receipts if r.strip()]
        by_receipt = {line.receipt_no: line for line in owed.lines if line.sale_id is not None}
        missing = [r for r in wanted if r not in by_receipt]
        if missing:
            raise NotFound(
                N_("{name} owes nothing for sale {receipts}: it is paid out already or was not sold on {name}."),
                name=owed.name,
                receipts=", ".join(missing),
            )
        lines = tuple(by_receipt[r] for r in dict.fromkeys(wanted))
    else:
        lines = tuple(
            line
            for line in owed.lines
            if line.day is None
            or (line.owed < 0 and (end is None or line.day <= end))
            or ((start is None or line.day >= start) and (end is None or line.day <= end))
        )
    return PayoutMatch(owed.channel, owed.name, lines, owed.balance, start, end)

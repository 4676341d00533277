"""A platform paying out what it collected for the shop: the payout clears Piutang platform for the sales it
covers, and whatever the platform deducted beyond the booked commission goes to Beban komisi platform."""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass
from typing import Final

from sqlalchemy import insert, text
from sqlalchemy.orm import Session

from pos.i18n import N_
from pos.ledger.base.clock import business_date, utc_now
from pos.ledger.base.errors import InvalidInput
from pos.ledger.base.ids import new_id
from pos.ledger.base.money import Money
from pos.ledger.books import accounts, audit
from pos.ledger.books.approvals import Actor
from pos.ledger.books.balances import party_balance
from pos.ledger.books.journal import Posting, credit, debit, post_entry
from pos.ledger.channels.channels import channel_party, get_channel, require_owner
from pos.ledger.replication.changes import emit_facts
from pos.ledger.schema import ChannelSettlement, core
from pos.ledger.shop import settings

# How a platform pays out, and the account the money lands in.
PAYOUT_ACCOUNTS: Final = {"transfer": accounts.BANK, "ewallet": accounts.EWALLET, "cash": accounts.KAS}


def platform_balance(session: Session, code: str) -> Money:
    """What platform `code` owes the shop now: its sales less commission, less what it has paid out."""
    return Money(party_balance(session, accounts.PIUTANG_PLATFORM, channel_party(code)))


def _owed_through(session: Session, code: str, day: dt.date) -> int:
    """The platform's receivable from sales up to `day`, less every payout so far (FIFO, like a statement)."""
    row = session.execute(
        text(
            "SELECT COALESCE(SUM(CASE WHEN e.business_date <= :d THEN l.debit ELSE 0 END), 0) "
            "- COALESCE(SUM(l.credit), 0) FROM journal_lines l JOIN journal_entries e ON e.id = l.entry_id "
            "WHERE l.party_id = :p AND l.account_code = :a"
        ),
        {"d": day.isoformat(), "p": channel_party(code).bytes, "a": accounts.PIUTANG_PLATFORM},
    ).scalar_one()
    return max(int(row), 0)


@dataclass(frozen=True, slots=True)
class PlatformSettlement:
    id: uuid.UUID
    channel: str
    received: int  # what reached the shop
    cleared: int  # receivable the payout settled
    balance_after: int  # what the platform still owes

    @property
    def fees(self) -> int:
        """Deducted by the platform beyond what was booked (negative when it paid more)."""
        return self.cleared - self.received


def settle_platform(
    session: Session,
    actor: Actor,
    code: str,
    received: Money,
    *,
    method: str = "transfer",
    up_to: dt.date | None = None,
    note: str = "",
    at: dt.datetime | None = None,
) -> PlatformSettlement:
    """Record a platform's payout of `received` for its sales up to `up_to` (default: all booked so far).

    The payout clears what the platform owed for those sales; any difference (an extra fee, an adjustment)
    goes to Beban komisi platform, so Piutang platform ends at what is still to come.
    """
    require_owner(actor)
    channel = get_channel(session, code)
    if not channel.is_platform:
        raise InvalidInput(N_("{name} is not a platform: its sales are paid at once."), name=channel.name)
    account = PAYOUT_ACCOUNTS.get(method)
    if account is None:
        raise InvalidInput(N_("Unknown payment method '{method}'."), method=method)
    if received.rupiah < 0:
        raise InvalidInput(N_("The amount cannot be negative."))
    when = at or utc_now()
    day = business_date(when, settings.load(session).timezone)
    cleared = _owed_through(session, code, up_to or day)
    if cleared == 0 and received.rupiah == 0:
        raise InvalidInput(N_("{name} owes nothing for those days."), name=channel.name)
    party = channel.party_id
    postings: list[Posting] = []
    if received.rupiah:
        postings.append(debit(account, received.rupiah))
    fees = cleared - received.rupiah
    if fees > 0:
        postings.append(debit(accounts.BEBAN_KOMISI, fees))
    elif fees < 0:
        postings.append(credit(accounts.BEBAN_KOMISI, -fees))
    if cleared:
        postings.append(credit(accounts.PIUTANG_PLATFORM, cleared, party))
    sid = new_id()
    memo = note or f"Pencairan {channel.name}"
    entry = post_entry(
        session, kind="platform_settlement", postings=postings, at=when, business_date=day, memo=memo, source_id=sid
    )
    row = {
        "id": sid,
        "channel": code,
        "received": received.rupiah,
        "cleared": cleared,
        "method": method,
        "up_to": up_to,
        "business_date": day,
        "created_at": when,
        "user_id": actor.user_id,
        "note": note[:200],
        "entry_id": entry.id,
    }
    session.execute(insert(core(ChannelSettlement)), [row])
    audit.record(
        session,
        "channel.settle",
        at=when,
        user_id=actor.user_id,
        detail={"channel": code, "received": received.rupiah, "cleared": cleared},
    )
    emit_facts(session, "channel.settled", {**entry.rows(), "channel_settlements": [row]}, when)
    return PlatformSettlement(sid, code, received.rupiah, cleared, platform_balance(session, code).rupiah)

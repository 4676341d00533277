"""A platform paying out what it collected for the shop: matched against what it owes for the sales it pays for
(`platform_owed`), booked so that profit never moves by money that is not income.

The payout clears the receivable of the sales it names. When the money differs from what they owe, the owner
says where the difference goes: commission when the platform kept more (Beban komisi platform), other income
when it paid more (Pendapatan lain), or left on the platform's account (still owed by it, or paid ahead, to be
settled by a later payout). A payout for sales that owe nothing, one that would take the platform's account
below nothing, and one already recorded are refused with the reason.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Final, Literal, get_args

from sqlalchemy import func, insert, select
from sqlalchemy.orm import Session

from pos.i18n import N_
from pos.ledger.base import fmt
from pos.ledger.base.clock import business_date, utc_now
from pos.ledger.base.errors import Conflict, InvalidInput
from pos.ledger.base.ids import new_id
from pos.ledger.base.money import Money
from pos.ledger.books import accounts, audit
from pos.ledger.books.approvals import Actor
from pos.ledger.books.balances import party_balance
from pos.ledger.books.journal import Posting, credit, debit, post_entry
from pos.ledger.channels.channels import channel_party, get_channel, require_owner
from pos.ledger.channels.platform_owed import OwedLine, PayoutMatch, match_payout
from pos.ledger.replication.changes import emit_facts
from pos.ledger.schema import ChannelSettlement, ChannelSettlementSale, core
from pos.ledger.shop import settings

# How a platform pays out, and the account the money lands in.
PAYOUT_ACCOUNTS: Final = {"transfer": accounts.BANK, "ewallet": accounts.EWALLET, "cash": accounts.KAS}
# Where a difference between the payout and what its sales owe is booked; '' when there is none.
Difference = Literal["commission", "income", "platform"]
DIFFERENCES: Final = get_args(Difference)
# What was done with a difference, in words for the owner.
DIFFERENCE_TEXT: Final = {
    "commission": N_("The difference of {amount} is booked as {name}'s commission."),
    "income": N_("The extra {amount} is booked as other income."),
    "platform": N_("The difference of {amount} stays on {name}'s account."),
}


def difference_choices(owed: int, received: int) -> tuple[Difference, ...]:
    """Where a difference between a payout of `received` and sales that owe `owed` may be booked: the platform's
    commission or still owed by it when it paid less, other income or paid ahead when it paid more, and nowhere
    when there is none. Never commission for a payout above what is owed: that would be a negative expense."""
    if received < owed:
        return ("commission", "platform")
    if received > owed:
        return ("income", "platform")
    return ()


def platform_balance(session: Session, code: str) -> Money:
    """What platform `code` owes the shop now: its sales less commission, less what it has paid out."""
    return Money(party_balance(session, accounts.PIUTANG_PLATFORM, channel_party(code)))


@dataclass(frozen=True, slots=True)
class PlatformSettlement:
    id: uuid.UUID
    channel: str
    received: int  # what reached the shop
    owed: int  # what the sales it paid for owed
    cleared: int  # receivable the payout settled
    difference: str  # where received - owed went: commission, income, platform, or '' when there was none
    balance_after: int  # what the platform still owes

    @property
    def fees(self) -> int:
        """Kept by the platform beyond what was booked (negative when it paid more)."""
        return self.owed - self.received


def _normal(reference: str) -> str:
    return " ".join(reference.split())[:64]


def _check_not_recorded(session: Session, name: str, code: str, received: int, day: dt.date, reference: str) -> None:
    same = session.scalar(
        select(ChannelSettlement.reference).where(
            ChannelSettlement.channel == code,
            ChannelSettlement.received == received,
            ChannelSettlement.business_date == day,
            func.lower(ChannelSettlement.reference) == reference.lower(),
        )
    )
    if same is not None:
        raise Conflict(
            N_(
                "A payout of {amount} from {name} on {date}{reference} is already recorded. A second payout of the "
                "same amount that day needs its own reference."
            ),
            amount=fmt.rupiah(received),
            name=name,
            date=fmt.date(day),
            reference=f" ({same})" if same else "",
        )


def _check_difference(match: PayoutMatch, received: int, difference: str) -> None:
    """Refuse a difference booked where it does not belong, or not said at all."""
    owed, name = match.owed, match.name
    if difference and difference not in DIFFERENCES:
        raise InvalidInput(N_("Say where the difference goes: commission, income or platform."))
    if received < owed and difference not in difference_choices(owed, received):
        raise InvalidInput(
            N_(
                "{name} paid {received} for sales that owe {owed}: {short} less. Say whether the difference is "
                "{name}'s commission or still owed by {name}."
            ),
            name=name,
            received=fmt.rupiah(received),
            owed=fmt.rupiah(owed),
            short=fmt.rupiah(owed - received),
        )
    if received > owed:
        if difference not in difference_choices(owed, received):
            raise InvalidInput(
                N_(
                    "{name} paid {received} for sales that owe {owed}: {more} more. A payout above what is owed is "
                    "not a lower commission: say whether the difference is other income or paid ahead by {name}."
                ),
                name=name,
                received=fmt.rupiah(received),
                owed=fmt.rupiah(owed),
                more=fmt.rupiah(received - owed),
            )
        if difference == "platform" and received > match.balance:
            raise InvalidInput(
                N_("{received} would clear more than {name} owes in all ({owed})."),
                name=name,
                received=fmt.rupiah(received),
                owed=fmt.rupiah(match.balance),
            )


def _cleared_by_sale(lines: Sequence[OwedLine], cleared: int) -> list[tuple[uuid.UUID, int]]:
    """How much of each sale the payout clears: all of each when it clears what they owe, otherwise refunds
    first and then the oldest sales, as far as the money goes."""
    sales = [line for line in lines if line.sale_id is not None]
    if cleared >= sum(line.owed for line in lines):
        return [(line.sale_id, line.owed) for line in sales if line.sale_id is not None]
    left = cleared - sum(line.owed for line in lines if line.owed < 0)
    out: list[tuple[uuid.UUID, int]] = []
    for line in sorted(sales, key=lambda x: x.owed >= 0):  # refunds first, the rest oldest first (a stable sort)
        assert line.sale_id is not None
        amount = line.owed if line.owed < 0 else min(line.owed, left)
        if line.owed > 0:
            left -= amount
        if amount:
            out.append((line.sale_id, amount))
    return out


def settle_platform(
    session: Session,
    actor: Actor,
    code: str,
    received: Money,
    *,
    receipts: Sequence[str] = (),
    start: dt.date | None = None,
    up_to: dt.date | None = None,
    difference: str = "",
    method: str = "transfer",
    reference: str = "",
    paid_on: dt.date | None = None,
    note: str = "",
    at: dt.datetime | None = None,
) -> PlatformSettlement:
    """Record a platform's payout of `received` on `paid_on` (default today) for the sales its statement names:
    `receipts`, or the sales from `start` to `up_to` (default: every sale booked so far).

    The payout clears what those sales owe. A difference is booked only where `difference` says (see the module's
    notes); refused, writing nothing: a payout for sales that owe nothing, a difference not said or said wrongly,
    and a payout of the same amount on the same day with the same reference as one already recorded.
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
    day = paid_on or business_date(when, settings.load(session).timezone)
    ref = _normal(reference)
    _check_not_recorded(session, channel.name, code, received.rupiah, day, ref)
    match = match_payout(session, code, receipts=receipts, start=start, end=up_to)
    owed = match.owed
    if owed <= 0:
        raise Conflict(
            N_("{name} owes nothing for those sales: a payout now would clear more than is owed."), name=channel.name
        )
    diff = received.rupiah - owed
    _check_difference(match, received.rupiah, difference if diff else "")
    booked_to = difference if diff else ""
    cleared = received.rupiah if booked_to == "platform" else owed
    party = channel.party_id
    postings: list[Posting] = []
    if received.rupiah:
        postings.append(debit(account, received.rupiah))
    if booked_to == "commission":
        postings.append(debit(accounts.BEBAN_KOMISI, -diff))
    postings.append(credit(accounts.PIUTANG_PLATFORM, cleared, party))
    if booked_to == "income":
        postings.append(credit(accounts.PENDAPATAN_LAIN, diff))
    sid = new_id()
    memo = f"Pencairan {channel.name}" + (f" {ref}" if ref else "") + (f": {note.strip()}" if note.strip() else "")
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
        "period_start": start,
        "owed": owed,
        "difference": booked_to,
        "reference": ref,
        "business_date": day,
        "created_at": when,
        "user_id": actor.user_id,
        "note": note.strip()[:200],
        "entry_id": entry.id,
    }
    session.execute(insert(core(ChannelSettlement)), [row])
    by_sale = [
        {"settlement_id": sid, "sale_id": sale, "amount": amount}
        for sale, amount in _cleared_by_sale(match.lines, cleared)
    ]
    if by_sale:
        session.execute(insert(core(ChannelSettlementSale)), by_sale)
    audit.record(
        session,
        "channel.settle",
        at=when,
        user_id=actor.user_id,
        detail={
            "channel": code,
            "received": received.rupiah,
            "owed": owed,
            "cleared": cleared,
            "difference": booked_to,
        },
    )
    facts = {**entry.rows(), "channel_settlements": [row], "channel_settlement_sales": by_sale}
    emit_facts(session, "channel.settled", facts, when)
    return PlatformSettlement(
        sid, code, received.rupiah, owed, cleared, booked_to, platform_balance(session, code).rupiah
    )

"""The general journal: entries the owner's accountant makes by hand, such as adjustments, equipment bought on
credit, or moving the opening capital into Modal pemilik.

Only the owner posts one; it is balanced or refused, audited with its reason, and dated between the day the books
start and today. Lines to Piutang usaha or Utang usaha name their customer or supplier, since each one's tab is read
from the ledger itself. Persediaan is left to the stock services (receiving, adjustments, stock takes), which keep it
equal to the goods on hand. Equipment debited to Peralatan can be registered for straight-line depreciation.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Final

from sqlalchemy import func, insert, select
from sqlalchemy.orm import Session

from pos.i18n import N_
from pos.ledger.base import fmt
from pos.ledger.base.clock import business_date, utc_now
from pos.ledger.base.errors import InvalidInput, NotAllowed, NotFound
from pos.ledger.base.ids import new_id
from pos.ledger.books import accounts, audit
from pos.ledger.books.approvals import Actor
from pos.ledger.books.journal import PostedEntry, Posting, check_balanced, post_entry
from pos.ledger.books.opening_balances import MAX_LABEL, MAX_LIFE_MONTHS
from pos.ledger.books.opening_view import books_start
from pos.ledger.replication.changes import emit_facts
from pos.ledger.schema import Account, Customer, FixedAsset, Supplier, core
from pos.ledger.shop import settings

ENTRY_KIND: Final = "general"
# Accounts whose lines must name the customer or supplier they belong to.
PARTY_ACCOUNTS: Final[dict[str, type[Customer] | type[Supplier]]] = {
    accounts.PIUTANG: Customer,
    accounts.UTANG_USAHA: Supplier,
}
# Accounts kept by their own services, so that they stay equal to what they count.
CLOSED_ACCOUNTS: Final = (accounts.PERSEDIAAN,)


@dataclass(frozen=True, slots=True)
class Equipment:
    """Equipment an entry debits to Peralatan, to be depreciated over `life_months` from the entry's month."""

    name: str
    cost: int
    life_months: int
    residual: int = 0


def _require_owner(actor: Actor) -> None:
    if not actor.is_owner:
        raise NotAllowed(N_("Only the owner may post a general journal entry."))


def check_lines(session: Session, postings: Sequence[Posting]) -> None:
    """Refuse lines that could not stand: unbalanced, an unknown account, a tab line without its party."""
    known = set(session.scalars(select(Account.code)))
    check_balanced(postings, known)
    for p in postings:
        if p.account in CLOSED_ACCOUNTS:
            raise InvalidInput(
                N_(
                    "Persediaan changes only by receiving goods, an adjustment or a stock take, so it stays equal to "
                    "the goods on hand."
                )
            )
        model = PARTY_ACCOUNTS.get(p.account)
        if model is None:
            if p.party_id is not None:
                raise InvalidInput(N_("Only lines to Piutang usaha or Utang usaha name a customer or supplier."))
            continue
        if p.party_id is None:
            raise InvalidInput(N_("A line to Piutang usaha names its customer, and one to Utang usaha its supplier."))
        if session.get(model, p.party_id) is None:
            raise NotFound(N_("Customer not found.") if model is Customer else N_("Supplier not found."))


def _check_equipment(postings: Sequence[Posting], equipment: Sequence[Equipment]) -> None:
    if not equipment:
        return
    for item in equipment:
        if not item.name.strip() or len(item.name.strip()) > MAX_LABEL:
            raise InvalidInput(N_("Each piece of equipment needs a name of at most {n} characters."), n=MAX_LABEL)
        if not 0 < item.life_months <= MAX_LIFE_MONTHS:
            raise InvalidInput(
                N_("The useful life of {name} must be 1 to {n} months."), name=item.name.strip(), n=MAX_LIFE_MONTHS
            )
        if item.cost <= 0 or not 0 <= item.residual < item.cost:
            raise InvalidInput(
                N_("The cost of {name} must be more than zero and more than what it is worth at the end."),
                name=item.name.strip(),
            )
    bought = sum(p.debit - p.credit for p in postings if p.account == accounts.PERALATAN)
    listed = sum(item.cost for item in equipment)
    if listed != bought:
        raise InvalidInput(
            N_("The equipment listed costs {listed} but the entry puts {bought} on Peralatan."),
            listed=fmt.rupiah(listed),
            bought=fmt.rupiah(bought),
        )


def post_general_entry(
    session: Session,
    actor: Actor,
    postings: Sequence[Posting],
    *,
    day: dt.date,
    memo: str,
    equipment: Sequence[Equipment] = (),
    at: dt.datetime | None = None,
) -> PostedEntry:
    """Post one general journal entry in the caller's transaction; the owner only, with the reason in `memo`."""
    _require_owner(actor)
    when = at or utc_now()
    reason = " ".join(memo.split())
    if not reason:
        raise InvalidInput(N_("Say what the entry is for."))
    today = business_date(when, settings.load(session).timezone)
    if day > today:
        raise InvalidInput(N_("A journal entry cannot be dated after today."))
    start = books_start(session)
    if start is not None and day < start:
        raise InvalidInput(N_("The books start on {day}; date the entry on or after it."), day=fmt.date(start))
    check_lines(session, postings)
    _check_equipment(postings, equipment)
    entry = post_entry(session, kind=ENTRY_KIND, postings=postings, at=when, business_date=day, memo=reason)
    assets = [
        {
            "id": new_id(),
            "name": item.name.strip(),
            "cost": item.cost,
            "residual": item.residual,
            "acquired_on": day,
            "life_months": item.life_months,
            "entry_id": entry.id,
        }
        for item in equipment
    ]
    if assets:
        session.execute(insert(core(FixedAsset)), assets)
    emit_facts(session, "journal.posted", {**entry.rows(), "fixed_assets": assets}, when)
    audit.record(
        session,
        "journal.general",
        at=when,
        user_id=actor.user_id,
        reason=reason,
        detail={
            "entry": entry.id.hex,
            "day": day.isoformat(),
            "lines": [[p.account, p.debit, p.credit, p.party_id.hex if p.party_id else None] for p in postings],
        },
    )
    return entry


@dataclass(frozen=True, slots=True)
class ChartAccount:
    code: str
    name: str
    name_en: str
    kind: str


def party_by_name(session: Session, account: str, name: str) -> uuid.UUID:
    """The customer (for Piutang usaha) or supplier (for Utang usaha) of that name, ignoring case and spacing."""
    model = PARTY_ACCOUNTS.get(account)
    if model is None:
        raise InvalidInput(N_("Only lines to Piutang usaha or Utang usaha name a customer or supplier."))
    wanted = " ".join(name.split()).casefold()
    found: list[uuid.UUID] = list(session.scalars(select(model.id).where(func.lower(model.name) == wanted)))
    if len(found) != 1:
        raise NotFound(N_("Customer not found.") if model is Customer else N_("Supplier not found."))
    return found[0]


def postable_accounts(session: Session) -> list[ChartAccount]:
    """The chart's accounts a general journal entry may post to, by code."""
    rows = session.execute(select(Account.code, Account.name, Account.name_en, Account.kind).order_by(Account.code))
    return [ChartAccount(*row) for row in rows if row.code not in CLOSED_ACCOUNTS]

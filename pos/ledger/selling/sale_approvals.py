"""What a sale needs the owner for: kasbon beyond a customer's credit limit, a cashier's discount above the shop's
limit, and a changed price. Each check returns who approved (None when no one had to), or refuses.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Sequence

from sqlalchemy.orm import Session

from pos.i18n import N_
from pos.ledger.base import fmt
from pos.ledger.base.errors import InvalidInput
from pos.ledger.base.money import FULL_BP
from pos.ledger.books.approvals import Actor, Approval, NeedsApproval, require
from pos.ledger.counter.cart import Cart
from pos.ledger.counter.payments import Settlement
from pos.ledger.people.customers import CustomerInfo, kasbon_balance
from pos.ledger.people.users import list_users
from pos.ledger.prices.outcome import PricedSale


def check_kasbon(
    session: Session,
    actor: Actor,
    customer: CustomerInfo | None,
    settlement: Settlement,
    approvals: Sequence[Approval],
    when: dt.datetime,
) -> uuid.UUID | None:
    on_credit = settlement.paid_by("kasbon")
    if not on_credit:
        return None
    if customer is None:
        raise InvalidInput(N_("Kasbon needs a customer: choose who is buying on credit."))
    owed_after = kasbon_balance(session, customer.id).rupiah + on_credit
    if owed_after <= customer.kasbon_limit.rupiah:
        return None
    refusal = NeedsApproval(
        "kasbon_over_limit",
        N_("{name} would owe {owed}, above the credit limit of {limit}. The owner must approve."),
        name=customer.name,
        owed=fmt.rupiah(owed_after),
        limit=fmt.rupiah(customer.kasbon_limit),
    )
    return require(actor, "kasbon_over_limit", approvals, when, refusal)


def check_discounts(
    cart: Cart, sale: PricedSale, limit_bp: int, actor: Actor, approvals: Sequence[Approval], when: dt.datetime
) -> uuid.UUID | None:
    """A discount the cashier gave above the shop's limit (as a share of what it applies to) needs the owner.
    Promotions, vouchers and points are the owner's own terms and need no one."""
    priced = sale.priced
    over = (
        any(s.hand_discount * FULL_BP > limit_bp * s.priced.gross for s in sale.lines if s.priced.gross)
        or (cart.discount.percent_bp > limit_bp)
        or (cart.discount.rupiah * FULL_BP > limit_bp * max(sum(p.gross - p.line_discount for p in priced.lines), 1))
    )
    return require(actor, "discount_above_limit", approvals, when) if over else None


def check_overrides(session: Session, cart: Cart) -> None:
    if not any(line.overridden for line in cart.lines):
        return
    owners = {u.id for u in list_users(session) if u.role == "owner"}
    for line in cart.lines:
        if line.overridden and line.override_by not in owners:
            raise NeedsApproval("price_override")

"""What a cashier may do alone, and the owner's approval for the rest.

An `Approval` is issued by `users.approve` only after an owner's PIN was checked; it names the one action it
allows and expires after a few minutes, so it cannot be kept and reused for something else later.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Final, Literal

from pos.i18n import N_, _
from pos.ledger.base.errors import NotAllowed
from pos.ledger.base.ids import UserId

Action = Literal[
    "price_override",
    "discount_above_limit",
    "void",
    "refund",
    "cash_out",
    "open_drawer",
    "kasbon_over_limit",
    "edit_product",
    "manage_users",
]
APPROVAL_LIFETIME: Final = dt.timedelta(minutes=5)

ACTION_NAMES: Final[dict[str, str]] = {
    "price_override": N_("change a price"),
    "discount_above_limit": N_("give a discount above the limit"),
    "void": N_("void a sale"),
    "refund": N_("refund a sale"),
    "cash_out": N_("take cash out of the drawer"),
    "open_drawer": N_("open the drawer without a sale"),
    "kasbon_over_limit": N_("sell on kasbon beyond the credit limit"),
    "edit_product": N_("edit products"),
    "manage_users": N_("manage users"),
}


@dataclass(frozen=True, slots=True)
class Actor:
    """The person at the counter, as their PIN proved."""

    user_id: UserId
    name: str
    role: Literal["owner", "cashier"]

    @property
    def is_owner(self) -> bool:
        return self.role == "owner"


@dataclass(frozen=True, slots=True)
class Approval:
    owner_id: UserId
    action: Action
    issued_at: dt.datetime
    reason: str = ""


class NeedsApproval(NotAllowed):
    """Refused for want of an owner's approval; `action` says which approval would let it through.

    `why` (a message id with parameters) explains the refusal in the shop's terms, such as the credit limit that
    would be passed; without it the message names the action.
    """

    def __init__(self, action: Action, why: str | None = None, **params: object) -> None:
        super().__init__(why or N_("Only the owner may {action}. Ask the owner to enter their PIN."), **params)
        self.action = action

    def __str__(self) -> str:
        return _(self.msgid).format(**{"action": _(ACTION_NAMES[self.action]), **self.params})


def require(
    actor: Actor,
    action: Action,
    approvals: Sequence[Approval],
    at: dt.datetime,
    refusal: NeedsApproval | None = None,
) -> UserId | None:
    """Allow `action` for an owner, or for a cashier with a fresh owner's approval for exactly that action.

    Returns the approving owner's id (None when the actor is the owner), for the audit log; raises `refusal`
    (or a plain `NeedsApproval`) otherwise.
    """
    if actor.is_owner:
        return None
    for approval in approvals:
        if approval.action == action and dt.timedelta(0) <= at - approval.issued_at <= APPROVAL_LIFETIME:
            return approval.owner_id
    raise refusal or NeedsApproval(action)

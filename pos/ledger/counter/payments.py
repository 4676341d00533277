"""How a sale is paid: tunai, QRIS, transfer, e-wallet, kasbon, or a split, settled against the amount due.

Pure arithmetic and rules, no database: the payment dialog can ask "is this enough?" before anything is sent.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Final, Literal, get_args

from pos.i18n import N_, _
from pos.ledger.base import fmt
from pos.ledger.base.errors import InvalidInput
from pos.ledger.base.money import Money
from pos.ledger.counter.pricing import RoundingRule, rounded_due

# 'platform': collected by a delivery platform or marketplace for the shop; 'deposit': an order's down payment,
# used up when the order becomes a sale (see pos.ledger.channels.channels and pos.ledger.selling.orders);
# 'credit': what the customer keeps with the shop (titipan, see pos.ledger.people.deposits).
Method = Literal["cash", "qris", "transfer", "ewallet", "kasbon", "platform", "deposit", "credit"]
# What a cashier takes at the counter; the other two are set by the channel or the order, never picked.
METHODS: Final = ("cash", "qris", "transfer", "ewallet", "kasbon", "credit")
ALL_METHODS: Final = get_args(Method)
EWALLET_PROVIDERS: Final = ("GoPay", "OVO", "DANA", "ShopeePay", "LinkAja", "Lainnya")
# What each method is called on screen and in the terminal.
METHOD_NAMES: Final[dict[str, str]] = {
    "cash": N_("Cash"),
    "qris": N_("QRIS"),
    "transfer": N_("Bank transfer"),
    "ewallet": N_("E-wallet"),
    "kasbon": N_("Kasbon"),
    "credit": N_("Customer's credit"),
    # Never picked at the counter: a platform pays for a sale on its channel, a down payment for its order.
    "platform": N_("Platform"),
    "deposit": N_("Down payment"),
}


def method_name(method: str) -> str:
    """`method` as people call it, in the language of the moment (its code for one not named here)."""
    return _(METHOD_NAMES[method]) if method in METHOD_NAMES else method


@dataclass(frozen=True, slots=True)
class Payment:
    """One payment as the cashier enters it; for cash, `amount` is what the customer hands over."""

    method: Method
    amount: Money
    provider: str = ""
    reference: str = ""


def cash(amount: int) -> Payment:
    return Payment("cash", Money(amount))


@dataclass(frozen=True, slots=True)
class AppliedPayment:
    method: Method
    amount: int  # what this payment settles of the total
    tendered: int  # what was handed over (cash: before change)
    provider: str
    reference: str


@dataclass(frozen=True, slots=True)
class Settlement:
    exact_due: int
    due: int  # after rounding
    applied: tuple[AppliedPayment, ...]
    change: int

    @property
    def rounding(self) -> int:
        """Added to the exact amount (negative when rounded down); booked to Pembulatan."""
        return self.due - self.exact_due

    @property
    def tendered(self) -> int:
        return sum(p.tendered for p in self.applied)

    def paid_by(self, method: Method) -> int:
        return sum(p.amount for p in self.applied if p.method == method)


def settle(exact_due: int, payments: Sequence[Payment], rule: RoundingRule) -> Settlement:
    """Check `payments` against the amount due and work out rounding and change.

    Only cash can be overpaid (and gets change); non-cash methods must not pay more than is due.
    """
    for p in payments:
        if p.method not in ALL_METHODS:
            raise InvalidInput(N_("Unknown payment method '{method}'."), method=p.method)
        if p.amount.rupiah <= 0:
            raise InvalidInput(N_("A payment must be more than zero."))
        if p.method == "ewallet" and p.provider not in EWALLET_PROVIDERS:
            raise InvalidInput(N_("Choose the e-wallet: {choices}."), choices=", ".join(EWALLET_PROVIDERS))
    cash_given = sum(p.amount.rupiah for p in payments if p.method == "cash")
    has_cash = any(p.method == "cash" for p in payments)
    noncash = [p for p in payments if p.method != "cash"]
    noncash_total = sum(p.amount.rupiah for p in noncash)
    due = rounded_due(exact_due, noncash_total, has_cash, rule)
    if not payments and due > 0:
        raise InvalidInput(N_("Choose how the customer pays."))
    if noncash_total > due:
        raise InvalidInput(
            N_("Non-cash payments come to {paid}, more than the {due} due. Only cash can get change."),
            paid=fmt.rupiah(noncash_total),
            due=fmt.rupiah(due),
        )
    cash_needed = due - noncash_total
    if cash_given < cash_needed:
        raise InvalidInput(
            N_("The payments do not cover the total: {short} is still missing."),
            short=fmt.rupiah(cash_needed - cash_given),
        )
    if has_cash and cash_needed == 0:
        raise InvalidInput(N_("Nothing is left to pay in cash."))
    applied = [AppliedPayment(p.method, p.amount.rupiah, p.amount.rupiah, p.provider, p.reference) for p in noncash]
    if has_cash:
        applied.insert(0, AppliedPayment("cash", cash_needed, cash_given, "", ""))
    return Settlement(exact_due, due, tuple(applied), cash_given - cash_needed)


@dataclass(frozen=True, slots=True)
class Remaining:
    """Where a payment in progress stands, for the payment screen."""

    due: int  # the amount due as rounded, taking whatever is not yet paid to be paid in cash
    to_pay: int  # what is still to be paid in cash (0 once covered)
    noncash_room: int  # the most a further non-cash payment may cover: non-cash is never rounded, never overpaid


def remaining(exact_due: int, payments: Sequence[Payment], rule: RoundingRule) -> Remaining:
    """What is left to pay after `payments`, by the same rules `settle` applies when the sale is booked."""
    paid = sum(p.amount.rupiah for p in payments)
    cash_paid = sum(p.amount.rupiah for p in payments if p.method == "cash")
    noncash = paid - cash_paid
    # Until non-cash covers everything, the rest is taken to come in cash, so it is rounded as cash would be.
    due = rounded_due(exact_due, noncash, noncash < exact_due or cash_paid > 0, rule)
    return Remaining(due, max(due - paid, 0), max(exact_due - paid, 0))

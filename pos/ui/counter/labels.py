"""Names on screen for the core's codes: payment methods (named by the core, for the terminal too) and the purposes
of cash put in or taken out."""

from __future__ import annotations

from typing import Final

from pos.i18n import N_, _
from pos.ledger.counter.payments import METHOD_NAMES, method_name

__all__ = ["METHOD_NAMES", "PURPOSE_NAMES", "method_name", "purpose_name"]

PURPOSE_NAMES: Final[dict[str, str]] = {
    "capital": N_("Change or capital from the owner"),
    "bank_withdrawal": N_("Cash fetched from the bank"),
    "other_income": N_("Other income"),
    "bank_deposit": N_("Paid into the bank"),
    "drawing": N_("Taken by the owner for personal use"),
    "expense:gaji": N_("Wages"),
    "expense:sewa": N_("Rent"),
    "expense:listrik_air": N_("Electricity and water"),
    "expense:transport": N_("Transport"),
    "expense:keuangan": N_("Loan interest and bank charges"),
    "expense:lain": N_("Other expense"),
}


def purpose_name(purpose: str) -> str:
    # A purpose the core adds later still shows, under its code, until it is named here.
    return _(PURPOSE_NAMES[purpose]) if purpose in PURPOSE_NAMES else purpose

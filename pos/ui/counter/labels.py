"""Names on screen for the core's codes: payment methods and the purposes of cash put in or taken out."""

from __future__ import annotations

from typing import Final

from pos.i18n import N_, _

METHOD_NAMES: Final[dict[str, str]] = {
    "cash": N_("Cash"),
    "qris": N_("QRIS"),
    "transfer": N_("Bank transfer"),
    "ewallet": N_("E-wallet"),
    "kasbon": N_("Kasbon"),
    # Never picked at the counter: a platform pays for a sale on its channel, a down payment for its order.
    "platform": N_("Platform"),
    "deposit": N_("Down payment"),
}

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


def method_name(method: str) -> str:
    return _(METHOD_NAMES[method]) if method in METHOD_NAMES else method


def purpose_name(purpose: str) -> str:
    # A purpose the core adds later still shows, under its code, until it is named here.
    return _(PURPOSE_NAMES[purpose]) if purpose in PURPOSE_NAMES else purpose

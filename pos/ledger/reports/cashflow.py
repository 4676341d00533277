"""Laporan arus kas by the direct method: money in and out of Kas, Bank, QRIS and e-wallets, by what it was for.

Each entry that moves money is classed by its kind (a sale, a purchase, the owner's capital) or, for kinds that
carry several purposes (cash in and out of the drawer, reversals), by the other account it posts to. Moves between
the shop's own money accounts cancel out. The flows add up to the change in the money accounts' balances.

The opening balances (and their corrections) are not flows: that money was there the day the books started, so it
is part of the cash at the beginning of a period that holds that day.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Final

from sqlalchemy import text
from sqlalchemy.orm import Session

from pos.i18n import N_
from pos.ledger.base.period import Period
from pos.ledger.books import accounts
from pos.ledger.books.balances import trial_balance
from pos.ledger.books.opening_view import OPENING_KINDS, books_start
from pos.ledger.reports.books_start import before_start_note
from pos.ledger.reports.rows import Row, Style, heading, plain

# Entry kinds whose purpose is fixed, so the other account need not be looked up.
_BY_KIND: Final = {
    "sale": "customers",
    "void": "customers",
    "return": "customers",
    "kasbon_payment": "customers",
    "order_deposit": "customers",  # a down payment is money from a customer for goods to come
    "order_refund": "customers",
    "platform_settlement": "customers",  # a platform paying out what it collected from customers
    "purchase": "suppliers",
    "supplier_payment": "suppliers",
    "expense": "expenses",
    "capital": "owner_in",
    "drawing": "owner_out",
}

OPERATING: Final = ("customers", "other_income", "suppliers", "expenses", "taxes", "cash_over_short", "other")
# Entry kinds that bring balances in rather than move money: counted in the opening cash, never as a flow.
_OPENING_KINDS: Final = OPENING_KINDS

_MONEY: Final = accounts.MONEY_ACCOUNTS
_MONEY_MARKS: Final = ", ".join(f":m{i}" for i in range(len(_MONEY)))
_KIND_MARKS: Final = ", ".join(f":k{i}" for i in range(len(_BY_KIND)))

# For the other kinds: the counter-account that says most about the purpose wins (revenue over stock, say).
_FLOWS = text(
    f"SELECT e.kind, CASE WHEN e.kind IN ({_KIND_MARKS}) THEN NULL ELSE ("
    " SELECT l2.account_code FROM journal_lines l2 JOIN accounts a ON a.code = l2.account_code"
    f" WHERE l2.entry_id = e.id AND l2.account_code NOT IN ({_MONEY_MARKS})"
    " ORDER BY CASE WHEN a.section = 'revenue' OR l2.account_code = :piutang THEN 0"
    " WHEN a.section = 'other_income' THEN 1 WHEN a.section = 'operating_expense' THEN 2"
    " WHEN a.section = 'cogs' OR l2.account_code IN (:utang_usaha, :persediaan) THEN 3"
    " WHEN a.section = 'current_liability' THEN 4 WHEN a.section = 'other_expense' THEN 5"
    " WHEN a.section = 'fixed_asset' THEN 6 WHEN a.section = 'equity' THEN 7 ELSE 8 END, l2.account_code"
    " LIMIT 1) END AS counter, SUM(l.debit - l.credit)"
    " FROM journal_entries e JOIN journal_lines l ON l.entry_id = e.id"
    f" WHERE e.business_date BETWEEN :start AND :end AND l.account_code IN ({_MONEY_MARKS})"
    " AND e.kind NOT IN (:opening, :opening_reversal)"
    " GROUP BY 1, 2"
)
_BROUGHT_IN = text(
    "SELECT COALESCE(SUM(l.debit - l.credit), 0) FROM journal_entries e JOIN journal_lines l ON l.entry_id = e.id"
    f" WHERE e.business_date BETWEEN :start AND :end AND l.account_code IN ({_MONEY_MARKS})"
    " AND e.kind IN (:opening, :opening_reversal)"
)


def _category(kind: str, counter: str | None, sections: dict[str, str]) -> str | None:
    """What a flow was for; None for moves between the shop's own money accounts."""
    if kind in _BY_KIND:
        return _BY_KIND[kind]
    if counter is None:
        return None
    section = sections.get(counter, "")
    if section == "revenue" or counter == accounts.PIUTANG:
        return "customers"
    if section == "other_income":
        return "other_income"
    if section == "operating_expense":
        return "expenses"
    if section == "cogs" or counter in (accounts.UTANG_USAHA, accounts.PERSEDIAAN):
        return "suppliers"
    if counter in (accounts.UTANG_PAJAK, accounts.UTANG_PPH_FINAL):
        return "taxes"
    if counter == accounts.SELISIH_KAS:
        return "cash_over_short"
    if section == "fixed_asset":
        return "equipment"
    if counter == accounts.UTANG_PINJAMAN:
        return "loans"
    if counter == accounts.MODAL:
        return "owner_in"
    if counter == accounts.PRIVE:
        return "owner_out"
    return "other"


@dataclass(frozen=True, slots=True)
class CashFlow:
    period: Period
    # Kas, Bank, QRIS and e-wallets at the end of the day before the period, with the opening balances brought in
    # on a day inside it (the day the books start)
    opening: int
    closing: int
    flows: dict[str, int] = field(default_factory=dict)  # by category; payments are negative
    brought_in: int = 0  # of `opening`, the money the opening balances brought in during the period
    books_start: dt.date | None = None

    @property
    def note(self) -> str:
        """Said beside the statement when the period begins before the books start."""
        return before_start_note(self.books_start, self.period.start)

    def flow(self, category: str) -> int:
        return self.flows.get(category, 0)

    @property
    def operating(self) -> int:
        return sum(self.flow(k) for k in OPERATING)

    @property
    def investing(self) -> int:
        return self.flow("equipment")

    @property
    def financing(self) -> int:
        return self.flow("loans") + self.flow("owner_in") + self.flow("owner_out")

    @property
    def net_change(self) -> int:
        return self.operating + self.investing + self.financing

    @property
    def reconciles(self) -> bool:
        """The flows explain the whole change in the money accounts (always, in books kept by double entry)."""
        return self.opening + self.net_change == self.closing

    def rows(self) -> tuple[Row, ...]:
        def item(key: str, label: str) -> Row:
            return Row(key, label, None, self.flow(key), None)

        def line(key: str, label: str, value: Callable[[CashFlow], int], style: Style = "subtotal") -> Row:
            return Row(key, label, None, value(self), None, style)

        return (
            heading("operating", N_("Cash flows from operating activities")),
            item("customers", N_("Receipts from customers")),
            item("other_income", N_("Other income received")),
            item("suppliers", N_("Payments to suppliers")),
            item("expenses", N_("Operating expenses paid")),
            item("taxes", N_("Taxes paid")),
            item("cash_over_short", N_("Cash over and short")),
            item("other", N_("Other receipts and payments")),
            line("net_operating", N_("Net cash from operating activities"), lambda f: f.operating),
            heading("investing", N_("Cash flows from investing activities")),
            item("equipment", N_("Purchase of equipment")),
            line("net_investing", N_("Net cash from investing activities"), lambda f: f.investing),
            heading("financing", N_("Cash flows from financing activities")),
            item("loans", N_("Loans received less repaid")),
            item("owner_in", N_("Capital from the owner")),
            item("owner_out", N_("Owner's drawings")),
            line("net_financing", N_("Net cash from financing activities"), lambda f: f.financing),
            line("net_change", N_("Net change in cash"), lambda f: f.net_change, "total"),
            line("opening", N_("Cash at the beginning of the period"), lambda f: f.opening, "item"),
            line("closing", N_("Cash at the end of the period"), lambda f: f.closing, "total"),
        )

    def as_dict(self) -> dict[str, Any]:
        return {
            **plain(self),
            "operating": self.operating,
            "investing": self.investing,
            "financing": self.financing,
            "net_change": self.net_change,
            "reconciles": self.reconciles,
            "note": self.note,
            "rows": [r.as_dict() for r in self.rows()],
        }


def _money(session: Session, as_of: dt.date) -> int:
    return sum(a.balance for a in trial_balance(session, as_of).accounts if a.code in _MONEY)


def cash_flow(session: Session, period: Period) -> CashFlow:
    """Money in and out over `period`, by purpose, between the opening and closing money balances."""
    params: dict[str, Any] = {
        "start": period.start.isoformat(),
        "end": period.end.isoformat(),
        "piutang": accounts.PIUTANG,
        "utang_usaha": accounts.UTANG_USAHA,
        "persediaan": accounts.PERSEDIAAN,
        **{f"m{i}": code for i, code in enumerate(_MONEY)},
        **{f"k{i}": kind for i, kind in enumerate(_BY_KIND)},
        "opening": _OPENING_KINDS[0],
        "opening_reversal": _OPENING_KINDS[1],
    }
    sections = {str(c): str(x) for c, x in session.execute(text("SELECT code, section FROM accounts"))}
    flows: dict[str, int] = {}
    for kind, counter, amount in session.execute(_FLOWS, params):
        category = _category(kind, counter, sections)
        if category is not None:
            flows[category] = flows.get(category, 0) + int(amount)
    brought_in = int(session.execute(_BROUGHT_IN, params).scalar_one())
    opening = _money(session, period.start - dt.timedelta(days=1)) + brought_in
    return CashFlow(period, opening, _money(session, period.end), flows, brought_in, books_start(session))

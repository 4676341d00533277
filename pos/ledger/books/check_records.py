"""`laci check`, the shop's records against the books: each sale, return and tab payment against its journal entry.

A sale's entry must exist, be dated the same day, and book exactly what the sale says was paid (its payments add
up to its total) and what it cost; a return's entry gives back exactly its refund; a payment's entry settles
exactly its amount on the customer's or supplier's account. And an entry booked for a sale, a return or a payment
must still have that record. Each check reads the rows after `since` (a checkpoint's last rowid or entry), or all.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from typing import Final

from sqlalchemy import text
from sqlalchemy.orm import Session

from pos.i18n import N_
from pos.ledger.base import fmt
from pos.ledger.base.chain import devices_of
from pos.ledger.base.errors import BooksProblem
from pos.ledger.books import accounts
from pos.ledger.books.journal import Anchor

# In the sums below `+l.account_code` keeps SQLite on the lines' primary key (the entry's few lines) rather than
# the account index, which would read every line of the account once per sale.
# What a sale's entry debits for the money it took: each payment method's account, the platform's share and
# the commission it kept. (HPP, Persediaan, discounts and rounding are the other debits.)
_TAKEN: Final = tuple(sorted({*accounts.PAYMENT_ACCOUNTS.values(), accounts.PIUTANG_PLATFORM, accounts.BEBAN_KOMISI}))
_TAKEN_MARKS: Final = ", ".join(f"'{code}'" for code in _TAKEN)
_PARTY_KINDS: Final = ("kasbon_payment", "supplier_payment")

_SALES = text(
    "SELECT s.receipt_no, s.total, s.cost, s.business_date AS sale_day, e.business_date AS entry_day, e.kind, "
    "e.source_id, e.id IS NULL AS no_entry, "
    "(SELECT COALESCE(SUM(p.amount), 0) FROM sale_payments p WHERE p.sale_id = s.id) AS paid, "
    f"(SELECT COALESCE(SUM(l.debit), 0) FROM journal_lines l WHERE l.entry_id = s.entry_id "
    f" AND +l.account_code IN ({_TAKEN_MARKS})) AS taken, "
    "(SELECT COALESCE(SUM(l.debit - l.credit), 0) FROM journal_lines l WHERE l.entry_id = s.entry_id "
    f" AND +l.account_code = '{accounts.HPP}') AS booked_cost, s.id "
    "FROM sales s LEFT JOIN journal_entries e ON e.id = s.entry_id WHERE s.rowid > :after ORDER BY s.rowid"
)

_RETURNS = text(
    "SELECT r.return_no, r.amount, r.business_date AS return_day, e.business_date AS entry_day, e.kind, e.source_id, "
    "e.id IS NULL AS no_entry, r.id, "
    f"(SELECT COALESCE(SUM(l.credit), 0) FROM journal_lines l WHERE l.entry_id = r.entry_id "
    f" AND +l.account_code IN ({_TAKEN_MARKS}, '{accounts.KAS}')) AS given "
    "FROM sale_returns r LEFT JOIN journal_entries e ON e.id = r.entry_id WHERE r.rowid > :after ORDER BY r.rowid"
)

_PAYMENTS = text(
    "SELECT p.id, p.party_kind, p.party_id, p.amount, p.business_date AS paid_day, e.business_date AS entry_day, "
    "e.kind, e.source_id, e.id IS NULL AS no_entry, "
    "(SELECT COALESCE(SUM(CASE WHEN p.party_kind = 'customer' THEN l.credit - l.debit ELSE l.debit - l.credit END), 0)"
    " FROM journal_lines l WHERE l.entry_id = p.entry_id AND +l.party_id = p.party_id AND +l.account_code = "
    f" CASE WHEN p.party_kind = 'customer' THEN '{accounts.PIUTANG}' ELSE '{accounts.UTANG_USAHA}' END) AS settled "
    "FROM party_payments p LEFT JOIN journal_entries e ON e.id = p.entry_id WHERE p.rowid > :after ORDER BY p.rowid"
)


def _hex(raw: bytes | None) -> str:
    return uuid.UUID(bytes=bytes(raw)).hex if raw is not None else ""


def sales_booked(session: Session, after: int) -> Iterator[BooksProblem]:
    """Each sale after rowid `after` against its journal entry."""
    for r in session.execute(_SALES, {"after": after}):
        if r.no_entry or r.kind != "sale" or _hex(r.source_id) != _hex(r.id):
            yield BooksProblem(N_("Sale {receipt} has no journal entry of its own."), receipt=r.receipt_no)
            continue
        if str(r.sale_day) != str(r.entry_day):
            yield BooksProblem(
                N_("Sale {receipt} is dated {sale_day} but its journal entry {entry_day}."),
                receipt=r.receipt_no,
                sale_day=str(r.sale_day),
                entry_day=str(r.entry_day),
            )
        if r.paid != r.total or r.taken != r.total:
            yield BooksProblem(
                N_("Sale {receipt} says {total} and its payments {paid}, but its journal entry took {booked}."),
                receipt=r.receipt_no,
                total=fmt.rupiah(r.total),
                paid=fmt.rupiah(r.paid),
                booked=fmt.rupiah(r.taken),
            )
        if r.booked_cost != r.cost:
            yield BooksProblem(
                N_("Sale {receipt} cost {cost} but its journal entry booked {booked} as cost of goods sold."),
                receipt=r.receipt_no,
                cost=fmt.rupiah(r.cost),
                booked=fmt.rupiah(r.booked_cost),
            )


def returns_booked(session: Session, after: int) -> Iterator[BooksProblem]:
    """Each return after rowid `after` against its journal entry."""
    for r in session.execute(_RETURNS, {"after": after}):
        if r.no_entry or r.kind != "return" or _hex(r.source_id) != _hex(r.id):
            yield BooksProblem(N_("Return {number} has no journal entry of its own."), number=r.return_no)
            continue
        if str(r.return_day) != str(r.entry_day):
            yield BooksProblem(
                N_("Return {number} is dated {day} but its journal entry {entry_day}."),
                number=r.return_no,
                day=str(r.return_day),
                entry_day=str(r.entry_day),
            )
        if r.given != r.amount:
            yield BooksProblem(
                N_("Return {number} refunded {amount} but its journal entry gave back {booked}."),
                number=r.return_no,
                amount=fmt.rupiah(r.amount),
                booked=fmt.rupiah(r.given),
            )


def payments_booked(session: Session, after: int) -> Iterator[BooksProblem]:
    """Each kasbon or supplier payment after rowid `after` against its journal entry."""
    for r in session.execute(_PAYMENTS, {"after": after}):
        ref = _hex(r.id)[:12]
        if r.no_entry or r.kind not in _PARTY_KINDS or _hex(r.source_id) != _hex(r.id):
            yield BooksProblem(N_("Payment {ref} has no journal entry of its own."), ref=ref)
            continue
        if str(r.paid_day) != str(r.entry_day):
            yield BooksProblem(
                N_("Payment {ref} is dated {day} but its journal entry {entry_day}."),
                ref=ref,
                day=str(r.paid_day),
                entry_day=str(r.entry_day),
            )
        if r.settled != r.amount:
            yield BooksProblem(
                N_("Payment {ref} of {amount} settled {booked} in the books."),
                ref=ref,
                amount=fmt.rupiah(r.amount),
                booked=fmt.rupiah(r.settled),
            )


_SOURCES: Final = {
    "sale": ("sales", N_("Journal entry {seq} of counter {device} books sale {memo}, which is missing.")),
    "return": ("sale_returns", N_("Journal entry {seq} of counter {device} books return {memo}, which is missing.")),
    "kasbon_payment": (
        "party_payments",
        N_("Journal entry {seq} of counter {device} books a payment that is missing."),
    ),
    "supplier_payment": (
        "party_payments",
        N_("Journal entry {seq} of counter {device} books a payment that is missing."),
    ),
}


def entries_have_records(session: Session, since: dict[uuid.UUID, Anchor] | None) -> Iterator[BooksProblem]:
    """Each entry booked for a sale, a return or a payment (after the anchors) still has that record."""
    for kind, (table, message) in _SOURCES.items():
        query = (
            "SELECT e.device_id, e.device_seq, e.memo FROM journal_entries e "
            f"LEFT JOIN {table} x ON x.id = e.source_id WHERE e.kind = :kind AND x.id IS NULL"
        )
        if since is None:
            rows = session.execute(text(query), {"kind": kind}).all()
        else:
            rows = []
            for (device_raw,) in session.execute(text(devices_of("journal_entries"))):
                device = uuid.UUID(bytes=bytes(device_raw))
                seq = since.get(device, (0, ""))[0]
                rows += session.execute(
                    text(query + " AND e.device_id = :d AND e.device_seq > :s"),
                    {"kind": kind, "d": device.bytes, "s": seq},
                ).all()
        for device_raw, seq, memo in rows:
            yield BooksProblem(message, seq=seq, device=_hex(device_raw)[:8], memo=memo)

"""Reading the opening balances back: the live opening entry, what each of its lines was, and the day the books
start. What is left of the supplier debts brought in is worked out with every other supplier debt in `payables`.

The live opening entry is the newest one of kind `opening` that no reversal points at; a correction reverses it
and posts another, so there is at most one live at a time on a counter.
"""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass
from typing import Final

from sqlalchemy import text
from sqlalchemy.orm import Session

from pos.ledger.books import accounts
from pos.ledger.schema.journal import BOOKS_KINDS_SQL

ENTRY_KIND: Final = "opening"
REVERSAL_KIND: Final = "opening_reversal"
OPENING_KINDS: Final = (ENTRY_KIND, REVERSAL_KIND)
# Opening stock moves in as adjustments with this reason (see migration 0013 for why not a kind of its own).
STOCK_REASON: Final = "opening"

# Where each kind of opening line is booked, and on which side it increases.
ACCOUNT_OF: Final = {
    "cash": accounts.KAS,
    "bank": accounts.BANK,
    "ewallet": accounts.EWALLET,
    "stock": accounts.PERSEDIAAN,
    "receivable": accounts.PIUTANG,
    "equipment": accounts.PERALATAN,
    "other_asset": accounts.ASET_LAIN,
    "payable": accounts.UTANG_USAHA,
    "loan": accounts.UTANG_PINJAMAN,
    "capital": accounts.EKUITAS_SALDO_AWAL,
}
ASSET_KINDS: Final = ("cash", "bank", "ewallet", "stock", "receivable", "equipment", "other_asset")
DEBT_KINDS: Final = ("payable", "loan")


def _uuid(raw: bytes | None) -> uuid.UUID | None:
    return None if raw is None else uuid.UUID(bytes=bytes(raw))


def _date(raw: object) -> dt.date | None:
    return None if raw is None else dt.date.fromisoformat(str(raw))


# The partial index on the books' own kinds serves these: its condition is repeated so SQLite may use it.
_LIVE = text(
    f"SELECT id, business_date FROM journal_entries e WHERE {BOOKS_KINDS_SQL} AND kind = :kind "
    "AND NOT EXISTS (SELECT 1 FROM journal_entries r WHERE r.reverses_id = e.id) "
    "ORDER BY created_at DESC LIMIT 1"
)


def live_opening(session: Session) -> tuple[uuid.UUID, dt.date] | None:
    """(entry id, switch day) of the opening entry that stands, or None before any is posted."""
    row = session.execute(_LIVE, {"kind": ENTRY_KIND}).first()
    if row is None:
        return None
    entry = _uuid(row[0])
    day = _date(row[1])
    assert entry is not None and day is not None
    return entry, day


def first_trading_day(session: Session) -> dt.date | None:
    """The first day anything but the opening balances was booked or moved stock."""
    marks = ", ".join(f":k{i}" for i in range(len(OPENING_KINDS)))
    params: dict[str, object] = {f"k{i}": kind for i, kind in enumerate(OPENING_KINDS)}
    entries = session.execute(
        text(f"SELECT MIN(business_date) FROM journal_entries WHERE kind NOT IN ({marks})"), params
    ).scalar()
    moves = session.execute(
        text("SELECT MIN(business_date) FROM stock_movements WHERE reason <> :reason"), {"reason": STOCK_REASON}
    ).scalar()
    days = [d for d in (_date(entries), _date(moves)) if d is not None]
    return min(days) if days else None


def books_start(session: Session) -> dt.date | None:
    """The first day of the shop's books in Laci: the switch day of the opening balances, or else the first day
    anything was booked (None for a shop with no books yet). Reports use it to say a comparison predates it."""
    live = live_opening(session)
    if live is not None:
        return live[1]
    return _date(session.execute(text("SELECT MIN(business_date) FROM journal_entries")).scalar())


@dataclass(frozen=True, slots=True)
class OpeningLine:
    """One line of the opening entry as the owner gave it."""

    kind: str
    label: str  # the drawer, bank, lender or equipment; the customer's or supplier's name for debts
    amount: int
    party_id: uuid.UUID | None = None
    since: dt.date | None = None
    due: dt.date | None = None
    life_months: int | None = None  # equipment depreciated over this many months from the switch day


@dataclass(frozen=True, slots=True)
class OpeningView:
    """The opening balances that stand: every line, the stock they brought in, and the capital that balances."""

    entry_id: uuid.UUID
    day: dt.date
    lines: tuple[OpeningLine, ...]
    stock_products: int
    corrections: int  # how many times the opening balances were corrected (each a reversal and a new entry)

    def of(self, kind: str) -> tuple[OpeningLine, ...]:
        return tuple(line for line in self.lines if line.kind == kind)

    def total(self, kind: str) -> int:
        return sum(line.amount for line in self.of(kind))

    @property
    def total_assets(self) -> int:
        return sum(self.total(kind) for kind in ASSET_KINDS)

    @property
    def total_debts(self) -> int:
        return sum(self.total(kind) for kind in DEBT_KINDS)

    @property
    def capital(self) -> int:
        """What the owner had in the shop on the switch day: assets less debts (booked to Ekuitas saldo awal)."""
        return self.total_assets - self.total_debts


_LINES = text(
    "SELECT l.line_no, l.debit, l.credit, l.party_id, i.kind, i.label, i.since, i.due, "
    "COALESCE(c.name, s.name) FROM journal_lines l "
    "JOIN opening_items i ON i.entry_id = l.entry_id AND i.line_no = l.line_no "
    "LEFT JOIN customers c ON c.id = l.party_id AND i.kind = 'receivable' "
    "LEFT JOIN suppliers s ON s.id = l.party_id AND i.kind = 'payable' "
    "WHERE l.entry_id = :e ORDER BY l.line_no"
)


def opening_view(session: Session) -> OpeningView | None:
    """The opening balances that stand, or None when none were entered."""
    live = live_opening(session)
    if live is None:
        return None
    entry_id, day = live
    lives = [
        (str(name), int(months))
        for name, months in session.execute(
            text("SELECT name, life_months FROM fixed_assets WHERE entry_id = :e ORDER BY rowid"),
            {"e": entry_id.bytes},
        )
    ]
    lines: list[OpeningLine] = []
    for _no, debit, credit, party, kind, label, since, due, party_name in session.execute(
        _LINES, {"e": entry_id.bytes}
    ):
        amount = int(debit) - int(credit) if kind in ASSET_KINDS else int(credit) - int(debit)
        if kind == "capital":
            continue  # the balancing figure is worked out, not typed
        months = None
        if kind == "equipment":
            found = next((i for i, (name, _m) in enumerate(lives) if name == label), None)
            if found is not None:
                months = lives.pop(found)[1]
        lines.append(
            OpeningLine(str(kind), str(party_name or label), amount, _uuid(party), _date(since), _date(due), months)
        )
    products = session.execute(
        # `kind <> 'sale'` as written: the index on source_id holds only movements that are not sales.
        text(
            "SELECT COUNT(DISTINCT product_id) FROM stock_movements WHERE source_id = :e AND reason = :r "
            "AND kind <> 'sale'"
        ),
        {"e": entry_id.bytes, "r": STOCK_REASON},
    ).scalar_one()
    corrections = session.execute(
        text(f"SELECT COUNT(*) FROM journal_entries WHERE {BOOKS_KINDS_SQL} AND kind = :k"), {"k": REVERSAL_KIND}
    ).scalar_one()
    return OpeningView(entry_id, day, tuple(lines), int(products), int(corrections))


def opening_stock(session: Session, entry_id: uuid.UUID) -> list[tuple[uuid.UUID, int, int]]:
    """(product, quantity in thousandths, cost value) of each product the opening entry brought in."""
    rows = session.execute(
        text(
            # In the order written: ids are UUIDv7, in time order (the table has no rowid since revision 0017).
            "SELECT product_id, SUM(qty_milli), SUM(value) FROM stock_movements WHERE source_id = :e AND reason = :r "
            "AND kind <> 'sale' GROUP BY product_id ORDER BY MIN(id)"
        ),
        {"e": entry_id.bytes, "r": STOCK_REASON},
    )
    out = []
    for product, qty, value in rows:
        pid = _uuid(product)
        assert pid is not None
        out.append((pid, int(qty), int(value)))
    return out

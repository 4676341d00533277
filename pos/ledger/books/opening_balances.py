"""Saldo awal: what a shop has and owes the day it starts its books in Laci, posted as one opening entry.

Cash in each drawer, bank and e-wallet balances, stock at cost, each customer's kasbon (with the day it began, so it
ages from then), each supplier's debt (with its due date), equipment, other assets and loans are booked against
Ekuitas saldo awal, which takes the balancing figure: the owner's capital, what the shop has less what it owes.
Nothing of it is revenue and none of it is money that moved, so the first laba rugi shows no profit from it and the
cash-flow statement starts from these balances. Opening stock goes in as stock movements worth exactly the
Persediaan line, never as a stock-take difference.

A correction reverses the standing entry (and its stock) and posts the corrected one, both dated the switch day,
so the books' first day always shows the opening balances as they now stand. Only the owner enters them.
"""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass
from typing import Any, Final

from sqlalchemy import insert, select
from sqlalchemy.orm import Session

from pos.i18n import N_, _
from pos.ledger.base import fmt
from pos.ledger.base.clock import business_date, utc_now
from pos.ledger.base.errors import Conflict, InvalidInput, NotAllowed, NotFound
from pos.ledger.base.ids import new_id
from pos.ledger.books import audit
from pos.ledger.books.approvals import Actor
from pos.ledger.books.journal import Posting, credit, debit, post_entry, reverse_entry
from pos.ledger.books.opening_view import (
    ACCOUNT_OF,
    ASSET_KINDS,
    DEBT_KINDS,
    ENTRY_KIND,
    REVERSAL_KIND,
    STOCK_REASON,
    OpeningView,
    first_trading_day,
    live_opening,
    opening_stock,
    opening_view,
)
from pos.ledger.replication.changes import emit_facts
from pos.ledger.schema import Customer, FixedAsset, OpeningItem, Product, StockMovement, Supplier, core
from pos.ledger.shop import settings

BALANCE_KINDS: Final = ("cash", "bank", "ewallet", "equipment", "other_asset", "loan")
MAX_LABEL: Final = 120
MAX_LIFE_MONTHS: Final = 600  # fifty years: beyond that a typo is likelier than a building
_CHUNK: Final = 500


@dataclass(frozen=True, slots=True)
class Balance:
    """A typed opening balance: a drawer's cash, a bank or e-wallet balance, equipment, another asset or a loan."""

    kind: str  # one of BALANCE_KINDS
    label: str
    amount: int
    life_months: int | None = None  # equipment only: depreciated over this many months from the switch day


@dataclass(frozen=True, slots=True)
class Debt:
    """What a customer owes the shop (kasbon) or the shop owes a supplier, on the switch day."""

    kind: str  # "receivable" or "payable"
    party_id: uuid.UUID
    amount: int
    since: dt.date | None = None  # when the customer's kasbon began
    due: dt.date | None = None  # when the supplier is to be paid


@dataclass(frozen=True, slots=True)
class OpeningStock:
    """Stock on the shelf on the switch day: a quantity and what it cost altogether."""

    product_id: uuid.UUID
    qty_milli: int
    value: int


@dataclass(frozen=True, slots=True)
class OpeningBalances:
    """Everything the opening entry books, dated the switch day."""

    day: dt.date
    balances: tuple[Balance, ...] = ()
    debts: tuple[Debt, ...] = ()
    stock: tuple[OpeningStock, ...] = ()

    def total(self, kind: str) -> int:
        if kind == "stock":
            return sum(s.value for s in self.stock)
        return sum(b.amount for b in self.balances if b.kind == kind) + sum(
            d.amount for d in self.debts if d.kind == kind
        )

    @property
    def total_assets(self) -> int:
        return sum(self.total(kind) for kind in ASSET_KINDS)

    @property
    def total_debts(self) -> int:
        return sum(self.total(kind) for kind in DEBT_KINDS)

    @property
    def capital(self) -> int:
        """The balancing figure: what the owner had in the shop, its assets less its debts."""
        return self.total_assets - self.total_debts


def capital_explained(assets: int, debts: int, day: dt.date) -> str:
    """The sentence that says where the owner's capital comes from, in the shop's language."""
    return _(
        "Owner's capital on {day}: what the shop has, {assets}, less what it owes, {debts}, is {capital}. "
        "It is booked to Ekuitas saldo awal; none of it is profit and none of it is money that came in."
    ).format(day=fmt.date(day), assets=fmt.rupiah(assets), debts=fmt.rupiah(debts), capital=fmt.rupiah(assets - debts))


def _require_owner(actor: Actor) -> None:
    if not actor.is_owner:
        raise NotAllowed(N_("Only the owner may enter or correct the opening balances."))


def check_balances(session: Session, balances: OpeningBalances, today: dt.date) -> None:
    """Refuse opening balances that could not stand, naming the first line at fault."""
    if not balances.balances and not balances.debts and not balances.stock:
        raise InvalidInput(N_("There is nothing to enter: give at least one opening balance."))
    if balances.day > today:
        raise InvalidInput(N_("The opening balances cannot be dated after today."))
    for b in balances.balances:
        if b.kind not in BALANCE_KINDS:
            raise InvalidInput(N_("Unknown kind of opening balance '{kind}'."), kind=b.kind)
        if not b.label.strip():
            raise InvalidInput(N_("Each opening balance needs a name, such as the drawer or the bank."))
        if len(b.label.strip()) > MAX_LABEL:
            raise InvalidInput(N_("The text is too long: at most {n} characters."), n=MAX_LABEL)
        if b.amount < 0:
            raise InvalidInput(N_("The opening balance of {name} cannot be negative."), name=b.label.strip())
        if b.life_months is not None and (b.kind != "equipment" or not 0 < b.life_months <= MAX_LIFE_MONTHS):
            raise InvalidInput(
                N_("The useful life of {name} must be 1 to {n} months."), name=b.label.strip(), n=MAX_LIFE_MONTHS
            )
    parties = {"receivable": Customer, "payable": Supplier}
    for d in balances.debts:
        model = parties.get(d.kind)
        if model is None:
            raise InvalidInput(N_("Unknown kind of opening balance '{kind}'."), kind=d.kind)
        if session.get(model, d.party_id) is None:
            raise NotFound(N_("Customer not found.") if d.kind == "receivable" else N_("Supplier not found."))
        if d.amount < 0:
            raise InvalidInput(N_("A debt brought in cannot be negative."))
        if d.since is not None and d.since > balances.day:
            raise InvalidInput(N_("A kasbon brought in cannot begin after the opening day."))
    names = _product_names(session, [item.product_id for item in balances.stock])
    seen: set[uuid.UUID] = set()
    for item in balances.stock:
        name = names.get(item.product_id)
        if name is None:
            raise NotFound(N_("Product not found."))
        if item.product_id in seen:
            raise InvalidInput(N_("{name} is listed twice in the opening stock."), name=name)
        seen.add(item.product_id)
        if item.qty_milli <= 0 or item.value < 0:
            raise InvalidInput(
                N_("The opening stock of {name} must be more than zero, at a cost of zero or more."), name=name
            )


def _product_names(session: Session, ids: list[uuid.UUID]) -> dict[uuid.UUID, str]:
    """Names of the products, read in chunks under SQLite's limit on parameters (a shop may bring 100,000)."""
    wanted = list(dict.fromkeys(ids))
    out: dict[uuid.UUID, str] = {}
    for start in range(0, len(wanted), _CHUNK):
        chunk = wanted[start : start + _CHUNK]
        out.update(
            {r.id: r.name for r in session.execute(select(Product.id, Product.name).where(Product.id.in_(chunk)))}
        )
    return out


def _emit_moves(session: Session, moves: list[dict[str, Any]], when: dt.datetime) -> None:
    """Stock movements to the other counters in batches: a large shop's opening stock in one event would be
    larger than the sync service takes."""
    for start in range(0, len(moves), _CHUNK):
        emit_facts(session, "stock.opening", {"stock_movements": moves[start : start + _CHUNK]}, when)


def _check_day(session: Session, day: dt.date) -> None:
    first = first_trading_day(session)
    if first is not None and day > first:
        raise InvalidInput(
            N_("The books already hold trading on {first}; date the opening balances on or before that day."),
            first=fmt.date(first),
        )


def _lines(balances: OpeningBalances) -> tuple[list[Posting], list[dict[str, Any]]]:
    """The entry's postings and a description of each, in the order a balance sheet lists them."""
    postings: list[Posting] = []
    items: list[dict[str, Any]] = []

    def add(kind: str, amount: int, label: str = "", party: uuid.UUID | None = None, **dates: Any) -> None:
        if amount == 0:
            return
        account = ACCOUNT_OF[kind]
        grows_on_debit = kind in ASSET_KINDS or (kind == "capital" and amount < 0)
        value = abs(amount)
        postings.append(debit(account, value, party) if grows_on_debit else credit(account, value, party))
        items.append(
            {
                "line_no": len(postings),
                "kind": kind,
                "label": label[:MAX_LABEL],
                "party_id": party,
                "since": dates.get("since"),
                "due": dates.get("due"),
            }
        )

    for kind in ("cash", "bank", "ewallet"):
        for b in balances.balances:
            if b.kind == kind:
                add(kind, b.amount, b.label.strip())
    add("stock", balances.total("stock"), "")
    for d in balances.debts:
        if d.kind == "receivable":
            add("receivable", d.amount, "", d.party_id, since=d.since or balances.day)
    for kind in ("equipment", "other_asset"):
        for b in balances.balances:
            if b.kind == kind:
                add(kind, b.amount, b.label.strip())
    for d in balances.debts:
        if d.kind == "payable":
            add("payable", d.amount, "", d.party_id, due=d.due)
    for b in balances.balances:
        if b.kind == "loan":
            add("loan", b.amount, b.label.strip())
    add("capital", balances.capital, "")
    return postings, items


def _post(session: Session, actor: Actor, balances: OpeningBalances, when: dt.datetime) -> uuid.UUID:
    postings, items = _lines(balances)
    if len(postings) < 2:
        # Everything given is worth nothing (stock without a cost, say): an entry needs two lines of some worth.
        raise InvalidInput(
            N_("Everything given is worth Rp 0 (products without a cost, say), so there is nothing to book.")
        )
    entry = post_entry(
        session, kind=ENTRY_KIND, postings=postings, at=when, business_date=balances.day, memo="Saldo awal"
    )
    item_rows = [{"entry_id": entry.id, **item} for item in items]
    session.execute(insert(core(OpeningItem)), item_rows)
    moves = [
        {
            "id": new_id(),
            "product_id": s.product_id,
            "kind": "adjust",
            "qty_milli": s.qty_milli,
            "value": s.value,
            "source_id": entry.id,
            "business_date": balances.day,
            "created_at": when,
            "reason": STOCK_REASON,
        }
        for s in balances.stock
    ]
    if moves:
        session.execute(insert(core(StockMovement)), moves)
    assets = [
        {
            "id": new_id(),
            "name": b.label.strip()[:MAX_LABEL],
            "cost": b.amount,
            "residual": 0,
            "acquired_on": balances.day,
            "life_months": b.life_months,
            "entry_id": entry.id,
        }
        for b in balances.balances
        if b.kind == "equipment" and b.life_months and b.amount > 0
    ]
    if assets:
        session.execute(insert(core(FixedAsset)), assets)
    emit_facts(session, "journal.opening", {**entry.rows(), "opening_items": item_rows, "fixed_assets": assets}, when)
    _emit_moves(session, moves, when)
    audit.record(
        session,
        "opening.posted",
        at=when,
        user_id=actor.user_id,
        detail={
            "day": balances.day.isoformat(),
            "assets": balances.total_assets,
            "debts": balances.total_debts,
            "capital": balances.capital,
            "products": len(balances.stock),
        },
    )
    return entry.id


def _today(session: Session, when: dt.datetime) -> dt.date:
    return business_date(when, settings.load(session).timezone)


def post_opening(
    session: Session, actor: Actor, balances: OpeningBalances, *, at: dt.datetime | None = None
) -> OpeningView:
    """Book the opening balances as one entry dated the switch day, in the caller's transaction; the owner only.

    Refused when opening balances already stand (correct them instead) or when the books hold trading before the
    switch day."""
    _require_owner(actor)
    when = at or utc_now()
    if live_opening(session) is not None:
        raise Conflict(N_("The opening balances are already entered; correct them instead."))
    check_balances(session, balances, _today(session, when))
    _check_day(session, balances.day)
    _post(session, actor, balances, when)
    view = opening_view(session)
    assert view is not None
    return view


def correct_opening(
    session: Session, actor: Actor, balances: OpeningBalances, *, reason: str = "", at: dt.datetime | None = None
) -> OpeningView:
    """Replace the opening balances: the standing entry and its stock are reversed and the corrected ones posted,
    both on the switch day, in one transaction; the owner only."""
    _require_owner(actor)
    when = at or utc_now()
    live = live_opening(session)
    if live is None:
        raise Conflict(N_("There are no opening balances to correct yet."))
    check_balances(session, balances, _today(session, when))
    _check_day(session, balances.day)
    entry_id, day = live
    reversal = reverse_entry(
        session, entry_id, at=when, business_date=day, memo="Koreksi saldo awal", kind=REVERSAL_KIND
    )
    # The reversal's lines keep the description of the lines they cancel, so a customer's kasbon ages the same.
    items = [
        {
            "entry_id": reversal.id,
            "line_no": r.line_no,
            "kind": r.kind,
            "label": r.label,
            "party_id": r.party_id,
            "since": r.since,
            "due": r.due,
        }
        for r in session.scalars(select(OpeningItem).where(OpeningItem.entry_id == entry_id))
    ]
    session.execute(insert(core(OpeningItem)), items)
    moves = [
        {
            "id": new_id(),
            "product_id": product_id,
            "kind": "adjust",
            "qty_milli": -qty,
            "value": -value,
            "source_id": reversal.id,
            "business_date": day,
            "created_at": when,
            "reason": STOCK_REASON,
        }
        for product_id, qty, value in opening_stock(session, entry_id)
        if qty
    ]
    if moves:
        session.execute(insert(core(StockMovement)), moves)
    emit_facts(session, "journal.reversed", {**reversal.rows(), "opening_items": items}, when)
    _emit_moves(session, moves, when)
    audit.record(
        session, "opening.corrected", at=when, user_id=actor.user_id, reason=reason, detail={"reversed": entry_id.hex}
    )
    _post(session, actor, balances, when)
    view = opening_view(session)
    assert view is not None
    return view


def standing_balances(session: Session) -> OpeningBalances | None:
    """The opening balances that stand, in the form `correct_opening` takes, to change a part and post again."""
    view = opening_view(session)
    if view is None:
        return None
    balances = tuple(
        Balance(line.kind, line.label, line.amount, line.life_months)
        for line in view.lines
        if line.kind in BALANCE_KINDS
    )
    debts = tuple(
        Debt(line.kind, line.party_id, line.amount, line.since, line.due)
        for line in view.lines
        if line.kind in ("receivable", "payable") and line.party_id is not None
    )
    stock = tuple(OpeningStock(p, q, v) for p, q, v in opening_stock(session, view.entry_id) if q > 0)
    return OpeningBalances(view.day, balances, debts, stock)

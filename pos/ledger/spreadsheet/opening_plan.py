"""The opening balances as the owner gives them: typed lines (a drawer's cash, a bank, a customer's kasbon by name,
a product's stock by name, SKU or barcode) and spreadsheets, turned into one opening entry.

`enter_opening` imports the sheets, finds or adds the customers and suppliers named, and posts (or corrects) the
opening entry, all in the caller's transaction; `preview_opening` does the same inside a savepoint it rolls back,
so the owner sees the capital that balances, and every problem, before anything is kept. A correction may give only
some kinds of balance: the others stand as they were.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Iterable
from dataclasses import dataclass, field, replace

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from pos.i18n import N_
from pos.ledger.base.clock import business_date, utc_now
from pos.ledger.base.errors import Conflict, InvalidInput, NotAllowed
from pos.ledger.base.money import MILLI, div_round_half_up
from pos.ledger.books.approvals import Actor
from pos.ledger.books.opening_balances import (
    Balance,
    Debt,
    OpeningBalances,
    OpeningStock,
    correct_opening,
    post_opening,
    standing_balances,
)
from pos.ledger.books.opening_view import OpeningView, first_trading_day, live_opening
from pos.ledger.people import customers
from pos.ledger.schema import Customer, Product, ProductBarcode, Supplier
from pos.ledger.shop import settings
from pos.ledger.spreadsheet.opening_sheets import (
    SheetFile,
    customers_from_sheet,
    stock_from_sheet,
    suppliers_from_sheet,
)
from pos.ledger.spreadsheet.spreadsheet import RowProblem
from pos.ledger.stock.purchases import add_supplier


@dataclass(frozen=True, slots=True)
class NamedDebt:
    """A customer's kasbon or a supplier's bill, typed by name; a name the shop does not know yet is added."""

    name: str
    amount: int
    since: dt.date | None = None  # when the kasbon began
    due: dt.date | None = None  # when the supplier is to be paid


@dataclass(frozen=True, slots=True)
class NamedStock:
    """Stock counted or typed for one product, found by its SKU, a barcode or its name."""

    product: str
    qty_milli: int
    unit_cost: int | None = None  # per whole unit; the product's cost when not given


@dataclass(frozen=True, slots=True)
class OpeningPlan:
    """Everything the owner gives for the opening balances. `day` None keeps the standing day (corrections)."""

    day: dt.date | None
    balances: tuple[Balance, ...] = ()
    customers: tuple[NamedDebt, ...] = ()
    suppliers: tuple[NamedDebt, ...] = ()
    stock: tuple[NamedStock, ...] = ()
    stock_file: SheetFile | None = None
    customers_file: SheetFile | None = None
    suppliers_file: SheetFile | None = None
    sku_barcodes: bool = False  # an SKU that is a valid EAN or UPC becomes the product's barcode too
    # Kinds a correction replaces even without a line of them (a bank account closed: none left to give).
    replaces: frozenset[str] = frozenset()


@dataclass(frozen=True, slots=True)
class Entered:
    """The outcome: the opening balances that now stand (or would), and what the sheets had to say."""

    balances: OpeningBalances
    notes: tuple[tuple[str, RowProblem], ...] = ()  # (file name, note)
    view: OpeningView | None = None
    added: dict[str, int] = field(default_factory=dict)  # products, customers, suppliers the sheets added


def _key(text: str) -> str:
    return " ".join(text.casefold().split())


def _party(session: Session, model: type[Customer] | type[Supplier], name: str) -> uuid.UUID:
    clean = " ".join(name.split())
    if not clean:
        raise InvalidInput(N_("Each debt needs the name of its customer or supplier."))
    found = list(session.scalars(select(model.id).where(func.lower(model.name) == clean.casefold())))
    if len(found) > 1:
        raise InvalidInput(N_("Several are named {name}; give one of them another name first."), name=clean)
    if found:
        return found[0]
    if model is Customer:
        return customers.add_customer(session, clean)
    return add_supplier(session, clean)


def _product(session: Session, key: str) -> tuple[uuid.UUID, int]:
    clean = key.strip()
    row = session.execute(select(Product.id, Product.cost).where(Product.sku == clean)).first()
    if row is None:
        row = session.execute(
            select(Product.id, Product.cost)
            .join(ProductBarcode, ProductBarcode.product_id == Product.id)
            .where(ProductBarcode.barcode == clean)
        ).first()
    if row is None:
        named = session.execute(select(Product.id, Product.cost).where(func.lower(Product.name) == _key(clean))).all()
        if len(named) > 1:
            raise InvalidInput(N_("Several products are named {name}; give the SKU to say which one."), name=clean)
        row = named[0] if named else None
    if row is None:
        raise InvalidInput(N_("No product has the name, SKU or barcode {key}."), key=clean)
    return row.id, int(row.cost)


def _named_debts(session: Session, kind: str, debts: Iterable[NamedDebt]) -> list[Debt]:
    model: type[Customer] | type[Supplier] = Customer if kind == "receivable" else Supplier
    return [Debt(kind, _party(session, model, d.name), d.amount, d.since, d.due) for d in debts if d.amount]


def _named_stock(session: Session, items: Iterable[NamedStock]) -> list[OpeningStock]:
    out = []
    for item in items:
        if item.qty_milli == 0:
            continue
        pid, cost = _product(session, item.product)
        unit = cost if item.unit_cost is None else item.unit_cost
        if unit < 0:
            raise InvalidInput(N_("A price cannot be negative."))
        out.append(OpeningStock(pid, item.qty_milli, div_round_half_up(unit * item.qty_milli, MILLI)))
    return out


def _merge_stock(*groups: Iterable[OpeningStock]) -> tuple[OpeningStock, ...]:
    """One line per product: a product both in a sheet and typed is refused rather than counted twice."""
    seen: dict[uuid.UUID, OpeningStock] = {}
    for group in groups:
        for item in group:
            if item.product_id in seen:
                raise InvalidInput(N_("A product is in the opening stock twice; list each product once."))
            seen[item.product_id] = item
    return tuple(seen.values())


def build_balances(session: Session, actor: Actor, plan: OpeningPlan) -> Entered:
    """Import the plan's sheets and resolve its names into the opening balances, in the caller's transaction."""
    if not actor.is_owner:
        raise NotAllowed(N_("Only the owner may enter or correct the opening balances."))
    standing = standing_balances(session)
    day = plan.day or (standing.day if standing is not None else None)
    if day is None:
        raise InvalidInput(N_("Give the day the books start (the switch day)."))
    notes: list[tuple[str, RowProblem]] = []
    added: dict[str, int] = {}
    stock: list[OpeningStock] = []
    receivables: list[Debt] = []
    payables: list[Debt] = []
    if plan.stock_file is not None:
        got = stock_from_sheet(session, actor, plan.stock_file, sku_barcodes=plan.sku_barcodes)
        notes.extend((plan.stock_file.path.name, n) for n in got.notes)
        added["products"] = got.result.created
        stock.extend(got.stock)
    if plan.customers_file is not None:
        got = customers_from_sheet(session, plan.customers_file, day)
        notes.extend((plan.customers_file.path.name, n) for n in got.notes)
        added["customers"] = got.result.created
        receivables.extend(got.debts)
    if plan.suppliers_file is not None:
        got = suppliers_from_sheet(session, plan.suppliers_file, day)
        notes.extend((plan.suppliers_file.path.name, n) for n in got.notes)
        added["suppliers"] = got.result.created
        payables.extend(got.debts)
    receivables.extend(_named_debts(session, "receivable", plan.customers))
    payables.extend(_named_debts(session, "payable", plan.suppliers))
    typed_stock = _named_stock(session, plan.stock)
    balances = OpeningBalances(day, plan.balances, (*receivables, *payables), _merge_stock(stock, typed_stock))
    if standing is not None:
        balances = _keep_the_rest(standing, balances, plan)
    return Entered(balances, tuple(notes), None, added)


def _keep_the_rest(standing: OpeningBalances, given: OpeningBalances, plan: OpeningPlan) -> OpeningBalances:
    """A correction replaces the kinds of balance it gives (or names in `replaces`); the others stand as they were."""
    kinds = {b.kind for b in plan.balances} | set(plan.replaces)
    if plan.customers or plan.customers_file is not None:
        kinds.add("receivable")
    if plan.suppliers or plan.suppliers_file is not None:
        kinds.add("payable")
    if plan.stock or plan.stock_file is not None:
        kinds.add("stock")
    return replace(
        given,
        balances=(*(b for b in standing.balances if b.kind not in kinds), *plan.balances),
        debts=(*(d for d in standing.debts if d.kind not in kinds), *given.debts),
        stock=given.stock if "stock" in kinds else standing.stock,
    )


def enter_opening(
    session: Session,
    actor: Actor,
    plan: OpeningPlan,
    *,
    correcting: bool | None = None,
    reason: str = "",
    at: dt.datetime | None = None,
) -> Entered:
    """Post the opening balances from `plan`, or correct the standing ones, in the caller's transaction.

    `correcting` says which the owner meant (None: whichever fits), so a second "post" is refused rather than
    taken for a correction."""
    standing = live_opening(session) is not None
    if correcting is False and standing:
        raise Conflict(N_("The opening balances are already entered; correct them instead."))
    if correcting and not standing:
        raise Conflict(N_("There are no opening balances to correct yet."))
    entered = build_balances(session, actor, plan)
    if standing:
        view = correct_opening(session, actor, entered.balances, reason=reason, at=at)
    else:
        view = post_opening(session, actor, entered.balances, at=at)
    return replace(entered, view=view)


def preview_opening(
    session: Session,
    actor: Actor,
    plan: OpeningPlan,
    *,
    correcting: bool | None = None,
    at: dt.datetime | None = None,
) -> Entered:
    """What `enter_opening` would post, every check included, with nothing kept: the work is rolled back."""
    savepoint = session.begin_nested()
    try:
        entered = enter_opening(session, actor, plan, correcting=correcting, at=at)
    finally:
        savepoint.rollback()
    return entered


def switch_day_default(session: Session) -> dt.date:
    """The day to offer for the switch: the standing one, else today or the first day the shop traded in Laci."""
    standing = live_opening(session)
    if standing is not None:
        return standing[1]
    today = business_date(utc_now(), settings.load(session).timezone)
    first = first_trading_day(session)
    return min(today, first) if first is not None else today

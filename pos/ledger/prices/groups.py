"""Customer groups (retail, grosir/reseller, member, staff), their price lists and their kasbon limits.

A group's price for a product, or for a whole category, is a price per piece or a percent off; a product's own
entry beats its category's. A customer belongs to at most one group, chosen with the customer at the counter.
Price list entries get their id from the group and what they price, so the same entry set on two counters is
one row.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Final

from sqlalchemy import bindparam, func, select, text, update
from sqlalchemy.orm import Session

from pos.i18n import N_
from pos.ledger.base.clock import utc_now
from pos.ledger.base.errors import InvalidInput, NotFound
from pos.ledger.base.ids import new_id
from pos.ledger.base.money import FULL_BP
from pos.ledger.people.customers import CustomerRow, list_customers
from pos.ledger.prices.terms import Group, GroupPrice
from pos.ledger.replication.changes import record_change
from pos.ledger.schema import Category, Customer, CustomerGroup, Product, core
from pos.ledger.schema import GroupPrice as GroupPriceRow

_NAMESPACE: Final = uuid.UUID("0e7d3d8a-52a4-4f7e-a3cb-1b6a2f9d4e10")
NAME_LENGTH: Final = 60


@dataclass(frozen=True, slots=True)
class GroupInfo:
    id: uuid.UUID
    name: str
    credit_limit: int
    is_active: bool
    members: int = 0


@dataclass(frozen=True, slots=True)
class GroupPriceRowInfo:
    """One entry of a group's price list, named for the owner's screen."""

    product_id: uuid.UUID | None
    category_id: uuid.UUID | None
    name: str  # the product's or the category's
    list_price: int | None  # the product's own price, for a product
    price: int | None
    percent_bp: int | None


def save_group(
    session: Session, group_id: uuid.UUID | None, name: str, *, credit_limit: int = 0, is_active: bool = True
) -> uuid.UUID:
    """Add a group (`group_id` None) or change one; returns its id."""
    clean = name.strip()
    if not clean:
        raise InvalidInput(N_("The group needs a name."))
    if len(clean) > NAME_LENGTH:
        raise InvalidInput(N_("The name is longer than {n} characters."), n=NAME_LENGTH)
    if credit_limit < 0:
        raise InvalidInput(N_("A credit limit cannot be negative."))
    fields = {"name": clean, "credit_limit": credit_limit, "is_active": is_active}
    now = utc_now()
    if group_id is None:
        group_id = new_id()
        session.execute(core(CustomerGroup).insert().values(id=group_id, hlc="", **fields))
    else:
        if session.get(CustomerGroup, group_id) is None:
            raise NotFound(N_("Customer group not found."))
        session.execute(update(CustomerGroup).where(CustomerGroup.id == group_id).values(**fields))
    record_change(session, "customer_groups", group_id, fields, now)
    return group_id


def list_groups(session: Session, *, active_only: bool = False) -> list[GroupInfo]:
    members = (
        select(Customer.group_id, func.count().label("n"))
        .where(Customer.is_active, Customer.group_id.is_not(None))
        .group_by(Customer.group_id)
        .subquery()
    )
    query = (
        select(CustomerGroup, func.coalesce(members.c.n, 0))
        .outerjoin(members, members.c.group_id == CustomerGroup.id)
        .order_by(CustomerGroup.is_active.desc(), CustomerGroup.name)
    )
    if active_only:
        query = query.where(CustomerGroup.is_active)
    return [GroupInfo(g.id, g.name, g.credit_limit, g.is_active, int(n)) for g, n in session.execute(query)]


def price_entry_id(group_id: uuid.UUID, target: uuid.UUID) -> uuid.UUID:
    return uuid.uuid5(_NAMESPACE, f"group-price:{group_id.hex}:{target.hex}")


def set_group_price(
    session: Session,
    group_id: uuid.UUID,
    *,
    product_id: uuid.UUID | None = None,
    category_id: uuid.UUID | None = None,
    price: int | None = None,
    percent_bp: int | None = None,
) -> None:
    """Give the group a price (per piece) or a percent off for one product or one category."""
    if (product_id is None) == (category_id is None):
        raise InvalidInput(N_("Choose a product or a category."))
    if (price is None) == (percent_bp is None):
        raise InvalidInput(N_("Give either a price or a percent off."))
    if price is not None and price < 0:
        raise InvalidInput(N_("A price cannot be negative."))
    if percent_bp is not None and not 0 < percent_bp <= FULL_BP:
        raise InvalidInput(N_("A percent off is more than 0% and at most 100%."))
    if session.get(CustomerGroup, group_id) is None:
        raise NotFound(N_("Customer group not found."))
    if product_id is not None and session.get(Product, product_id) is None:
        raise NotFound(N_("Product not found."))
    if category_id is not None and session.get(Category, category_id) is None:
        raise NotFound(N_("Category not found."))
    target = product_id or category_id
    assert target is not None
    entry = price_entry_id(group_id, target)
    fields = {
        "group_id": group_id,
        "product_id": product_id,
        "category_id": category_id,
        "price": price,
        "percent_bp": percent_bp,
    }
    table = core(GroupPriceRow)
    if session.get(GroupPriceRow, entry) is None:
        session.execute(table.insert().values(id=entry, hlc="", **fields))
    else:
        session.execute(table.update().where(table.c.id == entry).values(**fields))
    record_change(session, "group_prices", entry, {**fields, "deleted": False}, utc_now())


def remove_group_price(session: Session, group_id: uuid.UUID, target: uuid.UUID) -> None:
    entry = price_entry_id(group_id, target)
    row = session.get(GroupPriceRow, entry)
    if row is None:
        return
    session.delete(row)
    session.flush()
    record_change(session, "group_prices", entry, {"deleted": True}, utc_now())


def price_list(session: Session, group_id: uuid.UUID) -> list[GroupPriceRowInfo]:
    """The group's price list: categories first, then products, each by name."""
    rows = session.execute(
        select(GroupPriceRow, Product.name, Product.price, Category.name)
        .outerjoin(Product, Product.id == GroupPriceRow.product_id)
        .outerjoin(Category, Category.id == GroupPriceRow.category_id)
        .where(GroupPriceRow.group_id == group_id)
    )
    out = [
        GroupPriceRowInfo(
            row.product_id, row.category_id, product or category or "?", list_price, row.price, row.percent_bp
        )
        for row, product, list_price, category in rows
    ]
    return sorted(out, key=lambda r: (r.product_id is not None, r.name.lower()))


def product_prices(session: Session, product_id: uuid.UUID) -> list[tuple[uuid.UUID, int | None, int | None]]:
    """Each group's own price for the product: (group, price a piece, percent off)."""
    rows = session.execute(
        select(GroupPriceRow.group_id, GroupPriceRow.price, GroupPriceRow.percent_bp).where(
            GroupPriceRow.product_id == product_id
        )
    )
    return [(g, p, bp) for g, p, bp in rows]


def product_price_rows(session: Session) -> list[tuple[uuid.UUID, uuid.UUID, int | None, int | None]]:
    """Every group's price for a product: (group, product, price a piece, percent off), for an export."""
    rows = session.execute(
        select(GroupPriceRow.group_id, GroupPriceRow.product_id, GroupPriceRow.price, GroupPriceRow.percent_bp).where(
            GroupPriceRow.product_id.is_not(None)
        )
    )
    return [(g, p, price, bp) for g, p, price, bp in rows if p is not None]


def set_customer_group(session: Session, customer_id: uuid.UUID, group_id: uuid.UUID | None) -> None:
    """Put a customer in a group, or in none (`group_id` None)."""
    if session.get(Customer, customer_id) is None:
        raise NotFound(N_("Customer not found."))
    if group_id is not None and session.get(CustomerGroup, group_id) is None:
        raise NotFound(N_("Customer group not found."))
    session.execute(update(Customer).where(Customer.id == customer_id).values(group_id=group_id))
    record_change(session, "customers", customer_id, {"group_id": group_id}, utc_now())


def members(session: Session, group_id: uuid.UUID) -> list[CustomerRow]:
    """The group's active customers, each with their kasbon limit and what they owe, by name."""
    ids = set(session.scalars(select(Customer.id).where(Customer.group_id == group_id, Customer.is_active)).all())
    if not ids:
        return []
    return sorted((r for r in list_customers(session, limit=1_000_000) if r.id in ids), key=lambda r: r.name)


def group_name(session: Session, group_id: uuid.UUID | None) -> str:
    if group_id is None:
        return ""
    return session.scalar(select(CustomerGroup.name).where(CustomerGroup.id == group_id)) or ""


# Read as plain rows with every sale of a group's member; products matched by their bytes.
_GROUP_PRICES = text(
    "SELECT product_id, category_id, price, percent_bp FROM group_prices "
    "WHERE group_id = :g AND (category_id IS NOT NULL OR product_id IN :ids)"
).bindparams(bindparam("ids", expanding=True))


def group_for(session: Session, group_id: uuid.UUID, product_ids: Iterable[uuid.UUID]) -> Group | None:
    """The group's terms for a cart of these products: their own entries and every category entry."""
    found = session.execute(
        select(CustomerGroup.name).where(CustomerGroup.id == group_id, CustomerGroup.is_active)
    ).scalar()
    if found is None:
        return None
    by_bytes = {pid.bytes: pid for pid in product_ids}
    rows = session.connection().execute(_GROUP_PRICES, {"g": group_id.bytes, "ids": list(by_bytes)})
    by_product: dict[uuid.UUID, GroupPrice] = {}
    by_category: dict[uuid.UUID, GroupPrice] = {}
    for product_id, category_id, price, percent_bp in rows:
        entry = GroupPrice(price, percent_bp or 0)
        if product_id is not None:
            by_product[by_bytes[bytes(product_id)]] = entry
        elif category_id is not None:
            by_category[uuid.UUID(bytes=bytes(category_id))] = entry
    return Group(group_id, found, by_product, by_category)

"""Builders for products that are more than one thing: a cafe (drinks made to order from beans, milk and sugar,
with sugar levels and priced add-ons), a weaver's masks in sizes and motifs made from cloth and thread, milk that
expires, and a neighbour's snacks left on consignment. Everything goes through the core's services."""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass

from builders import Item, add_item, counter
from sqlalchemy import text
from sqlalchemy.orm import Session

from pos.ledger.base.money import MILLI, Money, Qty
from pos.ledger.counter.cart import CartLine, line_for_product
from pos.ledger.counter.line_choices import with_choices
from pos.ledger.stock import modifiers
from pos.ledger.stock.modifiers import ChoiceSpec, Group, choose, groups_for
from pos.ledger.stock.product_records import get_product
from pos.ledger.stock.purchases import PurchaseItem, add_supplier, receive_goods
from pos.ledger.stock.recipes import Ingredient, set_made_to_order, set_recipe

WIB = dt.timezone(dt.timedelta(hours=7))


def at(day: dt.date, hour: int = 10) -> dt.datetime:
    return dt.datetime(day.year, day.month, day.day, hour, tzinfo=WIB)


def buy(
    session: Session,
    product_id: uuid.UUID,
    qty_milli: int,
    total: int,
    *,
    expires_on: dt.date | None = None,
    batch_no: str = "",
    when: dt.datetime | None = None,
) -> uuid.UUID:
    """Receive `qty_milli` of a product for `total` rupiah, on credit from one supplier."""
    supplier = session.scalar(text("SELECT id FROM suppliers WHERE name = 'Toko Grosir'"))
    sid = uuid.UUID(bytes=bytes(supplier)) if supplier else add_supplier(session, "Toko Grosir")
    goods = [PurchaseItem(product_id, Qty(qty_milli), Money(total), expires_on, batch_no)]
    return receive_goods(session, None, goods, supplier_id=sid, paid_with="credit", at=when)


@dataclass(frozen=True, slots=True)
class Cafe:
    beans: Item  # kept in grams
    milk: Item  # millilitres
    sugar: Item  # grams
    cup: Item  # pieces
    latte: Item  # made to order: 18 g beans, 150 ml milk, 1 cup
    tea: Item  # made to order: 10 g sugar, 1 cup
    sugar_level: uuid.UUID  # required, one of three, free
    extras: uuid.UUID  # optional, up to two: extra shot (Rp 5.000, 18 g beans), oat milk (Rp 6.000, no recipe)


def cafe(session: Session) -> Cafe:
    owner = counter(session).owner
    beans = add_item(session, "Biji kopi", 0, unit="g", n=501)
    milk = add_item(session, "Susu segar", 0, unit="ml", n=502)
    sugar = add_item(session, "Gula", 0, unit="g", n=503)
    cup = add_item(session, "Gelas plastik", 0, n=504)
    buy(session, beans.id, 1_000 * MILLI, 250_000)  # Rp 250 a gram
    buy(session, milk.id, 5_000 * MILLI, 100_000)  # Rp 20 a ml
    buy(session, sugar.id, 2_000 * MILLI, 30_000)
    buy(session, cup.id, 100 * MILLI, 70_000)
    latte = add_item(session, "Es kopi susu", 18_000, n=510)
    tea = add_item(session, "Es teh manis", 6_000, n=511)
    set_recipe(
        session,
        owner,
        latte.id,
        [Ingredient(beans.id, 18 * MILLI), Ingredient(milk.id, 150 * MILLI), Ingredient(cup.id, MILLI)],
    )
    set_made_to_order(session, owner, latte.id, True)
    set_recipe(session, owner, tea.id, [Ingredient(sugar.id, 10 * MILLI), Ingredient(cup.id, MILLI)])
    set_made_to_order(session, owner, tea.id, True)
    level = modifiers.save_group(
        session,
        owner,
        "Gula",
        [ChoiceSpec("Normal"), ChoiceSpec("Sedikit gula"), ChoiceSpec("Tanpa gula")],
        min_choices=1,
        max_choices=1,
    )
    extras = modifiers.save_group(
        session, owner, "Tambahan", [ChoiceSpec("Extra shot", 5_000), ChoiceSpec("Oat milk", 6_000)], max_choices=2
    )
    shot = next(c for c in groups_by_name(session, extras).choices if c.name == "Extra shot")
    set_recipe(session, owner, shot.id, [Ingredient(beans.id, 18 * MILLI)])
    for drink in (latte, tea):
        modifiers.offer_groups(session, owner, drink.id, [level, extras])
    return Cafe(beans, milk, sugar, cup, latte, tea, level, extras)


def groups_by_name(session: Session, group_id: uuid.UUID) -> Group:
    return next(g for g in modifiers.all_groups(session) if g.id == group_id)


def drink(session: Session, item: Item, *names: str, qty: int = 1, note: str = "") -> CartLine:
    """A cart line of `qty` drinks with the add-ons named (by choice name) and a note."""
    groups = groups_for(session, item.id)
    ids = [c.id for g in groups for c in g.choices if c.name in names]
    line = line_for_product(get_product(session, item.id), Qty.units(qty))
    return with_choices(line, choose(groups, ids, note))


def on_hand(session: Session, product_id: uuid.UUID) -> int:
    return int(
        session.execute(
            text("SELECT COALESCE(SUM(qty_milli), 0) FROM stock_movements WHERE product_id = :p"),
            {"p": product_id.bytes},
        ).scalar_one()
    )


def value_of(session: Session, product_id: uuid.UUID) -> int:
    return int(
        session.execute(
            text("SELECT COALESCE(SUM(value), 0) FROM stock_movements WHERE product_id = :p"), {"p": product_id.bytes}
        ).scalar_one()
    )

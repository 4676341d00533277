"""Add-ons and notes (modifiers): groups of choices a product offers at the counter (sugar level, extra shot,
topping), free or priced, required or optional, with how many may be taken; and a line's choice of them.

A priced add-on is part of the line's unit price, so it is revenue like the product; an add-on with a recipe
(`recipes`) takes its ingredients from stock when the line is sold. One group may be offered on many products.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Final, Literal

from sqlalchemy import insert, select, update
from sqlalchemy.orm import Session

from pos.i18n import N_
from pos.ledger.base.clock import utc_now
from pos.ledger.base.errors import InvalidInput, NotFound
from pos.ledger.base.ids import new_id
from pos.ledger.books.approvals import Actor, Approval, require
from pos.ledger.replication.changes import record_change
from pos.ledger.schema import Modifier, ModifierGroup, Product, ProductModifierGroup, core

NOTE_LENGTH: Final = 120
_NAMESPACE: Final = uuid.UUID("6d0f7d8e-7f43-4c3a-8a3e-2b7e3f1d9a55")


@dataclass(frozen=True, slots=True)
class LineOption:
    """An add-on chosen on a cart line (its price is per unit of the line), or a note for whoever makes it."""

    kind: Literal["addon", "note"]
    name: str
    price: int = 0
    modifier_id: uuid.UUID | None = None


@dataclass(frozen=True, slots=True)
class Choice:
    id: uuid.UUID
    name: str
    price: int


@dataclass(frozen=True, slots=True)
class Group:
    id: uuid.UUID
    name: str
    min_choices: int
    max_choices: int
    choices: tuple[Choice, ...]

    @property
    def required(self) -> bool:
        return self.min_choices > 0


@dataclass(frozen=True, slots=True)
class ChoiceSpec:
    """A choice as the owner types it; `id` keeps an existing choice (and its recipe) when the group is edited."""

    name: str
    price: int = 0
    id: uuid.UUID | None = None


def save_group(
    session: Session,
    actor: Actor,
    name: str,
    choices: Sequence[ChoiceSpec],
    *,
    min_choices: int = 0,
    max_choices: int = 1,
    group_id: uuid.UUID | None = None,
    approvals: Sequence[Approval] = (),
    at: dt.datetime | None = None,
) -> uuid.UUID:
    """Create a group of add-ons, or change one: its name, limits and choices (those left out are retired)."""
    when = at or utc_now()
    require(actor, "edit_product", approvals, when)
    clean = name.strip()
    if not clean:
        raise InvalidInput(N_("The group needs a name, such as sugar level or topping."))
    specs = [ChoiceSpec(c.name.strip(), c.price, c.id) for c in choices if c.name.strip()]
    if not specs:
        raise InvalidInput(N_("The group needs at least one choice."))
    if len({c.name.casefold() for c in specs}) != len(specs):
        raise InvalidInput(N_("A choice is listed twice."))
    if any(c.price < 0 for c in specs):
        raise InvalidInput(N_("A price cannot be negative."))
    if min_choices < 0 or max_choices < 1 or max_choices < min_choices:
        raise InvalidInput(N_("Choose at most as many as may be taken, and at least one may be taken."))
    if min_choices > len(specs):
        raise InvalidInput(N_("The group has fewer choices than must be taken."))
    fields = {"name": clean[:60], "min_choices": min_choices, "max_choices": max_choices, "is_active": True}
    gid = group_id or new_id()
    if group_id is None:
        session.execute(insert(core(ModifierGroup)), [{"id": gid, **fields, "hlc": ""}])
    elif session.get(ModifierGroup, gid) is None:
        raise NotFound(N_("Add-on group not found."))
    else:
        session.execute(update(ModifierGroup).where(ModifierGroup.id == gid).values(**fields))
    record_change(session, "modifier_groups", gid, fields, when)
    current = {m.id: m for m in session.scalars(select(Modifier).where(Modifier.group_id == gid))}
    kept: set[uuid.UUID] = set()
    for position, spec in enumerate(specs):
        values = {"group_id": gid, "name": spec.name[:60], "price": spec.price, "position": position, "is_active": True}
        if spec.id is not None and spec.id in current:
            mid = spec.id
            session.execute(update(Modifier).where(Modifier.id == mid).values(**values))
        else:
            mid = new_id()
            session.execute(insert(core(Modifier)), [{"id": mid, **values, "hlc": ""}])
        kept.add(mid)
        record_change(session, "modifiers", mid, values, when)
    for mid in set(current) - kept:
        session.execute(update(Modifier).where(Modifier.id == mid).values(is_active=False))
        record_change(session, "modifiers", mid, {"is_active": False}, when)
    return gid


def retire_group(session: Session, actor: Actor, group_id: uuid.UUID, *, approvals: Sequence[Approval] = ()) -> None:
    """Stop offering a group anywhere (sales that chose from it keep what they chose)."""
    when = utc_now()
    require(actor, "edit_product", approvals, when)
    session.execute(update(ModifierGroup).where(ModifierGroup.id == group_id).values(is_active=False))
    record_change(session, "modifier_groups", group_id, {"is_active": False}, when)


def link_id(product_id: uuid.UUID, group_id: uuid.UUID) -> uuid.UUID:
    return uuid.uuid5(_NAMESPACE, f"offer:{product_id.hex}:{group_id.hex}")


def offer_groups(
    session: Session,
    actor: Actor,
    product_id: uuid.UUID,
    group_ids: Sequence[uuid.UUID],
    *,
    approvals: Sequence[Approval] = (),
) -> None:
    """Make `group_ids`, in this order, the groups offered on the product (others are no longer offered)."""
    when = utc_now()
    require(actor, "edit_product", approvals, when)
    if session.get(Product, product_id) is None:
        raise NotFound(N_("Product not found."))
    if len(set(group_ids)) != len(group_ids):
        raise InvalidInput(N_("A group is listed twice."))
    for gid in group_ids:
        if session.get(ModifierGroup, gid) is None:
            raise NotFound(N_("Add-on group not found."))
    current = {
        link.id: link
        for link in session.scalars(select(ProductModifierGroup).where(ProductModifierGroup.product_id == product_id))
    }
    for position, gid in enumerate(group_ids):
        lid = link_id(product_id, gid)
        fields = {"product_id": product_id, "group_id": gid, "position": position}
        link = current.pop(lid, None)
        if link is None:
            session.execute(insert(core(ProductModifierGroup)), [{"id": lid, **fields}])
        elif link.position == position:
            continue
        else:
            session.execute(
                update(ProductModifierGroup).where(ProductModifierGroup.id == lid).values(position=position)
            )
        record_change(session, "product_modifier_groups", lid, {**fields, "deleted": False}, when)
    for lid in current:
        session.execute(core(ProductModifierGroup).delete().where(core(ProductModifierGroup).c.id == lid))
        record_change(session, "product_modifier_groups", lid, {"deleted": True}, when)


def _groups(session: Session, group_ids: Sequence[uuid.UUID]) -> list[Group]:
    if not group_ids:
        return []
    heads = {g.id: g for g in session.scalars(select(ModifierGroup).where(ModifierGroup.id.in_(group_ids)))}
    choices: dict[uuid.UUID, list[Choice]] = {gid: [] for gid in group_ids}
    for m in session.scalars(
        select(Modifier).where(Modifier.group_id.in_(group_ids), Modifier.is_active).order_by(Modifier.position)
    ):
        choices[m.group_id].append(Choice(m.id, m.name, int(m.price)))
    return [
        Group(gid, heads[gid].name, heads[gid].min_choices, heads[gid].max_choices, tuple(choices[gid]))
        for gid in group_ids
        if gid in heads and heads[gid].is_active and choices[gid]
    ]


def groups_for(session: Session, product_id: uuid.UUID) -> tuple[Group, ...]:
    """The active groups offered on a product, in the owner's order."""
    ids = list(
        session.scalars(
            select(ProductModifierGroup.group_id)
            .where(ProductModifierGroup.product_id == product_id)
            .order_by(ProductModifierGroup.position)
        )
    )
    return tuple(_groups(session, ids))


def all_groups(session: Session) -> list[Group]:
    ids = list(session.scalars(select(ModifierGroup.id).where(ModifierGroup.is_active).order_by(ModifierGroup.name)))
    return _groups(session, ids)


def products_with_groups(session: Session, product_ids: Iterable[uuid.UUID]) -> set[uuid.UUID]:
    """Those of `product_ids` that offer add-ons, so the counter knows when to ask."""
    ids = list(set(product_ids))
    found: set[uuid.UUID] = set()
    for start in range(0, len(ids), 500):
        found.update(
            session.scalars(
                select(ProductModifierGroup.product_id).where(
                    ProductModifierGroup.product_id.in_(ids[start : start + 500])
                )
            )
        )
    return found


def choose(groups: Sequence[Group], chosen: Iterable[uuid.UUID], note: str = "") -> tuple[LineOption, ...]:
    """The add-ons `chosen` (choice ids) and the note, checked against each group's limits; refuses a required
    group left out, a group over its limit, or a choice the product does not offer."""
    picked = set(chosen)
    options: list[LineOption] = []
    offered: set[uuid.UUID] = set()
    for group in groups:
        taken = [c for c in group.choices if c.id in picked]
        offered.update(c.id for c in group.choices)
        if len(taken) < group.min_choices:
            if group.min_choices == 1:
                raise InvalidInput(N_("Choose one of {group}."), group=group.name)
            raise InvalidInput(N_("Choose at least {n} of {group}."), n=group.min_choices, group=group.name)
        if len(taken) > group.max_choices:
            raise InvalidInput(N_("Choose at most {n} of {group}."), n=group.max_choices, group=group.name)
        options += [LineOption("addon", c.name, c.price, c.id) for c in taken]
    if picked - offered:
        raise InvalidInput(N_("That add-on is not offered on this product."))
    text = " ".join(note.split())
    if len(text) > NOTE_LENGTH:
        raise InvalidInput(N_("A note can be at most {n} characters."), n=NOTE_LENGTH)
    if text:
        options.append(LineOption("note", text))
    return tuple(options)


def addons_price(options: Iterable[LineOption]) -> int:
    """What the add-ons add to one unit of the line."""
    return sum(o.price for o in options if o.kind == "addon")

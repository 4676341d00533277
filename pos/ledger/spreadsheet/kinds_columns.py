"""The product sheet's variants, recipes and add-ons checked across the sheet and against the shop (an ingredient
or a parent that is nowhere, values a parent does not offer, a recipe that comes back to itself, a group named but
not given), then written through the core's services; and the same columns and add-on table for an export.

The layout is `kinds_cells`'s.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.orm import Session

from pos.i18n import N_
from pos.ledger.books.approvals import Actor
from pos.ledger.schema import (
    Modifier,
    ModifierGroup,
    Product,
    ProductModifierGroup,
    ProductOption,
    ProductVariant,
    RecipeLine,
)
from pos.ledger.spreadsheet.kinds_cells import AddonGroup, Problem, RowKinds, key_of, options_text, recipe_text
from pos.ledger.stock import modifiers, recipes, variants

# --- checking the sheet whole -----------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Catalogue:
    """Who is who, for the checks: the sheet's rows and the shop's products, by name key and SKU."""

    row_names: Mapping[int, str]  # row -> its product's name as imported
    row_skus: Mapping[int, str | None]
    shop_names: Mapping[str, list[uuid.UUID]]
    shop_skus: Mapping[str, uuid.UUID]
    matched: Mapping[int, uuid.UUID | None]  # row -> the shop's product it updates, or None for a new one
    # The rows by name key and by SKU, made once: a cafe's sheet names thousands of ingredients.
    rows_by_name: dict[str, list[int]] = field(default_factory=dict)
    rows_by_sku: dict[str, list[int]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        for n, name in self.row_names.items():
            self.rows_by_name.setdefault(key_of(name), []).append(n)
        for n, sku in self.row_skus.items():
            if sku:
                self.rows_by_sku.setdefault(sku, []).append(n)


Ref = str  # "r12" for the sheet's row 12, "p<hex>" for a product of the shop


def _row(n: int) -> Ref:
    return f"r{n}"


def _shop(pid: uuid.UUID) -> Ref:
    return f"p{pid.hex}"


def _row_of(ref: Ref) -> int | None:
    return int(ref[1:]) if ref.startswith("r") else None


def _resolve(cat: Catalogue, text: str) -> list[Ref]:
    """The sheet's rows and the shop's products that `text` (a name, failing that an SKU) stands for."""
    key = key_of(text)
    rows = cat.rows_by_name.get(key, [])
    updated = {cat.matched.get(n) for n in rows}
    found = [_row(n) for n in rows] + [_shop(pid) for pid in cat.shop_names.get(key, []) if pid not in updated]
    if found:
        return found
    by_sku = [_row(n) for n in cat.rows_by_sku.get(text, [])]
    if by_sku:
        return by_sku
    pid = cat.shop_skus.get(text)
    return [_shop(pid)] if pid is not None else []


def check(
    session: Session,
    kinds: Sequence[RowKinds],
    addons: Mapping[str, AddonGroup],
    cat: Catalogue,
    problem_at: Callable[[int, str, str], Problem],
) -> None:
    """The checks across rows and against the shop; each problem on the row it is about."""
    shop_groups = {key_of(g.name) for g in modifiers.all_groups(session)}
    parents = {_shop(pid) for pid in session.scalars(select(ProductOption.product_id))}
    made = {_shop(pid) for pid in session.scalars(select(Product.id).where(Product.made_to_order))}
    by_row = {k.row: k for k in kinds}
    made |= {_row(k.row) for k in kinds if k.made_to_order}
    with_options = {_row(k.row): k.options for k in kinds if k.options is not None}

    def one(text: str, row: int, column: str, missing: str) -> Ref | None:
        found = _resolve(cat, text)
        if not found:
            problem_at(row, column, missing)(name=text)
            return None
        if len(found) > 1:
            problem_at(row, column, N_("Several products are named {name}; give the SKU to say which one."))(name=text)
            return None
        return found[0]

    edges: dict[Ref, list[Ref]] = {}
    for k in kinds:
        if k.parent is not None:
            ref = one(k.parent, k.row, "induk", N_("{name} is neither on the sheet nor in the shop."))
            if ref is not None and ref not in with_options and ref not in parents:
                problem_at(k.row, "induk", N_("{name} has no options (opsi) for its variants."))(name=k.parent)
            elif ref is not None and k.values is not None:
                options = with_options.get(ref)
                if options is None:
                    pid = uuid.UUID(hex=ref[1:])
                    options = variants.options_of(session, pid)
                if len(k.values) != len(options) or any(
                    v not in o.values for v, o in zip(k.values, options, strict=False)
                ):
                    problem_at(k.row, "nilai_opsi", N_("{values} is not one of the options of {name}."))(
                        values=" / ".join(k.values), name=k.parent
                    )
        for name in k.groups or ():
            if key_of(name) not in addons and key_of(name) not in shop_groups:
                problem_at(
                    k.row, "tambahan", N_("The add-on group {name} is neither in the Tambahan table nor in the shop.")
                )(name=name)
        if k.recipe is not None:
            edges[_row(k.row)] = []
            for name, _qty in k.recipe:
                ref = one(name, k.row, "resep", N_("The ingredient {name} is neither on the sheet nor in the shop."))
                if ref is None:
                    continue
                if ref in made:
                    problem_at(
                        k.row,
                        "resep",
                        N_("{name} is made to order, so it has no stock to use; use its own ingredients."),
                    )(name=name)
                edges[_row(k.row)].append(ref)
    for group in addons.values():
        for choice in group.choices:
            for name, _qty in choice.recipe:
                found = _resolve(cat, name)
                if not found:
                    choice.report(
                        "resep", N_("The ingredient {name} is neither on the sheet nor in the shop."), name=name
                    )
                elif len(found) > 1:
                    choice.report(
                        "resep", N_("Several products are named {name}; give the SKU to say which one."), name=name
                    )
                elif found[0] in made:
                    choice.report(
                        "resep",
                        N_("{name} is made to order, so it has no stock to use; use its own ingredients."),
                        name=name,
                    )
    del by_row
    _check_loops(session, edges, cat, problem_at)


def _check_loops(
    session: Session, edges: dict[Ref, list[Ref]], cat: Catalogue, problem_at: Callable[[int, str, str], Problem]
) -> None:
    """A recipe must never come back to itself, through the sheet's recipes and the shop's others."""
    as_row = {_shop(pid): _row(n) for n, pid in cat.matched.items() if pid is not None}
    graph: dict[Ref, list[Ref]] = {}
    for owner, ingredient in session.execute(select(RecipeLine.owner_id, RecipeLine.ingredient_id)):
        node = as_row.get(_shop(owner), _shop(owner))
        if node not in edges:  # a recipe on the sheet replaces the shop's
            graph.setdefault(node, []).append(as_row.get(_shop(ingredient), _shop(ingredient)))
    for node, refs in edges.items():
        graph[node] = [as_row.get(r, r) for r in refs]
    state: dict[Ref, int] = {}
    reported: set[int] = set()

    def visit(node: Ref, path: list[Ref]) -> None:
        state[node] = 1
        for nxt in graph.get(node, []):
            if state.get(nxt) == 1 and nxt in path:
                loop = path[path.index(nxt) :]
                rows = [n for n in (_row_of(r) for r in loop) if n is not None]
                names = " → ".join(cat.row_names.get(n, "?") for n in [*rows, rows[0]]) if rows else ""
                for n in rows:
                    if n not in reported:
                        reported.add(n)
                        problem_at(n, "resep", N_("The recipe comes back to itself: {path}."))(path=names)
            elif state.get(nxt) is None:
                visit(nxt, [*path, nxt])
        state[node] = 2

    for node in list(graph):
        if state.get(node) is None:
            visit(node, [node])


# --- writing ----------------------------------------------------------------------------------------------------


def apply(
    session: Session,
    actor: Actor,
    kinds: Sequence[RowKinds],
    addons: Mapping[str, AddonGroup],
    cat: Catalogue,
    row_ids: Mapping[int, uuid.UUID],
) -> set[int]:
    """Write what the checked sheet says, once its products are in: add-on groups and their recipes, recipes,
    made to order, groups offered and variants. What already stands as the sheet says is left alone; returns the
    rows whose product this changed."""
    changed: set[int] = set()

    def pid_of(text: str) -> uuid.UUID:
        ref = _resolve(cat, text)[0]  # the checks left exactly one
        n = _row_of(ref)
        return row_ids[n] if n is not None else uuid.UUID(hex=ref[1:])

    def set_recipe_if_changed(owner: uuid.UUID, items: Sequence[tuple[str, int]]) -> bool:
        wanted = tuple(recipes.Ingredient(pid_of(name), qty) for name, qty in items)
        if recipes.recipe_of(session, owner) == wanted:
            return False
        recipes.set_recipe(session, actor, owner, wanted)
        return True

    shop_groups = {key_of(g.name): g for g in modifiers.all_groups(session)}
    group_ids = {key: g.id for key, g in shop_groups.items()}
    for key, group in addons.items():
        old = shop_groups.get(key)
        low, high = group.min_choices or 0, group.max_choices or 1
        if (
            old is not None
            and (old.name, old.min_choices, old.max_choices) == (group.name, low, high)
            and [(c.name, c.price) for c in old.choices] == [(c.name, c.price) for c in group.choices]
        ):
            gid = old.id
        else:
            ids = {key_of(c.name): c.id for c in old.choices} if old is not None else {}
            specs = [modifiers.ChoiceSpec(c.name, c.price, ids.get(key_of(c.name))) for c in group.choices]
            gid = modifiers.save_group(
                session, actor, group.name, specs, min_choices=low, max_choices=high, group_id=old.id if old else None
            )
        group_ids[key] = gid
        choice_ids = {
            key_of(name): mid
            for mid, name in session.execute(select(Modifier.id, Modifier.name).where(Modifier.group_id == gid))
        }
        for choice in group.choices:
            if choice.recipe:
                set_recipe_if_changed(choice_ids[key_of(choice.name)], choice.recipe)
    for k in kinds:
        if k.recipe is not None and set_recipe_if_changed(row_ids[k.row], k.recipe):
            changed.add(k.row)
    for k in kinds:
        if k.made_to_order is not None:
            current = session.scalar(select(Product.made_to_order).where(Product.id == row_ids[k.row]))
            if bool(current) != k.made_to_order:
                recipes.set_made_to_order(session, actor, row_ids[k.row], k.made_to_order)
                changed.add(k.row)
        if k.groups is not None:
            wanted = [group_ids[key_of(name)] for name in dict.fromkeys(k.groups)]
            offered = list(
                session.scalars(
                    select(ProductModifierGroup.group_id)
                    .where(ProductModifierGroup.product_id == row_ids[k.row])
                    .order_by(ProductModifierGroup.position)
                )
            )
            if offered != wanted:
                modifiers.offer_groups(session, actor, row_ids[k.row], wanted)
                changed.add(k.row)
    return changed | _apply_variants(session, actor, kinds, cat, row_ids)


def _apply_variants(
    session: Session, actor: Actor, kinds: Sequence[RowKinds], cat: Catalogue, row_ids: Mapping[int, uuid.UUID]
) -> set[int]:
    """Link each parent's variants as the sheet gives them; returns the rows (parents and variants) changed."""
    rows_of = {pid: n for n, pid in row_ids.items()}
    changed: set[int] = set()
    wanted: dict[uuid.UUID, dict[tuple[str, ...], uuid.UUID]] = {}
    options: dict[uuid.UUID, tuple[variants.Option, ...]] = {}
    for k in kinds:
        if k.options is not None:
            options[row_ids[k.row]] = k.options
            wanted.setdefault(row_ids[k.row], {})
    for k in kinds:
        if k.parent is not None and k.values is not None:
            ref = _resolve(cat, k.parent)[0]
            n = _row_of(ref)
            parent = row_ids[n] if n is not None else uuid.UUID(hex=ref[1:])
            wanted.setdefault(parent, {})[k.values] = row_ids[k.row]
    for parent, chosen in wanted.items():
        given = options.get(parent) or variants.options_of(session, parent)
        have = {(tuple(v.values), v.product_id) for v in variants.variants_of(session, parent)}
        if variants.options_of(session, parent) == given and set(chosen.items()) <= have:
            continue
        variants.link_variants(session, actor, parent, given, chosen)
        changed |= {rows_of[pid] for pid in (parent, *chosen.values()) if pid in rows_of}
    return changed


# --- export -----------------------------------------------------------------------------------------------------


def _ingredient_names(session: Session) -> dict[uuid.UUID, str]:
    """How the sheet names each product as an ingredient: its name, or its SKU when another has the same name."""
    rows = list(session.execute(select(Product.id, Product.name, Product.sku).where(Product.is_active)))
    count: dict[str, int] = {}
    for r in rows:
        count[key_of(r.name)] = count.get(key_of(r.name), 0) + 1
    return {r.id: (r.sku if count[key_of(r.name)] > 1 and r.sku else r.name) for r in rows}


def _recipes_text(
    session: Session, owners: Iterable[uuid.UUID], names: Mapping[uuid.UUID, str]
) -> dict[uuid.UUID, str]:
    return {
        owner: recipe_text((names.get(x.product_id, str(x.product_id)), x.qty_milli) for x in items)
        for owner, items in recipes.recipes_for(session, owners).items()
    }


def export_cells(session: Session, product_ids: Sequence[uuid.UUID]) -> dict[uuid.UUID, list[object]]:
    """Each product's cells in `COLUMNS` (only those that say something)."""
    names = _ingredient_names(session)
    parent_names = {pid: name for pid, name in session.execute(select(Product.id, Product.name))} | names
    opts: dict[uuid.UUID, list[variants.Option]] = {}
    for r in session.execute(select(ProductOption).order_by(ProductOption.position)):
        option = r[0]
        opts.setdefault(option.product_id, []).append(variants.Option(option.name, tuple(json.loads(option.values))))
    links = {v.product_id: (v.parent_id, tuple(json.loads(v.values))) for v in session.scalars(select(ProductVariant))}
    recipe_cells = _recipes_text(session, product_ids, names)
    made = set(session.scalars(select(Product.id).where(Product.made_to_order)))
    group_names = {g.id: g.name for g in session.scalars(select(ModifierGroup).where(ModifierGroup.is_active))}
    offered: dict[uuid.UUID, list[str]] = {}
    for link in session.scalars(select(ProductModifierGroup).order_by(ProductModifierGroup.position)):
        if link.group_id in group_names:
            offered.setdefault(link.product_id, []).append(group_names[link.group_id])
    out: dict[uuid.UUID, list[object]] = {}
    for pid in product_ids:
        parent = links.get(pid)
        cells: list[object] = [
            parent_names.get(parent[0], "") if parent else "",
            options_text(opts[pid]) if pid in opts else "",
            " / ".join(parent[1]) if parent else "",
            recipe_cells.get(pid, ""),
            "ya" if pid in made else "",
            "; ".join(offered.get(pid, [])),
        ]
        if any(cells):
            out[pid] = cells
    return out


def addon_rows(session: Session) -> list[list[object]]:
    """The add-on table: one row a choice of each active group, the group's limits on its first row."""
    names = _ingredient_names(session)
    groups = modifiers.all_groups(session)
    recipe_cells = _recipes_text(session, [c.id for g in groups for c in g.choices], names)
    rows: list[list[object]] = []
    for g in groups:
        for i, c in enumerate(g.choices):
            first = i == 0
            rows.append(
                [
                    g.name,
                    c.name,
                    c.price,
                    g.min_choices if first else "",
                    g.max_choices if first else "",
                    recipe_cells.get(c.id, ""),
                ]
            )
    return rows

"""The product sheet's columns for products that are more than one thing: variants, recipes and add-ons.

On the product sheet (one row a product, as ever):

- a product with variants has `opsi`, its options and their values: `Ukuran: S, M, L; Warna: Merah, Biru`;
- each variant is a row of its own (its own name, barcode, SKU, price and cost) with `induk`, its product's name,
  and `nilai_opsi`, its values in the options' order: `M / Merah`;
- `resep` is what one unit is made of, each ingredient by name (or SKU) and a quantity in the ingredient's own
  unit: `Biji kopi 18; Susu segar 150; Gelas plastik 1` (decimals with a comma, `Kain tenun 0,1`);
- `dibuat_pesanan` (`ya`) sells the product from its recipe's ingredients, never from its own stock;
- `tambahan` names the add-on groups offered on it, in order: `Gula; Topping`.

The add-on groups are a second table: the workbook's sheet `Tambahan`, or beside a CSV file the file
`<name>-tambahan.csv`. One row a choice: `grup, pilihan, harga, pilih_min, pilih_maks, resep` (a group's limits
on any of its rows; a choice's recipe as above). A group the shop has (by name) is updated, keeping its choices'
ids; an import removes no choice, recipe, variant or offered group it does not mention.

Every cell is checked with the rest of the sheet before anything is written: an ingredient neither on the sheet
nor in the shop, a variant whose product is not there, values its product's options do not offer, a recipe that
comes back to itself, a group that is named but not given are each reported on their row.
"""

from __future__ import annotations

import json
import re
import uuid
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Final

from sqlalchemy import select
from sqlalchemy.orm import Session

from pos.i18n import N_
from pos.ledger.base.errors import InvalidInput, LedgerError
from pos.ledger.base.money import MILLI
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
from pos.ledger.spreadsheet.sheet_cells import Cell, Noted, cell_text, money_cell, qty_cell, yes_no_cell
from pos.ledger.stock import modifiers, recipes, variants

COLUMNS: Final = ("induk", "opsi", "nilai_opsi", "resep", "dibuat_pesanan", "tambahan")
ADDON_COLUMNS: Final = ("grup", "pilihan", "harga", "pilih_min", "pilih_maks", "resep")
ADDON_SHEET: Final = "Tambahan"
ADDON_ALIASES: Final[dict[str, tuple[str, ...]]] = {
    "nama": ("grup", "group", "grouptambahan", "gruptambahan", "namagrup"),
    "pilihan": ("pilihan", "choice", "opsi", "tambahan"),
    "harga": ("harga", "price", "hargatambahan"),
    "pilih_min": ("pilihmin", "minimal", "wajib", "min"),
    "pilih_maks": ("pilihmaks", "maksimal", "maks", "max"),
    "resep": ("resep", "bahan", "recipe"),
}

INSTRUCTIONS_SHEET: Final = "Petunjuk"
# The export's own instructions, a line each on the workbook's sheet `Petunjuk` (which an import does not read).
INSTRUCTIONS: Final = (
    N_("How to fill in the product sheet"),
    N_("One row a product: nama and harga_jual are needed; a blank cell leaves what the shop has."),
    N_(
        "A product with variants: opsi gives its options and their values, such as Ukuran: S, M, L; Warna: Merah, Biru."
    ),
    N_(
        "Each variant is a row of its own, with its own barcode, SKU and price: induk is its product's name and "
        "nilai_opsi its values in the options' order, such as M / Merah."
    ),
    N_(
        "resep: what one unit is made of, each ingredient by name and its quantity in the ingredient's own unit, "
        "such as Biji kopi 18; Susu segar 150; decimals with a comma."
    ),
    N_("dibuat_pesanan: ya for a product made when it is ordered; a sale takes its ingredients from stock."),
    N_("tambahan: the add-on groups offered on the product, in order, such as Gula; Topping."),
    N_(
        "The add-on groups are on the sheet Tambahan, a row for each choice: grup, pilihan, harga, pilih_min and "
        "pilih_maks (on any row of the group; pilih_min 1 means a choice must be made) and the choice's resep."
    ),
    N_("One bad row and nothing is imported: every problem is listed with its row and column."),
)

Problem = Callable[..., None]  # (column, msgid, **params): a problem on the row being read


def _key(text: str) -> str:
    return " ".join(text.casefold().split())


def _plain(value: int | Noted[int]) -> int:
    return value.value if isinstance(value, Noted) else value


# --- reading cells ----------------------------------------------------------------------------------------------


def parse_options(text: str) -> tuple[variants.Option, ...]:
    """`Ukuran: S, M, L; Warna: Merah, Biru`."""
    out = []
    for part in (p for p in re.split(r"[;\n]", text) if p.strip()):
        name, colon, values = part.partition(":")
        if not colon or not name.strip():
            raise InvalidInput(N_("Write the options as Ukuran: S, M, L; Warna: Merah, Biru."))
        out.append(variants.Option(name.strip(), tuple(v.strip() for v in values.split(",") if v.strip())))
    return variants.clean_options(out) if out else ()


def options_text(options: Iterable[variants.Option]) -> str:
    return "; ".join(f"{o.name}: {', '.join(o.values)}" for o in options)


def parse_recipe(text: str) -> list[tuple[str, int]]:
    """`Biji kopi 18; Susu segar 150`: (ingredient as written, thousandths of its unit)."""
    out: list[tuple[str, int]] = []
    for part in (p.strip() for p in re.split(r"[;\n]", text) if p.strip()):
        name, _space, qty = part.rpartition(" ")
        if not name.strip():
            raise InvalidInput(N_("Write each ingredient with its quantity: Biji kopi 18; Susu segar 150."))
        milli = _plain(qty_cell(qty))
        if milli <= 0:
            raise InvalidInput(N_("The quantity must be more than zero."))
        out.append((name.strip(), milli))
    return out


def recipe_text(items: Iterable[tuple[str, int]]) -> str:
    return "; ".join(f"{name} {_qty(milli)}" for name, milli in items)


def _qty(milli: int) -> str:
    whole, frac = divmod(milli, MILLI)
    return str(whole) if not frac else f"{whole},{str(frac).rjust(3, '0').rstrip('0')}"


def _names(text: str) -> list[str]:
    return [p.strip() for p in re.split(r"[;\n]", text) if p.strip()]


@dataclass(slots=True)
class RowKinds:
    """What one product row says of variants, recipes and add-ons (None: the cell was blank)."""

    row: int
    parent: str | None = None
    options: tuple[variants.Option, ...] | None = None
    values: tuple[str, ...] | None = None
    recipe: list[tuple[str, int]] | None = None
    made_to_order: bool | None = None
    groups: list[str] | None = None

    @property
    def says_anything(self) -> bool:
        return any(
            x is not None
            for x in (self.parent, self.options, self.values, self.recipe, self.made_to_order, self.groups)
        )


def read_row(number: int, cells: Mapping[str, Cell], problem: Problem) -> RowKinds:
    """The row's own cells, each bad one a problem on it."""
    out = RowKinds(number)

    def text(column: str) -> str | None:
        return cell_text(cells[column]) if column in cells else None

    try:
        raw = text("opsi")
        out.options = parse_options(raw) if raw else None
    except LedgerError as err:
        problem("opsi", err.msgid, **err.params)
    try:
        raw = text("resep")
        out.recipe = parse_recipe(raw) if raw else None
    except LedgerError as err:
        problem("resep", err.msgid, **err.params)
    try:
        out.made_to_order = yes_no_cell(cells["dibuat_pesanan"]) if "dibuat_pesanan" in cells else None
    except LedgerError as err:
        problem("dibuat_pesanan", err.msgid, **err.params)
    out.parent = text("induk")
    raw = text("nilai_opsi")
    out.values = tuple(v.strip() for v in raw.split("/")) if raw else None
    raw = text("tambahan")
    out.groups = _names(raw) if raw else None
    if out.parent is not None and out.options is not None:
        problem("induk", N_("A variant cannot have options of its own; give them to its product."))
    if out.parent is not None and out.values is None:
        problem("nilai_opsi", N_("Say which values of {name} this variant is, such as M / Merah."), name=out.parent)
    if out.values is not None and out.parent is None:
        problem("induk", N_("Say which product this variant belongs to."))
    if out.made_to_order and not out.recipe:
        problem("dibuat_pesanan", N_("A product made to order needs its recipe: its ingredients are what a sale uses."))
    return out


# --- the add-on table -------------------------------------------------------------------------------------------


@dataclass(slots=True)
class AddonChoice:
    row: int
    name: str
    price: int
    recipe: list[tuple[str, int]]
    report: Problem  # a problem on its row of the add-on table


@dataclass(slots=True)
class AddonGroup:
    name: str
    row: int  # its first row
    min_choices: int | None = None
    max_choices: int | None = None
    choices: list[AddonChoice] = field(default_factory=list)


def _on_row(problem_at: Callable[[int, str, str], Problem], number: int) -> Problem:
    def problem(column: str, msgid: str, **params: object) -> None:
        problem_at(number, column, msgid)(**params)

    return problem


def read_addons(
    rows: Iterable[tuple[int, Mapping[str, Cell]]], problem_at: Callable[[int, str, str], Problem]
) -> dict[str, AddonGroup]:
    """The groups of the add-on table by name key; `problem_at(row, column)` reports a problem on a cell."""
    groups: dict[str, AddonGroup] = {}
    for number, cells in rows:
        problem = _on_row(problem_at, number)

        name = cell_text(cells.get("nama"))
        choice = cell_text(cells.get("pilihan"))
        if not name:
            problem("nama", N_("The group needs a name, such as sugar level or topping."))
            continue
        group = groups.setdefault(_key(name), AddonGroup(name[:60], number))
        for column, attr in (("pilih_min", "min_choices"), ("pilih_maks", "max_choices")):
            if column not in cells:
                continue
            try:
                milli = _plain(qty_cell(cells[column]))
            except LedgerError as err:
                problem(column, err.msgid, **err.params)
                continue
            if milli % MILLI or milli < 0:
                problem(column, N_("Write a whole number of choices."))
                continue
            before = getattr(group, attr)
            if before is not None and before != milli // MILLI:
                problem(column, N_("Row {other} gives {group} another limit."), other=group.row, group=group.name)
            setattr(group, attr, milli // MILLI)
        if not choice:
            problem("pilihan", N_("The group needs at least one choice."))
            continue
        price = 0
        if "harga" in cells:
            try:
                price = _plain(money_cell(cells["harga"]))
            except LedgerError as err:
                problem("harga", err.msgid, **err.params)
            if price < 0:
                problem("harga", N_("A price cannot be negative."))
        recipe: list[tuple[str, int]] = []
        raw = cell_text(cells.get("resep"))
        if raw:
            try:
                recipe = parse_recipe(raw)
            except LedgerError as err:
                problem("resep", err.msgid, **err.params)
        if any(_key(c.name) == _key(choice) for c in group.choices):
            problem("pilihan", N_("A choice is listed twice."))
            continue
        group.choices.append(AddonChoice(number, choice[:60], price, recipe, problem))
    for group in groups.values():
        low, high = group.min_choices or 0, group.max_choices or 1
        if high < 1 or high < low:
            problem_at(
                group.row, "pilih_maks", N_("Choose at most as many as may be taken, and at least one may be taken.")
            )()
        elif low > len(group.choices):
            problem_at(group.row, "pilih_min", N_("The group has fewer choices than must be taken."))()
    return groups


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
            self.rows_by_name.setdefault(_key(name), []).append(n)
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
    key = _key(text)
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
    shop_groups = {_key(g.name) for g in modifiers.all_groups(session)}
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
            if _key(name) not in addons and _key(name) not in shop_groups:
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

    shop_groups = {_key(g.name): g for g in modifiers.all_groups(session)}
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
            ids = {_key(c.name): c.id for c in old.choices} if old is not None else {}
            specs = [modifiers.ChoiceSpec(c.name, c.price, ids.get(_key(c.name))) for c in group.choices]
            gid = modifiers.save_group(
                session, actor, group.name, specs, min_choices=low, max_choices=high, group_id=old.id if old else None
            )
        group_ids[key] = gid
        choice_ids = {
            _key(name): mid
            for mid, name in session.execute(select(Modifier.id, Modifier.name).where(Modifier.group_id == gid))
        }
        for choice in group.choices:
            if choice.recipe:
                set_recipe_if_changed(choice_ids[_key(choice.name)], choice.recipe)
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
            wanted = [group_ids[_key(name)] for name in dict.fromkeys(k.groups)]
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
        count[_key(r.name)] = count.get(_key(r.name), 0) + 1
    return {r.id: (r.sku if count[_key(r.name)] > 1 and r.sku else r.name) for r in rows}


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

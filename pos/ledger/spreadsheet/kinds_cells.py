"""The product sheet's columns for products that are more than one thing (variants, recipes and add-ons), and
their cells and the add-on table read into what the checks and writes of `kinds_columns` take.

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

import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Final

from pos.i18n import N_
from pos.ledger.base.errors import InvalidInput, LedgerError
from pos.ledger.base.money import MILLI
from pos.ledger.spreadsheet.sheet_cells import Cell, Noted, cell_text, money_cell, qty_cell, yes_no_cell
from pos.ledger.stock import variants

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


def key_of(text: str) -> str:
    """A name as the sheet matches it: case and spacing ignored."""
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
        group = groups.setdefault(key_of(name), AddonGroup(name[:60], number))
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
        if any(key_of(c.name) == key_of(choice) for c in group.choices):
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

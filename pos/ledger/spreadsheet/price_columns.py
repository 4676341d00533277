"""The product sheet's price columns beyond one price: wholesale steps (harga grosir) for the piece and for the
carton, and a column per customer group ("Harga kelompok Member").

A step list is written `12: 3.200; 40: 3.000` (from 12, Rp 3.200 each; from 40, Rp 3.000), the carton's in packs
of the row's carton. A group's cell is its price a piece (`3.100`) or a percent off (`10%`). A blank cell (or a
lone dash, as elsewhere in a sheet) leaves what the shop has; `hapus` removes it. Headers match like every other
(see `sheet_headers`); a group's column is named after a group the shop has, so "Harga kelompok Grosir" and the
wholesale steps' "Harga grosir" never meet.
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Final

from sqlalchemy.orm import Session

from pos.i18n import N_
from pos.ledger.base import fmt
from pos.ledger.base.errors import InvalidInput
from pos.ledger.base.money import FULL_BP, MILLI
from pos.ledger.prices import groups, tiers
from pos.ledger.spreadsheet.sheet_cells import Cell, cell_text, money_cell, qty_cell
from pos.ledger.spreadsheet.sheet_headers import norm_header

TIERS: Final = "harga_grosir"
CARTON_TIERS: Final = "harga_grosir_karton"
GROUP_PREFIX: Final = "kelompok:"  # a group's column: kelompok:<group id hex>
GROUP_HEADER: Final = "harga kelompok {name}"
REMOVE: Final = frozenset({"hapus", "tidak ada", "remove", "none"})

Steps = tuple[tuple[int, int], ...]  # (from how many packs in thousandths, price a pack)
_STEP: Final = re.compile(r"^\s*([0-9][0-9.,]*)\s*[:=]\s*(.+?)\s*$")


def group_aliases(session: Session) -> dict[str, tuple[str, ...]]:
    """A column for each active group: "Harga kelompok Member", "Member price", "Harga Member" (when no other
    column is spelt so)."""
    out: dict[str, tuple[str, ...]] = {}
    for group in groups.list_groups(session, active_only=True):
        name = norm_header(group.name)
        out[f"{GROUP_PREFIX}{group.id.hex}"] = (f"hargakelompok{name}", f"kelompok{name}", f"{name}price")
    return out


def steps_cell(value: Cell) -> Steps | None:
    """`12: 3.200; 40: 3.000` as steps, `hapus` as none (remove them); refused with the reason otherwise."""
    text = cell_text(value)
    if text is None:
        return None
    if text.strip().casefold() in REMOVE:
        return ()
    steps = []
    for part in re.split(r"[;\n]+", text):
        if not part.strip():
            continue
        match = _STEP.match(part)
        if match is None:
            raise InvalidInput(
                N_("'{text}' is not a list of wholesale prices such as 12: 3.200; 40: 3.000."), text=text
            )
        qty, price = qty_cell(match.group(1)), money_cell(match.group(2))
        steps.append((qty if isinstance(qty, int) else qty.value, price if isinstance(price, int) else price.value))
    tiers.check_tiers(steps)
    return tuple(sorted(steps))


def steps_text(steps: Sequence[tuple[int, int]]) -> str:
    return "; ".join(f"{fmt.qty(m)}: {fmt.number(p)}" for m, p in sorted(steps))


@dataclass(frozen=True, slots=True)
class GroupCell:
    """A group's price for the product: a price a piece, a percent off, or neither (remove it)."""

    price: int | None = None
    percent_bp: int | None = None

    @property
    def removes(self) -> bool:
        return self.price is None and self.percent_bp is None


def group_cell(value: Cell) -> GroupCell | None:
    text = cell_text(value)
    if text is None:
        return None
    if text.strip().casefold() in REMOVE:
        return GroupCell()
    if text.strip().endswith("%"):
        try:
            bp = fmt.parse_percent(text)
        except InvalidInput:
            raise InvalidInput(N_("'{text}' is not a percent such as 10%."), text=text) from None
        if not 0 < bp <= FULL_BP:
            raise InvalidInput(N_("A percent off is more than 0% and at most 100%."))
        return GroupCell(percent_bp=bp)
    price = money_cell(value)
    amount = price if isinstance(price, int) else price.value
    if amount < 0:
        raise InvalidInput(N_("A price cannot be negative."))
    return GroupCell(price=amount)


@dataclass(frozen=True, slots=True)
class RowPrices:
    """What one row says of its prices beyond the one price; None for a column it leaves blank."""

    tiers: Steps | None = None
    carton_tiers: Steps | None = None
    carton_milli: int | None = None
    by_group: Mapping[uuid.UUID, GroupCell] = field(default_factory=dict)

    @property
    def says_anything(self) -> bool:
        return self.tiers is not None or self.carton_tiers is not None or bool(self.by_group)


def read_prices(cells: Mapping[str, Cell], carton_milli: int | None, problem: Callable[..., None]) -> RowPrices:
    """The row's price cells (`cells` by column); `problem(column, msgid, **params)` is told of each bad one."""
    found: dict[str, object] = {}
    by_group: dict[uuid.UUID, GroupCell] = {}
    for column, value in cells.items():
        try:
            if column in (TIERS, CARTON_TIERS):
                found[column] = steps_cell(value)
            elif column.startswith(GROUP_PREFIX):
                cell = group_cell(value)
                if cell is not None:
                    by_group[uuid.UUID(hex=column.removeprefix(GROUP_PREFIX))] = cell
        except InvalidInput as err:
            problem(column, err.msgid, **err.params)
    carton = found.get(CARTON_TIERS)
    if carton is not None and carton_milli is None:
        problem("isi_karton", N_("Say how many pieces the carton holds."))
    piece = found.get(TIERS)
    assert piece is None or isinstance(piece, tuple)
    assert carton is None or isinstance(carton, tuple)
    return RowPrices(piece, carton, carton_milli, by_group)


def _current(session: Session, product_id: uuid.UUID) -> tuple[dict[int, Steps], dict[uuid.UUID, GroupCell]]:
    steps: dict[int, list[tuple[int, int]]] = {}
    for tier in tiers.tiers_of(session, product_id):
        steps.setdefault(tier.pack_milli, []).append((tier.min_milli, tier.price))
    cells = {g: GroupCell(p, bp) for g, p, bp in groups.product_prices(session, product_id)}
    return {pack: tuple(sorted(s)) for pack, s in steps.items()}, cells


def changes_prices(session: Session, product_id: uuid.UUID, row: RowPrices) -> bool:
    """Whether applying the row would change the product's wholesale steps or group prices."""
    steps, cells = _current(session, product_id)
    if row.tiers is not None and row.tiers != steps.get(MILLI, ()):
        return True
    carton = row.carton_tiers
    if carton is not None and row.carton_milli is not None and carton != steps.get(row.carton_milli, ()):
        return True
    return any(cell != cells.get(g, GroupCell()) for g, cell in row.by_group.items())


def apply_prices(session: Session, product_id: uuid.UUID, row: RowPrices) -> None:
    """Write what the row says: steps replaced where given, group prices set or removed where given."""
    if row.tiers is not None:
        tiers.set_tiers(session, product_id, MILLI, list(row.tiers))
    if row.carton_tiers is not None and row.carton_milli is not None:
        tiers.set_tiers(session, product_id, row.carton_milli, list(row.carton_tiers))
    for group_id, cell in row.by_group.items():
        if cell.removes:
            groups.remove_group_price(session, group_id, product_id)
        else:
            groups.set_group_price(
                session, group_id, product_id=product_id, price=cell.price, percent_bp=cell.percent_bp
            )


@dataclass(frozen=True, slots=True)
class ExportColumns:
    """The price columns of an export: their headers, and each product's cells in that order."""

    headers: tuple[str, ...]
    cells: Mapping[uuid.UUID, tuple[str, ...]]


def export_columns(session: Session, carton_of: Mapping[uuid.UUID, int]) -> ExportColumns:
    """The wholesale steps (piece, and the carton `carton_of` names) and every active group's price, per product."""
    active = groups.list_groups(session, active_only=True)
    steps: dict[uuid.UUID, dict[int, list[tuple[int, int]]]] = {}
    for tier in tiers.all_tiers(session):
        steps.setdefault(tier.product_id, {}).setdefault(tier.pack_milli, []).append((tier.min_milli, tier.price))
    prices: dict[uuid.UUID, dict[uuid.UUID, GroupCell]] = {}
    for group_id, product_id, price, bp in groups.product_price_rows(session):
        prices.setdefault(product_id, {})[group_id] = GroupCell(price, bp)
    cells: dict[uuid.UUID, tuple[str, ...]] = {}
    for product_id in set(steps) | set(prices):
        own = steps.get(product_id, {})
        carton = carton_of.get(product_id)
        group_cells = []
        for group in active:
            cell = prices.get(product_id, {}).get(group.id)
            group_cells.append(
                ""
                if cell is None
                else fmt.number(cell.price)
                if cell.price is not None
                else fmt.percent(cell.percent_bp or 0)
            )
        cells[product_id] = (
            steps_text(own.get(MILLI, [])),
            steps_text(own.get(carton, [])) if carton else "",
            *group_cells,
        )
    headers = tuple(GROUP_HEADER.format(name=g.name) for g in active)
    return ExportColumns(headers, cells)

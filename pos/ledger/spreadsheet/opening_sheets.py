"""Opening balances from the sheets a shop brings: stock on hand per product, what each customer owes today, and
what the shop owes each supplier.

Each sheet is imported as it would be on its own (products, customers or suppliers added and updated, all or
nothing) and its opening columns are read beside: `stok` (at the product's cost), `utang` with `tanggal` (the day a
kasbon began), `utang` with `jatuh_tempo`. Problems in either part are reported together, by row and column, and
nothing is written while there is one. Everything runs in the caller's transaction.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from pos.i18n import N_
from pos.ledger.base import fmt
from pos.ledger.base.errors import InvalidInput
from pos.ledger.base.money import MILLI, div_round_half_up
from pos.ledger.books.approvals import Actor
from pos.ledger.books.opening_balances import Debt, OpeningStock
from pos.ledger.schema import Product
from pos.ledger.spreadsheet.sheet_cells import Cell, Noted, date_cell, money_cell, qty_cell
from pos.ledger.spreadsheet.sheet_headers import CUSTOMER_ALIASES, PRODUCT_ALIASES, SUPPLIER_ALIASES, Aliases
from pos.ledger.spreadsheet.spreadsheet import (
    Columns,
    ImportResult,
    Layout,
    RowProblem,
    RowReader,
    Sheet,
    SheetRejected,
    data_rows,
    find_layout,
    import_customers,
    import_products,
    read_sheet,
)
from pos.ledger.spreadsheet.supplier_import import import_suppliers


@dataclass(frozen=True, slots=True)
class SheetFile:
    """A spreadsheet to bring in, with the headers a person mapped to columns."""

    path: Path
    columns: Mapping[str, str] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class FromSheet:
    """What one sheet brought: the import's outcome and the opening lines it gives."""

    result: ImportResult
    notes: tuple[RowProblem, ...]
    stock: tuple[OpeningStock, ...] = ()
    debts: tuple[Debt, ...] = ()


def _not_negative(parse: Callable[[Cell], int | Noted[int]], msgid: str) -> Callable[[Cell], int | Noted[int]]:
    def read(value: Cell) -> int | Noted[int]:
        found = parse(value)
        if (found.value if isinstance(found, Noted) else found) < 0:
            raise InvalidInput(msgid)
        return found

    return read


def _not_after(day: dt.date, msgid: str) -> Callable[[Cell], dt.date]:
    def read(value: Cell) -> dt.date:
        found = date_cell(value)
        if found > day:
            raise InvalidInput(msgid, day=fmt.date(day))
        return found

    return read


def _require_column(
    sheet: Sheet, aliases: Aliases, required: Sequence[str], columns: Columns | None, column: str, msgid: str
) -> Layout:
    """The sheet's layout; refused without the opening column it is brought for, naming the headers not known."""
    layout = find_layout(sheet, aliases, required, columns)
    if column not in layout.index:
        raise InvalidInput(msgid, unknown=", ".join(layout.skipped) or "-")
    return layout


def _together(first: Sequence[RowProblem], second: Sequence[RowProblem]) -> SheetRejected:
    return SheetRejected(sorted([*first, *second], key=lambda p: (p.row, p.column)))


def stock_from_sheet(
    session: Session, actor: Actor | None, source: SheetFile, *, sku_barcodes: bool = False
) -> FromSheet:
    """Import a product sheet and read its `stok` column as the opening stock, valued at each product's cost."""
    sheet = read_sheet(source.path)
    columns = source.columns or None
    layout = _require_column(
        sheet,
        PRODUCT_ALIASES,
        ("nama", "harga_jual"),
        columns,
        "stok",
        N_("The sheet has no stok column (stock on hand). Headers Laci does not know: {unknown}."),
    )
    problems: list[RowProblem] = []
    notes: list[RowProblem] = []
    quantities: dict[int, int] = {}
    read_qty = _not_negative(qty_cell, N_("Stock on hand cannot be negative."))
    for number, values in data_rows(sheet, layout, []):
        reader = RowReader(layout, number, values, problems, notes)
        qty = reader.get("stok", read_qty)
        if qty:
            quantities[number] = qty
    try:
        result = import_products(session, sheet, actor=actor, columns=columns, sku_barcodes=sku_barcodes)
    except SheetRejected as rejected:
        raise _together(rejected.problems, problems) from None
    if problems:
        raise SheetRejected(problems)
    ids = [result.row_ids[n] for n in quantities]
    costs = _costs(session, ids)
    stock: list[OpeningStock] = []
    for number, qty in quantities.items():
        pid = result.row_ids[number]
        cost = costs[pid]
        if cost == 0:
            notes.append(
                RowProblem(
                    number, layout.labels["stok"], N_("The product has no cost, so its stock is valued at Rp 0.")
                )
            )
        stock.append(OpeningStock(pid, qty, div_round_half_up(cost * qty, MILLI)))
    return FromSheet(result, (*result.notes, *notes), tuple(stock))


def _costs(session: Session, ids: Sequence[uuid.UUID]) -> dict[uuid.UUID, int]:
    out: dict[uuid.UUID, int] = {}
    for start in range(0, len(ids), 500):
        chunk = list(ids[start : start + 500])
        out.update(
            {r.id: int(r.cost) for r in session.execute(select(Product.id, Product.cost).where(Product.id.in_(chunk)))}
        )
    return out


def _debts_from_sheet(
    session: Session,
    source: SheetFile,
    day: dt.date,
    kind: str,
) -> FromSheet:
    sheet = read_sheet(source.path)
    columns = source.columns or None
    aliases = CUSTOMER_ALIASES if kind == "receivable" else SUPPLIER_ALIASES
    missing = (
        N_("The sheet has no utang column (what each customer owes today). Headers Laci does not know: {unknown}.")
        if kind == "receivable"
        else N_(
            "The sheet has no utang column (what the shop owes each supplier). Headers Laci does not know: {unknown}."
        )
    )
    layout = _require_column(sheet, aliases, ("nama",), columns, "utang", missing)
    problems: list[RowProblem] = []
    notes: list[RowProblem] = []
    found: dict[int, tuple[int, dt.date | None, dt.date | None]] = {}
    read_owed = _not_negative(money_cell, N_("A debt brought in cannot be negative."))
    since = _not_after(day, N_("A kasbon brought in cannot begin after the opening day, {day}."))
    for number, values in data_rows(sheet, layout, []):
        reader = RowReader(layout, number, values, problems, notes)
        owed = reader.get("utang", read_owed)
        began = reader.get("tanggal", since) if kind == "receivable" else None
        due = reader.get("jatuh_tempo", date_cell) if kind == "payable" else None
        if owed:
            found[number] = (owed, began, due)
    try:
        result = (
            import_customers(session, sheet, columns=columns)
            if kind == "receivable"
            else import_suppliers(session, sheet, columns=columns)
        )
    except SheetRejected as rejected:
        raise _together(rejected.problems, problems) from None
    if problems:
        raise SheetRejected(problems)
    debts = tuple(Debt(kind, result.row_ids[number], owed, began, due) for number, (owed, began, due) in found.items())
    return FromSheet(result, (*result.notes, *notes), (), debts)


def customers_from_sheet(session: Session, source: SheetFile, day: dt.date) -> FromSheet:
    """Import a customer sheet and read `utang` (what each owes today) and `tanggal` (since when) beside it."""
    return _debts_from_sheet(session, source, day, "receivable")


def suppliers_from_sheet(session: Session, source: SheetFile, day: dt.date) -> FromSheet:
    """Import a supplier sheet and read `utang` (what the shop owes) and `jatuh_tempo` (when it is due) beside it."""
    return _debts_from_sheet(session, source, day, "payable")

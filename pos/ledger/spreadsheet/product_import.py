"""Importing a product sheet, all or nothing, as its steps: read and match every row, check the sheet and who
imports it, add and change the products, then their prices and their variants, recipes and add-ons.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Final

from sqlalchemy.orm import Session

from pos.i18n import N_
from pos.ledger.base.clock import utc_now
from pos.ledger.base.errors import InvalidInput
from pos.ledger.base.money import Money
from pos.ledger.books import audit
from pos.ledger.books.approvals import Actor, Approval, require
from pos.ledger.replication import authority
from pos.ledger.spreadsheet import kinds_cells, kinds_columns, price_columns
from pos.ledger.spreadsheet.bulk_products import NewProduct, collector_paused, insert_products
from pos.ledger.spreadsheet.product_cells import ProductRow, parse_product
from pos.ledger.spreadsheet.product_matching import ShopIndex, barcode_changes, edit_for, match_product
from pos.ledger.spreadsheet.sheet_files import (
    Sheet,
    SheetSource,
    addon_table,
    is_blank,
    load_sheet,
)
from pos.ledger.spreadsheet.sheet_headers import PRODUCT_ALIASES
from pos.ledger.spreadsheet.sheet_rows import (
    Columns,
    ImportResult,
    Layout,
    RowProblem,
    RowReader,
    SheetRejected,
    data_rows,
    find_layout,
    name_key,
    opening_labels,
)
from pos.ledger.stock import products


def import_products(
    session: Session,
    path: SheetSource,
    *,
    actor: Actor | None,
    approvals: Sequence[Approval] = (),
    at: dt.datetime | None = None,
    columns: Columns | None = None,
    sku_barcodes: bool = False,
) -> ImportResult:
    """Add and update products from a spreadsheet, all or nothing; raises `SheetRejected` listing bad rows.

    `actor` must be the owner (or bring an owner's approval) when rows change products the shop has; rows that
    change nothing need nobody. `columns` maps headers to columns (see `find_layout`); with `sku_barcodes`, an SKU
    that is a valid EAN or UPC is added as the product's barcode too.
    """
    with collector_paused():
        return _import_products(
            session, load_sheet(path), actor, approvals, at or utc_now(), columns, sku_barcodes, addon_table(path)
        )


def _addon_groups(sheet: Sheet | None, problems: list[RowProblem]) -> dict[str, kinds_cells.AddonGroup]:
    if sheet is None:
        return {}
    layout = find_layout(sheet, kinds_cells.ADDON_ALIASES, ("nama", "pilihan"))
    notes: list[RowProblem] = []

    def problem_at(row: int, column: str, msgid: str) -> Callable[..., None]:
        label = f"{sheet.name}: {layout.labels.get(column, column)}" if column else sheet.name
        return lambda **params: problems.append(RowProblem(row, label, msgid, params))

    rows = [
        (number, {c: values[i] for c, i in layout.index.items() if i < len(values) and not is_blank(values[i])})
        for number, values in data_rows(sheet, layout, notes)
    ]
    return kinds_cells.read_addons(rows, problem_at)


_NEW_CATEGORY: Final = uuid.UUID(int=0)  # stands for a category the import is about to create


@dataclass(slots=True)
class _FirstRows:
    """The first row each barcode, SKU, item code, new product's name and matched product is on: a later row
    with the same is refused, naming the first."""

    code: dict[str, int] = field(default_factory=dict)
    sku: dict[str, int] = field(default_factory=dict)
    plu: dict[str, int] = field(default_factory=dict)
    name: dict[str, int] = field(default_factory=dict)
    product: dict[uuid.UUID, int] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class _ProductSheet:
    """A product sheet read against the shop: the rows that add products, those that match one (and of these,
    those that change it), each row's prices and kinds, and every problem and note found."""

    layout: Layout
    new_rows: list[ProductRow]
    updates: list[tuple[ProductRow, uuid.UUID]]
    changing: list[tuple[ProductRow, uuid.UUID]]
    row_prices: dict[int, price_columns.RowPrices]
    row_kinds: list[kinds_cells.RowKinds]
    catalogue: kinds_columns.Catalogue
    problems: list[RowProblem]
    notes: list[RowProblem]


def _import_products(
    session: Session,
    sheet: Sheet,
    actor: Actor | None,
    approvals: Sequence[Approval],
    when: dt.datetime,
    columns: Columns | None,
    sku_barcodes: bool,
    addon_sheet: Sheet | None = None,
) -> ImportResult:
    aliases = {**PRODUCT_ALIASES, **price_columns.group_aliases(session)}
    layout = find_layout(sheet, aliases, ("nama", "harga_jual"), columns)
    shop = ShopIndex.load(session)
    read = _read_products(session, sheet, layout, shop, sku_barcodes)
    addons = _addon_groups(addon_sheet, read.problems)
    _check_import(session, read, addons, shop, actor)
    authority.require_owner_device(session, "products")
    approved_by = require(actor, "edit_product", approvals, when) if read.changing and actor is not None else None
    row_ids = _write_import(session, read, shop, actor, approvals, when)
    if read.new_rows or read.changing:
        audit.record(
            session,
            "product.import",
            at=when,
            user_id=actor.user_id if actor else None,
            approved_by=approved_by,
            detail={"file": sheet.name, "created": len(read.new_rows), "updated": len(read.changing)},
        )
    for number, prices in read.row_prices.items():
        price_columns.apply_prices(session, row_ids[number], prices)
    kinds_changed = 0
    if read.row_kinds or addons:
        assert actor is not None  # refused by _check_import otherwise
        touched = kinds_columns.apply(session, actor, read.row_kinds, addons, read.catalogue, row_ids)
        # Rows whose product changed only in its variants, recipe or add-ons count as updated too.
        kinds_changed = len(touched - {row.row for row in read.new_rows} - {row.row for row, _pid in read.changing})
    return ImportResult(
        len(read.new_rows),
        len(read.changing) + kinds_changed,
        len(read.updates) - len(read.changing) - kinds_changed,
        layout.skipped,
        tuple(read.notes),
        row_ids,
        opening_labels(layout),
    )


def _read_products(
    session: Session, sheet: Sheet, layout: Layout, shop: ShopIndex, sku_barcodes: bool
) -> _ProductSheet:
    """Parse each row, match it to the shop's products, and sort it: new, matched, or matched and changing."""
    row_prices: dict[int, price_columns.RowPrices] = {}
    problems: list[RowProblem] = []
    notes: list[RowProblem] = []
    new_rows: list[ProductRow] = []
    updates: list[tuple[ProductRow, uuid.UUID]] = []
    changing: list[tuple[ProductRow, uuid.UUID]] = []
    firsts = _FirstRows()
    row_kinds: list[kinds_cells.RowKinds] = []
    # A price list without variant, recipe or add-on columns (most of them) pays nothing for them.
    with_kinds = any(column in layout.index for column in kinds_cells.COLUMNS)
    row_names: dict[int, str] = {}
    row_skus: dict[int, str | None] = {}
    row_match: dict[int, uuid.UUID | None] = {}
    for number, values in data_rows(sheet, layout, notes):
        reader = RowReader(layout, number, values, problems, notes)
        row = parse_product(reader, sku_barcodes)
        if row is None:
            continue
        prices = price_columns.read_prices(reader.cells, row.carton_milli, reader.problem)
        if prices.says_anything:
            row_prices[number] = prices
        if with_kinds:
            kinds = kinds_cells.read_row(number, reader.cells, reader.problem)
            if kinds.says_anything:
                row_kinds.append(kinds)
        _refuse_repeats(reader, row, firsts)
        match = match_product(row, shop, reader)
        _refuse_repeated_product(reader, row, match, firsts, shop)
        row_names[number], row_skus[number], row_match[number] = row.name, row.sku, match
        if not reader.ok:
            continue
        if match is None:
            new_rows.append(row)
            continue
        updates.append((row, match))
        if _changes_product(session, row, match, shop, row_prices.get(number)):
            changing.append((row, match))
    catalogue = kinds_columns.Catalogue(row_names, row_skus, shop.by_name, shop.by_sku, row_match)
    return _ProductSheet(layout, new_rows, updates, changing, row_prices, row_kinds, catalogue, problems, notes)


def _refuse_repeats(reader: RowReader, row: ProductRow, firsts: _FirstRows) -> None:
    """A barcode, SKU or item code already on an earlier row of the sheet."""
    for column, codes in (("barcode", row.codes), ("barcode_karton", row.carton_codes)):
        for code in codes:
            other = firsts.code.setdefault(code, row.row)
            if other != row.row:
                reader.problem(column, N_("Barcode {code} is also on row {other}."), code=code, other=other)
    for column, value, first, msgid in (
        ("sku", row.sku, firsts.sku, N_("SKU {sku} is also on row {other}.")),
        ("plu", row.plu, firsts.plu, N_("Item code {plu} is also on row {other}.")),
    ):
        if value:
            other = first.setdefault(value, row.row)
            if other != row.row:
                reader.problem(column, msgid, sku=value, plu=value, other=other)


def _refuse_repeated_product(
    reader: RowReader, row: ProductRow, match: uuid.UUID | None, firsts: _FirstRows, shop: ShopIndex
) -> None:
    """A new product named as on an earlier row, or a product of the shop an earlier row already updates."""
    if match is None:
        other = firsts.name.setdefault(name_key(row.name), row.row)
        if other != row.row:
            reader.problem("nama", N_("The name {name} is also on row {other}."), name=row.name, other=other)
    else:
        other = firsts.product.setdefault(match, row.row)
        if other != row.row:
            reader.problem("", N_("Row {other} already updates {name}."), other=other, name=shop.products[match].name)


def _changes_product(
    session: Session,
    row: ProductRow,
    match: uuid.UUID,
    shop: ShopIndex,
    prices: price_columns.RowPrices | None,
) -> bool:
    """Whether a matched row changes its product: its fields, its barcodes or its prices."""
    category = shop.categories.get(name_key(row.category), _NEW_CATEGORY) if row.category else None
    return (
        edit_for(row, shop.products[match], category) is not None
        or bool(barcode_changes(row, shop, match))
        or (prices is not None and price_columns.changes_prices(session, match, prices))
    )


def _check_import(
    session: Session,
    read: _ProductSheet,
    addons: dict[str, kinds_cells.AddonGroup],
    shop: ShopIndex,
    actor: Actor | None,
) -> None:
    """Refuse the whole sheet on any problem, and kinds or changes to the shop's products from anyone but the
    owner."""
    problems = read.problems

    def problem_at(row: int, column: str, msgid: str) -> Callable[..., None]:
        label = read.layout.labels.get(column, column) if column else ""
        return lambda **params: problems.append(RowProblem(row, label, msgid, params))

    if read.row_kinds or addons:
        kinds_columns.check(session, read.row_kinds, addons, read.catalogue, problem_at)
    if problems:
        raise SheetRejected(sorted(problems, key=lambda p: p.row))
    if (read.row_kinds or addons) and actor is None:
        raise InvalidInput(N_("Only the owner may give products variants, recipes or add-ons."))
    if read.changing and actor is None:
        # One refusal for the file, not one per row: who may change products is a matter of who imports.
        first, pid = read.changing[0]
        raise InvalidInput(
            N_(
                "{n} row(s) change products the shop already has (the first is row {row}, {name}); only the owner "
                "may change products."
            ),
            n=len(read.changing),
            row=first.row,
            name=shop.products[pid].name,
        )


def _write_import(
    session: Session,
    read: _ProductSheet,
    shop: ShopIndex,
    actor: Actor | None,
    approvals: Sequence[Approval],
    when: dt.datetime,
) -> dict[int, uuid.UUID]:
    """Add the new categories and products, change the matched ones; the product of each row, by row number."""
    category_ids = dict(shop.categories)
    for row in [*read.new_rows, *(r for r, _pid in read.changing)]:
        if row.category and name_key(row.category) not in category_ids:
            category_ids[name_key(row.category)] = products.add_category(session, row.category)

    def category_of(row: ProductRow) -> uuid.UUID | None:
        return category_ids[name_key(row.category)] if row.category else None

    new_ids = insert_products(session, [_new_product(row, category_of(row)) for row in read.new_rows], when)
    for row, pid in read.changing:
        edit = edit_for(row, shop.products[pid], category_of(row))
        if edit is not None:
            assert actor is not None  # refused by _check_import otherwise
            products.edit_product(session, actor, pid, edit, approvals=approvals, at=when)
        for spec, replaces in barcode_changes(row, shop, pid):
            if replaces:
                products.remove_barcode(session, pid, spec.code)
            products.add_barcode(session, pid, spec)
    row_ids: dict[int, uuid.UUID] = {row.row: pid for row, pid in zip(read.new_rows, new_ids, strict=True)}
    row_ids.update({row.row: pid for row, pid in read.updates})
    return row_ids


def _new_product(row: ProductRow, category_id: uuid.UUID | None) -> NewProduct:
    return NewProduct(
        name=row.name,
        price=Money(row.price),
        cost=Money(row.cost or 0),
        sku=row.sku,
        plu=row.plu,
        unit=row.unit or "pcs",
        barcodes=row.specs(),
        ppn_exempt=row.taxed is False,
        is_weighed=bool(row.weighed),
        low_stock=row.low_stock or 0,
        category_id=category_id,
    )

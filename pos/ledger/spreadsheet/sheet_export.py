"""Products and customers written to a .csv or .xlsx file in the layout the imports read, so export then import
round-trips.
"""

from __future__ import annotations

import csv
import uuid
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import Final

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from pos.i18n import N_, _
from pos.ledger.base.errors import InvalidInput
from pos.ledger.base.money import MILLI
from pos.ledger.schema import Category, Customer, Product, ProductBarcode
from pos.ledger.spreadsheet import kinds_cells, kinds_columns, price_columns
from pos.ledger.spreadsheet.customer_import import CUSTOMER_COLUMNS
from pos.ledger.spreadsheet.product_cells import PRODUCT_COLUMNS
from pos.ledger.spreadsheet.sheet_files import (
    column_letter,
)


def _qty_text(milli: int) -> int | str:
    whole, frac = divmod(milli, MILLI)
    if not frac:
        return whole
    return f"{whole},{str(frac).rjust(3, '0').rstrip('0')}"


def _product_rows(session: Session) -> Iterator[tuple[uuid.UUID, int | None, list[object]]]:
    """Each active product's id, the pack size in its carton columns, and its row."""
    packs: dict[uuid.UUID, list[tuple[str, int, int | None]]] = {}
    for r in session.execute(
        select(ProductBarcode.product_id, ProductBarcode.barcode, ProductBarcode.pack_milli, ProductBarcode.pack_price)
        .join(Product, Product.id == ProductBarcode.product_id)
        .where(Product.is_active)
        .order_by(ProductBarcode.pack_milli, ProductBarcode.barcode)
    ):
        packs.setdefault(r.product_id, []).append((r.barcode, r.pack_milli, r.pack_price))
    query = (
        select(Product, Category.name.label("category"))
        .outerjoin(Category, Category.id == Product.category_id)
        .where(Product.is_active)
        .order_by(func.lower(Product.name), Product.name)
    )
    for product, category in session.execute(query):
        held = packs.get(product.id, [])
        pieces = [code for code, milli, _price in held if milli == MILLI]
        others = [(code, milli, price) for code, milli, price in held if milli != MILLI]
        # One pack size fits the carton columns; others stay in the shop, and an import never removes them.
        carton = [x for x in others if others and (x[1], x[2]) == (others[0][1], others[0][2])]
        yield (
            product.id,
            carton[0][1] if carton else None,
            [
                product.name,
                product.sku or "",
                " ".join(pieces),
                category or "",
                product.unit,
                product.price,
                product.cost,
                _qty_text(product.low_stock_milli),
                "tidak" if product.ppn_exempt else "ya",
                " ".join(code for code, _m, _p in carton),
                _qty_text(carton[0][1]) if carton else "",
                carton[0][2] if carton and carton[0][2] is not None else "",
                product.plu or "",
                "ya" if product.is_weighed else "tidak",
            ],
        )


def _customer_rows(session: Session) -> Iterator[list[object]]:
    query = select(Customer).where(Customer.is_active).order_by(func.lower(Customer.name), Customer.name)
    for c in session.scalars(query):
        yield [c.name, c.phone, c.address, c.credit_limit]


_TEXT_COLUMNS: Final = frozenset({"sku", "barcode", "barcode_karton", "plu", "telepon"})


Table = tuple[Sequence[str], Iterable[list[object]]]


def _write(path: Path, header: Sequence[str], rows: Iterable[list[object]], beside: Table | None = None) -> int:
    """Write the rows under the header; `beside` (the add-on groups) as the workbook's second sheet, or as
    `<name>-tambahan.csv` beside a CSV file."""
    suffix = path.suffix.lower()
    if suffix not in (".csv", ".xlsx"):
        raise InvalidInput(N_("Use a .csv or .xlsx file, not {file}."), file=path.name)
    count = 0
    if suffix == ".csv":
        with path.open("w", encoding="utf-8-sig", newline="") as out:
            writer = csv.writer(out, delimiter=";")
            writer.writerow(header)
            for row in rows:
                writer.writerow(row)
                count += 1
        if beside is not None:
            with path.with_name(f"{path.stem}-tambahan{path.suffix}").open(
                "w", encoding="utf-8-sig", newline=""
            ) as out:
                writer = csv.writer(out, delimiter=";")
                writer.writerow(beside[0])
                writer.writerows(beside[1])
        return count
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font

    book = Workbook(write_only=True)
    sheet = book.create_sheet("Produk" if "harga_jual" in header else "Pelanggan")
    for i, column in enumerate(header):
        sheet.column_dimensions[column_letter(i)].width = 40 if column in ("nama", "alamat") else 16
    bold = Font(bold=True)
    head = []
    for column in header:
        cell = WriteOnlyCell(sheet, value=column)
        cell.font = bold
        head.append(cell)
    sheet.append(head)
    text_at = [i for i, column in enumerate(header) if column in _TEXT_COLUMNS]
    for row in rows:
        for i in text_at:
            row[i] = str(row[i])  # barcodes and phone numbers as text, so no leading zero is lost
        sheet.append([None if v == "" else v for v in row])
        count += 1
    if beside is not None:
        more = book.create_sheet(kinds_cells.ADDON_SHEET)
        more.append(list(beside[0]))
        for row in beside[1]:
            more.append([None if v == "" else v for v in row])
    if "harga_jual" in header:
        notes = book.create_sheet(kinds_cells.INSTRUCTIONS_SHEET)
        notes.column_dimensions["A"].width = 120
        for line in kinds_cells.INSTRUCTIONS:
            notes.append([_(line)])
    book.save(path)
    return count


def _with_prices(
    session: Session, rows: Iterable[tuple[uuid.UUID, int | None, list[object]]]
) -> tuple[tuple[str, ...], Iterator[list[object]]]:
    """The export's header and rows with the wholesale steps and every customer group's price at the end."""
    listed = list(rows)
    extra = price_columns.export_columns(session, {pid: pack for pid, pack, _row in listed if pack is not None})
    blank = ("",) * (2 + len(extra.headers))
    kinds = kinds_columns.export_cells(session, [pid for pid, _pack, _row in listed])
    no_kinds = [""] * len(kinds_cells.COLUMNS)
    header = (*PRODUCT_COLUMNS, *extra.headers, *kinds_cells.COLUMNS)
    return header, (row + list(extra.cells.get(pid, blank)) + kinds.get(pid, no_kinds) for pid, _pack, row in listed)


def export_products(session: Session, path: Path | str) -> int:
    """Write the active products to a .csv or .xlsx file in the import layout, wholesale steps and each customer
    group's price included; returns how many."""
    header, rows = _with_prices(session, _product_rows(session))
    addons = kinds_columns.addon_rows(session)
    beside = (kinds_cells.ADDON_COLUMNS, addons) if addons else None
    return _write(Path(path), header, rows, beside)


def export_customers(session: Session, path: Path | str) -> int:
    """Write the active customers to a .csv or .xlsx file in the import layout; returns how many."""
    return _write(Path(path), CUSTOMER_COLUMNS, _customer_rows(session))

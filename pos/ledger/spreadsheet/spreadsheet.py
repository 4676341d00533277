"""Products and customers to and from the spreadsheets shops keep (CSV or XLSX), checked whole before any write.

Layout (header names match ignoring case, spaces, underscores and a bracketed note such as "(Rp)"; the aliases in
`sheet_headers`, such as other apps' export headers, are accepted, and a person may map any other header to a
column; unknown columns are skipped and reported back):

- products: `nama, sku, barcode, kategori, satuan, harga_jual, harga_modal, stok_minimum, kena_ppn`, optional
  `barcode_karton, isi_karton, harga_karton` (one pack size per row) and `plu, ditimbang` (weighed items whose
  scale labels carry the item code). `barcode` may hold several codes separated by spaces, `|` or commas.
- products with variants, recipes and add-ons: `induk, opsi, nilai_opsi, resep, dibuat_pesanan, tambahan`, and
  the add-on groups in a second table (the workbook's sheet `Tambahan`, or `<name>-tambahan.csv` beside a CSV);
  see `kinds_cells` for the layout and `kinds_columns` for the checks. An XLSX export also has a `Petunjuk` sheet
  saying how to fill these in.
- customers: `nama, telepon, alamat, batas_kasbon`.

The opening balances read `stok` from a product sheet and `utang` (what a customer owes today) with `tanggal` from
a customer sheet (see `opening_sheets`); these imports recognise them and leave them to it. Rows that are a
template's example or instructions are skipped with a note, and cells are read by `sheet_cells`.

Reading: CSV is UTF-8 (a BOM is fine; Windows-1252 is the fallback), its separator (`,`, `;` or tab) is taken
from the header line; XLSX is read with openpyxl in read-only mode from the first sheet, where a title above the
header is allowed. Row numbers in messages are the ones the spreadsheet shows. Prices may be `12500`, `12.500`,
`Rp 12.500`, `12,500` or a number cell; a number cell with a fraction is refused, so no float reaches money.

An import is all or nothing: every row is checked (and every problem reported, in the user's language) before
anything is written, and one bad row means nothing is written at all. Blank rows are skipped.

Rows for products the shop already has UPDATE them (owners keep their price list in a spreadsheet): a row is
the existing product with its SKU; failing that, the product owning one of its barcodes or its item code when
the names agree (ignoring case and spacing); failing that, the one product with exactly that name. A barcode that
belongs to a product with another name is refused rather than taken over, so a mistyped code cannot rename a
product. Updates go through `products.edit_product` (so price and cost history are kept, and they need an owner);
blank cells leave a field as it is, new barcodes are added and none is removed. Item codes (PLU) of existing
products are not changed by an import.

New products are written by `bulk_add_products`: `catalog.add_product` costs about a millisecond per product
(seven statements, three of them for its outbox event), too slow for a 100,000-line price list, so the same
checks run in memory and the rows go in with multi-row inserts; the FTS5 search indexes are filled in one pass
each (`search_index.bulk_indexing`) and the outbox gets one batch of product changes per 500 products.

Export writes the same layout (active products, by name), so export then import round-trips. CSV exports use
`;` and a BOM, which Excel set to Indonesian opens in columns; barcodes are written as text in XLSX so leading
zeros survive.
"""

from __future__ import annotations

import csv
import datetime as dt
import gc
import io
import re
import uuid
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Final, TypeVar

from sqlalchemy import func, insert, select
from sqlalchemy.orm import InstrumentedAttribute, Session

from pos.i18n import N_, _
from pos.ledger.base.clock import utc_now
from pos.ledger.base.errors import InvalidInput, LedgerError
from pos.ledger.base.ids import ProductId, new_id
from pos.ledger.base.money import MILLI, ZERO, Money
from pos.ledger.books import audit
from pos.ledger.books.approvals import Actor, Approval, require
from pos.ledger.people import customers
from pos.ledger.replication import authority
from pos.ledger.replication.changes import record_changes
from pos.ledger.schema import Category, Customer, Product, ProductBarcode
from pos.ledger.spreadsheet import kinds_cells, kinds_columns, price_columns
from pos.ledger.spreadsheet.sheet_cells import (
    Cell,
    Noted,
    barcode_in_sku,
    codes_cell,
    money_cell,
    qty_cell,
    restored_barcode,
    template_row,
    yes_no_cell,
)
from pos.ledger.spreadsheet.sheet_cells import cell_text as _text
from pos.ledger.spreadsheet.sheet_cells import limited_text as _limited
from pos.ledger.spreadsheet.sheet_cells import phone_cell as _phone
from pos.ledger.spreadsheet.sheet_headers import CUSTOMER_ALIASES, PRODUCT_ALIASES, Aliases, norm_header
from pos.ledger.stock import barcodes, products
from pos.ledger.stock.own_barcodes import scale_items
from pos.ledger.stock.product_records import BarcodeSpec
from pos.ledger.stock.search_index import bulk_indexing

PRODUCT_COLUMNS: Final = (
    "nama",
    "sku",
    "barcode",
    "kategori",
    "satuan",
    "harga_jual",
    "harga_modal",
    "stok_minimum",
    "kena_ppn",
    "barcode_karton",
    "isi_karton",
    "harga_karton",
    "plu",
    "ditimbang",
    "harga_grosir",
    "harga_grosir_karton",
)
CUSTOMER_COLUMNS: Final = ("nama", "telepon", "alamat", "batas_kasbon")

# Field lengths of the tables, checked here because SQLite would store longer text without a word.
_MAX_NAME: Final = 120
_MAX_SKU: Final = 40
_MAX_UNIT: Final = 16
_MAX_CATEGORY: Final = 60
_MAX_BARCODE: Final = 48
_MAX_PLU: Final = 10
_MAX_ADDRESS: Final = 200
# Scale labels of the default layouts carry a 5-digit item code; a number cell has lost its leading zeros.
_PLU_DIGITS: Final = 5
_HEADER_SEARCH_ROWS: Final = 10
_EVENT_BATCH: Final = 500
_PRODUCTS: Final = Product.metadata.tables["products"]
_BARCODES: Final = Product.metadata.tables["product_barcodes"]

# Columns the opening balances read from these sheets (see `opening_sheets`); an import leaves them be.
OPENING_COLUMNS: Final = frozenset({"stok", "utang", "tanggal", "jatuh_tempo"})

_T = TypeVar("_T")


# --- problems ---------------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class RowProblem:
    """One thing wrong with one row: where it is, as the spreadsheet shows it, and what is wrong."""

    row: int
    column: str  # the header as written in the file, with its column letter; "" for the row as a whole
    msgid: str
    params: Mapping[str, object] = field(default_factory=dict)

    @property
    def problem(self) -> str:
        text = _(self.msgid)
        return text.format(**self.params) if self.params else text

    def __str__(self) -> str:
        if self.column:
            return _("Row {row}, column {column}: {problem}").format(
                row=self.row, column=self.column, problem=self.problem
            )
        return _("Row {row}: {problem}").format(row=self.row, problem=self.problem)


class SheetRejected(InvalidInput):
    """The file had bad rows; nothing was imported. `problems` lists every one of them."""

    def __init__(self, problems: Sequence[RowProblem]) -> None:
        super().__init__(N_("{n} problem(s) in the file; nothing was imported."), n=len(problems))
        self.problems = tuple(problems)

    def __str__(self) -> str:
        return "\n".join([super().__str__(), *(str(p) for p in self.problems)])


@dataclass(frozen=True, slots=True)
class ImportResult:
    created: int
    updated: int
    unchanged: int
    skipped_columns: tuple[str, ...] = ()  # headers the import did not know, as written in the file
    notes: tuple[RowProblem, ...] = ()  # rows skipped as a template's, cells taken with something to say
    # The product or customer each imported row stands for, by the row number the spreadsheet shows.
    row_ids: Mapping[int, uuid.UUID] = field(default_factory=dict)
    # Columns the opening balances read (stock on hand, what a customer owes), as "Header (F)".
    opening_columns: tuple[str, ...] = ()

    @property
    def rows(self) -> int:
        return self.created + self.updated + self.unchanged


@contextmanager
def collector_paused() -> Iterator[None]:
    """Run a large import without Python's cyclic garbage collector, turning it back on after.

    An import holds hundreds of thousands of rows, none of them in a reference cycle; as they pile up the
    collector walks them again and again (thousands of passes, a fifth of a 100,000-product import's time).
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


# --- reading sheets ---------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Sheet:
    """The non-blank rows of a file, each with the row number the spreadsheet shows."""

    name: str
    rows: list[tuple[int, tuple[Cell, ...]]]


def _is_blank(value: Cell) -> bool:
    # A lone dash is how many shops fill a cell that has nothing in it.
    return value is None or (isinstance(value, str) and value.strip() in ("", "-", "–"))


def _has_value(values: Sequence[Cell]) -> bool:
    return any(not _is_blank(value) for value in values)


def _decode(data: bytes) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        # Excel's plain "CSV" on Windows writes the ANSI code page, not UTF-8.
        return data.decode("cp1252", errors="replace")


def sniff_separator(text: str) -> str:
    """`,`, `;` or tab: whichever the first non-blank line (the header) uses most."""
    first = next((line for line in text.splitlines() if line.strip()), "")
    counts = {sep: first.count(sep) for sep in (",", ";", "\t")}
    best = max(counts, key=lambda sep: counts[sep])
    return best if counts[best] else ","


def _read_csv(path: Path) -> Sheet:
    text = _decode(path.read_bytes())
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=sniff_separator(text))
    rows: list[tuple[int, tuple[Cell, ...]]] = []
    for number, record in enumerate(reader, 1):
        if _has_value(record):
            rows.append((number, tuple(record)))
    return Sheet(path.name, rows)


def _read_xlsx(path: Path, named: str | None = None) -> Sheet | None:
    from openpyxl import load_workbook  # only the back office needs it; keep the counter's start-up light

    try:
        book = load_workbook(path, read_only=True, data_only=True)
    except Exception as err:  # openpyxl raises many kinds (zip, XML, KeyError) for a damaged or foreign file
        raise InvalidInput(
            N_("{file} cannot be read as an XLSX workbook: {detail}"), file=path.name, detail=err
        ) from err
    try:
        if named is not None and named not in book.sheetnames:
            return None
        sheet = book.worksheets[0] if named is None else book[named]
        # A wrong <dimension> in the file would otherwise cut rows off; numbering must start at A1 whatever it says.
        sheet.reset_dimensions()
        rows: list[tuple[int, tuple[Cell, ...]]] = []
        for number, values in enumerate(sheet.iter_rows(min_row=1, min_col=1, values_only=True), 1):
            if _has_value(values):
                rows.append((number, tuple(values)))
        return Sheet(path.name if named is None else named, rows)
    finally:
        book.close()


def read_sheet(path: Path | str) -> Sheet:
    """The rows of a .csv or .xlsx file."""
    source = Path(path)
    suffix = source.suffix.lower()
    if suffix not in (".csv", ".txt", ".xlsx", ".xlsm"):
        raise InvalidInput(N_("Use a .csv or .xlsx file, not {file}."), file=source.name)
    if not source.is_file():
        raise InvalidInput(N_("File {file} does not exist."), file=str(source))
    if suffix in (".csv", ".txt"):
        return _read_csv(source)
    sheet = _read_xlsx(source)
    assert sheet is not None  # the first sheet is always there
    return sheet


def column_letter(index: int) -> str:
    """`A` for the first column (index 0), `AA` for the 27th."""
    letters = ""
    n = index + 1
    while n:
        n, rem = divmod(n - 1, 26)
        letters = chr(ord("A") + rem) + letters
    return letters


@dataclass(frozen=True, slots=True)
class Layout:
    header_row: int
    index: dict[str, int]  # column -> position
    labels: dict[str, str]  # column -> "Header (F)"
    skipped: tuple[str, ...]


Columns = Mapping[str, str]  # a header as written in the file -> the column a person says it stands for ("" for none)


def _lookup(aliases: Aliases, columns: Columns | None) -> dict[str, str | None]:
    lookup: dict[str, str | None] = {alias: column for column, names in aliases.items() for alias in names}
    for header, column in (columns or {}).items():
        if column and column not in aliases:
            raise InvalidInput(N_("There is no column {column} to map {header} to."), column=column, header=header)
        lookup[norm_header(header)] = column or None
    return lookup


def header_candidates(sheet: Sheet, aliases: Aliases, columns: Columns | None = None) -> tuple[int, list[str]]:
    """The row that most looks like the header (its number) and its headers as written, for a person to map."""
    lookup = _lookup(aliases, columns)
    best: tuple[int, int, tuple[Cell, ...]] | None = None
    for number, values in sheet.rows[:_HEADER_SEARCH_ROWS]:
        known = sum(1 for v in values if lookup.get(norm_header(v)))
        if best is None or known > best[1]:
            best = (number, known, values)
    if best is None:
        return 0, []
    return best[0], ["" if _is_blank(v) else str(v).strip() for v in best[2]]


def find_layout(sheet: Sheet, aliases: Aliases, required: Sequence[str], columns: Columns | None = None) -> Layout:
    """Where each column is: the first of the top rows that names the `nama` column and another one.

    `columns` maps headers Laci does not know (or knows otherwise) to the column they stand for. A sheet with no
    such row, or one without a `required` column, is refused with the headers it did not know named."""
    lookup = _lookup(aliases, columns)
    for number, values in sheet.rows[:_HEADER_SEARCH_ROWS]:
        found = {i: lookup.get(norm_header(v)) for i, v in enumerate(values)}
        known = {i: c for i, c in found.items() if c is not None}
        if "nama" not in known.values() or len(known) < 2:
            continue
        index: dict[str, int] = {}
        labels: dict[str, str] = {}
        for i, column in known.items():
            label = f"{str(values[i]).strip()} ({column_letter(i)})"
            if column in index:
                raise InvalidInput(
                    N_("Columns {first} and {second} both stand for {column}; keep one."),
                    first=labels[column],
                    second=label,
                    column=column,
                )
            index[column] = i
            labels[column] = label
        skipped = tuple(str(values[i]).strip() for i, c in found.items() if c is None and not _is_blank(values[i]))
        for column in required:
            if column not in index:
                raise InvalidInput(
                    N_("The sheet has no {column} column. Headers Laci does not know: {unknown}."),
                    column=column,
                    unknown=", ".join(skipped) or "-",
                )
        return Layout(number, index, labels, skipped)
    _row, headers = header_candidates(sheet, aliases, columns)
    raise InvalidInput(
        N_(
            "{file} has no header row Laci knows: the first row must name the columns, such as {columns}. "
            "Headers Laci does not know: {unknown}."
        ),
        file=sheet.name,
        columns=", ".join(required),
        unknown=", ".join(h for h in headers if h) or "-",
    )


# --- reading cells ----------------------------------------------------------------------------------------------


def _barcode_problem(code: str) -> InvalidInput | None:
    if len(code) > _MAX_BARCODE:
        return InvalidInput(N_("Barcode {code} is longer than {n} characters."), code=code, n=_MAX_BARCODE)
    if len(code) == barcodes.EAN13_LENGTH and code.isascii() and code.isdigit() and not barcodes.is_valid_gtin(code):
        return InvalidInput(
            N_("Barcode {code} has a wrong check digit; it should end in {digit}."),
            code=code,
            digit=barcodes.gtin_check_digit(code[:-1]),
        )
    return None


def _plu(value: Cell) -> str | None:
    if isinstance(value, int | float) and not isinstance(value, bool):
        text = _text(value)
        return text.zfill(_PLU_DIGITS) if text is not None and text.isdigit() else text
    return _limited(value, _MAX_PLU)


def _key(name: str) -> str:
    return " ".join(name.casefold().split())


class RowReader:
    """Reads one row's cells by column name, collecting a problem per bad cell instead of stopping, and a note
    per cell taken with something to say (a restored barcode, a formula's leftover)."""

    def __init__(
        self,
        layout: Layout,
        number: int,
        values: tuple[Cell, ...],
        problems: list[RowProblem],
        notes: list[RowProblem] | None = None,
    ) -> None:
        self.layout = layout
        self.number = number
        width = len(values)
        # One pass over the row: a large import asks for each of a row's cells several times.
        self.cells = {column: values[i] for column, i in layout.index.items() if i < width and not _is_blank(values[i])}
        self.problems = problems
        self.notes = notes if notes is not None else []
        self.ok = True

    def raw(self, column: str) -> Cell:
        return self.cells.get(column)

    def problem(self, column: str, msgid: str, **params: object) -> None:
        label = self.layout.labels.get(column, column) if column else ""
        self.problems.append(RowProblem(self.number, label, msgid, params))
        self.ok = False

    def note(self, column: str, msgid: str, **params: object) -> None:
        label = self.layout.labels.get(column, column) if column else ""
        self.notes.append(RowProblem(self.number, label, msgid, params))

    def taken(self, column: str, value: _T | Noted[_T]) -> _T:
        """The value of a parse, saying its note if it has one."""
        if isinstance(value, Noted):
            self.note(column, value.msgid, **value.params)
            found: _T = value.value
            return found
        return value

    def get(self, column: str, parse: Callable[[Cell], _T | Noted[_T]]) -> _T | None:
        value = self.raw(column)
        if value is None:
            return None
        try:
            return self.taken(column, parse(value))
        except LedgerError as err:
            self.problem(column, err.msgid, **err.params)
            return None


def data_rows(sheet: Sheet, layout: Layout, notes: list[RowProblem]) -> Iterator[tuple[int, tuple[Cell, ...]]]:
    """The rows below the header, without a template's example or instruction rows (each skipped with a note)."""
    for number, values in sheet.rows:
        if number <= layout.header_row:
            continue
        hint = template_row(values)
        if hint is not None:
            notes.append(
                RowProblem(
                    number,
                    "",
                    N_("Skipped: it reads as the template's example or instructions ({text})."),
                    {"text": hint},
                )
            )
            continue
        yield number, values


# --- bulk insert --------------------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class NewProduct:
    """A product for `bulk_add_products`: the arguments of `catalog.add_product`, plus its category."""

    name: str
    price: Money
    cost: Money = ZERO
    sku: str | None = None
    plu: str | None = None
    unit: str = "pcs"
    barcodes: Sequence[BarcodeSpec] = ()
    ppn_exempt: bool = False
    is_weighed: bool = False
    low_stock: int = 0  # thousandths of the unit, like add_product's
    category_id: uuid.UUID | None = None


def _taken(session: Session, column: InstrumentedAttribute[Any], values: Iterable[str]) -> list[str]:
    """Which of `values` `column` already holds, asked in chunks under SQLite's limit on parameters."""
    out: list[str] = []
    pending = list(dict.fromkeys(values))
    for start in range(0, len(pending), 500):
        out.extend(session.execute(select(column).where(column.in_(pending[start : start + 500]))).scalars())
    return out


def bulk_add_products(
    session: Session, items: Sequence[NewProduct], *, at: dt.datetime | None = None
) -> list[ProductId]:
    """Add many products at once with `catalog.add_product`'s checks, in the caller's transaction.

    Refuses the whole batch (writing nothing) for a blank name, negative money, an empty or repeated barcode,
    a barcode, SKU or item code already in use (in the shop or earlier in the batch), or a pack of nothing.
    """
    codes: list[str] = []
    skus: list[str] = []
    plus: list[str] = []
    for item in items:
        if not item.name.strip():
            raise InvalidInput(N_("The product needs a name."))
        if item.price.rupiah < 0 or item.cost.rupiah < 0:
            raise InvalidInput(N_("A price cannot be negative."))
        for spec in item.barcodes:
            if not spec.code.strip():
                raise InvalidInput(N_("A barcode cannot be empty."))
            if spec.pack_milli <= 0:
                raise InvalidInput(N_("A pack must hold more than zero."))
            if spec.pack_price is not None and spec.pack_price.rupiah < 0:
                raise InvalidInput(N_("A price cannot be negative."))
            codes.append(spec.code.strip())
        if item.sku:
            skus.append(item.sku)
        if item.plu:
            plus.append(item.plu)
    for values, msgid, param in (
        (codes, N_("Barcode {code} already belongs to another product."), "code"),
        (skus, N_("SKU {sku} is already used by another product."), "sku"),
        (plus, N_("Item code {plu} is already used by another product."), "plu"),
    ):
        seen: set[str] = set()
        for value in values:
            if value in seen:
                raise InvalidInput(msgid, **{param: value})
            seen.add(value)
    for column, values, msgid, param in (
        (ProductBarcode.barcode, codes, N_("Barcode {code} already belongs to another product."), "code"),
        (Product.sku, skus, N_("SKU {sku} is already used by another product."), "sku"),
        (Product.plu, plus, N_("Item code {plu} is already used by another product."), "plu"),
    ):
        taken = _taken(session, column, values)
        if taken:
            raise InvalidInput(msgid, **{param: taken[0]})
    if plus:
        on_scale = scale_items(session)
        for plu in plus:
            if plu in on_scale:
                raise InvalidInput(
                    N_("PLU {plu} would make the scale print labels that read as barcode {code}; choose another PLU."),
                    plu=plu,
                    code=on_scale[plu],
                )
    with collector_paused():
        return _insert_products(session, items, at or utc_now())


def _insert_products(session: Session, items: Sequence[NewProduct], when: dt.datetime) -> list[ProductId]:
    """Write already-checked products: two multi-row inserts, both search indexes filled in one pass each, and
    their outbox events in batches."""
    with bulk_indexing(session) as base:
        return _write_products(session, items, when, base)


def _write_products(session: Session, items: Sequence[NewProduct], when: dt.datetime, base: int) -> list[ProductId]:
    rows: list[dict[str, Any]] = []
    codes: list[dict[str, Any]] = []
    ids: list[ProductId] = []
    for n, item in enumerate(items, base + 1):
        pid = new_id()
        ids.append(ProductId(pid))
        row: dict[str, Any] = {
            "id": pid,
            "search_rowid": n,
            "name": item.name.strip(),
            "sku": item.sku or None,
            "plu": item.plu or None,
            "category_id": item.category_id,
            "unit": item.unit,
            "price": item.price.rupiah,
            "cost": item.cost.rupiah,
            "ppn_exempt": item.ppn_exempt,
            "is_weighed": item.is_weighed,
            "low_stock_milli": item.low_stock,
            "is_active": True,
            "hlc": "",
        }
        mine = [
            {
                "barcode": spec.code.strip(),
                "product_id": pid,
                "pack_milli": spec.pack_milli,
                "pack_price": spec.pack_price.rupiah if spec.pack_price is not None else None,
            }
            for spec in item.barcodes
        ]
        rows.append(row)
        codes.extend(mine)
    # Core inserts on the tables: the ORM's per-row bookkeeping adds nothing for plain rows like these.
    if rows:
        session.execute(insert(_PRODUCTS), rows)
    if codes:
        session.execute(insert(_BARCODES), codes)
    # Shared with the other counters as batches of master-data changes, one clock per batch.
    shared = [(r["id"], {k: v for k, v in r.items() if k not in ("id", "hlc", "search_rowid")}) for r in rows]
    for start in range(0, len(shared), _EVENT_BATCH):
        record_changes(session, "products", shared[start : start + _EVENT_BATCH], when)
    barcodes = [(c["barcode"], {k: v for k, v in c.items() if k != "barcode"}) for c in codes]
    for start in range(0, len(barcodes), _EVENT_BATCH):
        record_changes(session, "product_barcodes", barcodes[start : start + _EVENT_BATCH], when)
    return ids


# --- products -----------------------------------------------------------------------------------------------------


@dataclass(slots=True)
class _ProductRow:
    row: int
    name: str
    price: int
    cost: int | None
    sku: str | None
    codes: list[str]
    category: str | None
    unit: str | None
    low_stock: int | None
    taxed: bool | None
    carton_codes: list[str]
    carton_milli: int | None
    carton_price: int | None
    plu: str | None
    weighed: bool | None

    def specs(self) -> list[BarcodeSpec]:
        pieces = [BarcodeSpec(c) for c in self.codes]
        if self.carton_milli is None:
            return pieces
        price = Money(self.carton_price) if self.carton_price is not None else None
        return pieces + [BarcodeSpec(c, self.carton_milli, price) for c in self.carton_codes]


def _plain(value: _T | Noted[_T]) -> _T:
    return value.value if isinstance(value, Noted) else value


def _non_negative_money(value: Cell) -> int | Noted[int]:
    amount = money_cell(value)
    if _plain(amount) < 0:
        raise InvalidInput(N_("A price cannot be negative."))
    return amount


def _low_stock(value: Cell) -> int | Noted[int]:
    milli = qty_cell(value)
    if _plain(milli) < 0:
        raise InvalidInput(N_("The low-stock level cannot be negative."))
    return milli


def _pack(value: Cell) -> int | Noted[int]:
    milli = qty_cell(value)
    if _plain(milli) <= 0:
        raise InvalidInput(N_("A pack must hold more than zero."))
    return milli


def _barcodes(reader: RowReader, column: str) -> list[str]:
    """The codes in a barcode column, each 12-digit one that lost its leading zero restored with a note."""
    return [reader.taken(column, restored_barcode(code)) for code in reader.get(column, codes_cell) or []]


def _parse_product(reader: RowReader, sku_barcodes: bool) -> _ProductRow | None:
    name = reader.get("nama", lambda v: _limited(v, _MAX_NAME))
    if name is None and reader.ok:
        reader.problem("nama", N_("The name is missing."))
    variant = reader.get("varian", lambda v: _limited(v, _MAX_NAME))
    if name is not None and variant is not None and _key(variant) not in _key(name):
        # Moka and Majoo list each variant on its own row beside its item's name.
        name = f"{name} {variant}"
        if len(name) > _MAX_NAME:
            reader.problem("varian", N_("The text is too long: at most {n} characters."), n=_MAX_NAME)
    price = reader.get("harga_jual", _non_negative_money)
    if reader.raw("harga_jual") is None:
        reader.problem("harga_jual", N_("The price is missing."))
    cost = reader.get("harga_modal", _non_negative_money)
    sku = reader.get("sku", lambda v: _limited(v, _MAX_SKU))
    category = reader.get("kategori", lambda v: _limited(v, _MAX_CATEGORY))
    unit = reader.get("satuan", lambda v: _limited(v, _MAX_UNIT))
    low_stock = reader.get("stok_minimum", _low_stock)
    taxed = reader.get("kena_ppn", yes_no_cell)
    weighed = reader.get("ditimbang", yes_no_cell)
    plu = reader.get("plu", _plu)
    carton_milli = reader.get("isi_karton", _pack)
    carton_price = reader.get("harga_karton", _non_negative_money)
    piece_codes = _barcodes(reader, "barcode")
    carton_codes = _barcodes(reader, "barcode_karton")
    in_sku = barcode_in_sku(sku) if sku is not None else None
    if in_sku is not None and in_sku not in piece_codes + carton_codes:
        if sku_barcodes:
            piece_codes.append(in_sku)
            reader.note(
                "sku", N_("SKU {sku} is a valid barcode; it was added as the product's barcode too."), sku=in_sku
            )
        else:
            reader.note("sku", N_("SKU {sku} is a valid barcode; import with SKU barcodes on to scan it."), sku=in_sku)
    for column, codes in (("barcode", piece_codes), ("barcode_karton", carton_codes)):
        for code in codes:
            bad = _barcode_problem(code)
            if bad is not None:
                reader.problem(column, bad.msgid, **bad.params)
    if carton_codes and carton_milli is None and reader.raw("isi_karton") is None:
        reader.problem("isi_karton", N_("Say how many pieces the carton holds."))
    if not carton_codes and (reader.raw("isi_karton") is not None or reader.raw("harga_karton") is not None):
        reader.problem("barcode_karton", N_("A carton needs its own barcode."))
    seen: set[str] = set()
    for code in piece_codes + carton_codes:
        if code in seen:
            reader.problem("barcode", N_("Barcode {code} is listed twice on this row."), code=code)
        seen.add(code)
    if not reader.ok or name is None or price is None:
        return None
    return _ProductRow(
        reader.number,
        name,
        price,
        cost,
        sku,
        piece_codes,
        category,
        unit,
        low_stock,
        taxed,
        carton_codes,
        carton_milli,
        carton_price,
        plu,
        weighed,
    )


@dataclass(frozen=True, slots=True)
class _Existing:
    id: uuid.UUID
    name: str
    sku: str | None
    plu: str | None
    unit: str
    price: int
    cost: int
    ppn_exempt: bool
    is_weighed: bool
    low_stock_milli: int
    category_id: uuid.UUID | None


@dataclass(frozen=True, slots=True)
class _ShopIndex:
    """What an import is checked against, read in a few queries."""

    products: dict[uuid.UUID, _Existing]
    by_sku: dict[str, uuid.UUID]
    by_plu: dict[str, uuid.UUID]
    by_name: dict[str, list[uuid.UUID]]
    barcodes: dict[str, tuple[uuid.UUID, int, int | None]]
    categories: dict[str, uuid.UUID]

    @staticmethod
    def load(session: Session) -> _ShopIndex:
        found: dict[uuid.UUID, _Existing] = {}
        by_sku: dict[str, uuid.UUID] = {}
        by_plu: dict[str, uuid.UUID] = {}
        by_name: dict[str, list[uuid.UUID]] = {}
        for r in session.execute(
            select(
                Product.id,
                Product.name,
                Product.sku,
                Product.plu,
                Product.unit,
                Product.price,
                Product.cost,
                Product.ppn_exempt,
                Product.is_weighed,
                Product.low_stock_milli,
                Product.category_id,
            )
        ):
            found[r.id] = _Existing(*r)
            if r.sku:
                by_sku[r.sku] = r.id
            if r.plu:
                by_plu[r.plu] = r.id
            by_name.setdefault(_key(r.name), []).append(r.id)
        codes = {
            r.barcode: (r.product_id, r.pack_milli, r.pack_price)
            for r in session.execute(
                select(
                    ProductBarcode.barcode,
                    ProductBarcode.product_id,
                    ProductBarcode.pack_milli,
                    ProductBarcode.pack_price,
                )
            )
        }
        categories = {_key(name): cid for cid, name in session.execute(select(Category.id, Category.name))}
        return _ShopIndex(found, by_sku, by_plu, by_name, codes, categories)


def _match(row: _ProductRow, shop: _ShopIndex, reader: RowReader) -> uuid.UUID | None:
    """The existing product this row stands for (see the module's docstring), or None for a new one."""
    match: uuid.UUID | None = shop.by_sku.get(row.sku) if row.sku else None
    if match is None:
        owners = [shop.barcodes[c][0] for c in row.codes + row.carton_codes if c in shop.barcodes]
        if row.plu and row.plu in shop.by_plu:
            owners.append(shop.by_plu[row.plu])
        same_name = [pid for pid in dict.fromkeys(owners) if _key(shop.products[pid].name) == _key(row.name)]
        if same_name:
            match = same_name[0]
        elif not owners:
            named = shop.by_name.get(_key(row.name), [])
            if len(named) > 1:
                reader.problem(
                    "nama", N_("Several products are named {name}; give the SKU to say which one."), name=row.name
                )
                return None
            match = named[0] if named else None
    for column, codes in (("barcode", row.codes), ("barcode_karton", row.carton_codes)):
        for code in codes:
            owner = shop.barcodes.get(code)
            if owner is not None and owner[0] != match:
                reader.problem(
                    column,
                    N_("Barcode {code} already belongs to {name}."),
                    code=code,
                    name=shop.products[owner[0]].name,
                )
    if row.plu:
        owner_id = shop.by_plu.get(row.plu)
        if owner_id is not None and owner_id != match:
            reader.problem(
                "plu", N_("Item code {plu} is already used by {name}."), plu=row.plu, name=shop.products[owner_id].name
            )
        elif match is not None and shop.products[match].plu != row.plu:
            reader.problem("plu", N_("The item code of an existing product is not changed by an import."))
    return match


def _edit_for(row: _ProductRow, current: _Existing, category_id: uuid.UUID | None) -> products.ProductEdit | None:
    changes = products.ProductEdit(
        name=row.name if row.name != current.name else None,
        sku=row.sku if row.sku is not None and row.sku != current.sku else None,
        unit=row.unit if row.unit is not None and row.unit != current.unit else None,
        price=Money(row.price) if row.price != current.price else None,
        cost=Money(row.cost) if row.cost is not None and row.cost != current.cost else None,
        ppn_exempt=(not row.taxed) if row.taxed is not None and (not row.taxed) != current.ppn_exempt else None,
        is_weighed=row.weighed if row.weighed is not None and row.weighed != current.is_weighed else None,
        low_stock_milli=row.low_stock
        if row.low_stock is not None and row.low_stock != current.low_stock_milli
        else None,
        category_id=category_id if category_id is not None and category_id != current.category_id else None,
    )
    return None if changes == products.ProductEdit() else changes


def _barcode_changes(row: _ProductRow, shop: _ShopIndex, product_id: uuid.UUID) -> list[tuple[BarcodeSpec, bool]]:
    """(spec, replaces an existing barcode) for the row's barcodes the product lacks or holds as another pack."""
    out: list[tuple[BarcodeSpec, bool]] = []
    for spec in row.specs():
        held = shop.barcodes.get(spec.code)
        if held is None:
            out.append((spec, False))
            continue
        _owner, pack_milli, pack_price = held
        wanted_price = spec.pack_price.rupiah if spec.pack_price is not None else pack_price
        if pack_milli != spec.pack_milli or (pack_milli != MILLI and wanted_price != pack_price):
            price = Money(wanted_price) if wanted_price is not None else None
            out.append((BarcodeSpec(spec.code, spec.pack_milli, price), True))
    return out


SheetSource = Path | str | Sheet


def load_sheet(source: SheetSource) -> Sheet:
    """A sheet read once, whether given as a file or already read (the opening balances read a file twice)."""
    return source if isinstance(source, Sheet) else read_sheet(source)


def opening_labels(layout: Layout) -> tuple[str, ...]:
    return tuple(label for column, label in layout.labels.items() if column in OPENING_COLUMNS)


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


def addon_table(source: SheetSource) -> Sheet | None:
    """The add-on groups beside a product sheet: the workbook's `Tambahan` sheet, or `<name>-tambahan.csv`."""
    if isinstance(source, Sheet):
        return None
    path = Path(source)
    if path.suffix.lower() in (".csv", ".txt"):
        beside = path.with_name(f"{path.stem}-tambahan{path.suffix}")
        return _read_csv(beside) if beside.is_file() else None
    if path.suffix.lower() in (".xlsx", ".xlsm") and path.is_file():
        return _read_xlsx(path, kinds_cells.ADDON_SHEET)
    return None


def _addon_groups(sheet: Sheet | None, problems: list[RowProblem]) -> dict[str, kinds_cells.AddonGroup]:
    if sheet is None:
        return {}
    layout = find_layout(sheet, kinds_cells.ADDON_ALIASES, ("nama", "pilihan"))
    notes: list[RowProblem] = []

    def problem_at(row: int, column: str, msgid: str) -> Callable[..., None]:
        label = f"{sheet.name}: {layout.labels.get(column, column)}" if column else sheet.name
        return lambda **params: problems.append(RowProblem(row, label, msgid, params))

    rows = [
        (number, {c: values[i] for c, i in layout.index.items() if i < len(values) and not _is_blank(values[i])})
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
    new_rows: list[_ProductRow]
    updates: list[tuple[_ProductRow, uuid.UUID]]
    changing: list[tuple[_ProductRow, uuid.UUID]]
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
    shop = _ShopIndex.load(session)
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
    session: Session, sheet: Sheet, layout: Layout, shop: _ShopIndex, sku_barcodes: bool
) -> _ProductSheet:
    """Parse each row, match it to the shop's products, and sort it: new, matched, or matched and changing."""
    row_prices: dict[int, price_columns.RowPrices] = {}
    problems: list[RowProblem] = []
    notes: list[RowProblem] = []
    new_rows: list[_ProductRow] = []
    updates: list[tuple[_ProductRow, uuid.UUID]] = []
    changing: list[tuple[_ProductRow, uuid.UUID]] = []
    firsts = _FirstRows()
    row_kinds: list[kinds_cells.RowKinds] = []
    # A price list without variant, recipe or add-on columns (most of them) pays nothing for them.
    with_kinds = any(column in layout.index for column in kinds_cells.COLUMNS)
    row_names: dict[int, str] = {}
    row_skus: dict[int, str | None] = {}
    row_match: dict[int, uuid.UUID | None] = {}
    for number, values in data_rows(sheet, layout, notes):
        reader = RowReader(layout, number, values, problems, notes)
        row = _parse_product(reader, sku_barcodes)
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
        match = _match(row, shop, reader)
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


def _refuse_repeats(reader: RowReader, row: _ProductRow, firsts: _FirstRows) -> None:
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
    reader: RowReader, row: _ProductRow, match: uuid.UUID | None, firsts: _FirstRows, shop: _ShopIndex
) -> None:
    """A new product named as on an earlier row, or a product of the shop an earlier row already updates."""
    if match is None:
        other = firsts.name.setdefault(_key(row.name), row.row)
        if other != row.row:
            reader.problem("nama", N_("The name {name} is also on row {other}."), name=row.name, other=other)
    else:
        other = firsts.product.setdefault(match, row.row)
        if other != row.row:
            reader.problem("", N_("Row {other} already updates {name}."), other=other, name=shop.products[match].name)


def _changes_product(
    session: Session,
    row: _ProductRow,
    match: uuid.UUID,
    shop: _ShopIndex,
    prices: price_columns.RowPrices | None,
) -> bool:
    """Whether a matched row changes its product: its fields, its barcodes or its prices."""
    category = shop.categories.get(_key(row.category), _NEW_CATEGORY) if row.category else None
    return (
        _edit_for(row, shop.products[match], category) is not None
        or bool(_barcode_changes(row, shop, match))
        or (prices is not None and price_columns.changes_prices(session, match, prices))
    )


def _check_import(
    session: Session,
    read: _ProductSheet,
    addons: dict[str, kinds_cells.AddonGroup],
    shop: _ShopIndex,
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
    shop: _ShopIndex,
    actor: Actor | None,
    approvals: Sequence[Approval],
    when: dt.datetime,
) -> dict[int, uuid.UUID]:
    """Add the new categories and products, change the matched ones; the product of each row, by row number."""
    category_ids = dict(shop.categories)
    for row in [*read.new_rows, *(r for r, _pid in read.changing)]:
        if row.category and _key(row.category) not in category_ids:
            category_ids[_key(row.category)] = products.add_category(session, row.category)

    def category_of(row: _ProductRow) -> uuid.UUID | None:
        return category_ids[_key(row.category)] if row.category else None

    new_ids = _insert_products(session, [_new_product(row, category_of(row)) for row in read.new_rows], when)
    for row, pid in read.changing:
        edit = _edit_for(row, shop.products[pid], category_of(row))
        if edit is not None:
            assert actor is not None  # refused by _check_import otherwise
            products.edit_product(session, actor, pid, edit, approvals=approvals, at=when)
        for spec, replaces in _barcode_changes(row, shop, pid):
            if replaces:
                products.remove_barcode(session, pid, spec.code)
            products.add_barcode(session, pid, spec)
    row_ids: dict[int, uuid.UUID] = {row.row: pid for row, pid in zip(read.new_rows, new_ids, strict=True)}
    row_ids.update({row.row: pid for row, pid in read.updates})
    return row_ids


def _new_product(row: _ProductRow, category_id: uuid.UUID | None) -> NewProduct:
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


# --- customers ----------------------------------------------------------------------------------------------------


@dataclass(slots=True)
class _CustomerRow:
    row: int
    name: str
    phone: str
    address: str | None
    limit: int | None


def _credit_limit(value: Cell) -> int | Noted[int]:
    amount = money_cell(value)
    if _plain(amount) < 0:
        raise InvalidInput(N_("A credit limit cannot be negative."))
    return amount


def _customer_key(name: str, phone: str) -> tuple[str, str]:
    return _key(name), re.sub(r"\D", "", phone)


def import_customers(session: Session, path: SheetSource, *, columns: Columns | None = None) -> ImportResult:
    """Add and update kasbon customers from a spreadsheet, all or nothing; raises `SheetRejected`.

    A row is an existing customer when name (ignoring case and spacing) and phone digits both agree, so two
    different Pak Budis stay two customers; its address and credit limit are then updated (blank cells keep them).
    What a customer owes today is left to the opening balances (`opening_sheets`).
    """
    sheet = load_sheet(path)
    layout = find_layout(sheet, CUSTOMER_ALIASES, ("nama",), columns)
    existing: dict[tuple[str, str], tuple[uuid.UUID, str, int]] = {}
    for r in session.execute(
        select(Customer.id, Customer.name, Customer.phone, Customer.address, Customer.credit_limit)
    ):
        existing.setdefault(_customer_key(r.name, r.phone), (r.id, r.address, r.credit_limit))
    problems: list[RowProblem] = []
    notes: list[RowProblem] = []
    rows: list[_CustomerRow] = []
    first: dict[tuple[str, str], int] = {}
    for number, values in data_rows(sheet, layout, notes):
        reader = RowReader(layout, number, values, problems, notes)
        name = reader.get("nama", lambda v: _limited(v, _MAX_NAME))
        if name is None and reader.ok:
            reader.problem("nama", N_("The name is missing."))
        phone = reader.get("telepon", _phone) or ""
        address = reader.get("alamat", lambda v: _limited(v, _MAX_ADDRESS))
        limit = reader.get("batas_kasbon", _credit_limit)
        if name is not None:
            other = first.setdefault(_customer_key(name, phone), number)
            if other != number:
                reader.problem("nama", N_("{name} is also on row {other}."), name=name, other=other)
        if reader.ok and name is not None:
            rows.append(_CustomerRow(number, name, phone, address, limit))
    if problems:
        raise SheetRejected(problems)
    created = updated = unchanged = 0
    row_ids: dict[int, uuid.UUID] = {}
    for row in rows:
        found = existing.get(_customer_key(row.name, row.phone))
        if found is None:
            row_ids[row.row] = customers.add_customer(
                session, row.name, phone=row.phone, address=row.address or "", credit_limit=Money(row.limit or 0)
            )
            created += 1
            continue
        cid, address, limit = found
        row_ids[row.row] = cid
        new_address = row.address if row.address is not None and row.address != address else None
        new_limit = Money(row.limit) if row.limit is not None and row.limit != limit else None
        if new_address is None and new_limit is None:
            unchanged += 1
            continue
        customers.edit_customer(session, cid, address=new_address, credit_limit=new_limit)
        updated += 1
    return ImportResult(created, updated, unchanged, layout.skipped, tuple(notes), row_ids, opening_labels(layout))


# --- export -------------------------------------------------------------------------------------------------------


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

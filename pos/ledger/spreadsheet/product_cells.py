"""One row of a product sheet read into a `ProductRow`: its columns, each cell checked (lengths, prices, packs,
barcodes and their check digits, item codes), and the notes on what was taken with something to say.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final

from pos.i18n import N_
from pos.ledger.base.errors import InvalidInput
from pos.ledger.base.money import Money
from pos.ledger.schema.catalog import BARCODE_LENGTH, PLU_LENGTH, PRODUCT_NAME_LENGTH, SKU_LENGTH, UNIT_LENGTH
from pos.ledger.spreadsheet.sheet_cells import (
    Cell,
    Noted,
    barcode_in_sku,
    codes_cell,
    money_cell,
    qty_cell,
    restored_barcode,
    yes_no_cell,
)
from pos.ledger.spreadsheet.sheet_cells import cell_text as _text
from pos.ledger.spreadsheet.sheet_cells import limited_text as _limited
from pos.ledger.spreadsheet.sheet_rows import (
    RowReader,
    name_key,
    plain,
)
from pos.ledger.stock import barcodes
from pos.ledger.stock.product_records import BarcodeSpec

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


# Field lengths of the tables, checked here because SQLite would store longer text without a word (a product's
# are stated by the schema).
_MAX_CATEGORY: Final = 60
# Scale labels of the default layouts carry a 5-digit item code; a number cell has lost its leading zeros.
_PLU_DIGITS: Final = 5


def _barcode_problem(code: str) -> InvalidInput | None:
    if len(code) > BARCODE_LENGTH:
        return InvalidInput(N_("Barcode {code} is longer than {n} characters."), code=code, n=BARCODE_LENGTH)
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
    return _limited(value, PLU_LENGTH)


@dataclass(slots=True)
class ProductRow:
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


def _non_negative_money(value: Cell) -> int | Noted[int]:
    amount = money_cell(value)
    if plain(amount) < 0:
        raise InvalidInput(N_("A price cannot be negative."))
    return amount


def _low_stock(value: Cell) -> int | Noted[int]:
    milli = qty_cell(value)
    if plain(milli) < 0:
        raise InvalidInput(N_("The low-stock level cannot be negative."))
    return milli


def _pack(value: Cell) -> int | Noted[int]:
    milli = qty_cell(value)
    if plain(milli) <= 0:
        raise InvalidInput(N_("A pack must hold more than zero."))
    return milli


def _barcodes(reader: RowReader, column: str) -> list[str]:
    """The codes in a barcode column, each 12-digit one that lost its leading zero restored with a note."""
    return [reader.taken(column, restored_barcode(code)) for code in reader.get(column, codes_cell) or []]


def parse_product(reader: RowReader, sku_barcodes: bool) -> ProductRow | None:
    name = reader.get("nama", lambda v: _limited(v, PRODUCT_NAME_LENGTH))
    if name is None and reader.ok:
        reader.problem("nama", N_("The name is missing."))
    variant = reader.get("varian", lambda v: _limited(v, PRODUCT_NAME_LENGTH))
    if name is not None and variant is not None and name_key(variant) not in name_key(name):
        # Moka and Majoo list each variant on its own row beside its item's name.
        name = f"{name} {variant}"
        if len(name) > PRODUCT_NAME_LENGTH:
            reader.problem("varian", N_("The text is too long: at most {n} characters."), n=PRODUCT_NAME_LENGTH)
    price = reader.get("harga_jual", _non_negative_money)
    if reader.raw("harga_jual") is None:
        reader.problem("harga_jual", N_("The price is missing."))
    cost = reader.get("harga_modal", _non_negative_money)
    sku = reader.get("sku", lambda v: _limited(v, SKU_LENGTH))
    category = reader.get("kategori", lambda v: _limited(v, _MAX_CATEGORY))
    unit = reader.get("satuan", lambda v: _limited(v, UNIT_LENGTH))
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
    return ProductRow(
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

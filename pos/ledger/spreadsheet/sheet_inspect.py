"""A first look at a spreadsheet before it is imported: each header of its header row and the column Laci reads it
as, so a person can map the headers Laci does not know, and how many SKUs are valid barcodes (an app such as Moka
keeps the barcode there), so the import can offer to add them as barcodes."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Final

from pos.ledger.spreadsheet.sheet_cells import barcode_in_sku, cell_text
from pos.ledger.spreadsheet.sheet_headers import (
    CUSTOMER_ALIASES,
    PRODUCT_ALIASES,
    SUPPLIER_ALIASES,
    Aliases,
    norm_header,
)
from pos.ledger.spreadsheet.spreadsheet import Columns, column_letter, header_candidates, read_sheet

KINDS: Final[dict[str, Aliases]] = {
    "products": PRODUCT_ALIASES,
    "customers": CUSTOMER_ALIASES,
    "suppliers": SUPPLIER_ALIASES,
}


@dataclass(frozen=True, slots=True)
class Header:
    text: str  # as written in the file
    letter: str  # its column letter, A for the first
    column: str | None  # the column Laci reads it as, None when it does not know it


@dataclass(frozen=True, slots=True)
class SheetLook:
    file: str
    row: int  # the header row, as the spreadsheet numbers it (0 when the file is empty)
    headers: tuple[Header, ...]
    columns: tuple[str, ...]  # every column a header may be mapped to
    sku_barcodes: int  # rows whose SKU is a valid EAN or UPC barcode

    @property
    def unknown(self) -> tuple[Header, ...]:
        return tuple(h for h in self.headers if h.column is None)


def look_at(path: Path | str, kind: str, columns: Columns | None = None) -> SheetLook:
    """The header row of `path` for a sheet of `kind` (products, customers or suppliers), read as `columns` maps."""
    aliases = KINDS[kind]
    sheet = read_sheet(path)
    row, texts = header_candidates(sheet, aliases, columns)
    wanted = {norm_header(h): c for h, c in (columns or {}).items()}
    headers: list[Header] = []
    sku_at = None
    for i, text in enumerate(texts):
        if not text:
            continue
        key = norm_header(text)
        known = next((c for c, names in aliases.items() if key in names), None)
        column = (wanted[key] or None) if key in wanted else known
        headers.append(Header(text, column_letter(i), column))
        if column == "sku" and sku_at is None:
            sku_at = i
    found = 0
    if sku_at is not None:
        for number, values in sheet.rows:
            if number > row and sku_at < len(values):
                sku = cell_text(values[sku_at])
                found += bool(sku and barcode_in_sku(sku))
    return SheetLook(sheet.name, row, tuple(headers), tuple(aliases), found)

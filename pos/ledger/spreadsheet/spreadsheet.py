"""Products and customers to and from the spreadsheets shops keep (CSV or XLSX), checked whole before any write.

This module is the face the rest of the program imports; the work is split by job: reading files
(`sheet_files`), finding columns and reading rows by them (`sheet_rows`), a product row's cells (`product_cells`),
matching rows to the shop's products (`product_matching`), the product import's steps (`product_import`), the
bulk insert (`bulk_products`), customers (`customer_import`) and export (`sheet_export`).

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

from pos.ledger.spreadsheet.bulk_products import NewProduct, bulk_add_products, collector_paused
from pos.ledger.spreadsheet.customer_import import import_customers
from pos.ledger.spreadsheet.product_cells import PRODUCT_COLUMNS
from pos.ledger.spreadsheet.product_import import import_products
from pos.ledger.spreadsheet.sheet_export import export_customers, export_products
from pos.ledger.spreadsheet.sheet_files import (
    Sheet,
    SheetSource,
    column_letter,
    load_sheet,
    read_sheet,
    sniff_separator,
)
from pos.ledger.spreadsheet.sheet_rows import (
    Columns,
    ImportResult,
    Layout,
    RowProblem,
    RowReader,
    SheetRejected,
    data_rows,
    find_layout,
    header_candidates,
    opening_labels,
)

__all__ = [
    "PRODUCT_COLUMNS",
    "Columns",
    "ImportResult",
    "Layout",
    "NewProduct",
    "RowProblem",
    "RowReader",
    "Sheet",
    "SheetRejected",
    "SheetSource",
    "bulk_add_products",
    "collector_paused",
    "column_letter",
    "data_rows",
    "export_customers",
    "export_products",
    "find_layout",
    "header_candidates",
    "import_customers",
    "import_products",
    "load_sheet",
    "opening_labels",
    "read_sheet",
    "sniff_separator",
]

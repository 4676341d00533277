"""Products, customers and suppliers to and from the spreadsheets shops keep (CSV or XLSX), checked whole before any
write (`spreadsheet` is the face; files are read by `sheet_files` and rows by `sheet_rows`, products imported by
`product_import` from `product_cells` matched by `product_matching` and written by `bulk_products`, customers by
`customer_import`, and both exported by `sheet_export`): the header names other apps and warung sheets use
(`sheet_headers`), cells read as the user sees them (`sheet_cells`), what a sheet holds before it is imported
(`sheet_inspect`), and opening stock and debts brought in from sheets (`opening_sheets`, planned by `opening_plan`),
the product sheet's wholesale steps and customer group prices (`price_columns`), and its variants, recipes and add-ons
(read by `kinds_cells`, checked and written by `kinds_columns`).

Imports every room up to selling.
"""

__all__ = [
    "bulk_products",
    "customer_import",
    "kinds_cells",
    "kinds_columns",
    "opening_plan",
    "opening_sheets",
    "price_columns",
    "product_cells",
    "product_import",
    "product_matching",
    "sheet_cells",
    "sheet_export",
    "sheet_files",
    "sheet_headers",
    "sheet_inspect",
    "sheet_rows",
    "spreadsheet",
    "supplier_import",
]

"""Products, customers and suppliers to and from the spreadsheets shops keep (CSV or XLSX), checked whole before
any write: the header names other apps and warung sheets use (`sheet_headers`), cells read as the user sees them
(`sheet_cells`), what a sheet holds before it is imported (`sheet_inspect`), and opening stock and debts brought
in from sheets (`opening_sheets`, planned by `opening_plan`), the product sheet's wholesale steps and
customer group prices (`price_columns`), and its variants, recipes and add-ons (read by `kinds_cells`, checked
and written by `kinds_columns`).

Imports every room up to selling.
"""

__all__ = [
    "kinds_cells",
    "kinds_columns",
    "opening_plan",
    "opening_sheets",
    "price_columns",
    "sheet_cells",
    "sheet_headers",
    "sheet_inspect",
    "spreadsheet",
    "supplier_import",
]

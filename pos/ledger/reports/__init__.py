"""Reports an owner and a bank can read: statements, sales analyses and tax, each a frozen dataclass from SQL sums;
booking the month's PPh Final they compute (`pph_booking`); and when the books began (`books_start`), which
statements compare against; what promotions, vouchers and points gave away and who buys what (`promotions`);
ingredient use against the recipes and recipe costs (`ingredients`), write-offs, and the dashboard's expiry and
supplier-bill warnings (`stock_warnings`).

Imports every room up to selling.
"""

__all__ = [
    "books_start",
    "cashflow",
    "channels",
    "daily",
    "dashboard",
    "equity",
    "ingredients",
    "inventory",
    "margins",
    "pack",
    "pack_figures",
    "pack_seal",
    "pnl",
    "position",
    "pph",
    "pph_booking",
    "promotions",
    "receivables",
    "rows",
    "sales",
    "sales_rows",
    "stock_warnings",
    "write_offs",
]

"""Reports an owner and a bank can read: statements, sales analyses and tax, each a frozen dataclass from SQL sums;
booking the month's PPh Final they compute (`pph_booking`); and when the books began (`books_start`), which
statements compare against; what promotions, vouchers and points gave away and who buys what (`promotions`).

Imports every room up to selling.
"""

__all__ = [
    "books_start",
    "cashflow",
    "channels",
    "daily",
    "dashboard",
    "equity",
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
]

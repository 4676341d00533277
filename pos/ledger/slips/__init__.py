"""What the slips say, read from the books: the slips as values (`slip_types`), receipts, refunds, shift closes and
kasbon payments (`receipts`), order and delivery slips, the order ticket a kitchen makes a sale from
(`tickets`), price labels for goods and shelves (`price_labels`), a consignor's statement at a settlement
(`consignor_slips`), and which slip a queued print job prints (`print_jobs`).
Wording and widths belong to `pos.printing`.

Imports every room up to selling.
"""

__all__ = [
    "consignor_slips",
    "order_slips",
    "price_labels",
    "print_jobs",
    "receipts",
    "slip_types",
    "tickets",
]

"""Prices beyond one price a product: quantity tiers (harga grosir), customer groups and their price lists,
promotions, vouchers and loyalty points, and the engine that prices a cart with all of them (`engine`).

The engine and its terms are pure values; `price_book` reads the terms from the database for a cart, and
`sale_records` gives `ring_up` the facts a sale leaves of them. The owner keeps the terms with `tiers`,
`groups`, `promotions`, `vouchers` and `loyalty`.

Imports the rooms up to channels and people.
"""

__all__ = [
    "best_mix",
    "engine",
    "groups",
    "item_offers",
    "line_prices",
    "loyalty",
    "outcome",
    "price_book",
    "promotions",
    "sale_records",
    "schedule",
    "terms",
    "tiers",
    "vouchers",
]

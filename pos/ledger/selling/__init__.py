"""Selling: ringing up a sale (`sales.ring_up`), orders taken by WhatsApp or phone that become sales, returns
and voids, and what a sale takes from stock through recipes and add-ons and owes consignors (`stock_use`).

Imports every room below it: base to channels and people.
"""

__all__ = ["orders", "returns", "sales", "stock_use"]

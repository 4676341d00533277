"""Selling: ringing up a sale (`sales.ring_up`), orders taken by WhatsApp or phone that become sales (`orders`,
read as people see them by `order_records`), and returns and voids.

Imports every room below it: base to channels, people and prices.
"""

__all__ = ["order_records", "orders", "returns", "sales"]

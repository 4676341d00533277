"""Selling: ringing up a sale (`sales.ring_up`), orders taken by WhatsApp or phone that become sales (`orders`, read as
people see them by `order_records`), returns and voids, what a sale needs the owner's approval for
(`sale_approvals`), and what a sale takes from stock through recipes and add-ons and owes consignors (`stock_use`).

Imports every room below it: base to channels, people and prices.
"""

__all__ = ["order_records", "orders", "returns", "sale_approvals", "sales", "stock_use"]

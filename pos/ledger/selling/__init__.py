"""Selling: ringing up a sale (`sales.ring_up`), orders taken by WhatsApp or phone that become sales, and returns
and voids.

Imports every room below it: base to channels, people and prices.
"""

__all__ = ["orders", "returns", "sales"]

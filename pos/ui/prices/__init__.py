"""The owner's prices screen: promotions, vouchers, customer groups and their prices, wholesale tiers, points."""

from __future__ import annotations

from pos.ui.prices.screen import PricesScreen

__all__ = ["PricesScreen"]

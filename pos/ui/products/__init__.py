"""The owner's products and stock screen: the product list, receiving goods, adjustments, counts, import, export."""

from __future__ import annotations

from pos.ui.products.screen import ProductsScreen

__all__ = ["ProductsScreen"]

"""The owner's orders screen: WhatsApp and phone orders on a board by status, from taking them to the sale."""

from __future__ import annotations

from pos.ui.orders.screen import OrdersScreen

__all__ = ["OrdersScreen"]

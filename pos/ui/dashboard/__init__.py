"""The owner's daily dashboard: one business day's takings, sales, profit, drawers, low stock and kasbon."""

from __future__ import annotations

from pos.ui.dashboard.screen import DashboardScreen

__all__ = ["DashboardScreen"]

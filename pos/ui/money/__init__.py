"""The owner's money screen: suppliers and purchases, expenses, capital and drawings, transfers between accounts."""

from __future__ import annotations

from pos.ui.money.screen import MoneyScreen

__all__ = ["MoneyScreen"]

"""The owner's customers screen: kasbon balances and ageing, a customer's ledger, payments and reminders."""

from __future__ import annotations

from pos.ui.customers.screen import CustomersScreen

__all__ = ["CustomersScreen"]

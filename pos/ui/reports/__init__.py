"""The reports screen: statements and sales for a chosen period, and the loan pack and XLSX to save."""

from __future__ import annotations

from pos.ui.reports.screen import ReportsScreen

__all__ = ["ReportsScreen"]

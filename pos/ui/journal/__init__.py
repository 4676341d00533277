"""The general journal for the owner's accountant, and the depreciation of equipment."""

from __future__ import annotations

from pos.ui.journal.tab import JournalTab

__all__ = ["JournalTab"]

"""The opening balances: the form that enters or corrects them, and their place in the owner's money screen."""

from __future__ import annotations

from pos.ui.opening.dialog import OpeningDialog
from pos.ui.opening.tab import OpeningTab

__all__ = ["OpeningDialog", "OpeningTab"]

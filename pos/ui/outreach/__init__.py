"""The owner's outreach screen: customers to win back or thank, their profiles, and personalised promotions."""

from __future__ import annotations

from pos.ui.outreach.screen import OutreachScreen

__all__ = ["OutreachScreen"]

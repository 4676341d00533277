"""The owner's channels screen: sales channels, their prices and payouts, the report by channel, the catalogue."""

from __future__ import annotations

from pos.ui.channels.screen import ChannelsScreen

__all__ = ["ChannelsScreen"]

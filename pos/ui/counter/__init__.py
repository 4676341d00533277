"""The counter screen: log in, open the shift, scan and sell, take payment, and the day's other counter work."""

from __future__ import annotations

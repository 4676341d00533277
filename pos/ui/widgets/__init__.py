"""Reusable counter widgets: big touch buttons, the PIN pad, the money field, the scan field and the QRIS view."""

from __future__ import annotations

"""Laci: offline-first point of sale and double-entry bookkeeping for Indonesian micro and small shops."""

from __future__ import annotations

__version__ = "0.1.0"

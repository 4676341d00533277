"""Reports an owner and a bank can read: statements, sales analyses and tax, each a frozen dataclass from SQL sums."""

from __future__ import annotations

"""The desktop window: PySide6 screens that call ledger services on a worker and show what they return."""

from __future__ import annotations

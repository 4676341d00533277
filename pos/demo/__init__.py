"""The demo warung: a realistic shop built through the real services, for trying Laci and for benchmarks.

Kept apart from the ledger core: it is a generator of plausible data (with its own random weights), not part of
the shop's books.
"""

from __future__ import annotations

"""Foundations every other room stands on: money and quantities in integers, typed ids, the shop's clock and
reporting periods, hybrid logical clocks, the errors people read, formatting, hash chains, signed statements and
their codes (`attest`, read by the sync service too), gap-free sequences, the SQLite engine and its sessions,
schema upgrades, and this counter's identity (`device`).

Imports only the schema (for `device`). Everything here is small and has no business rule of its own.
"""

__all__ = [
    "attest",
    "chain",
    "clock",
    "db",
    "device",
    "errors",
    "fmt",
    "hlc",
    "ids",
    "migrate",
    "money",
    "period",
    "sequences",
]

"""Foundations every other room stands on: money and quantities in integers, typed ids, the shop's clock and
reporting periods, hybrid logical clocks, the errors people read, formatting, WhatsApp numbers (`phones`), hash
chains, gap-free sequences, the SQLite engine and its sessions, schema upgrades, and this counter's identity
(`device`).

Imports only the schema (for `device`). Everything here is small and has no business rule of its own.
"""

__all__ = [
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
    "phones",
    "sequences",
]

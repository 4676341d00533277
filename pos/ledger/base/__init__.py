"""Foundations every other room stands on: money and quantities in integers, typed ids, the shop's clock and
reporting periods, hybrid logical clocks, the errors people read, formatting, phone numbers (`phones`), hash
chains, signed statements and their codes (`attest`, read by the sync service too), gap-free sequences, the SQLite
engine and its sessions, schema upgrades, this counter's identity (`device`), and the data folder's ground rules:
one program holds it (`data_lock`), never on a network drive (`drives`), files replaced whole even when an
antivirus holds them for a moment (`files`).

Imports only the schema (for `device`). Everything here is small and has no business rule of its own.
"""

__all__ = [
    "attest",
    "chain",
    "clock",
    "data_lock",
    "db",
    "device",
    "drives",
    "errors",
    "files",
    "fmt",
    "hlc",
    "ids",
    "migrate",
    "money",
    "period",
    "phones",
    "sequences",
]

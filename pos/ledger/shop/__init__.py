"""The shop behind a database: opening it (migrating first) and naming it (`opening`), its settings as one
snapshot (`settings`), its backups, and recovery from a damaged file.

Imports base, schema and replication.
"""

__all__ = ["backup", "opening", "recovery", "settings"]

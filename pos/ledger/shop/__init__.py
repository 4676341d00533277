"""The shop behind a database: opening it (migrating first) and naming it (`opening`), its settings as one
snapshot (`settings`), its backups, recovery from a damaged file, and the shop's own signing key (`signing`).

Imports base, schema and replication.
"""

__all__ = ["backup", "opening", "recovery", "settings", "signing"]

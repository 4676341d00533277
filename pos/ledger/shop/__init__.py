"""The shop behind a database: opening it (migrating first) and naming it (`opening`), its settings as one
snapshot (`settings`) and the fixed choices other rooms read too (`choices`: PPN modes, printer widths), its
backups (`backup`: taking and restoring them; `backup_pages`: compressed full copies and a shift's changed pages;
`backup_kept`: which copies stay, within a bound on the room they take), and recovery from a damaged file.

Imports base, schema and replication.
"""

__all__ = ["backup", "backup_kept", "backup_pages", "choices", "opening", "recovery", "settings"]

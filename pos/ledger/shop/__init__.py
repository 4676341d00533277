"""The shop behind a database: opening it, its settings, its backups, and recovery from a damaged file."""

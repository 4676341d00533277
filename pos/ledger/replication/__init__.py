"""Replication between counters: the outbox every business event leaves, the changes it carries and how a
pulled event is applied, and this counter's sync state."""

"""Replication between counters: the outbox every business event leaves in the transaction that caused it (a
fact event by its rows' keys, `fact_refs`), the changes an event carries and how a pulled one is applied
(`changes`), and this counter's sync state.

Imports base and schema. The sync client (`pos.sync`) and the cloud read the event format from here.
"""

__all__ = ["changes", "fact_refs", "outbox", "sync_state"]

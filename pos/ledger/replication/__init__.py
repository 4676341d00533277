"""Replication between counters: the outbox every business event leaves in the transaction that caused it,
the changes an event carries and how a pulled one is applied (`changes`), this counter's sync state, and what the sync
service last said it holds of the shop's hash chains (`witness`).

Imports base and schema. The sync client (`pos.sync`) and the cloud read the event format from here.
"""

__all__ = ["changes", "outbox", "sync_state", "witness"]

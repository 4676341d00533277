"""Replication between counters: the outbox every business event leaves in the transaction that caused it (a
fact event by its rows' keys, `fact_refs`), the changes an event carries and how a pulled one is applied
(`changes`), and this counter's sync state.

What holds against a dishonest device is here too, for counters and the cloud alike: who may change what
(`authority`), the check of an event's shape (`event_rules`), applying pulled events one bad one at a time
(`inbound`) and keeping aside what was not applied (`quarantine`), and the shop's PIN key that keys every PIN
hash before it travels (`pins`).

Imports base and schema. The sync client (`pos.sync`) and the cloud read the event format from here.
"""

__all__ = [
    "authority",
    "changes",
    "event_rules",
    "fact_refs",
    "inbound",
    "outbox",
    "pins",
    "quarantine",
    "sync_state",
]

"""The counter's sync client: pushes the outbox to the cloud and applies what other counters sent."""

from __future__ import annotations

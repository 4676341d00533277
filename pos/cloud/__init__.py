"""The cloud side of sync: a stateless FastAPI service over PostgreSQL, every table keyed by shop."""

from __future__ import annotations

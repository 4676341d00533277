"""The shape check of events: every table's CHECK constraints judged in Python exactly as SQLite judges them, and
every event an honest counter writes passes."""

from __future__ import annotations

import itertools
from typing import Any

from sqlalchemy import select

from pos.ledger.base.db import Database
from pos.ledger.books import accounts
from pos.ledger.replication import event_rules
from pos.ledger.replication.changes import ENTITIES, FACT_TABLES, creation_defaults
from pos.ledger.replication.event_rules import _checks, _holds
from pos.ledger.schema import Account, metadata
from pos.ledger.schema.accounts import CHART_CODES

SAMPLES: tuple[Any, ...] = (-1, 0, 1, 10_000, 10_001, None, True, False, "cash", "nope", "in", "count")


def test_every_check_constraint_reads_the_same_in_python_and_in_sqlite() -> None:
    tables = [*FACT_TABLES, *(table for table, _key, _fields in ENTITIES.values())]
    judged = 0
    for table in tables:
        for rule in _checks(table):
            assert rule.python is not None, (table, rule.name)  # every rule has its fast form
            columns = sorted(rule.columns)
            for values in itertools.product(SAMPLES, repeat=len(columns)):
                row = dict(zip(columns, values, strict=True))
                if any(isinstance(v, str) for v in values) and any(type(v) is int for v in values):
                    continue  # a column holds one kind of value
                try:
                    fast = _holds(rule, row)
                except TypeError:
                    continue  # a text compared with a number: the type check refuses such a value first
                slow = _holds(event_rules._Rule(rule.name, rule.columns, rule.sql, None), row)
                assert fast == slow, (table, rule.name, row)
                judged += 1
    assert judged > 300


def test_the_chart_codes_an_event_may_name_are_the_seeded_chart(db: Database) -> None:
    with db.read() as s:
        seeded = set(s.scalars(select(Account.code)))
    named = {value for name, value in vars(accounts).items() if name.isupper() and isinstance(value, str)}
    assert seeded == CHART_CODES and named <= CHART_CODES


def test_a_row_first_arriving_from_another_counter_has_every_column_it_needs() -> None:
    # The schema's own defaults fill what a change does not carry; the replication states only what they lack,
    # and never restates one of them.
    for table_name, key, shared in ENTITIES.values():
        table = metadata.tables[table_name]
        extra = creation_defaults(table_name)
        assert all(table.columns[name].default is None for name in extra), table_name
        for column in table.columns:
            if column.name == key or column.name in shared or column.nullable:
                continue
            has_default = column.default is not None or column.server_default is not None
            assert has_default or column.name in extra, (table_name, column.name)

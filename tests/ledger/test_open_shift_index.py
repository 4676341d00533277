"""The open shift, asked for by every sale, is read in one step however many shifts the counter has closed."""

from __future__ import annotations

import datetime as dt

from shop_support import set_up_counter

from pos.ledger.base.db import Database
from pos.ledger.base.device import local_device
from pos.ledger.base.money import Money
from pos.ledger.counter.shifts import _OPEN_SHIFT, close_shift, current_shift, open_shift

START = dt.datetime(2026, 1, 1, 1, 0, tzinfo=dt.UTC)


def test_after_many_closed_shifts_the_open_one_is_found_and_none_when_all_are_closed(db: Database) -> None:
    counter = set_up_counter(db, at=START)
    with db.write() as s:
        close_shift(s, counter.cashier, {100_000: 2}, at=START + dt.timedelta(hours=12))
        for day in range(1, 40):
            opened = START + dt.timedelta(days=day)
            open_shift(s, counter.cashier, Money(200_000), at=opened)
            close_shift(s, counter.cashier, {100_000: 2}, at=opened + dt.timedelta(hours=12))
        assert current_shift(s) is None
        newest = open_shift(s, counter.cashier, Money(150_000), at=START + dt.timedelta(days=40))
    with db.read() as s:
        shift = current_shift(s)
        assert shift is not None and shift.id == newest and shift.opening_float == 150_000


def test_the_query_reads_the_shifts_newest_first_without_sorting_them(db: Database) -> None:
    set_up_counter(db, at=START)
    with db.read() as s:
        compiled = _OPEN_SHIFT.compile(s.get_bind())
        values = {**compiled.params, "device": local_device(s).id.bytes}
        found = s.connection().exec_driver_sql(
            f"EXPLAIN QUERY PLAN {compiled}", tuple(values[name] for name in compiled.positiontup or ())
        )
        plan = [str(row[3]) for row in found]
    assert any("ix_shifts_device_id_opened_at" in step for step in plan)
    assert not any("TEMP B-TREE" in step for step in plan)

"""Opening balances travel like any fact: another counter gets the entry, what each line was, the opening stock and
the equipment register once, however often they are delivered, and the sync service accepts the events."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

from replicas import deliver, new_counter, outbox
from sqlalchemy import text

from pos.cloud.app import MAX_BODY_BYTES
from pos.ledger.base.device import local_device
from pos.ledger.base.ids import UserId
from pos.ledger.base.money import Money
from pos.ledger.books import accounts
from pos.ledger.books.approvals import Actor
from pos.ledger.books.balances import trial_balance
from pos.ledger.books.check import check_books
from pos.ledger.books.depreciation import equipment
from pos.ledger.books.opening_balances import Balance
from pos.ledger.books.opening_view import opening_view
from pos.ledger.people.kasbon import kasbon_ageing
from pos.ledger.people.users import add_user
from pos.ledger.replication import event_rules
from pos.ledger.replication.authority import Refusal
from pos.ledger.spreadsheet.opening_plan import NamedDebt, NamedStock, OpeningPlan, enter_opening
from pos.ledger.spreadsheet.spreadsheet import NewProduct, bulk_add_products
from pos.ledger.stock import product_records
from pos.ledger.stock.stock_levels import stock_value

T0 = dt.datetime(2026, 7, 1, 2, 0, tzinfo=dt.UTC)
DAY = dt.date(2026, 7, 1)


def test_the_opening_balances_and_their_correction_replicate_once(tmp_path: Path) -> None:
    a = new_counter(tmp_path / "a", "A")
    b = new_counter(tmp_path / "b", "B")
    with a.write() as s:
        owner = Actor(UserId(add_user(s, "Bu Sri", "owner", "2468", at=T0)), "Bu Sri", "owner")
        product_records.add_product(s, "Beras 5 kg", Money(78_000), cost=Money(70_000), sku="BR5", at=T0)
    plan = OpeningPlan(
        DAY,
        (Balance("cash", "Laci 1", 1_000_000), Balance("equipment", "Kulkas", 3_600_000, 36)),
        customers=(NamedDebt("Pak Budi", 150_000, since=dt.date(2026, 3, 10)),),
        stock=(NamedStock("BR5", 8_000),),
    )
    with a.write() as s:
        enter_opening(s, owner, plan, at=T0)
        enter_opening(s, owner, OpeningPlan(None, (Balance("cash", "Laci 1", 1_200_000),)), correcting=True, at=T0)
    events = outbox(a)
    deliver(events, b)
    deliver(events, b)  # again: facts count once
    for db in (a, b):
        with db.read() as s:
            view = opening_view(s)
            assert view is not None and view.capital == 1_200_000 + 3_600_000 + 150_000 + 560_000
            assert trial_balance(s).balance(accounts.PERSEDIAAN) == stock_value(s) == 560_000
            assert [a.buckets for a in kasbon_ageing(s, DAY)] == [(0, 0, 0, 150_000)]
            assert [i.name for i in equipment(s)] == ["Kulkas"]
            assert s.execute(text("SELECT COUNT(*) FROM opening_items")).scalar_one() == 15
            assert check_books(s).ok
    with a.read() as s:
        device = local_device(s).id
    # The sync service checks every event before it stores it: these are all taken.
    for _seq, kind, payload in events:
        assert not isinstance(event_rules.check(kind, payload, device.hex, owner=True), Refusal), kind


def test_a_large_opening_stock_travels_in_events_the_service_takes(tmp_path: Path) -> None:
    a = new_counter(tmp_path / "a", "A")
    b = new_counter(tmp_path / "b", "B")
    with a.write() as s:
        owner = Actor(UserId(add_user(s, "Bu Sri", "owner", "2468", at=T0)), "Bu Sri", "owner")
        bulk_add_products(
            s, [NewProduct(f"Barang {n}", Money(2_000), Money(1_500), sku=f"B{n}") for n in range(1_200)], at=T0
        )
    start = len(outbox(a))
    stock = tuple(NamedStock(f"B{n}", 3_000) for n in range(1_200))
    with a.write() as s:
        enter_opening(s, owner, OpeningPlan(DAY, stock=stock), at=T0)
    events = outbox(a, start)
    opening_stock = [e for e in events if e[1] == "stock.opening"]
    assert len(opening_stock) == 3  # 500, 500 and 200 movements
    assert max(len(json.dumps(payload)) for _seq, _kind, payload in events) < MAX_BODY_BYTES // 4
    deliver(outbox(a), b)
    with b.read() as s:
        assert stock_value(s) == trial_balance(s).balance(accounts.PERSEDIAAN) == 1_200 * 4_500

"""Replication in the core: facts arrive once whatever is resent, master data converges by field and clock."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from replicas import deliver, fingerprint, new_counter, outbox

from pos.ledger.base.ids import UserId
from pos.ledger.base.money import Money, Qty
from pos.ledger.books.approvals import Actor
from pos.ledger.books.check import check_books
from pos.ledger.counter.cart import Cart, line_for_scan
from pos.ledger.counter.payments import Payment, cash
from pos.ledger.counter.shifts import open_shift
from pos.ledger.people.customers import add_customer, edit_customer
from pos.ledger.people.users import add_user, authenticate
from pos.ledger.selling.sales import ring_up
from pos.ledger.stock.barcodes import DEFAULT_FORMATS, ean13_with_check
from pos.ledger.stock.product_records import BarcodeSpec, add_product, find_by_barcode, get_product
from pos.ledger.stock.products import ProductEdit, edit_product

T0 = dt.datetime(2026, 11, 22, 2, 0, tzinfo=dt.UTC)


def test_two_counters_converge_and_duplicates_count_once(tmp_path: Path) -> None:
    a = new_counter(tmp_path / "a", "A")
    b = new_counter(tmp_path / "b", "B")
    code = ean13_with_check("899000000011")
    with a.write() as s:
        owner = Actor(UserId(add_user(s, "Bu Sri", "owner", "2468", at=T0)), "Bu Sri", "owner")
        add_product(s, "Teh Botol 350 ml", Money(5_000), cost=Money(3_500), barcodes=[BarcodeSpec(code)], at=T0)
        budi = add_customer(s, "Pak Budi", credit_limit=Money(100_000))
        open_shift(s, owner, Money(100_000), at=T0)
    deliver(outbox(a), b)  # B learns the owner, the product, the customer and A's shift

    # Both counters sell the same product offline.
    with a.write() as s:
        cart = Cart()
        cart.add(line_for_scan(s, code, DEFAULT_FORMATS, Qty.units(2)))
        ring_up(s, owner, cart, [cash(10_000)], at=T0)
    owner_b = authenticate(b, owner.user_id, "2468")  # the owner's PIN works on B: its hash travelled
    with b.write() as s:
        open_shift(s, owner_b, Money(50_000), at=T0)
        cart = Cart(customer_id=budi)
        cart.add(line_for_scan(s, code, DEFAULT_FORMATS, Qty.units(3)))
        ring_up(s, owner_b, cart, [Payment("kasbon", Money(15_000))], at=T0)

    seen_a = len(outbox(a))
    deliver(outbox(a), b)  # everything again: A's old events are duplicates now
    deliver(outbox(b), a)
    deliver(outbox(b), a)  # and B's twice
    assert fingerprint(a) == fingerprint(b)
    fp = fingerprint(a)
    assert [r[0][0] for r in fp["sales"]] == ["A", "B"]
    [(_pid, qty, _value)] = fp["stock"]
    assert qty == -5_000  # two sold on A, three on B, each counted once
    assert fp["kasbon"][0][1] == 15_000
    for db in (a, b):
        with db.read() as s:
            assert check_books(s).ok  # hash chains of both counters verify on both
    assert seen_a == len(outbox(a))  # applying events never writes new outbox events


def test_concurrent_edits_converge_field_by_field(tmp_path: Path) -> None:
    a = new_counter(tmp_path / "a", "A")
    b = new_counter(tmp_path / "b", "B")
    with a.write() as s:
        owner = Actor(UserId(add_user(s, "Bu Sri", "owner", "2468", at=T0)), "Bu Sri", "owner")
        pid = add_product(s, "Kopi Sachet", Money(1_500), cost=Money(1_000), at=T0)
        cid = add_customer(s, "Bu Ani", credit_limit=Money(50_000))
    deliver(outbox(a), b)
    deliver(outbox(b), a)
    start_a, start_b = len(outbox(a)), len(outbox(b))
    # A changes the price, B the name, at about the same time; and both change the credit limit.
    with a.write() as s:
        edit_product(s, owner, pid, ProductEdit(price=Money(2_000)), at=T0 + dt.timedelta(minutes=1))
        edit_customer(s, cid, credit_limit=Money(80_000))
    with b.write() as s:
        edit_product(s, owner, pid, ProductEdit(name="Kopi Sachet Susu"), at=T0 + dt.timedelta(minutes=2))
        edit_customer(s, cid, credit_limit=Money(60_000))
    new_a = outbox(a, start_a)
    new_b = outbox(b, start_b)
    # Deliver in opposite orders; both must end the same.
    deliver(list(reversed(new_a)), b)
    deliver(new_b, a)
    assert fingerprint(a) == fingerprint(b)
    with a.read() as s:
        product = get_product(s, pid)
    assert (product.name, product.price) == ("Kopi Sachet Susu", Money(2_000))  # each field kept its latest write


def test_products_imported_in_bulk_reach_the_other_counter(tmp_path: Path) -> None:
    from pos.ledger.spreadsheet.spreadsheet import NewProduct, bulk_add_products

    a = new_counter(tmp_path / "a", "A")
    b = new_counter(tmp_path / "b", "B")
    items = [
        NewProduct(name=f"Barang {n}", price=Money(1_000 + n), barcodes=(BarcodeSpec(f"BC{n:05d}"),))
        for n in range(1_200)  # more than one batch
    ]
    with a.write() as s:
        bulk_add_products(s, items)
    deliver(outbox(a), b)
    deliver(outbox(b), a)
    assert fingerprint(a) == fingerprint(b)
    with b.read() as s:
        hit = find_by_barcode(s, "BC01199")
        assert hit is not None and hit.product.price == Money(2_199)

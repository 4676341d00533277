"""The shop's own EAN-13 numbers: check digits right, never a number the shop already has or one its scale could
print, given only by an owner, synced as any barcode, and audited."""

from __future__ import annotations

import json
import uuid
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from shop_support import set_up_counter
from sqlalchemy import update
from tests_support import copy_db

from pos.ledger.base.clock import utc_now
from pos.ledger.base.db import Database
from pos.ledger.base.errors import InvalidInput, NotAllowed
from pos.ledger.base.money import Money
from pos.ledger.books import audit
from pos.ledger.books.approvals import NeedsApproval
from pos.ledger.counter.cart import line_for_scan
from pos.ledger.replication import sync_state
from pos.ledger.replication.authority import refusal
from pos.ledger.replication.changes import apply_events
from pos.ledger.replication.outbox import events_json
from pos.ledger.schema import Device, OutboxEvent
from pos.ledger.shop import settings as shop_settings
from pos.ledger.spreadsheet.spreadsheet import NewProduct, bulk_add_products
from pos.ledger.stock import product_records, products
from pos.ledger.stock.barcodes import DEFAULT_FORMATS, ean13_with_check, is_valid_gtin, parse_scan
from pos.ledger.stock.own_barcodes import (
    device_block,
    give_barcode,
    in_store_code,
    label_code_of,
    next_code,
    scale_clash,
)
from pos.ledger.stock.product_form import ProductDraft, save_product
from pos.ledger.stock.product_records import BarcodeSpec


@given(st.sampled_from([str(n) for n in range(20, 30)]), st.integers(0, 10**10 - 1))
def test_every_in_store_number_is_an_ean13_with_its_prefix_and_a_right_check_digit(prefix: str, serial: int) -> None:
    code = in_store_code(prefix, serial)
    assert len(code) == 13 and code.startswith(prefix) and is_valid_gtin(code)
    assert int(code[2:12]) == serial


@pytest.mark.parametrize(("prefix", "serial"), [("19", 1), ("30", 1), ("2", 1), ("21", -1), ("21", 10**10)])
def test_a_prefix_outside_20_29_or_a_serial_out_of_range_is_refused(prefix: str, serial: int) -> None:
    with pytest.raises(InvalidInput):
        in_store_code(prefix, serial)


def _product(db: Database, name: str, *codes: str, plu: str | None = None) -> uuid.UUID:
    with db.write() as s:
        return product_records.add_product(
            s, name, Money(7_500), plu=plu, barcodes=[product_records.BarcodeSpec(c) for c in codes]
        )


def test_a_product_without_a_barcode_gets_the_next_free_number_which_rings_it_up(db: Database) -> None:
    counter = set_up_counter(db)
    with db.read() as s:
        block = device_block(s)
    assert block == 10  # the counter's code is A
    first = in_store_code("21", block * 10**7 + 1)
    _product(db, "Tempe Bu Jum", first)  # typed by hand earlier
    # A scale label 21 01000 WWWWW C is this product's: every number up to 21 01000 99999 C is passed over.
    item = parse_scan(first, DEFAULT_FORMATS).item_code
    assert item == "01000"
    keripik = _product(db, "Keripik Tempe", plu=item)
    rempeyek = _product(db, "Rempeyek Kacang")
    with db.write() as s:
        code = give_barcode(s, counter.owner, rempeyek)
        again = give_barcode(s, counter.owner, rempeyek)
    assert code == again == in_store_code("21", block * 10**7 + 100_000)
    with db.read() as s:
        assert line_for_scan(s, code, DEFAULT_FORMATS).product_id == rempeyek
        found = product_records.find_by_plu(s, item)
        assert found is not None and found[0] == product_records.get_product(s, keripik)
        assert [e.detail for e in audit.entries(s, "product.barcode")] == [
            {"product": "Rempeyek Kacang", "barcode": code}
        ]


def test_two_owners_devices_number_in_blocks_of_their_own(db: Database) -> None:
    set_up_counter(db)
    with db.write() as s:
        mine = next_code(s)
        s.execute(update(Device).where(Device.is_local).values(code="B"))
        s.info.pop("laci.local_device", None)
        theirs = next_code(s)
    assert mine[2:5] == "010" and theirs[2:5] == "011" and mine[5:12] == theirs[5:12] == "0000001"


def test_a_bad_stored_barcode_is_never_used_for_a_label_the_product_gets_a_right_one(db: Database) -> None:
    counter = set_up_counter(db)
    wrong_check = ean13_with_check("899100000077")[:-1] + "0"
    if is_valid_gtin(wrong_check):
        wrong_check = wrong_check[:-1] + "1"
    bakso = _product(db, "Bakso Sapi", wrong_check, "KODE-1")
    with db.write() as s:
        assert label_code_of(s, bakso) is None
        code = give_barcode(s, counter.owner, bakso)
    assert code.startswith("21") and is_valid_gtin(code) and code != wrong_check


def test_the_new_barcode_syncs_as_a_barcode_change_only_an_owner_may_send(
    db: Database, template_db: Path, tmp_path: Path
) -> None:
    counter = set_up_counter(db)
    pid = _product(db, "Sambal Bawang")
    with db.write() as s:
        code = give_barcode(s, counter.owner, pid)
    with db.read() as s:
        outbox = s.query(OutboxEvent).order_by(OutboxEvent.seq).all()
        kinds = [r.kind for r in outbox]
        events = [json.loads(text) for text in events_json(s, [(r.payload, r.body) for r in outbox])]
    changes = [e for e in events if e.get("entity") == "product_barcodes" and e.get("key") == code]
    assert changes and changes[-1]["fields"]["product_id"] == pid.hex
    assert refusal("product_barcodes", code, changes[-1]["fields"], origin="ab" * 16, origin_is_owner=False)
    # Another counter applying the product's changes rings the new number up as this product.
    other = copy_db(template_db, tmp_path / "other")
    try:
        wanted = [
            (kind, event)
            for kind, event in zip(kinds, events, strict=True)
            if kind == "change" and event.get("entity") in ("products", "product_barcodes")
        ]
        with other.write() as s:
            apply_events(s, wanted, utc_now())
        with other.read() as s:
            assert line_for_scan(s, code, DEFAULT_FORMATS).product_id == pid
    finally:
        other.dispose()


def test_a_cashier_needs_the_owner_and_a_cashiers_counter_device_cannot_give_barcodes(db: Database) -> None:
    counter = set_up_counter(db)
    pid = _product(db, "Kerupuk Udang")
    with db.write() as s, pytest.raises(NeedsApproval):
        give_barcode(s, counter.cashier, pid)
    with db.write() as s:
        sync_state.save_enrolment(s, "https://sync.example.id", str(uuid.uuid4()), "Warung", "token")
    with db.write() as s, pytest.raises(NotAllowed):
        give_barcode(s, counter.owner, pid)
    with db.read() as s:
        assert label_code_of(s, pid) is None


def test_no_path_adds_or_removes_a_barcode_on_a_device_not_known_as_the_owners(db: Database) -> None:
    """The core refuses, not only the dialogs: a barcode change from such a device would be refused by every other
    counter and the service, so it must not be written here either."""
    set_up_counter(db)
    pid = _product(db, "Kerupuk Ikan")
    with db.write() as s:
        products.add_barcode(s, pid, BarcodeSpec("8991234567003"))
        sync_state.save_enrolment(s, "https://sync.example.id", str(uuid.uuid4()), "Warung", "token")
    with db.write() as s, pytest.raises(NotAllowed):
        products.add_barcode(s, pid, BarcodeSpec("8991234567010"))
    with db.write() as s, pytest.raises(NotAllowed):
        products.remove_barcode(s, pid, "8991234567003")
    with db.read() as s:
        assert [b.code for b in products.barcodes_of(s, pid)] == ["8991234567003"]


def test_the_shops_prefix_setting_is_used_and_checked(db: Database) -> None:
    set_up_counter(db)
    with db.write() as s:
        shop_settings.put(s, "labels.ean_prefix", "27")
        assert next_code(s).startswith("27")
        with pytest.raises(InvalidInput):
            next_code(s, "31")


def test_a_new_plu_the_scale_would_print_as_one_of_the_shops_barcodes_is_refused(db: Database) -> None:
    counter = set_up_counter(db)
    pid = _product(db, "Rempeyek Kacang")
    with db.write() as s:
        code = give_barcode(s, counter.owner, pid)
    item = parse_scan(code, DEFAULT_FORMATS).item_code
    assert item is not None
    with db.write() as s, pytest.raises(InvalidInput) as refused:
        save_product(s, counter.owner, ProductDraft("Kacang Bawang Curah", Money(60_000), plu=item, is_weighed=True))
    assert code in str(refused.value)
    with db.write() as s:
        save_product(s, counter.owner, ProductDraft("Kacang Bawang Curah", Money(60_000), plu="00077", is_weighed=True))
        assert scale_clash(s, "00077") is None


def test_an_import_with_such_a_plu_is_refused_whole(db: Database) -> None:
    counter = set_up_counter(db)
    pid = _product(db, "Rempeyek Kacang")
    with db.write() as s:
        code = give_barcode(s, counter.owner, pid)
    item = parse_scan(code, DEFAULT_FORMATS).item_code or ""
    rows = [NewProduct("Gula Aren", Money(30_000), plu="00078"), NewProduct("Kacang Curah", Money(1), plu=item)]
    with db.write() as s, pytest.raises(InvalidInput) as refused:
        bulk_add_products(s, rows)
    assert code in str(refused.value)
    with db.read() as s:
        assert product_records.find_by_plu(s, "00078") is None


class _Undo(Exception):
    """Raised to roll an example's writes back."""


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    taken=st.sets(st.integers(1, 300), max_size=40),
    plus=st.sets(st.sampled_from(["01000", "01001", "01002", "00000", "01100"]), max_size=4),
)
def test_the_next_number_is_never_taken_nor_a_scale_label_of_a_plu(
    db: Database, taken: set[int], plus: set[str]
) -> None:
    with db.read() as s:
        block = device_block(s)
    try:
        with db.write() as s:
            codes = [in_store_code("21", block * 10**7 + n) for n in sorted(taken)]
            product_records.add_product(s, "Taken", Money(1), barcodes=[product_records.BarcodeSpec(c) for c in codes])
            for plu in plus:
                product_records.add_product(s, f"PLU {plu}", Money(1), plu=plu, is_weighed=True)
            code = next_code(s)
            assert is_valid_gtin(code) and code.startswith("21") and code not in codes
            assert parse_scan(code, DEFAULT_FORMATS).item_code not in plus
            raise _Undo
    except _Undo:
        pass

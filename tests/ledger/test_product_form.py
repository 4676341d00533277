"""The product form's services: one product read whole, saved in one event, and the paged list with its count."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

import pytest
from shop_support import AT, Counter, code, set_up_counter

from pos.ledger.base.db import Database
from pos.ledger.base.errors import InvalidInput
from pos.ledger.base.money import Money, Qty
from pos.ledger.books import audit
from pos.ledger.books.approvals import NeedsApproval
from pos.ledger.stock.product_form import ProductDraft, product_detail, save_product
from pos.ledger.stock.product_records import BarcodeSpec, add_product, find_by_barcode
from pos.ledger.stock.products import add_category, categories
from pos.ledger.stock.purchases import PurchaseItem, receive_goods
from pos.ledger.stock.search import count_products, search_products
from pos.ledger.stock.stock_levels import adjust_stock

LATER = AT + dt.timedelta(hours=2)
DRAFT = ProductDraft(
    name="Teh Botol Sosro 450 ml",
    price=Money(5_500),
    cost=Money(4_200),
    sku="TBS-450",
    unit="botol",
    category="Minuman",
    low_stock_milli=12_000,
    barcodes=(BarcodeSpec("8991002101234"), BarcodeSpec("8991002105553", 24_000, Money(120_000))),
)


@pytest.fixture
def counter(db: Database) -> Counter:
    return set_up_counter(db)


def test_a_new_product_is_saved_with_its_category_and_barcodes(counter: Counter) -> None:
    with counter.db.write() as s:
        pid = save_product(s, counter.owner, DRAFT, at=AT)
    with counter.db.read() as s:
        detail = product_detail(s, pid)
        carton = find_by_barcode(s, "8991002105553")
        added = audit.entries(s, "product.add")
    assert (detail.name, detail.sku, detail.unit, detail.category) == (
        "Teh Botol Sosro 450 ml",
        "TBS-450",
        "botol",
        "Minuman",
    )
    assert (detail.price, detail.cost, detail.low_stock_milli, detail.on_hand_milli) == (
        Money(5_500),
        Money(4_200),
        12_000,
        0,
    )
    assert set(detail.barcodes) == set(DRAFT.barcodes) and detail.is_active and detail.history == ()
    assert carton is not None and carton.product.id == pid and carton.price_per_pack == Money(120_000)
    assert len(added) == 1 and added[0].user_id == counter.owner.user_id


def test_an_edit_changes_only_what_differs_and_keeps_the_price_history(counter: Counter) -> None:
    with counter.db.write() as s:
        pid = save_product(s, counter.owner, DRAFT, at=AT)
        receive_goods(s, counter.owner, [PurchaseItem(pid, Qty.units(10), Money(45_000))], at=AT)
    edited = ProductDraft(
        name="Teh Botol Sosro 450 ml",
        price=Money(6_000),
        cost=Money(4_500),  # what the goods received cost
        sku="",
        unit="botol",
        category="",
        low_stock_milli=6_000,
        barcodes=(BarcodeSpec("8991002101234"), BarcodeSpec("8991002105553", 12_000), BarcodeSpec("TEH-1")),
    )
    with counter.db.write() as s:
        save_product(s, counter.owner, edited, pid, at=LATER)
    with counter.db.read() as s:
        detail = product_detail(s, pid)
        changes = audit.entries(s, "price.change")
    assert (detail.price, detail.sku, detail.category, detail.low_stock_milli) == (Money(6_000), None, None, 6_000)
    assert detail.on_hand_milli == 10_000
    assert set(detail.barcodes) == set(edited.barcodes)
    assert [(p.price, p.cost, p.by) for p in detail.history] == [
        (Money(6_000), Money(4_500), "Bu Sri"),
        (Money(5_500), Money(4_500), "Bu Sri"),  # the goods received
    ]
    assert detail.history[0].at > detail.history[1].at  # newest first
    assert len(changes) == 1


def test_saving_the_same_draft_again_changes_nothing(counter: Counter) -> None:
    with counter.db.write() as s:
        pid = save_product(s, counter.owner, DRAFT, at=AT)
        save_product(s, counter.owner, DRAFT, pid, at=LATER)
    with counter.db.read() as s:
        assert product_detail(s, pid).history == ()
        assert audit.entries(s, "product.edit") == [] and audit.entries(s, "price.change") == []


def test_a_cashier_needs_the_owner(counter: Counter) -> None:
    with pytest.raises(NeedsApproval), counter.db.write() as s:
        save_product(s, counter.cashier, DRAFT, at=AT)
    with counter.db.read() as s:
        assert count_products(s, "teh botol") == 0


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"barcodes": (BarcodeSpec("X1"), BarcodeSpec("X1"))}, "dua kali"),
        ({"barcodes": (BarcodeSpec(code(1)), BarcodeSpec("X2"))}, "sudah dipakai"),  # Barang 1's
        ({"price": Money(-1)}, "negatif"),
        ({"name": "  "}, "perlu nama"),
        ({"low_stock_milli": -1}, "negatif"),
        # Longer than the columns hold: SQLite would keep it all, so the core refuses it.
        ({"name": "T" * 121}, "Nama barang paling banyak 120"),
        ({"sku": "S" * 41}, "SKU paling banyak 40"),
        ({"unit": "u" * 17}, "Satuan paling banyak 16"),
        ({"barcodes": (BarcodeSpec("8" * 49),)}, "lebih dari 48"),
    ],
)
def test_a_bad_draft_writes_nothing(counter: Counter, change: dict[str, object], message: str) -> None:
    fields = {**{f: getattr(DRAFT, f) for f in DRAFT.__slots__}, **change}  # type: ignore[attr-defined]
    with pytest.raises(InvalidInput, match=message), counter.db.write() as s:
        save_product(s, counter.owner, ProductDraft(**fields), at=AT)  # type: ignore[arg-type]
    with counter.db.read() as s:
        assert count_products(s) == 3
        assert categories(s) == []  # not even the new category


def test_an_edit_past_a_column_length_changes_nothing(counter: Counter) -> None:
    with counter.db.write() as s:
        pid = save_product(s, counter.owner, DRAFT, at=AT)
    for change in ({"name": "T" * 121}, {"sku": "S" * 41}, {"unit": "u" * 17}):
        with pytest.raises(InvalidInput, match="paling banyak"), counter.db.write() as s:
            save_product(s, counter.owner, replace(DRAFT, price=Money(9_000), **change), pid, at=LATER)  # type: ignore[arg-type]
    with counter.db.read() as s:
        detail = product_detail(s, pid)
        assert (detail.name, detail.sku, detail.unit, detail.price) == (DRAFT.name, DRAFT.sku, DRAFT.unit, DRAFT.price)
        assert audit.entries(s, "product.edit") == []
    with counter.db.write() as s:  # exactly the length fits
        save_product(s, counter.owner, replace(DRAFT, name="T" * 120), pid, at=LATER)
    with counter.db.read() as s:
        assert product_detail(s, pid).name == "T" * 120


def test_the_list_rows_carry_cost_and_the_count_follows_the_search(counter: Counter) -> None:
    with counter.db.write() as s:
        drinks = add_category(s, "Minuman")
        pid = save_product(s, counter.owner, DRAFT, at=AT)
        adjust_stock(s, None, pid, Qty.units(-2), "hilang", at=AT)
    with counter.db.read() as s:
        rows = search_products(s, "sosro")
        assert [(r.name, r.cost, r.category, r.on_hand_milli) for r in rows] == [
            ("Teh Botol Sosro 450 ml", Money(4_200), "Minuman", -2_000)
        ]
        assert count_products(s, "sosro") == 1
        assert count_products(s, "TBS-450") == 1  # a SKU
        assert count_products(s, "899100210") == 1  # the start of a barcode
        assert count_products(s, "barang") == 3
        assert count_products(s, "", category_id=drinks) == 1
        assert count_products(s, "barang", category_id=drinks) == 0
        assert count_products(s, "", low_only=True) == 1  # below its level of 12
        assert count_products(s, "", archived=True) == 0


def test_pages_of_code_matches_end_without_falling_back_to_names(db: Database) -> None:
    with db.write() as s:
        for n in range(30):
            add_product(s, f"Kopi 8990 No {n:02d}", Money(1_000), barcodes=[BarcodeSpec(f"8990{n:04d}")])
        for n in range(15):
            add_product(s, f"Teh 8990 No {n:02d}", Money(1_000))  # found by name, not by code
    with db.read() as s:
        pages = [search_products(s, "8990", limit=10, offset=offset) for offset in (0, 10, 20, 30)]
        assert [len(p) for p in pages] == [10, 10, 10, 0]
        assert count_products(s, "8990") == 30
        assert len({r.id for page in pages for r in page}) == 30

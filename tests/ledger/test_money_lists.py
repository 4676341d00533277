"""Reading the owner's money back: suppliers with what is owed, purchases newest first, and the cash book."""

from __future__ import annotations

import datetime as dt

import pytest
from shop_support import AT, Counter, set_up_counter

from pos.ledger.base.db import Database
from pos.ledger.base.money import Money, Qty
from pos.ledger.books import accounts
from pos.ledger.books.cash_entries import record_capital, record_drawing, record_expense, transfer
from pos.ledger.books.cash_entry_list import recent_cashbook
from pos.ledger.stock.product_records import find_by_barcode
from pos.ledger.stock.purchase_history import list_suppliers, recent_purchases
from pos.ledger.stock.purchases import PurchaseItem, add_supplier, pay_supplier, receive_goods

HOUR = dt.timedelta(hours=1)


@pytest.fixture
def counter(db: Database) -> Counter:
    return set_up_counter(db)


def _product(counter: Counter, n: int):  # type: ignore[no-untyped-def]
    with counter.db.read() as s:
        hit = find_by_barcode(s, counter.codes[n])
        assert hit is not None
        return hit.product.id


def test_suppliers_with_what_is_owed_and_purchases_newest_first(counter: Counter) -> None:
    first, second = _product(counter, 0), _product(counter, 1)
    with counter.db.write() as s:
        grosir = add_supplier(s, "Toko Grosir Makmur", phone="0274-555123")
        rejeki = add_supplier(s, "CV Sumber Rejeki")
        add_supplier(s, "Agen Telur Pak Slamet")
        receive_goods(
            s,
            counter.owner,
            [PurchaseItem(first, Qty.units(10), Money(40_000)), PurchaseItem(second, Qty.units(5), Money(40_000))],
            supplier_id=grosir,
            paid_with="credit",
            invoice_no="INV-7",
            at=AT,
        )
        receive_goods(
            s, counter.owner, [PurchaseItem(first, Qty.units(4), Money(16_000))], supplier_id=rejeki, at=AT + HOUR
        )
        receive_goods(s, counter.owner, [PurchaseItem(second, Qty.units(1), Money(8_000))], at=AT + 2 * HOUR)
        pay_supplier(s, counter.owner, grosir, Money(30_000), paid_with="bank", at=AT + 3 * HOUR)
    with counter.db.read() as s:
        rows = list_suppliers(s)
        assert [(r.name, r.owed) for r in rows] == [
            ("Toko Grosir Makmur", 50_000),
            ("Agen Telur Pak Slamet", 0),
            ("CV Sumber Rejeki", 0),
        ]
        assert rows[0].phone == "0274-555123" and rows[0].last_purchase == AT.date()
        assert rows[1].last_purchase is None
        assert [r.name for r in list_suppliers(s, "rejeki")] == ["CV Sumber Rejeki"]
        assert [r.name for r in list_suppliers(s, "555")] == ["Toko Grosir Makmur"]
        purchases = recent_purchases(s)
        assert [(p.supplier, p.lines, p.total, p.paid_with) for p in purchases] == [
            ("", 1, 8_000, "cash"),
            ("CV Sumber Rejeki", 1, 16_000, "cash"),
            ("Toko Grosir Makmur", 2, 80_000, "credit"),
        ]
        assert purchases[-1].invoice_no == "INV-7" and purchases[-1].day == AT.date()
        assert [p.total for p in recent_purchases(s, supplier_id=grosir)] == [80_000]
        assert [p.total for p in recent_purchases(s, limit=1, offset=1)] == [16_000]


def test_the_cash_book_reads_back_where_money_came_from_and_went(counter: Counter) -> None:
    with counter.db.write() as s:
        record_capital(s, Money(5_000_000), into=accounts.BANK, at=AT)
        record_expense(s, "listrik_air", Money(350_000), at=AT + HOUR)
        record_expense(
            s, "gaji", Money(1_200_000), paid_from=accounts.BANK, memo="Gaji Dewi November", at=AT + 2 * HOUR
        )
        transfer(s, Money(500_000), source=accounts.KAS, target=accounts.BANK, at=AT + 3 * HOUR)
        record_drawing(s, Money(250_000), at=AT + 4 * HOUR)
    with counter.db.read() as s:
        book = recent_cashbook(s)
        assert [(x.kind, x.source, x.target, x.amount, x.category, x.note) for x in book] == [
            ("drawing", accounts.KAS, accounts.PRIVE, 250_000, None, ""),
            ("transfer", accounts.KAS, accounts.BANK, 500_000, None, ""),
            ("expense", accounts.BANK, accounts.BEBAN_GAJI, 1_200_000, "gaji", "Gaji Dewi November"),
            ("expense", accounts.KAS, accounts.BEBAN_LISTRIK_AIR, 350_000, "listrik_air", ""),
            ("capital", accounts.MODAL, accounts.BANK, 5_000_000, None, ""),
        ]
        assert book[0].day == AT.date()
        assert [x.amount for x in recent_cashbook(s, ["expense"])] == [1_200_000, 350_000]
        assert [x.kind for x in recent_cashbook(s, ["capital", "drawing"], limit=1)] == ["drawing"]
        assert recent_cashbook(s, ["expense"], offset=2) == []
        # Sales and purchases are not cash-book lines.
        assert all(x.kind in ("expense", "capital", "drawing", "transfer") for x in book)

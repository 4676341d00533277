"""The back office through its services: buying stock, paying suppliers, counting stock, kasbon, products."""

from __future__ import annotations

import datetime as dt
import urllib.parse

import pytest
from shop_support import AT, OWNER_PIN, Counter, sell, set_up_counter

from pos.ledger.base.db import Database
from pos.ledger.base.errors import InvalidInput
from pos.ledger.base.money import Money, Qty
from pos.ledger.base.phones import wa_number
from pos.ledger.books import accounts, audit
from pos.ledger.books.approvals import NeedsApproval
from pos.ledger.books.balances import trial_balance
from pos.ledger.books.check import check_books
from pos.ledger.counter.payments import Payment, cash
from pos.ledger.counter.shifts import shift_report
from pos.ledger.people.customers import add_customer, kasbon_balance, list_customers
from pos.ledger.people.deposits import customer_credit
from pos.ledger.people.kasbon import customer_ledger, kasbon_ageing, record_kasbon_payment, reminder
from pos.ledger.people.users import approve
from pos.ledger.schema import Product
from pos.ledger.selling.returns import return_items
from pos.ledger.stock.product_records import BarcodeSpec, add_product, find_by_barcode, get_product
from pos.ledger.stock.products import ProductEdit, add_barcode, add_category, edit_product, price_history, set_active
from pos.ledger.stock.purchases import PurchaseItem, add_supplier, pay_supplier, receive_goods, supplier_balance
from pos.ledger.stock.search import count_products, search_products
from pos.ledger.stock.stock_levels import (
    adjust_stock,
    levels,
    low_stock,
    negative_stock,
    on_hand,
    stock_as_of,
    stock_take,
    stock_value,
)

DAY = dt.date(2026, 11, 22)


@pytest.fixture
def counter(db: Database) -> Counter:
    return set_up_counter(db)


def pid_of(counter: Counter, n: int):  # type: ignore[no-untyped-def]
    with counter.db.read() as s:
        hit = find_by_barcode(s, counter.codes[n])
        assert hit is not None
        return hit.product.id


def test_receiving_goods_moves_the_average_cost(counter: Counter) -> None:
    product = pid_of(counter, 0)
    with counter.db.write() as s:
        supplier = add_supplier(s, "CV Sumber Rejeki")
        receive_goods(
            s,
            counter.owner,
            [PurchaseItem(product, Qty.units(10), Money(40_000))],
            supplier_id=supplier,
            paid_with="cash",
            at=AT,
        )
        receive_goods(
            s,
            counter.owner,
            [PurchaseItem(product, Qty.units(10), Money(50_000))],
            supplier_id=supplier,
            paid_with="credit",
            invoice_no="INV-7",
            at=AT,
        )
    with counter.db.read() as s:
        level = levels(s, [product])[product]
        assert (level.qty_milli, level.value) == (20_000, 90_000)
        assert level.average_cost == 4_500  # (40.000 + 50.000) / 20
        assert supplier_balance(s, supplier) == 50_000
        assert get_product(s, product).cost == Money(5_000)  # last price paid
    # Selling 4 takes 4 x 4.500 out at average cost.
    sale = sell(counter, counter.cashier, [(counter.codes[0], 4)], [cash(20_000)])
    assert sale.cost == 18_000
    with counter.db.read() as s:
        assert stock_value(s) == 72_000
        assert trial_balance(s).balance(accounts.PERSEDIAAN) == 72_000  # the account equals the stock valuation


def test_paying_a_supplier_and_refusing_to_overpay(counter: Counter) -> None:
    product = pid_of(counter, 1)
    with counter.db.write() as s:
        supplier = add_supplier(s, "Toko Grosir Makmur")
        receive_goods(
            s,
            counter.owner,
            [PurchaseItem(product, Qty.units(5), Money(30_000))],
            supplier_id=supplier,
            paid_with="credit",
            at=AT,
        )
        pay_supplier(s, counter.owner, supplier, Money(10_000), paid_with="bank", at=AT)
    with pytest.raises(InvalidInput, match=r"Rp 20\.000"), counter.db.write() as s:
        pay_supplier(s, counter.owner, supplier, Money(25_000), at=AT)
    with counter.db.read() as s:
        assert supplier_balance(s, supplier) == 20_000
        assert check_books(s).ok


@pytest.mark.parametrize(
    "call",
    [
        lambda s, c, p: receive_goods(s, c.owner, [], at=AT),
        lambda s, c, p: receive_goods(s, c.owner, [PurchaseItem(p, Qty(0), Money(1_000))], at=AT),
        lambda s, c, p: receive_goods(s, c.owner, [PurchaseItem(p, Qty.units(1), Money(-5))], at=AT),
        lambda s, c, p: receive_goods(
            s, c.owner, [PurchaseItem(p, Qty.units(1), Money(1_000))], paid_with="credit", at=AT
        ),
    ],
)
def test_bad_purchases_write_nothing(counter: Counter, call: object) -> None:
    product = pid_of(counter, 0)
    with counter.db.read() as s:
        before = stock_value(s), trial_balance(s).total_debit
    with pytest.raises(InvalidInput), counter.db.write() as s:
        call(s, counter, product)  # type: ignore[operator]
    with counter.db.read() as s:
        assert (stock_value(s), trial_balance(s).total_debit) == before


def test_adjustments_and_a_stock_take_book_the_difference(counter: Counter) -> None:
    product, other = pid_of(counter, 0), pid_of(counter, 1)
    with counter.db.write() as s:
        receive_goods(
            s,
            counter.owner,
            [PurchaseItem(product, Qty.units(10), Money(40_000)), PurchaseItem(other, Qty.units(6), Money(48_000))],
            at=AT,
        )
        adjust_stock(s, counter.owner.user_id, product, Qty.units(-2), "rusak", "kemasan sobek", at=AT)
    with counter.db.read() as s:
        assert on_hand(s, product) == 8_000
        assert trial_balance(s).balance(accounts.SELISIH_PERSEDIAAN) == 8_000
    with counter.db.write() as s:
        stock_take(s, counter.owner.user_id, {product: Qty.units(7), other: Qty.units(7)}, "opname akhir bulan", at=AT)
    with counter.db.read() as s:
        assert on_hand(s, product) == 7_000 and on_hand(s, other) == 7_000
        # One lost (4.000) and one found (8.000, at its average cost): net gain of 4.000.
        assert trial_balance(s).balance(accounts.SELISIH_PERSEDIAAN) == 8_000 + 4_000 - 8_000
        assert stock_value(s) == trial_balance(s).balance(accounts.PERSEDIAAN)
        assert check_books(s).ok
    with pytest.raises(InvalidInput), counter.db.write() as s:
        adjust_stock(s, None, product, Qty.units(-1), "dicuri", at=AT)


def test_negative_stock_is_allowed_and_reported(counter: Counter) -> None:
    sell(counter, counter.cashier, [(counter.codes[2], 3)], [cash(45_000)])
    with counter.db.read() as s:
        [short] = negative_stock(s)
        assert short.qty_milli == -3_000
        assert short.value == -36_000  # costed at the standard cost 12.000 while nothing was on hand


def test_stock_as_of_any_date(counter: Counter) -> None:
    product = pid_of(counter, 0)
    with counter.db.write() as s:
        receive_goods(s, counter.owner, [PurchaseItem(product, Qty.units(10), Money(40_000))], at=AT)
        receive_goods(
            s, counter.owner, [PurchaseItem(product, Qty.units(5), Money(20_000))], at=AT + dt.timedelta(days=2)
        )
    with counter.db.read() as s:
        [line] = stock_as_of(s, DAY)
        assert (line.qty_milli, line.value) == (10_000, 40_000)
        assert stock_value(s, DAY - dt.timedelta(days=1)) == 0
        assert stock_value(s, DAY + dt.timedelta(days=2)) == 60_000


def test_low_stock_list(counter: Counter) -> None:
    product = pid_of(counter, 0)
    with counter.db.write() as s:
        edit_product(s, counter.owner, product, ProductEdit(low_stock_milli=5_000), at=AT)
        receive_goods(s, counter.owner, [PurchaseItem(product, Qty.units(4), Money(16_000))], at=AT)
    with counter.db.read() as s:
        assert [x.name for x in low_stock(s)] == ["Barang 1"]
        assert [p.name for p in search_products(s, "", low_only=True)] == ["Barang 1"]


def test_kasbon_ledger_payments_and_balance(counter: Counter) -> None:
    with counter.db.write() as s:
        budi = add_customer(s, "Pak Budi", phone="0812-3456-7890", credit_limit=Money(500_000))
    sell(counter, counter.cashier, [(counter.codes[0], 4)], [Payment("kasbon", Money(20_000))], customer_id=budi)
    sell(
        counter,
        counter.cashier,
        [(counter.codes[1], 2)],
        [cash(5_000), Payment("kasbon", Money(15_000))],
        customer_id=budi,
    )
    with counter.db.write() as s:
        record_kasbon_payment(s, counter.cashier, budi, Money(10_000), method="cash", at=AT)
        record_kasbon_payment(s, counter.cashier, budi, Money(5_000), method="qris", at=AT)
    with pytest.raises(InvalidInput, match=r"Rp 20\.000"), counter.db.write() as s:
        record_kasbon_payment(s, counter.cashier, budi, Money(25_000), at=AT)
    with counter.db.read() as s:
        assert kasbon_balance(s, budi) == Money(20_000)
        ledger = customer_ledger(s, budi)
        assert [(x.charge, x.payment, x.balance) for x in ledger] == [
            (20_000, 0, 20_000),
            (15_000, 0, 35_000),
            (0, 10_000, 25_000),
            (0, 5_000, 20_000),
        ]
        assert ledger[-1].balance == kasbon_balance(s, budi).rupiah
        # The cash paid on the tab is in the drawer.
        assert shift_report(s).kasbon_paid_cash == 10_000
        assert [(c.name, c.balance) for c in list_customers(s)] == [("Pak Budi", 20_000)]


def test_ageing_allocates_payments_to_the_oldest_debt(counter: Counter) -> None:
    with counter.db.write() as s:
        ani = add_customer(s, "Bu Ani", credit_limit=Money(1_000_000))
    start = AT - dt.timedelta(days=100)
    sell(
        counter, counter.owner, [(counter.codes[0], 10)], [Payment("kasbon", Money(50_000))], at=start, customer_id=ani
    )  # 100 days ago
    sell(
        counter,
        counter.owner,
        [(counter.codes[1], 3)],
        [Payment("kasbon", Money(30_000))],
        at=AT - dt.timedelta(days=45),
        customer_id=ani,
    )
    sell(
        counter,
        counter.owner,
        [(counter.codes[0], 2)],
        [Payment("kasbon", Money(10_000))],
        at=AT - dt.timedelta(days=5),
        customer_id=ani,
    )
    with counter.db.write() as s:
        record_kasbon_payment(s, counter.owner, ani, Money(35_000), at=AT - dt.timedelta(days=2))
    with counter.db.read() as s:
        [row] = kasbon_ageing(s, DAY)
    # The 35.000 paid settles the oldest debt first: 15.000 of it is still over 90 days old.
    assert row.buckets == (10_000, 30_000, 0, 15_000)
    assert row.total == 55_000
    assert row.oldest == (AT - dt.timedelta(days=100)).date()


def test_credit_beyond_the_tab_is_kept_beside_the_next_charges_in_the_ageing(counter: Counter) -> None:
    with counter.db.write() as s:
        ani = add_customer(s, "Bu Ani", credit_limit=Money(1_000_000))

    def days_ago(n: int) -> dt.datetime:
        return AT - dt.timedelta(days=n)

    kasbon = lambda amount: [Payment("kasbon", Money(amount))]  # noqa: E731
    sell(counter, counter.owner, [(counter.codes[0], 10)], kasbon(50_000), at=days_ago(100), customer_id=ani)
    with counter.db.write() as s:
        record_kasbon_payment(s, counter.owner, ani, Money(50_000), at=days_ago(50))
    # Paid in cash, then brought back and refunded to her tab, which owed nothing: Rp 20.000 she keeps with the
    # shop (titipan), not a tab below zero.
    bought = sell(counter, counter.owner, [(counter.codes[1], 2)], [cash(20_000)], at=days_ago(40), customer_id=ani)
    with counter.db.write() as s:
        return_items(s, counter.owner, bought.receipt_no, [(1, Qty.units(2))], refund_method="kasbon", at=days_ago(40))
        assert (kasbon_balance(s, ani), customer_credit(s, ani)) == (Money(0), Money(20_000))
    sell(counter, counter.owner, [(counter.codes[1], 3)], kasbon(30_000), at=days_ago(5), customer_id=ani)
    with counter.db.read() as s:
        assert kasbon_balance(s, ani) == Money(30_000)
        [row] = kasbon_ageing(s, DAY)
    # The new charge ages in full, five days old, with her Rp 20.000 beside it: Rp 10.000 is left to ask for.
    assert (row.buckets, row.oldest, row.credit, row.to_pay) == ((30_000, 0, 0, 0), days_ago(5).date(), 20_000, 10_000)


def test_reminder_text_and_wa_link(counter: Counter) -> None:
    with counter.db.write() as s:
        budi = add_customer(s, "Pak Budi", phone="0812-3456-7890", credit_limit=Money(500_000))
        nophone = add_customer(s, "Mbak Sari", credit_limit=Money(100_000))
    sell(counter, counter.cashier, [(counter.codes[0], 5)], [Payment("kasbon", Money(25_000))], customer_id=budi)
    with counter.db.read() as s:
        note = reminder(s, budi)
        assert "Pak Budi" in note.text and "Rp 25.000" in note.text and "Warung Bu Sri" in note.text
        assert note.link is not None and note.link.startswith("https://wa.me/6281234567890?text=")
        assert urllib.parse.unquote(note.link.split("text=")[1]) == note.text
        # Mbak Sari has never bought on kasbon: no kasbon text for her at all.
        assert reminder(s, nophone) is None
    sell(counter, counter.cashier, [(counter.codes[0], 1)], [Payment("kasbon", Money(5_000))], customer_id=nophone)
    with counter.db.read() as s:
        # Now she owes, but with no phone there is a text to copy and no WhatsApp link.
        sari = reminder(s, nophone)
        assert sari is not None and sari.link is None
    assert wa_number("+62 812 3456 7890") == "6281234567890"
    assert wa_number("812345678") == "62812345678"
    assert wa_number("12") is None


def test_editing_a_product_keeps_its_price_history_and_needs_the_owner(counter: Counter) -> None:
    product = pid_of(counter, 0)
    with pytest.raises(NeedsApproval), counter.db.write() as s:
        edit_product(s, counter.cashier, product, ProductEdit(price=Money(6_000)), at=AT)
    ok = approve(counter.db, OWNER_PIN, "edit_product", at=AT)
    with counter.db.write() as s:
        edit_product(s, counter.cashier, product, ProductEdit(price=Money(6_000)), approvals=(ok,), at=AT)
        edit_product(
            s, counter.owner, product, ProductEdit(cost=Money(4_500), name="Barang Satu"), at=AT + dt.timedelta(hours=1)
        )
    with counter.db.read() as s:
        assert [(p, c) for _when, p, c in price_history(s, product)] == [(6_000, 4_000), (6_000, 4_500)]
        assert get_product(s, product).name == "Barang Satu"
        changes = audit.entries(s, "price.change")
        assert changes[0].approved_by == counter.owner.user_id


def test_archived_products_are_not_sold_but_stay_in_the_books(counter: Counter) -> None:
    product = pid_of(counter, 0)
    sell(counter, counter.owner, [(counter.codes[0], 1)], [cash(5_000)])
    with counter.db.write() as s:
        set_active(s, counter.owner, product, False, at=AT)
    from pos.ledger.base.errors import NotFound

    with pytest.raises(NotFound, match="tidak dijual"):
        sell(counter, counter.owner, [(counter.codes[0], 1)], [cash(5_000)])
    with counter.db.read() as s:
        assert [p.name for p in search_products(s, "", archived=True)] == ["Barang 1"]
        assert check_books(s).ok


def test_search_finds_partial_indonesian_names(db: Database) -> None:
    names = [
        "Mi Goreng Rasa Ayam 85 g",
        "Mi Kuah Rasa Soto 75 g",
        "Gula Pasir Putih 1 kg",
        "Kopi Sachet Susu 10x20 g",
        "Minyak Goreng Sawit 1 L",
        "Beras Premium 5 kg",
        "Teh Celup Melati 25s",
        "Sabun Mandi Batang 80 g",
    ]
    with db.write() as s:
        cat = add_category(s, "Sembako")
        for n, name in enumerate(names):
            pid = add_product(s, name, Money(5_000 + n), sku=f"SKU-{n:03d}", barcodes=[BarcodeSpec(f"89912345{n:05d}")])
            if "Gula" in name or "Beras" in name:
                s.execute(Product.__table__.update().where(Product.id == pid).values(category_id=cat))
    with db.read() as s:

        def found(q: str, **kw: object) -> list[str]:
            return [p.name for p in search_products(s, q, **kw)]  # type: ignore[arg-type]

        assert set(found("goreng")) == {"Mi Goreng Rasa Ayam 85 g", "Minyak Goreng Sawit 1 L"}
        assert found("gula")[0] == "Gula Pasir Putih 1 kg"  # a name that starts with the word comes first
        assert found("GORENG") == found("goreng")
        assert found("oren") and all("oreng" in n for n in found("oren"))  # inside a word
        assert found("kopi sus") == ["Kopi Sachet Susu 10x20 g"]  # several partial words
        assert found("mi") == ["Mi Goreng Rasa Ayam 85 g", "Mi Kuah Rasa Soto 75 g", "Minyak Goreng Sawit 1 L"]
        assert found("8991234500003") == ["Kopi Sachet Susu 10x20 g"]  # a whole barcode
        assert found("SKU-005") == ["Beras Premium 5 kg"]
        assert found("", category_id=cat) == ["Beras Premium 5 kg", "Gula Pasir Putih 1 kg"]
        assert found('"; DROP TABLE products; --') == []  # typed text is data, never SQL or FTS syntax
        assert count_products(s) == len(names)


def test_adding_a_carton_barcode_later(counter: Counter) -> None:
    product = pid_of(counter, 0)
    with counter.db.write() as s:
        add_barcode(s, product, BarcodeSpec("CARTON-1", 24_000, Money(110_000)))
    sale = sell(counter, counter.owner, [("CARTON-1", 1)], [cash(110_000)])
    assert sale.total == 110_000
    with counter.db.read() as s:
        assert on_hand(s, product) == -24_000
    with pytest.raises(InvalidInput), counter.db.write() as s:
        add_barcode(s, product, BarcodeSpec("CARTON-1"))


def test_invariants_after_a_busy_back_office(counter: Counter) -> None:
    product = pid_of(counter, 0)
    with counter.db.write() as s:
        supplier = add_supplier(s, "CV Maju")
        budi = add_customer(s, "Pak Budi", credit_limit=Money(1_000_000))
        receive_goods(
            s,
            counter.owner,
            [PurchaseItem(product, Qty.units(50), Money(200_000))],
            supplier_id=supplier,
            paid_with="credit",
            at=AT,
        )
    for n in range(5):
        sell(
            counter,
            counter.cashier,
            [(counter.codes[0], n + 1)],
            [Payment("kasbon", Money(5_000 * (n + 1)))],
            customer_id=budi,
        )
    with counter.db.write() as s:
        record_kasbon_payment(s, counter.cashier, budi, Money(30_000), at=AT)
        pay_supplier(s, counter.owner, supplier, Money(100_000), at=AT)
        stock_take(s, counter.owner.user_id, {product: Qty.units(30)}, at=AT)
    with counter.db.read() as s:
        assert check_books(s).ok
        assert kasbon_balance(s, budi).rupiah == customer_ledger(s, budi)[-1].balance == 45_000
        assert stock_value(s) == trial_balance(s).balance(accounts.PERSEDIAAN)
        assert trial_balance(s).balance(accounts.PIUTANG) == 45_000
        assert trial_balance(s).balance(accounts.UTANG_USAHA) == 100_000

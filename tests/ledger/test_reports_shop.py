"""A small shop with seven months of books, built through the ledger's services, for the report tests.

December 2025: the owner brings capital, buys stock and sells a little. January to June 2026: sales every few days
in cash, QRIS and kasbon, a discount, a return and a void, monthly rent and wages, purchases on credit and their
payment, a kasbon payment, a drawing, a bank deposit, other income, and a shift closed short (Selisih kas).
Shared by the ledger, printing, CLI and screen tests (imported as `ledger.test_reports_shop`); its one test checks
the shop's books are in order.
"""

from __future__ import annotations

import datetime as dt
import json
import shutil
import uuid
from dataclasses import dataclass
from pathlib import Path

import pytest
from sqlalchemy import text

from pos.ledger.base.db import Database, make_engine
from pos.ledger.base.ids import UserId
from pos.ledger.base.money import Money, Qty
from pos.ledger.books import accounts, cash_entries
from pos.ledger.books.approvals import Actor
from pos.ledger.books.check import check_books
from pos.ledger.counter.cart import Cart, line_for_scan
from pos.ledger.counter.payments import Payment
from pos.ledger.counter.pricing import Discount
from pos.ledger.counter.shifts import cash_in, cash_out, close_shift, open_shift, shift_report
from pos.ledger.people.customers import add_customer
from pos.ledger.people.kasbon import record_kasbon_payment
from pos.ledger.people.users import add_user
from pos.ledger.selling.returns import return_items, void_sale
from pos.ledger.selling.sales import SaleResult, ring_up
from pos.ledger.shop import settings
from pos.ledger.stock import product_records
from pos.ledger.stock.barcodes import DEFAULT_FORMATS, ean13_with_check
from pos.ledger.stock.product_records import BarcodeSpec
from pos.ledger.stock.products import add_category, set_category
from pos.ledger.stock.purchases import PurchaseItem, add_supplier, pay_supplier, receive_goods

WIB = dt.timezone(dt.timedelta(hours=7))
# What is bought each month, product by product: a little more than a month's sales.
MONTHLY = (22, 22, 22, 105, 42, 21)
PRODUCTS = (
    # name, category, price, cost
    ("Beras 5 kg", "Sembako", 78_000, 62_000),
    ("Minyak goreng 1 L", "Sembako", 19_000, 15_000),
    ("Gula pasir 1 kg", "Sembako", 18_500, 14_500),
    ("Kopi sachet", "Minuman", 2_000, 1_400),
    ("Teh botol", "Minuman", 5_000, 3_600),
    ("Sabun mandi", "Kebersihan", 5_000, 3_300),
)


def at(day: dt.date, hour: int = 9, minute: int = 0) -> dt.datetime:
    """An instant on the shop's wall clock (WIB), as an aware datetime."""
    return dt.datetime(day.year, day.month, day.day, hour, minute, tzinfo=WIB)


def code(n: int) -> str:
    return ean13_with_check(f"899{n + 100:09d}")


@dataclass
class Books:
    db: Database
    owner: Actor
    cashier: Actor
    customer: uuid.UUID
    supplier: uuid.UUID
    products: list[uuid.UUID]


def sell(
    books: Books, items: list[tuple[int, int]], payments: list[Payment], when: dt.datetime, **cart: object
) -> SaleResult:
    with books.db.write() as s:
        c = Cart()
        for n, qty in items:
            c.add(line_for_scan(s, code(n), DEFAULT_FORMATS, Qty.units(qty)))
        for key, value in cart.items():
            setattr(c, key, value)
        return ring_up(s, books.cashier, c, payments, at=when)


def cash(amount: int) -> Payment:
    return Payment("cash", Money(amount))


def _close_and_reopen(books: Books, when: dt.datetime, short: int = 0) -> None:
    with books.db.write() as s:
        expected = shift_report(s).expected_cash - short
        notes, rest = divmod(expected, 1_000)
        close_shift(s, books.cashier, {1_000: notes, 100: rest // 100}, at=when)
        open_shift(s, books.cashier, Money(0), at=when + dt.timedelta(minutes=5))


def build_books(db: Database) -> Books:
    """The shop described above; returns handles to its people and parties."""
    start = at(dt.date(2025, 12, 1), 8)
    with db.write() as s:
        settings.put(s, "shop.owner", "Sri Wahyuni")
        settings.put(s, "shop.address", "Jl. Kenanga No. 7, Sleman, Yogyakarta")
        settings.put(s, "shop.city", "Yogyakarta")
        settings.put(s, "shop.nib", "9120001234567")
        settings.put(s, "shop.npwp", "09.254.294.3-407.000")
        owner_id = add_user(s, "Bu Sri", "owner", "246810", at=start)
        owner = Actor(UserId(owner_id), "Bu Sri", "owner")
        cashier = Actor(UserId(add_user(s, "Dewi", "cashier", "1357", at=start, by=owner)), "Dewi", "cashier")
        products = []
        for n, (name, category, price, cost) in enumerate(PRODUCTS):
            pid = product_records.add_product(s, name, Money(price), cost=Money(cost), barcodes=[BarcodeSpec(code(n))])
            set_category(s, pid, add_category(s, category))
            products.append(pid)
        customer = add_customer(s, "Pak Joko", phone="0812-3456-789", credit_limit=Money(2_000_000))
        supplier = add_supplier(s, "CV Sumber Rejeki")
        cash_entries.record_capital(s, Money(20_000_000), into=accounts.BANK, at=start)
        cash_entries.transfer(s, Money(2_000_000), source=accounts.BANK, target=accounts.KAS, at=start)
        receive_goods(
            s,
            owner,
            [
                PurchaseItem(p, Qty.units(q), Money(PRODUCTS[i][3] * q))
                for i, (p, q) in enumerate(zip(products, MONTHLY, strict=True))
            ],
            supplier_id=supplier,
            paid_with="bank",
            at=start,
        )
        open_shift(s, cashier, Money(0), at=start + dt.timedelta(hours=1))
    books = Books(db, owner, cashier, customer, supplier, products)

    sell(books, [(0, 1), (3, 5)], [cash(100_000)], at(dt.date(2025, 12, 10)))
    sell(books, [(1, 2), (4, 3)], [Payment("qris", Money(53_000))], at(dt.date(2025, 12, 20), 15))
    with db.write() as s:
        cash_entries.record_expense(s, "sewa", Money(500_000), paid_from=accounts.BANK, at=at(dt.date(2025, 12, 28)))
    _close_and_reopen(books, at(dt.date(2025, 12, 31), 21))

    for month in range(1, 7):
        for d in (2, 5, 7, 9, 12, 15, 18, 21, 24, 27):
            day = dt.date(2026, month, d)
            sell(books, [(0, 2), (2, 2), (3, 10)], [cash(215_000)], at(day, 8, 30))
            sell(books, [(1, 2), (4, 4), (5, 2)], [Payment("qris", Money(68_000))], at(day, 12, 15))
            if d == 9:
                sell(books, [(0, 1), (1, 1)], [Payment("kasbon", Money(97_000))], at(day, 17), customer_id=customer)
        with db.write() as s:
            first = dt.date(2026, month, 1)
            cash_entries.record_expense(s, "sewa", Money(200_000), paid_from=accounts.BANK, at=at(first, 7))
            cash_entries.record_expense(
                s, "gaji", Money(150_000), paid_from=accounts.BANK, at=at(dt.date(2026, month, 28), 18)
            )
            cash_entries.record_expense(s, "listrik_air", Money(75_000), at=at(dt.date(2026, month, 20), 10))
            receive_goods(
                s,
                owner,
                [
                    PurchaseItem(p, Qty.units(q), Money(q * PRODUCTS[i][3]))
                    for i, (p, q) in enumerate(zip(products, MONTHLY, strict=True))
                ],
                supplier_id=supplier,
                paid_with="credit",
                at=at(dt.date(2026, month, 1), 11),
            )
            cash_entries.transfer(
                s, Money(1_800_000), source=accounts.KAS, target=accounts.BANK, at=at(dt.date(2026, month, 25), 16)
            )
            pay_supplier(s, owner, supplier, Money(2_000_000), paid_with="bank", at=at(dt.date(2026, month, 26), 10))
        _close_and_reopen(books, at(dt.date(2026, month, 28), 21), short=2_000 if month == 3 else 0)

    # A discounted sale, a return to cash, and a void of a sale rung up by mistake.
    sell(books, [(0, 2)], [cash(150_000)], at(dt.date(2026, 6, 29), 9), discount=Discount(rupiah=10_000))
    sale = sell(books, [(2, 3), (3, 2)], [cash(60_000)], at(dt.date(2026, 6, 29), 10))
    mistake = sell(books, [(0, 1)], [cash(80_000)], at(dt.date(2026, 6, 29), 11))
    with db.write() as s:
        return_items(s, owner, sale.receipt_no, [(1, Qty.units(1))], reason="rusak", at=at(dt.date(2026, 6, 29), 13))
        void_sale(s, owner, mistake.receipt_no, reason="salah input", at=at(dt.date(2026, 6, 29), 11, 5))
        record_kasbon_payment(s, cashier, customer, Money(100_000), at=at(dt.date(2026, 6, 29), 14))
        pay_supplier(s, owner, supplier, Money(500_000), paid_with="bank", at=at(dt.date(2026, 6, 29), 15))
        cash_in(s, cashier, Money(25_000), "other_income", "jual kardus bekas", at=at(dt.date(2026, 6, 29), 16))
        cash_out(s, owner, Money(100_000), "drawing", "keperluan rumah", at=at(dt.date(2026, 6, 29), 17))
        cash_out(s, owner, Money(150_000), "bank_deposit", "setor ke bank", at=at(dt.date(2026, 6, 29), 18))
    _close_and_reopen(books, at(dt.date(2026, 6, 30), 21))
    return books


_BUILT: dict[Path, Path] = {}


def built_books(template: Path, factory: pytest.TempPathFactory) -> Path:
    """The file of the shop above, built once per test run from the session's template shop."""
    if template not in _BUILT:
        # A plain copy of the template (not conftest's helper: each test folder has its own conftest module).
        target = factory.mktemp("books") / "laci.sqlite3"
        shutil.copyfile(template, target)
        db = open_books(target)
        build_books(db)
        _BUILT[template] = db.path
        db.dispose()
    return _BUILT[template]


def books_copy(template: Path, factory: pytest.TempPathFactory) -> Database:
    """A private copy of the shop above, for a test that writes to it."""
    source = built_books(template, factory)
    target = factory.mktemp("books-copy") / "laci.sqlite3"
    shutil.copyfile(source, target)
    return Database(make_engine(target))


def open_books(path: Path) -> Database:
    return Database(make_engine(path))


def set_pph(db: Database, **values: object) -> None:
    """Store PPh settings the way the shop will once the keys join `settings.DEFAULTS` (put() refuses them now)."""
    with db.write() as s:
        for key, value in values.items():
            s.execute(
                text("INSERT OR REPLACE INTO settings (key, value, hlc) VALUES (:k, :v, '')"),
                {"k": f"pph.{key}", "v": json.dumps(value)},
            )


def test_the_shop_is_built_with_books_in_order(template_db: Path, tmp_path_factory: pytest.TempPathFactory) -> None:
    db = open_books(built_books(template_db, tmp_path_factory))
    try:
        with db.read() as s:
            assert check_books(s).ok
            sales = s.execute(text("SELECT COUNT(*) FROM sales")).scalar_one()
    finally:
        db.dispose()
    assert sales == 2 + 6 * (10 * 2 + 1) + 3

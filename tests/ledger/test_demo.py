"""The demo warung: balanced books, trading every day, kasbon and stock that agree with their records, repeatable."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import func, select, text
from tests_support import copy_db

from pos.demo.shop import DemoSummary, build_demo_shop, shop_is_empty
from pos.ledger.base.clock import zone
from pos.ledger.base.db import Database
from pos.ledger.base.errors import InvalidInput
from pos.ledger.books import accounts
from pos.ledger.books.balances import account_balance, trial_balance
from pos.ledger.books.check import check_books
from pos.ledger.people.customers import kasbon_balance
from pos.ledger.people.kasbon import customer_ledger
from pos.ledger.people.users import authenticate, list_users
from pos.ledger.schema import Customer, Product, ProductBarcode, Sale
from pos.ledger.stock import barcodes
from pos.ledger.stock.stock_levels import stock_value

TODAY = dt.date(2026, 11, 23)
DAYS = 5


def build(db: Database, seed: int = 7) -> DemoSummary:
    return build_demo_shop(db, products=40, days=DAYS, seed=seed, today=TODAY)


@pytest.fixture(scope="module")
def demo(template_db: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Database, DemoSummary]]:
    db = copy_db(template_db, tmp_path_factory.mktemp("demo"))
    steps: list[tuple[int, int]] = []
    summary = build_demo_shop(
        db, products=40, days=DAYS, seed=7, today=TODAY, progress=lambda done, total: steps.append((done, total))
    )
    assert steps == [(n, DAYS + 1) for n in range(1, DAYS + 2)]
    yield db, summary
    db.dispose()


def figures(db: Database) -> tuple[object, ...]:
    """What two builds with the same seed must share: every account's totals, and each receipt with its total."""
    with db.read() as s:
        balances = tuple((a.code, a.debit, a.credit) for a in trial_balance(s).accounts)
        receipts = tuple(s.execute(select(Sale.receipt_no, Sale.total).order_by(Sale.receipt_no)).all())
        stock = tuple(
            s.execute(
                text(
                    "SELECT p.name, COALESCE(l.qty_milli, 0), COALESCE(l.value, 0) FROM products p "
                    "LEFT JOIN stock_levels l ON l.product_id = p.id ORDER BY p.name"
                )
            ).all()
        )
    return balances, receipts, stock


def test_the_books_balance(demo: tuple[Database, DemoSummary]) -> None:
    db, summary = demo
    with db.read() as s:
        assert check_books(s).ok
        assert trial_balance(s).difference == 0
        assert account_balance(s, accounts.KAS) > 0
        assert account_balance(s, accounts.BANK) > 0
    assert (summary.first_day, summary.last_day) == (TODAY - dt.timedelta(days=DAYS), TODAY - dt.timedelta(days=1))
    assert summary.products == 40 and 15 <= summary.customers <= 30


def test_there_are_sales_every_day_in_shifts_that_closed(demo: tuple[Database, DemoSummary]) -> None:
    db, summary = demo
    with db.read() as s:
        per_day = dict(s.execute(text("SELECT business_date, COUNT(*) FROM sales GROUP BY business_date")).all())
        closed = s.execute(text("SELECT COUNT(*) FROM shift_closes")).scalar_one()
        methods = {m for (m,) in s.execute(text("SELECT DISTINCT method FROM sale_payments"))}
        times = s.execute(select(Sale.created_at)).scalars().all()
    days = [(summary.first_day + dt.timedelta(days=n)).isoformat() for n in range(DAYS)]
    assert sorted(per_day) == days
    assert all(40 <= n <= 150 for n in per_day.values())
    assert closed == DAYS
    assert {"cash", "qris", "kasbon"} <= methods
    assert len(times) == summary.sales + summary.voids
    local_hours = {t.astimezone(zone("Asia/Jakarta")).hour for t in times}
    assert min(local_hours) >= 6 and max(local_hours) <= 20


def test_kasbon_balances_equal_their_ledgers(demo: tuple[Database, DemoSummary]) -> None:
    db, _summary = demo
    with db.read() as s:
        customers = s.execute(select(Customer.id)).scalars().all()
        on_credit = dict(
            s.execute(
                text(
                    "SELECT s.customer_id, SUM(p.amount) FROM sale_payments p JOIN sales s ON s.id = p.sale_id "
                    "WHERE p.method = 'kasbon' AND s.id NOT IN (SELECT sale_id FROM sale_voids) GROUP BY s.customer_id"
                )
            ).all()
        )
        paid = dict(
            s.execute(
                text("SELECT party_id, SUM(amount) FROM party_payments WHERE party_kind = 'customer' GROUP BY party_id")
            ).all()
        )
        credited = dict(
            s.execute(
                text(
                    "SELECT customer_id, SUM(amount) FROM sale_returns WHERE refund_method = 'kasbon' "
                    "GROUP BY customer_id"
                )
            ).all()
        )
        owing = 0
        for cid in customers:
            key = cid.bytes
            expected = on_credit.get(key, 0) - paid.get(key, 0) - credited.get(key, 0)
            ledger = customer_ledger(s, cid)
            balance = kasbon_balance(s, cid).rupiah
            assert balance == (ledger[-1].balance if ledger else 0) == expected
            owing += balance
        assert owing == account_balance(s, accounts.PIUTANG)
        assert on_credit, "some customers bought on kasbon"


def test_stock_is_the_sum_of_its_movements(demo: tuple[Database, DemoSummary]) -> None:
    db, _summary = demo
    with db.read() as s:
        rows = s.execute(
            text(
                "SELECT p.name, COALESCE(l.qty_milli, 0), COALESCE(l.value, 0), COALESCE(m.q, 0), COALESCE(m.v, 0) "
                "FROM products p LEFT JOIN stock_levels l ON l.product_id = p.id LEFT JOIN "
                "(SELECT product_id, SUM(qty_milli) AS q, SUM(value) AS v FROM stock_movements GROUP BY product_id) m "
                "ON m.product_id = p.id"
            )
        ).all()
        kinds = {k for (k,) in s.execute(text("SELECT DISTINCT kind FROM stock_movements"))}
        assert stock_value(s) == account_balance(s, accounts.PERSEDIAAN)
    for name, qty, value, moved, moved_value in rows:
        assert (qty, value) == (moved, moved_value), name
    assert {"purchase", "sale"} <= kinds


def test_the_catalogue_is_a_warungs(demo: tuple[Database, DemoSummary]) -> None:
    db, _summary = demo
    with db.read() as s:
        codes = s.execute(select(ProductBarcode.barcode, ProductBarcode.pack_milli, ProductBarcode.pack_price)).all()
        weighed = s.execute(select(Product.name, Product.plu, Product.unit).where(Product.is_weighed)).all()
        prices = s.execute(select(Product.price, Product.cost)).all()
        scale_sales = s.execute(text("SELECT COUNT(*) FROM sale_lines WHERE barcode LIKE '20%'")).scalar_one()
    assert all(barcodes.is_valid_gtin(code) and code.startswith("899") for code, _m, _p in codes)
    assert any(milli > 1_000 and price is not None for _c, milli, price in codes), "some cartons with a pack price"
    assert {plu for _n, plu, _u in weighed} == {"00101", "00102", "00103"} and {u for *_x, u in weighed} == {"kg"}
    assert scale_sales > 0
    assert all(price % 100 == 0 and 0 < cost < price for price, cost in prices)


def test_the_pins_printed_for_newcomers_work(demo: tuple[Database, DemoSummary]) -> None:
    db, summary = demo
    with db.read() as s:
        users = {u.name: u for u in list_users(s)}
    assert authenticate(db, users[summary.owner_name].id, summary.owner_pin).role == "owner"
    assert authenticate(db, users[summary.cashier_name].id, summary.cashier_pin).role == "cashier"


def test_the_same_seed_builds_the_same_shop(
    demo: tuple[Database, DemoSummary], template_db: Path, tmp_path: Path
) -> None:
    db, summary = demo
    again = copy_db(template_db, tmp_path / "again")
    try:
        assert build(again) == summary
        assert figures(again) == figures(db)
    finally:
        again.dispose()


def test_a_shop_with_data_is_refused(demo: tuple[Database, DemoSummary], db: Database) -> None:
    built, _summary = demo
    with built.read() as s:
        assert not shop_is_empty(s)
        before = s.execute(select(func.count()).select_from(Sale)).scalar_one()
    with pytest.raises(InvalidInput):
        build(built)
    with built.read() as s:
        assert s.execute(select(func.count()).select_from(Sale)).scalar_one() == before
    with pytest.raises(InvalidInput):
        build_demo_shop(db, products=5, days=1, today=TODAY)

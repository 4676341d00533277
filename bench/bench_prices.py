"""How fast a cart is priced with a shop's tiers, group prices and promotions, and what they add to a sale.

    python bench/bench_prices.py             # 400 rounds of each figure
    python bench/bench_prices.py --rounds 60

A shop of 1.000 products is built once in a temporary folder through the ledger's own services: 200 active
promotions (120 percent or rupiah off a product, 20 off a category, 25 buy X get Y, 20 bundles, 15 cart
promotions, a quarter of them with hours or days), quantity tiers on 300 products, a customer group with 300
prices, a voucher and the points rule. Carts are 50 distinct lines of products the promotions name, 1 to 12
pieces each. Four figures, median and p99 in ms:

  (a) `engine.price_sale` of a 50-line cart with the 200 promotions: the pure pricing, what the counter does
      after every scan (goal: under 5 ms);
  (b) `price_book.load_book` and `price_sale` together in one read transaction: what `ring_up` adds to a sale
      with those terms in the shop;
  (c) `ring_up` and commit of a 5-line cash sale in that shop, and (d) the same sale in the same shop with no
      promotions, tiers, groups or points (its terms removed on a copy), measured alternately in the same run.

The sale commit of a shop with no terms is bench_sale.py's figure (a); run that on the commit before and after a
change to compare it.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import platform
import random
import shutil
import statistics
import sys
import tempfile
import time
import uuid
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from sqlalchemy import text  # noqa: E402

from pos.ledger.base.clock import local, utc_now  # noqa: E402
from pos.ledger.base.db import Database  # noqa: E402
from pos.ledger.base.money import Money, Qty  # noqa: E402
from pos.ledger.books.approvals import Actor  # noqa: E402
from pos.ledger.counter.cart import Cart, line_for_product  # noqa: E402
from pos.ledger.counter.payments import cash  # noqa: E402
from pos.ledger.counter.pricing import PpnRule  # noqa: E402
from pos.ledger.counter.shifts import open_shift  # noqa: E402
from pos.ledger.people.customers import add_customer  # noqa: E402
from pos.ledger.people.users import add_user  # noqa: E402
from pos.ledger.prices import groups, loyalty, tiers  # noqa: E402
from pos.ledger.prices.engine import price_sale  # noqa: E402
from pos.ledger.prices.price_book import load_book  # noqa: E402
from pos.ledger.prices.promotions import PromotionInfo, save_promotion  # noqa: E402
from pos.ledger.prices.terms import Bundle, BuyGet, CartOff, ItemOff, Moment, Schedule  # noqa: E402
from pos.ledger.prices.vouchers import VoucherInfo, save_voucher  # noqa: E402
from pos.ledger.selling.sales import ring_up  # noqa: E402
from pos.ledger.shop.opening import init_shop, open_database  # noqa: E402
from pos.ledger.stock import product_records, products  # noqa: E402
from pos.ledger.stock.product_records import get_product  # noqa: E402

RESULTS = ROOT / "bench" / "results" / "prices.md"
PRODUCTS = 1_000
GOAL_MS = 5.0


def build(path: Path) -> tuple[list[uuid.UUID], uuid.UUID, Actor]:
    """The shop with its terms; returns the products the promotions name, the customer and the cashier."""
    rng = random.Random(29)
    db = open_database(path)
    with db.write() as s:
        init_shop(s, "Toko Bench Harga")
        owner = Actor(add_user(s, "Pemilik", "owner", "1234"), "Pemilik", "owner")
        clerk = Actor(add_user(s, "Kasir", "cashier", "5678", by=owner), "Kasir", "cashier")
        open_shift(s, clerk, Money(500_000))
        categories = [products.add_category(s, f"Kategori {n}") for n in range(10)]
        ids = []
        for n in range(PRODUCTS):
            price = 1_000 + 500 * (n * 7919 % 59)
            pid = product_records.add_product(s, f"Produk {n:04d}", Money(price), cost=Money(price * 7 // 10))
            products.set_category(s, pid, categories[n % 10])
            ids.append(pid)
        named = ids[:300]
        for pid in named:
            tiers.set_tiers(s, pid, 1000, [(6_000, 900), (12_000, 800)])
        grosir = groups.save_group(s, None, "Grosir")
        for pid in named:
            groups.set_group_price(s, grosir, product_id=pid, percent_bp=rng.choice((300, 500, 800)))
        customer = add_customer(s, "Warung Pak Eko")
        groups.set_customer_group(s, customer, grosir)

        def timed(n: int) -> Schedule:
            return Schedule(from_minute=8 * 60, to_minute=20 * 60, days=0b0011111) if n % 4 == 0 else Schedule()

        made = 0
        for n in range(120):
            offer = ItemOff(products=frozenset({named[n]}), percent_bp=500 + 100 * (n % 10))
            save_promotion(s, PromotionInfo(None, f"Diskon {n}", offer, timed(n), priority=n))
            made += 1
        for n in range(20):
            offer = ItemOff(categories=frozenset({categories[n % 10]}), rupiah=100 * (1 + n % 5))
            save_promotion(s, PromotionInfo(None, f"Kategori {n}", offer, timed(n)))
            made += 1
        for n in range(25):
            a, b = named[120 + n], named[150 + n]
            offer = BuyGet(a, 2, a if n % 2 else b, 1, 10_000 if n % 3 else 5_000)
            save_promotion(s, PromotionInfo(None, f"Beli {n}", offer, timed(n)))
            made += 1
        for n in range(20):
            items = ((named[180 + n], 1), (named[200 + n], 2))
            save_promotion(s, PromotionInfo(None, f"Paket {n}", Bundle(items, 3_000), timed(n)))
            made += 1
        for n in range(15):
            offer = CartOff(percent_bp=200 + 50 * n, min_spend=20_000 * (n + 1), max_off=25_000)
            save_promotion(s, PromotionInfo(None, f"Belanja {n}", offer, timed(n)))
            made += 1
        assert made == 200
        save_voucher(s, VoucherInfo("BENCH", amount=5_000, use_limit=1_000_000))
        loyalty.save_points_rule(s, loyalty.PointsRule(earn_per=1_000, value=100))
    db.dispose()
    return named, customer, clerk


def cart_of(db: Database, named: list[uuid.UUID], customer: uuid.UUID | None, rng: random.Random, lines: int) -> Cart:
    cart = Cart(customer_id=customer)  # type: ignore[arg-type]
    with db.read() as s:
        for pid in rng.sample(named, lines):
            cart.add(line_for_product(get_product(s, pid), Qty.units(rng.randint(1, 12))))
    return cart


CPU: list[float] = []  # the CPU time of every measurement, in the order taken


def timed_ms(work: Callable[[], object]) -> float:
    """Wall time of `work` in ms; its CPU time goes to `CPU` (on a shared machine the wall time includes waiting
    for a core, which the CPU time does not)."""
    cpu = time.process_time()
    started = time.perf_counter()
    work()
    wall = (time.perf_counter() - started) * 1000
    CPU.append((time.process_time() - cpu) * 1000)
    return wall


def pct(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(p / 100 * len(ordered) + 0.5) - 1))]


def strip_terms(path: Path) -> None:
    """Remove every promotion, tier, group price and the points rule: the same shop with one price a product."""
    db = open_database(path)
    with db.write() as s:
        for table in ("promotions", "price_tiers", "group_prices", "vouchers"):
            s.execute(text(f"DELETE FROM {table}"))
        s.execute(text("UPDATE customers SET group_id = NULL"))
        s.execute(text("DELETE FROM settings WHERE key LIKE 'points.%'"))
    db.dispose()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rounds", type=int, default=400)
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="laci-bench-prices-"))
    try:
        with_terms = folder / "terms.sqlite3"
        print("building the shop…", flush=True)
        named, customer, clerk = build(with_terms)
        without = folder / "plain.sqlite3"
        shutil.copyfile(with_terms, without)
        strip_terms(without)
        db = open_database(with_terms)
        plain = open_database(without)
        rng = random.Random(20261207)
        moment = Moment.at(local(utc_now()))
        with db.read() as s:
            probe = cart_of(db, named, customer, rng, 50)
            book = load_book(s, probe, moment.day)
        assert len(book.promotions) == 200
        rule = PpnRule()

        pure = []
        CPU.clear()
        for _ in range(args.rounds):
            cart = cart_of(db, named, customer, rng, 50)
            with db.read() as s:
                book = load_book(s, cart, moment.day)
            pure.append(timed_ms(lambda c=cart, b=book: price_sale(c, b, rule, moment)))  # type: ignore[misc]

        pure_cpu = list(CPU)
        loaded = []
        CPU.clear()
        for _ in range(args.rounds):
            cart = cart_of(db, named, customer, rng, 50)

            def load_and_price(c: Cart = cart) -> object:
                with db.read() as s:
                    return price_sale(c, load_book(s, c, moment.day), rule, moment)

            loaded.append(timed_ms(load_and_price))

        loaded_cpu = list(CPU)
        sale_terms, sale_plain = [], []
        CPU.clear()
        for n in range(args.rounds):
            for target, into in ((db, sale_terms), (plain, sale_plain)):
                cart = cart_of(target, named, customer if n % 2 else None, rng, 5)

                def sell(c: Cart = cart, t: Database = target) -> object:
                    with t.write() as s:
                        return ring_up(s, clerk, c, [cash(10_000_000)])

                into.append(timed_ms(sell))
        sale_cpu = list(CPU)
        db.dispose()
        plain.dispose()
    finally:
        shutil.rmtree(folder, ignore_errors=True)

    rows = [
        ("(a) price a 50-line cart, 200 promotions (engine only)", pure, pure_cpu),
        ("(b) read the terms and price it (what ring_up adds)", loaded, loaded_cpu),
        ("(c) ring up and commit a 5-line sale, shop with the terms", sale_terms, sale_cpu[0::2]),
        ("(d) ring up and commit a 5-line sale, same shop without them", sale_plain, sale_cpu[1::2]),
    ]
    lines = [
        "# Pricing with tiers, groups and promotions",
        "",
        f"Measured {dt.date.today().isoformat()} with `python bench/bench_prices.py --rounds {args.rounds}`.",
        "",
        "| figure | median | p99 | CPU median | CPU p99 | runs | goal |",
        "|---|---|---|---|---|---|---|",
    ]
    for label, values, cpu in rows:
        goal = ""
        if label.startswith("(a)"):
            goal = "< 5 ms (median): " + ("met" if statistics.median(values) < GOAL_MS else "missed")
        median, p99 = statistics.median(values), pct(values, 99)
        cpu_median, cpu_p99 = statistics.median(cpu), pct(cpu, 99)
        lines.append(
            f"| {label} | {median:.2f} ms | {p99:.2f} ms | {cpu_median:.2f} ms | {cpu_p99:.2f} ms | {len(values)} "
            f"| {goal} |"
        )
    lines += [
        "",
        f"Load average when done: {' / '.join(f'{x:.2f}' for x in os.getloadavg())}; CPUs: {os.cpu_count()}; "
        f"Python {platform.python_version()}.",
    ]
    text_out = "\n".join(lines) + "\n"
    print(text_out)
    RESULTS.write_text(text_out)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

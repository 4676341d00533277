"""An owner with two outlets in the cloud: Warung Bu Sri (the demo's few weeks of trading on counter A, and a
second counter B selling beside it) and a small second shop with one counter. Built once per test session.

Counter B sells on the last days the way a second till does: every payment method, a void, a return of a sale
rung up on A, cash in and out, a kasbon payment, a drawer count that is short, and a shift left open today. It
also takes GoFood orders (the owner set GoFood's commission at 20% on A), one a day, a WhatsApp order with ongkir
every other day, and from the second day a refund through GoFood of the day before's GoFood order; the demo's
earlier weeks on A are all at the counter.
"""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass
from pathlib import Path

from replicas import new_counter
from server import ProcessServer
from sqlalchemy import select, text

from pos.cloud.auth import create_shop
from pos.cloud.db import CloudDB
from pos.demo import data as demo_data
from pos.demo.shop import build_demo_shop
from pos.ledger.base.clock import business_date, utc_now, zone
from pos.ledger.base.db import Database
from pos.ledger.base.ids import CustomerId, UserId
from pos.ledger.base.money import Money, Qty
from pos.ledger.books.approvals import Actor
from pos.ledger.channels.channels import edit_channel, price_for_channel
from pos.ledger.counter.cart import Cart, line_for_scan
from pos.ledger.counter.payments import Payment
from pos.ledger.counter.pricing import rounded_due
from pos.ledger.counter.shifts import cash_in, cash_out, close_shift, open_shift, shift_report
from pos.ledger.people.customers import add_customer
from pos.ledger.people.kasbon import record_kasbon_payment
from pos.ledger.people.users import add_user
from pos.ledger.schema import Product, ProductBarcode, User
from pos.ledger.selling.orders import cancel_order, new_order
from pos.ledger.selling.returns import return_items, void_sale
from pos.ledger.selling.sales import ppn_rule, ring_up, rounding_rule
from pos.ledger.shop import settings
from pos.ledger.stock.barcodes import DEFAULT_FORMATS
from pos.ledger.stock.product_records import BarcodeSpec, add_product
from pos.sync.client import SyncClient, enrol

DEMO_DAYS = 21
TZ = "Asia/Jakarta"


@dataclass
class Outlets:
    today: dt.date
    first_day: dt.date
    main: uuid.UUID  # Warung Bu Sri in the cloud
    second: uuid.UUID  # Toko Cabang
    a: Database  # the owner's counter of the main outlet
    b: Database
    c: Database  # the second outlet's only (owner's) counter
    customer: CustomerId  # B's kasbon customer, with a phone number for WhatsApp


def owner_of(db: Database) -> Actor:
    """The demo's owner, as every counter of the main outlet knows her."""
    with db.read() as s:
        user = s.execute(select(User).where(User.name == demo_data.OWNER_NAME)).scalar_one()
    return Actor(UserId(user.id), user.name, "owner")


def _codes(db: Database, n: int) -> list[str]:
    with db.read() as s:
        rows = s.execute(
            select(ProductBarcode.barcode)
            .join(Product, Product.id == ProductBarcode.product_id)
            .where(Product.is_active, ProductBarcode.pack_milli == 1000)
            .order_by(Product.name)
            .limit(n)
        ).all()
    return [str(r[0]) for r in rows]


def _sell(
    db: Database, actor: Actor, codes: list[str], method: str, at: dt.datetime, customer: CustomerId | None = None
) -> str:
    with db.write() as s:
        cart = Cart(customer_id=customer)
        for n, code in enumerate(codes):
            cart.add(line_for_scan(s, code, DEFAULT_FORMATS, Qty.units(1 + n % 2)))
        values = settings.load(s)
        exact = cart.priced(ppn_rule(values)).exact_due
        due = rounded_due(exact, 0, method == "cash", rounding_rule(values)) if method == "cash" else exact
        tendered = -(-due // 50_000) * 50_000 if method == "cash" else due
        pay = Payment(method, Money(tendered), provider="GoPay" if method == "ewallet" else "")
        return ring_up(s, actor, cart, [pay], at=at).receipt_no


def _sell_on(db: Database, actor: Actor, codes: list[str], channel: str, at: dt.datetime, fee: int = 0) -> str:
    """An order on `channel` at its prices: GoFood pays later (no payment at the till), WhatsApp by transfer."""
    with db.write() as s:
        cart = Cart()
        for code in codes:
            cart.add(line_for_scan(s, code, DEFAULT_FORMATS, Qty.units(1)))
        cart = price_for_channel(s, cart, channel)
        exact = cart.priced(ppn_rule(settings.load(s))).exact_due + fee
        pay = [] if channel == "gofood" else [Payment("transfer", Money(exact))]
        return ring_up(s, actor, cart, pay, at=at, channel=channel, delivery_fee=Money(fee)).receipt_no


def _trade_on_b(
    b: Database, a_receipt: str, customer: CustomerId, day: dt.date, last: bool, gofood_before: str | None
) -> str:
    """A day of trading on B; returns the day's GoFood receipt."""
    owner = owner_of(b)
    codes = _codes(b, 6)
    tz = zone(TZ)

    def at(hour: int, minute: int = 0) -> dt.datetime:
        return dt.datetime.combine(day, dt.time(hour, minute), tzinfo=tz)

    with b.write() as s:
        open_shift(s, owner, Money(150_000), at=at(7))
    receipts = [
        _sell(b, owner, codes[0:2], "cash", at(8, 5)),
        _sell(b, owner, codes[1:3], "qris", at(9, 40)),
        _sell(b, owner, codes[2:4], "transfer", at(12, 15)),
        _sell(b, owner, codes[3:5], "ewallet", at(13, 30)),
        _sell(b, owner, codes[4:6], "kasbon", at(17, 45), customer),
        _sell(b, owner, codes[0:1], "cash", at(18, 10)),
    ]
    gofood = _sell_on(b, owner, codes[1:3], "gofood", at(11, 20))
    if day.toordinal() % 2:
        _sell_on(b, owner, codes[2:3], "whatsapp", at(16, 5), fee=8_000)
    if gofood_before is not None:
        with b.write() as s:
            return_items(s, owner, gofood_before, [(1, Qty.units(1))], refund_method="platform", at=at(10, 30))
    with b.write() as s:
        void_sale(s, owner, receipts[-1], reason="Salah input", at=at(18, 12))
        return_items(s, owner, a_receipt, [(1, Qty.units(1))], refund_method="cash", reason="Rusak", at=at(18, 30))
        cash_in(s, owner, Money(100_000), "capital", "Uang kembalian", at=at(7, 5))
        cash_out(s, owner, Money(35_000), "expense:transport", "Ojek", at=at(15))
        record_kasbon_payment(s, owner, customer, Money(5_000), method="cash", at=at(19))
    if last:
        return gofood  # today's shift stays open: the owner sees it open
    with b.write() as s:
        expected = shift_report(s).expected_cash
        close_shift(
            s, owner, {100_000: (expected - 2_000) // 100_000, 1_000: (expected - 2_000) % 100_000 // 1_000}, at=at(21)
        )
    return gofood


def _a_receipt(b: Database, day: dt.date) -> str:
    """A sale of `day` rung up on A, as B knows it: neither voided nor returned, its first line a piece."""
    with b.read() as s:
        return str(
            s.execute(
                text(
                    "SELECT s.receipt_no FROM sales s JOIN sale_lines l ON l.sale_id = s.id AND l.line_no = 1 "
                    "JOIN products p ON p.id = l.product_id WHERE s.business_date = :d AND s.receipt_no LIKE 'A-%' "
                    "AND NOT p.is_weighed "
                    "AND l.qty_milli >= 1000 AND s.id NOT IN (SELECT sale_id FROM sale_voids) "
                    "AND s.id NOT IN (SELECT sale_id FROM sale_returns) ORDER BY s.created_at LIMIT 1"
                ),
                {"d": day.isoformat()},
            ).scalar_one()
        )


def _keep_credit(b: Database, customer: CustomerId, day: dt.date) -> None:
    """Pak Joko cancels an order paid in part by transfer and leaves the down payment with the shop as credit
    (titipan): the pages net it in his reminder, as the counter does."""
    owner = owner_of(b)
    at = dt.datetime.combine(day, dt.time(19, 30), tzinfo=zone(TZ))
    [code] = _codes(b, 1)
    with b.write() as s:
        cart = Cart(customer_id=customer)
        cart.add(line_for_scan(s, code, DEFAULT_FORMATS, Qty.units(1)))
        order = new_order(s, owner, cart, deposit=Money(10_000), deposit_method="transfer", at=at)
        cancel_order(s, owner, order.id, deposit="credit", at=at + dt.timedelta(minutes=5))


def sync_all(*counters: Database, rounds: int = 2) -> None:
    for _ in range(rounds):
        for counter in counters:
            with SyncClient(counter) as client:
                client.sync()


def build_outlets(tmp: Path, cloud: CloudDB, url: str) -> Outlets:
    today = business_date(utc_now(), TZ)
    a = new_counter(tmp / "a", "A")
    build_demo_shop(a, products=40, days=DEMO_DAYS, seed=7, today=today)
    main, code = create_shop(cloud, demo_data.SHOP_NAME)
    enrol(a, url, code)
    with SyncClient(a) as client:
        invite = client.invite()
    # A kasbon limit is the owner's to give: the customer is made on A, the owner's counter, and reaches B.
    owner = owner_of(a)
    with a.write() as s:
        customer = add_customer(s, "Pak Joko", phone="0812-3456-7890", credit_limit=Money(2_000_000))
        edit_channel(s, owner, "gofood", commission_bp=2_000)
    b = new_counter(tmp / "b", "B")
    enrol(b, url, invite)
    sync_all(a, b, rounds=1)
    days = [today - dt.timedelta(days=n) for n in (3, 2, 1)]
    gofood: str | None = None
    for day in days:
        gofood = _trade_on_b(b, _a_receipt(b, day), customer, day, False, gofood)
    # Today: B opens a shift and sells, returning one of yesterday's sales from A; the shift stays open.
    _trade_on_b(b, _a_receipt(b, today - dt.timedelta(days=1)), customer, today, True, gofood)
    _keep_credit(b, customer, today)
    sync_all(a, b)

    second, code2 = create_shop(cloud, "Toko Cabang")
    c = new_counter(tmp / "c", "A")
    enrol(c, url, code2)
    build_second(c)
    sync_all(c, rounds=1)
    return Outlets(today, today - dt.timedelta(days=DEMO_DAYS), main, second, a, b, c, customer)


def build_second(c: Database) -> None:
    """A small second outlet: its own owner, two products and a few sales today and yesterday."""
    today = business_date(utc_now(), TZ)
    with c.write() as s:
        settings.put(s, "shop.name", "Toko Cabang")
        owner = Actor(UserId(add_user(s, "Pak Budi", "owner", "2468")), "Pak Budi", "owner")
        add_product(s, "Kopi Sachet", Money(2_000), cost=Money(1_200), barcodes=[BarcodeSpec("8991234567895")])
        add_product(s, "Gula 1 kg", Money(16_000), cost=Money(13_500), barcodes=[BarcodeSpec("8991234567901")])
    for day in (today - dt.timedelta(days=1), today):
        start = dt.datetime.combine(day, dt.time(8), tzinfo=zone(TZ))
        with c.write() as s:
            open_shift(s, owner, Money(50_000), at=start)
        _sell(c, owner, ["8991234567895", "8991234567901"], "cash", start + dt.timedelta(hours=2))
        _sell(c, owner, ["8991234567901"], "qris", start + dt.timedelta(hours=5))
        if day != today:
            with c.write() as s:
                expected = shift_report(s).expected_cash
                close_shift(
                    s,
                    owner,
                    {1_000: expected // 1_000, 100: expected % 1_000 // 100},
                    at=start + dt.timedelta(hours=12),
                )


def stranger_shop(tmp: Path, cloud: CloudDB, url: str) -> tuple[uuid.UUID, Database]:
    """Another owner's shop in the same cloud, with one counter that has sold something today."""
    shop, code = create_shop(cloud, "Warung Tetangga")
    d = new_counter(tmp, "A")
    enrol(d, url, code)
    build_second(d)
    sync_all(d, rounds=1)
    return shop, d


@dataclass
class OutletsCloud:
    """The owner's two outlets synced into one cloud database, served as deployed: `laci cloud serve` in a
    process of its own."""

    url: str  # the database
    db: CloudDB
    service: ProcessServer
    outlets: Outlets

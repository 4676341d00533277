"""A realistic demo warung, built in a new data folder through the ledger's own services only.

`build_demo_shop` sets up Warung Bu Sri (profile, an owner and a cashier with known PINs, categories,
suppliers, kasbon customers, a catalogue with EAN-13 barcodes, cartons and weighed items), books the owner's
capital and the opening stock bought from suppliers, then trades day by day: a shift with a float, sales
spread over the day with morning and evening peaks (more at weekends), mixed payments, discounts, returns and
the odd void, kasbon payments, restocking when stock runs low, expenses, bank deposits, supplier payments,
stock write-offs, and a drawer count at close that is sometimes a little short or over.

Deterministic: all chance comes from `random.Random(seed)` and every service gets an explicit `at=`. The
calendar hangs on `today` (default: the current date in the shop's time zone): opening stock is bought the day
before the first trading day, and the last trading day is the day before `today`. The same seed, sizes and
`today` give the same books, figure for figure; only the ids (UUIDv7) differ between two builds.

Each day is one write transaction, so an interrupted build leaves whole days behind. `Pace` sets how busy the
shop is: `WARUNG` (the default, about 70 sales a day) or `BUSY` (about 275 sales of four lines a day, five years
of which make the half a million sales the benchmarks run on), either scaled to any number of sales a day.
"""

from __future__ import annotations

import datetime as dt
import functools
import random
import sqlite3
import uuid
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any, Final

from sqlalchemy import event, func, select
from sqlalchemy.orm import Session

from pos.demo import data as demo_data
from pos.i18n import N_
from pos.ledger.base.clock import business_date, utc_now, zone
from pos.ledger.base.db import Database, make_engine
from pos.ledger.base.errors import Conflict, InvalidInput
from pos.ledger.base.ids import CustomerId, ProductId, UserId
from pos.ledger.base.money import FULL_BP, MILLI, Money, Qty, div_round_half_up
from pos.ledger.books import accounts
from pos.ledger.books.approvals import Actor
from pos.ledger.books.balances import account_balance
from pos.ledger.books.cash_entries import record_capital, record_drawing, record_expense, transfer
from pos.ledger.books.check import check_books
from pos.ledger.counter import qris
from pos.ledger.counter.cart import Cart, line_for_scan
from pos.ledger.counter.payments import EWALLET_PROVIDERS, Payment
from pos.ledger.counter.pricing import Discount, rounded_due
from pos.ledger.counter.qris import Tlv, crc_text, serialise
from pos.ledger.counter.shifts import DENOMINATIONS, cash_out, close_shift, open_shift, shift_report
from pos.ledger.people.customers import add_customer, kasbon_balance
from pos.ledger.people.kasbon import record_kasbon_payment
from pos.ledger.people.users import add_user
from pos.ledger.schema import JournalEntry, Product, User
from pos.ledger.selling.returns import return_items, void_sale
from pos.ledger.selling.sales import ppn_rule, ring_up, rounding_rule
from pos.ledger.shop import settings
from pos.ledger.shop.opening import init_shop, is_initialised
from pos.ledger.spreadsheet.spreadsheet import NewProduct, bulk_add_products
from pos.ledger.stock import barcodes, product_records
from pos.ledger.stock.products import ProductEdit, add_category, edit_product
from pos.ledger.stock.purchases import PurchaseItem, add_supplier, pay_supplier, receive_goods, supplier_balance
from pos.ledger.stock.stock_levels import adjust_stock, levels

Progress = Callable[[int, int], None]

MIN_PRODUCTS: Final = 20
OPENING_FLOAT: Final = 200_000
# Sales per day by weekday (Monday first) before a +-20% swing; weekends are busiest.
SALES_BY_WEEKDAY: Final = (55, 50, 50, 55, 70, 100, 115)
SALES_RANGE: Final = (40, 150)
# Hours 06..20 and how busy each is: the morning rush before work and school, and the evening one.
HOURS: Final = tuple(range(6, 21))
HOUR_WEIGHTS: Final = (6, 10, 7, 5, 4, 4, 5, 4, 3, 4, 6, 9, 10, 8, 5)
LINES_PER_SALE: Final = (1, 2, 3, 4, 5, 6)
LINE_WEIGHTS: Final = (38, 27, 16, 10, 6, 3)
METHODS: Final = ("cash", "qris", "ewallet", "transfer", "kasbon")
METHOD_WEIGHTS: Final = (70, 12, 6, 3, 9)
NOTES: Final = (100_000, 50_000, 20_000, 10_000, 5_000, 2_000, 1_000)
WEEKS_OF_STOCK: Final = 2
# Demand model for stocking: about this many lines a day, and a line's usual quantity (thousandths).
LINES_PER_DAY: Final = 165
LINE_QTY_MILLI: Final = 1_300
WEIGHED_LINE_MILLI: Final = 800
# While building, SQLite may keep this much of the database in memory (KiB): years of sales make a file of
# gigabytes whose indexes are updated all over.
BUILD_CACHE_KIB: Final = 262_144


def demo_qris() -> str:
    """The demo warung's made-up static QRIS: a valid payload with a correct check code, for invented numbers."""
    account = serialise(
        (
            Tlv(qris.TAG_FORMAT, qris.QRIS_GUID),
            Tlv("01", demo_data.QRIS_ACQUIRER),
            Tlv("02", demo_data.QRIS_NMID),
            Tlv("03", "UMI"),
        )
    )
    body = serialise(
        (
            Tlv(qris.TAG_FORMAT, qris.FORMAT_VERSION),
            Tlv(qris.TAG_INITIATION, qris.STATIC),
            Tlv(qris.TAG_QRIS_ACCOUNT, account),
            Tlv(qris.TAG_MCC, "5411"),
            Tlv(qris.TAG_CURRENCY, qris.RUPIAH_CODE),
            Tlv(qris.TAG_COUNTRY, qris.COUNTRY_INDONESIA),
            Tlv(qris.TAG_NAME, demo_data.QRIS_NAME),
            Tlv(qris.TAG_CITY, demo_data.QRIS_CITY),
            Tlv(qris.TAG_POSTAL, demo_data.QRIS_POSTAL),
        )
    )
    checked = body + qris.TAG_CRC + "04"
    return checked + crc_text(checked)


@dataclass(frozen=True, slots=True)
class Pace:
    """How busy the shop is: sales a day by weekday (Monday first) before a +-20% swing, the bounds of a day's
    sales, how many lines a basket has, and the lines a day that stocking plans for."""

    sales_by_weekday: tuple[int, ...]
    sales_range: tuple[int, int]
    lines_per_sale: tuple[int, ...]
    line_weights: tuple[int, ...]
    lines_per_day: int

    @property
    def sales_per_day(self) -> float:
        return sum(self.sales_by_weekday) / len(self.sales_by_weekday)

    def at(self, sales_per_day: int) -> Pace:
        """The same week and baskets, scaled to about `sales_per_day` sales a day."""
        if sales_per_day < 1:
            raise InvalidInput(N_("The demo needs at least one sale a day."))
        factor = sales_per_day / self.sales_per_day
        low, high = self.sales_range
        return Pace(
            tuple(max(1, round(n * factor)) for n in self.sales_by_weekday),
            (max(1, round(low * factor)), max(1, round(high * factor))),
            self.lines_per_sale,
            self.line_weights,
            max(1, round(self.lines_per_day * factor)),
        )


WARUNG: Final = Pace(SALES_BY_WEEKDAY, SALES_RANGE, LINES_PER_SALE, LINE_WEIGHTS, LINES_PER_DAY)
# A busy corner shop: about 275 sales a day (the warung's week, scaled) with baskets of four lines on average.
BUSY: Final = Pace(
    (213, 194, 194, 213, 271, 388, 446),
    (155, 580),
    (1, 2, 3, 4, 5, 6, 7, 8, 9, 10),
    (16, 17, 16, 14, 11, 8, 6, 5, 4, 3),
    1_100,
)


@dataclass(frozen=True, slots=True)
class DemoSummary:
    shop_name: str
    owner_name: str
    owner_pin: str
    cashier_name: str
    cashier_pin: str
    first_day: dt.date
    last_day: dt.date
    products: int
    customers: int
    suppliers: int
    sales: int
    voids: int
    returns: int
    takings: int  # the total of the sales that stand (voided ones left out), whole rupiah


@dataclass(slots=True)
class _Item:
    """A catalogue entry as the demo plans it, and later the product it became."""

    name: str
    category: str
    supplier: int
    unit: str
    price: int
    cost: int
    popularity: float
    low_stock_milli: int
    ppn_exempt: bool
    code: str | None = None
    carton_code: str | None = None
    carton_units: int = 0
    carton_price: int | None = None
    plu: str | None = None
    sack_milli: int = 0  # weighed items are bought by the sack
    target_milli: int = 0  # what a restock fills up to
    id: ProductId = field(default=ProductId(uuid.UUID(int=0)))

    @property
    def weighed(self) -> bool:
        return self.plu is not None


@dataclass(slots=True)
class _SaleMade:
    receipt_no: str
    at: dt.datetime
    lines: list[tuple[int, int, bool]]  # (line number, quantity in packs, weighed)
    customer_id: uuid.UUID | None
    on_kasbon: bool
    returned: bool = False


def shop_is_empty(session: Session) -> bool:
    """No users, products or journal entries yet: a data folder the demo may fill."""
    for model in (User, Product, JournalEntry):
        if session.execute(select(func.count()).select_from(model)).scalar_one():
            return False
    return True


def _round_price(value: int) -> int:
    step = 100 if value < 2_000 else 500 if value < 50_000 else 1_000
    return max(step, div_round_half_up(value, step) * step)


def _cost_for(price: int, margin_bp: int) -> int:
    cost = price * FULL_BP // (FULL_BP + margin_bp)
    return max(100, cost - cost % 100)


class _Codes:
    """EAN-13 numbers under Indonesia's prefix 899: a made-up company number per brand, items numbered within."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.companies: dict[str, int] = {}
        self.next_item: dict[int, int] = {}

    def next(self, brand: str) -> tuple[str, str]:
        """A piece barcode and the matching carton barcode."""
        company = self.companies.get(brand)
        if company is None:
            taken = set(self.companies.values())
            company = self.rng.randrange(1_000, 10_000)
            while company in taken:
                company = self.rng.randrange(1_000, 10_000)
            self.companies[brand] = company
        item = self.next_item.get(company, 1)
        self.next_item[company] = item + 1
        body = f"899{company:04d}"
        return barcodes.ean13_with_check(f"{body}{item:05d}"), barcodes.ean13_with_check(f"{body}{50_000 + item:05d}")


def _brands(rng: random.Random, line: demo_data.Line) -> Iterator[str]:
    """The line's own brands, then made-up two-word ones, then (for very large catalogues) three-word ones."""
    extra = [f"{a} {b}" for a in demo_data.BRAND_FIRST for b in demo_data.BRAND_SECOND] if line.more_brands else []
    rng.shuffle(extra)
    yield from line.brands
    if not line.more_brands:
        return
    yield from extra
    # Shuffled only when reached, so catalogues the two-word brands can fill draw the same numbers as before.
    first, second = demo_data.BRAND_FIRST, demo_data.BRAND_SECOND
    more = [f"{a} {b} {c}" for a in first for b in second for c in first]
    rng.shuffle(more)
    yield from more


def _names(rng: random.Random, line: demo_data.Line) -> Iterator[tuple[str, str, int, int]]:
    """(name, brand, size index, price factor in permille): the line's own brands first, then made-up ones."""
    for brand in _brands(rng, line):
        combos = [(variant, i) for variant in line.variants for i in range(len(line.sizes))]
        rng.shuffle(combos)
        factor = 1_000 if not brand else rng.randint(920, 1_120)
        for variant, i in combos:
            yield " ".join(p for p in (line.base, brand, variant, line.sizes[i][0]) if p), brand, i, factor


def _supplier_of(category: str) -> int:
    return next(i for i, s in enumerate(demo_data.SUPPLIERS) if category in s.categories)


def _dearness(price: int) -> float:
    """How much less often a dear item sells: a Rp 210.000 gas cylinder is not bought like a Rp 3.500 noodle."""
    return float((6_000 / max(price, 6_000)) ** 0.8)


def _low_stock_units(rng: random.Random, price: int) -> int:
    if price <= 5_000:
        return rng.randrange(10, 26, 2)
    if price <= 20_000:
        return rng.randint(4, 10)
    return rng.randint(2, 4)


def _catalogue(rng: random.Random, count: int) -> list[_Item]:
    """`count` products: the weighed items, then round the categories taking each one's lines in turn."""
    codes = _Codes(rng)
    items = [
        _Item(
            name=f"{w.name} (per kg)",
            category=w.category,
            supplier=_supplier_of(w.category),
            unit="kg",
            price=w.price_per_kg,
            cost=_cost_for(w.price_per_kg, rng.randint(1_000, 1_500)),
            popularity=float(w.popularity) * _dearness(w.price_per_kg),
            low_stock_milli=w.sack_kg * MILLI // 5,
            ppn_exempt=True,
            plu=w.plu,
            sack_milli=w.sack_kg * MILLI,
        )
        for w in demo_data.WEIGHED
    ]
    by_category: dict[str, list[tuple[demo_data.Line, Iterator[tuple[str, str, int, int]]]]] = {}
    for line in demo_data.LINES:
        by_category.setdefault(line.category, []).append((line, _names(rng, line)))
    turn = dict.fromkeys(by_category, 0)
    credit = dict.fromkeys(by_category, 0)
    seen = {item.name for item in items}
    while len(items) < count:
        live = [c for c in demo_data.CATEGORIES if by_category.get(c)]
        if not live:
            raise InvalidInput(N_("The demo can make at most {n} products."), n=len(items))
        # Smooth weighted round robin: each category gets its share of the list, interleaved, without chance.
        for c in live:
            credit[c] += demo_data.CATEGORY_SHARE[c]
        category = max(live, key=lambda c: credit[c])
        credit[category] -= sum(demo_data.CATEGORY_SHARE[c] for c in live)
        lines = by_category[category]
        at = turn[category] % len(lines)
        line, names = lines[at]
        turn[category] += 1
        found = next(names, None)
        if found is None:
            del lines[at]  # every brand of this line is used up
            continue
        name, brand, size, factor = found
        if name in seen:
            continue
        seen.add(name)
        price = _round_price(line.sizes[size][1] * factor // 1_000)
        code, carton_code = codes.next(brand)
        item = _Item(
            name=name,
            category=category,
            supplier=_supplier_of(category),
            unit=line.unit,
            price=price,
            cost=_cost_for(price, rng.randint(1_000, 2_500)),
            popularity=line.popularity * (1.0 if size == 0 else 0.6) * rng.uniform(0.5, 1.5) * _dearness(price),
            low_stock_milli=_low_stock_units(rng, price) * MILLI,
            ppn_exempt=line.ppn_exempt,
            code=code,
        )
        if line.carton and size == 0 and rng.random() < 0.7:
            # Cartons sell a little under the piece price: the grosir price regulars ask for.
            item.carton_code = carton_code
            item.carton_units = line.carton
            item.carton_price = _round_price(price * line.carton * rng.randint(920, 960) // 1_000)
        items.append(item)
    return items


def _new_product(item: _Item, category_ids: Mapping[str, uuid.UUID], cost: int) -> NewProduct:
    specs: list[product_records.BarcodeSpec] = []
    if item.code:
        specs.append(product_records.BarcodeSpec(item.code))
    if item.carton_code and item.carton_price is not None:
        specs.append(product_records.BarcodeSpec(item.carton_code, item.carton_units * MILLI, Money(item.carton_price)))
    return NewProduct(
        item.name,
        Money(item.price),
        cost=Money(cost),
        plu=item.plu,
        unit=item.unit,
        barcodes=specs,
        ppn_exempt=item.ppn_exempt,
        is_weighed=item.weighed,
        low_stock=item.low_stock_milli,
        category_id=category_ids[item.category],
    )


def _denominations(amount: int) -> dict[int, int]:
    """Notes and coins making up `amount` (a multiple of Rp 100), largest first."""
    out: dict[int, int] = {}
    left = amount
    for value in DENOMINATIONS:
        count, left = divmod(left, value)
        if count:
            out[value] = count
    return out


class _Builder:
    def __init__(self, rng: random.Random, timezone: str, pace: Pace) -> None:
        self.rng = rng
        self.tz = zone(timezone)
        self.pace = pace
        self.items: list[_Item] = []
        self.packaged: list[int] = []  # positions in `items` of those sold by the piece, not weighed
        self.cum_weights: list[float] = []
        # Items whose stock went down since the last restock: the only ones that can have fallen to their
        # low-stock level, since a restock fills every item at or below it to above it.
        self.moved: set[int] = set()
        self.values = settings.ShopSettings()
        self.customers: list[tuple[CustomerId, int]] = []
        self.suppliers: list[uuid.UUID] = []
        self.owner = Actor(UserId(uuid.UUID(int=0)), demo_data.OWNER_NAME, "owner")
        self.cashier = Actor(UserId(uuid.UUID(int=0)), demo_data.CASHIER_NAME, "cashier")
        self.formats: tuple[barcodes.InStoreFormat, ...] = ()
        self.sales = self.voids = self.returns = self.takings = 0
        self.today: list[_SaleMade] = []

    def at(self, day: dt.date, hour: int, minute: int = 0, second: int = 0) -> dt.datetime:
        return dt.datetime.combine(day, dt.time(hour, minute, second), tzinfo=self.tz)

    # --- the day before trading ---

    def set_up(self, s: Session, day: dt.date, product_count: int) -> None:
        rng = self.rng
        for key, value in (
            ("shop.name", demo_data.SHOP_NAME),
            ("shop.owner", demo_data.SHOP_OWNER),
            ("shop.address", demo_data.SHOP_ADDRESS),
            ("shop.phone", demo_data.SHOP_PHONE),
        ):
            settings.put(s, key, value)
        # Cash is rounded down to Rp 100, as most warungs do with no small coins in the drawer.
        settings.put(s, "rounding.increment", 100)
        settings.put(s, "qris.static_payload", demo_qris())
        morning = self.at(day, 7)
        owner_id = add_user(s, demo_data.OWNER_NAME, "owner", demo_data.OWNER_PIN, at=morning)
        self.owner = Actor(UserId(owner_id), demo_data.OWNER_NAME, "owner")
        cashier_id = add_user(s, demo_data.CASHIER_NAME, "cashier", demo_data.CASHIER_PIN, at=morning, by=self.owner)
        self.cashier = Actor(UserId(cashier_id), demo_data.CASHIER_NAME, "cashier")
        self.formats = barcodes.parse_formats(settings.load(s).barcode_instore_formats)
        category_ids = {name: add_category(s, name) for name in demo_data.CATEGORIES}
        self.suppliers = [add_supplier(s, x.name, phone=x.phone, address=x.address) for x in demo_data.SUPPLIERS]
        self.items = _catalogue(rng, product_count)
        self.packaged = [i for i, item in enumerate(self.items) if item.plu is None]
        self._plan_stock()
        self._add_customers(s)
        opening = self._wants(self.items, {})
        # Each product starts at the cost its opening stock is bought at, so receiving that stock changes no
        # cost. The import's bulk service adds them: add_product's checks, written in a few statements.
        first_cost = {id(item): cost for item, _want, cost in opening}
        new = [_new_product(item, category_ids, first_cost.get(id(item), item.cost)) for item in self.items]
        for item, pid in zip(self.items, bulk_add_products(s, new, at=self.at(day, 7, 30)), strict=True):
            item.id = pid
        orders = self._by_supplier(opening)
        # Capital covers the opening stock paid now, and leaves a working balance in the drawer and the bank.
        paid_now = {"cash": 0, "bank": 0, "credit": 0}
        for supplier, lines in orders:
            paid_now[demo_data.SUPPLIERS[supplier].paid_with] += sum(x.total_cost.rupiah for x in lines)
        cash, bank = paid_now["cash"], paid_now["bank"]
        record_capital(s, Money(-(-(cash + 3_000_000) // 500_000) * 500_000), at=self.at(day, 8), memo="Modal awal")
        record_capital(
            s,
            Money(-(-(bank + 6_000_000) // 500_000) * 500_000),
            into=accounts.BANK,
            at=self.at(day, 8, 5),
            memo="Modal awal di rekening",
        )
        self._receive(s, orders, self.at(day, 10))

    def _plan_stock(self) -> None:
        """How likely each item is to be picked, and what a restock fills it up to."""
        total_weight = sum(item.popularity for item in self.items)
        running = 0.0
        for item in self.items:
            running += item.popularity
            self.cum_weights.append(running)
            # Two weeks of what this item is expected to sell, and never less than twice its low-stock level.
            lines_per_day = self.pace.lines_per_day * item.popularity / total_weight
            per_day_milli = int(lines_per_day * (WEIGHED_LINE_MILLI if item.weighed else LINE_QTY_MILLI))
            target = max(2 * item.low_stock_milli, per_day_milli * 7 * WEEKS_OF_STOCK)
            step = item.sack_milli or item.carton_units * MILLI or MILLI
            item.target_milli = -(-target // step) * step

    def _add_customers(self, s: Session) -> None:
        rng = self.rng
        names: set[str] = set()
        for _ in range(rng.randint(15, 30)):
            title = rng.choice(demo_data.CUSTOMER_TITLES)
            name = f"{title} {rng.choice(demo_data.CUSTOMER_NAMES[title])}"
            if name in names:
                name = f"{name} {rng.choice(demo_data.STREETS).split()[-1]}"
            if name in names:
                continue
            names.add(name)
            operator = rng.choice(("12", "13", "21", "52", "57", "77", "95"))
            middle, last = rng.randint(1000, 9999), rng.randint(1000, 9999)
            phone = f"08{operator}-{middle}-{last}"
            street, number, rt, rw = (
                rng.choice(demo_data.STREETS),
                rng.randint(1, 60),
                rng.randint(1, 9),
                rng.randint(1, 6),
            )
            address = f"{street} No. {number}, RT 0{rt}/RW 0{rw}"
            limit = rng.choice(demo_data.CREDIT_LIMITS)
            cid = add_customer(s, name, phone=phone, address=address, credit_limit=Money(limit))
            self.customers.append((cid, limit))

    # --- buying ---

    def _wants(self, items: Sequence[_Item], on_hand: Mapping[uuid.UUID, int]) -> list[tuple[_Item, int, int]]:
        """(item, quantity, unit cost) to buy to refill those of `items` at or below their low-stock level."""
        out: list[tuple[_Item, int, int]] = []
        for item in items:
            have = on_hand.get(item.id, 0)
            if have > item.low_stock_milli:
                continue
            step = item.sack_milli or item.carton_units * MILLI or MILLI
            want = -(-(item.target_milli - have) // step) * step
            if want <= 0:
                continue
            unit_cost = item.cost * self.rng.randint(970, 1_040) // 1_000
            out.append((item, want, unit_cost - unit_cost % 10))
        return out

    @staticmethod
    def _by_supplier(wants: Sequence[tuple[_Item, int, int]]) -> list[tuple[int, list[PurchaseItem]]]:
        by_supplier: dict[int, list[PurchaseItem]] = {}
        for item, want, unit_cost in wants:
            total = div_round_half_up(unit_cost * want, MILLI)
            by_supplier.setdefault(item.supplier, []).append(PurchaseItem(item.id, Qty(want), Money(total)))
        return sorted(by_supplier.items())

    def _receive(self, s: Session, orders: list[tuple[int, list[PurchaseItem]]], at: dt.datetime) -> None:
        for n, (supplier, lines) in enumerate(orders):
            when = at + dt.timedelta(minutes=20 * n)
            receive_goods(
                s,
                self.owner,
                lines,
                supplier_id=self.suppliers[supplier],
                paid_with=demo_data.SUPPLIERS[supplier].paid_with,
                invoice_no=f"INV-{when:%y%m%d}-{self.rng.randint(100, 999)}",
                at=when,
            )

    # --- a trading day ---

    def trade(self, s: Session, day: dt.date, index: int) -> None:
        rng = self.rng
        self.today = []
        self.values = settings.load(s)  # the demo changes no setting while trading
        events: list[tuple[dt.datetime, int, Callable[[dt.datetime], None]]] = []

        def plan(at: dt.datetime, action: Callable[[dt.datetime], None]) -> None:
            events.append((at, len(events), action))

        plan(self.at(day, 5, 55, rng.randint(0, 59)), lambda at: self._open(s, at))
        plan(self.at(day, 6, 20), lambda at: self._settle_wallets(s, at))
        low, high = self.pace.sales_range
        count = min(high, max(low, self.pace.sales_by_weekday[day.weekday()] * rng.randint(80, 120) // 100))
        for _ in range(count):
            hour = rng.choices(HOURS, weights=HOUR_WEIGHTS)[0]
            plan(self.at(day, hour, rng.randint(0, 59), rng.randint(0, 59)), lambda at: self._sale(s, at))
        plan(self.at(day, 9, rng.randint(20, 50)), lambda at: self._restock(s, at))
        if day.weekday() == 0:
            plan(self.at(day, 10, 45), lambda at: self._pay_suppliers(s, at))
            plan(self.at(day, 13, 30), lambda at: self._deposit(s, at))
        if day.day == 1:
            plan(self.at(day, 8, 15), lambda at: self._expense(s, "sewa", at))
        if day.day == 5:
            plan(self.at(day, 19, 10), lambda at: self._expense(s, "listrik_air", at))
        if day.day == 10:
            plan(self.at(day, 11, 5), lambda at: self._expense(s, "air", at))
        if day.weekday() == 2:
            plan(self.at(day, 16, 40), lambda at: self._expense(s, "lain", at))
        if index % 14 == 13:
            plan(self.at(day, 21, 50), lambda at: self._drawing(s, at))
        for cid, _limit in self.customers:
            if rng.random() < 0.12:
                when = self.at(day, rng.randint(7, 20), rng.randint(0, 59))
                plan(when, functools.partial(self._kasbon_payment, s, cid))
        if rng.random() < 0.35:
            plan(self.at(day, rng.randint(13, 15), rng.randint(0, 59)), lambda at: self._write_off(s, at))
        if rng.random() < 0.1:
            plan(self.at(day, 8, rng.randint(0, 40)), lambda at: self._reprice(s, at))
        if rng.random() < 0.3:
            plan(self.at(day, rng.randint(16, 20), rng.randint(0, 59)), lambda at: self._return(s, at))
        plan(self.at(day, 21, rng.randint(10, 40)), lambda at: self._close(s, at))
        if day.weekday() == 5:
            plan(self.at(day, 21, 45), lambda at: self._expense(s, "gaji", at))
        for at, _order, action in sorted(events, key=lambda e: (e[0], e[1])):
            action(at)

    def _open(self, s: Session, at: dt.datetime) -> None:
        open_shift(s, self.cashier, Money(OPENING_FLOAT), at=at)

    def _sale(self, s: Session, at: dt.datetime) -> None:
        rng = self.rng
        cart = Cart()
        for _ in range(rng.choices(self.pace.lines_per_sale, weights=self.pace.line_weights)[0]):
            index = rng.choices(range(len(self.items)), cum_weights=self.cum_weights)[0]
            item = self.items[index]
            self.moved.add(index)
            if item.plu is not None:
                grams = rng.choice((250, 500, 500, 1_000, 1_000, 1_500, 2_000)) + rng.randint(-20, 20)
                cart.add(line_for_scan(s, barcodes.ean13_with_check(f"20{item.plu}{grams:05d}"), self.formats))
            elif item.carton_code and rng.random() < 0.04:
                cart.add(line_for_scan(s, item.carton_code, self.formats))
            else:
                many = rng.randint(2, 4) if item.price <= 5_000 else 2
                qty = Qty.units(1 if rng.random() < 0.75 else many)
                cart.add(line_for_scan(s, item.code or "", self.formats, qty))
        if rng.random() < 0.03:
            big = [i for i, line in enumerate(cart.lines) if line.unit_price.times(line.qty).rupiah >= 5_000]
            if big:
                cart.set_line_discount(rng.choice(big), Discount(rupiah=500))
        values = self.values
        exact = cart.priced(ppn_rule(values)).exact_due
        if exact >= 50_000 and rng.random() < 0.05:
            cart.set_discount(Discount(percent_bp=500))
            exact = cart.priced(ppn_rule(values)).exact_due
        method = rng.choices(METHODS, weights=METHOD_WEIGHTS)[0]
        on_kasbon = False
        if method == "kasbon":
            cid, limit = rng.choice(self.customers)
            if kasbon_balance(s, cid).rupiah + exact <= limit:
                cart.customer_id = cid
                on_kasbon = True
            else:
                method = "cash"
        rule = rounding_rule(values)
        payments: list[Payment]
        if method == "cash" and exact >= 20_000 and rng.random() < 0.04:
            # Part by e-wallet, the rest in cash.
            part = exact // 2 - (exact // 2) % 1_000
            wallet = Payment("ewallet", Money(part), provider=rng.choice(EWALLET_PROVIDERS[:-1]))
            payments = [wallet, Payment("cash", Money(self._tender(rounded_due(exact, part, True, rule) - part)))]
        elif method == "cash":
            payments = [Payment("cash", Money(self._tender(rounded_due(exact, 0, True, rule))))]
        elif method == "ewallet":
            payments = [Payment("ewallet", Money(exact), provider=rng.choice(EWALLET_PROVIDERS[:-1]))]
        elif method == "transfer":
            payments = [Payment("transfer", Money(exact), reference=f"TRF{rng.randint(100_000, 999_999)}")]
        elif method == "qris":
            payments = [Payment("qris", Money(exact))]
        else:
            payments = [Payment("kasbon", Money(exact))]
        result = ring_up(s, self.cashier, cart, payments, at=at)
        made = _SaleMade(
            result.receipt_no,
            at,
            [(n, line.qty.milli, line.is_weighed) for n, line in enumerate(cart.lines, 1)],
            cart.customer_id,
            on_kasbon,
        )
        if rng.random() < 0.003:
            void_sale(
                s,
                self.owner,
                result.receipt_no,
                reason=rng.choice(demo_data.VOID_REASONS),
                at=at + dt.timedelta(seconds=50),
            )
            self.voids += 1
            return
        self.sales += 1
        self.takings += result.total
        self.today.append(made)

    def _tender(self, due: int) -> int:
        """What the customer hands over: the exact money, or the next note (or two) that covers it."""
        rng = self.rng
        if rng.random() < 0.3:
            return due
        # Mostly the smallest note that covers it, sometimes the one above (a Rp 50.000 for a Rp 12.000 sale).
        covering = sorted(n for n in NOTES if n >= min(due, NOTES[0]))
        note = rng.choices(covering[:3], weights=(6, 3, 1)[: len(covering[:3])])[0]
        return -(-due // note) * note

    def _return(self, s: Session, at: dt.datetime) -> None:
        rng = self.rng
        candidates = [
            (sale, no, qty)
            for sale in self.today
            if sale.at < at and not sale.returned
            for no, qty, weighed in sale.lines
            if not weighed and qty >= MILLI
        ]
        if not candidates:
            return
        sale, line_no, _qty = rng.choice(candidates)
        return_items(
            s,
            self.owner,
            sale.receipt_no,
            [(line_no, Qty(MILLI))],
            refund_method="kasbon" if sale.on_kasbon else "cash",
            reason=rng.choice(demo_data.RETURN_REASONS),
            at=at,
        )
        sale.returned = True
        self.returns += 1

    def _kasbon_payment(self, s: Session, customer_id: CustomerId, at: dt.datetime) -> None:
        rng = self.rng
        owed = kasbon_balance(s, customer_id).rupiah
        if owed <= 0:
            return
        amount = owed
        if owed > 10_000 and rng.random() < 0.5:
            part = owed * rng.randint(30, 80) // 100
            amount = max(5_000, part - part % 5_000)
        method = rng.choices(("cash", "transfer", "qris"), weights=(70, 15, 15))[0]
        record_kasbon_payment(s, self.cashier, customer_id, Money(amount), method=method, at=at)

    def _restock(self, s: Session, at: dt.datetime) -> None:
        moved = [self.items[i] for i in sorted(self.moved)]
        self.moved.clear()
        held = levels(s, [item.id for item in moved])
        orders = self._by_supplier(self._wants(moved, {pid: level.qty_milli for pid, level in held.items()}))
        self._receive(s, orders, at)
        if any(demo_data.SUPPLIERS[supplier].paid_with == "cash" for supplier, _lines in orders):
            fare = self.rng.randrange(20_000, 45_000, 5_000)
            cash_out(s, self.owner, Money(fare), "expense:transport", demo_data.EXPENSE_NOTES["transport"], at=at)

    def _pay_suppliers(self, s: Session, at: dt.datetime) -> None:
        for n, supplier_id in enumerate(self.suppliers):
            owed = supplier_balance(s, supplier_id)
            if owed <= 0:
                continue
            when = at + dt.timedelta(minutes=5 * n)
            for source, method in ((accounts.BANK, "bank"), (accounts.KAS, "cash")):
                available = account_balance(s, source)
                if available >= owed:
                    pay_supplier(s, self.owner, supplier_id, Money(owed), paid_with=method, note="Pelunasan", at=when)
                    break
            else:
                part = account_balance(s, accounts.BANK) // 2
                part -= part % 100_000
                if part > 0:
                    pay_supplier(s, self.owner, supplier_id, Money(min(part, owed)), paid_with="bank", at=when)

    def _settle_wallets(self, s: Session, at: dt.datetime) -> None:
        """QRIS and e-wallet takings reach the bank account the next morning."""
        for n, account in enumerate((accounts.QRIS, accounts.EWALLET)):
            held = account_balance(s, account)
            if held > 0:
                transfer(
                    s,
                    Money(held),
                    source=account,
                    target=accounts.BANK,
                    at=at + dt.timedelta(minutes=n),
                    memo="Settlement harian",
                )

    def _deposit(self, s: Session, at: dt.datetime) -> None:
        kas = account_balance(s, accounts.KAS)
        if kas > 3_000_000:
            amount = kas - 2_000_000
            transfer(
                s,
                Money(amount - amount % 100_000),
                source=accounts.KAS,
                target=accounts.BANK,
                at=at,
                memo="Setor tunai ke bank",
            )

    def _drawing(self, s: Session, at: dt.datetime) -> None:
        if account_balance(s, accounts.KAS) > 2_500_000:
            record_drawing(s, Money(1_000_000), at=at, memo="Kebutuhan rumah")

    def _expense(self, s: Session, kind: str, at: dt.datetime) -> None:
        rng = self.rng
        amount, paid_from = {
            "sewa": (1_500_000, accounts.BANK),
            "listrik_air": (rng.choice((250_000, 300_000, 350_000, 400_000)), accounts.KAS),
            "air": (rng.randrange(60_000, 95_000, 500), accounts.BANK),
            "lain": (rng.randrange(25_000, 40_000, 500), accounts.KAS),
            "gaji": (450_000, accounts.KAS),
        }[kind]
        category = "listrik_air" if kind == "air" else kind
        if account_balance(s, paid_from) < amount:
            paid_from = accounts.KAS if paid_from == accounts.BANK else accounts.BANK
        record_expense(s, category, Money(amount), paid_from=paid_from, at=at, memo=demo_data.EXPENSE_NOTES[kind])

    def _write_off(self, s: Session, at: dt.datetime) -> None:
        rng = self.rng
        index = rng.choice(self.packaged)
        item = self.items[index]
        have = levels(s, [item.id])[item.id].qty_milli
        lost = MILLI * rng.randint(1, 2)
        if have < lost:
            return
        self.moved.add(index)
        reason = rng.choice(("rusak", "kedaluwarsa"))
        note = "Kemasan sobek" if reason == "rusak" else "Lewat tanggal"
        adjust_stock(s, self.owner.user_id, item.id, Qty(-lost), reason, note, at=at)

    def _reprice(self, s: Session, at: dt.datetime) -> None:
        item = self.rng.choice(self.items)
        item.price += 500 if item.price < 20_000 else 1_000
        edit_product(s, self.owner, item.id, ProductEdit(price=Money(item.price)), at=at)

    def _close(self, s: Session, at: dt.datetime) -> None:
        rng = self.rng
        expected = shift_report(s).expected_cash
        roll = rng.random()
        if roll < 0.12:
            difference = -rng.randrange(500, 5_500, 100)
        elif roll < 0.2:
            difference = rng.randrange(500, 2_500, 100)
        else:
            difference = 0
        counted = max(0, expected + difference)
        counted -= counted % 100
        close_shift(s, self.cashier, _denominations(counted), at=at)


def _relax(dbapi_conn: sqlite3.Connection, _record: Any) -> None:
    dbapi_conn.execute("PRAGMA synchronous = OFF")
    dbapi_conn.execute(f"PRAGMA cache_size = -{BUILD_CACHE_KIB}")


@contextmanager
def _building(db: Database) -> Iterator[Database]:
    """The shop's file on an engine of the build's own, whose commits do not wait for the disk.

    A shop's own sales are committed with `synchronous=FULL` so that a printed receipt survives a power cut. The
    demo is made up and can be built again from its seed, so a power cut during the build costs a rebuild and
    nothing else: the build turns the fsyncs off (`synchronous=OFF`) and lets SQLite keep more of the file in
    memory, while every row still goes through the shop's own services. The caller's engine is not touched.
    """
    engine = make_engine(db.path)
    event.listen(engine, "connect", _relax)  # after Laci's own pragmas, which the engine sets first
    try:
        yield Database(engine)
    finally:
        engine.dispose()


def build_demo_shop(
    db: Database,
    *,
    products: int = 300,
    days: int = 30,
    seed: int = 1,
    today: dt.date | None = None,
    progress: Progress | None = None,
    pace: Pace = WARUNG,
) -> DemoSummary:
    """Fill an empty shop database with a warung's catalogue, people and `days` days of trading at `pace`.

    Refuses a database that already holds users, products or entries. Ends by checking the books. `progress`
    is called after each day is committed, outside any transaction.
    """
    if products < MIN_PRODUCTS:
        raise InvalidInput(N_("The demo needs at least {n} products."), n=MIN_PRODUCTS)
    if days < 1:
        raise InvalidInput(N_("The demo needs at least one day of trading."))
    rng = random.Random(seed)
    with _building(db) as fast:
        return _build(fast, products, days, rng, today, progress, pace)


def _build(
    db: Database,
    products: int,
    days: int,
    rng: random.Random,
    today: dt.date | None,
    progress: Progress | None,
    pace: Pace,
) -> DemoSummary:
    with db.write() as s:
        if not shop_is_empty(s):
            raise Conflict(N_("This shop already has data; build the demo in a new data folder."))
        if not is_initialised(s):
            init_shop(s, demo_data.SHOP_NAME)
        timezone = settings.load(s).timezone
    last = (today or business_date(utc_now(), timezone)) - dt.timedelta(days=1)
    first = last - dt.timedelta(days=days - 1)
    builder = _Builder(rng, timezone, pace)
    total = days + 1
    with db.write() as s:
        builder.set_up(s, first - dt.timedelta(days=1), products)
    if progress:
        progress(1, total)
    for index in range(days):
        with db.write() as s:
            builder.trade(s, first + dt.timedelta(days=index), index)
        if progress:
            progress(index + 2, total)
    with db.read() as s:
        report = check_books(s)
    if not report.ok:
        raise report.problems[0]
    return DemoSummary(
        shop_name=demo_data.SHOP_NAME,
        owner_name=demo_data.OWNER_NAME,
        owner_pin=demo_data.OWNER_PIN,
        cashier_name=demo_data.CASHIER_NAME,
        cashier_pin=demo_data.CASHIER_PIN,
        first_day=first,
        last_day=last,
        products=len(builder.items),
        customers=len(builder.customers),
        suppliers=len(builder.suppliers),
        sales=builder.sales,
        voids=builder.voids,
        returns=builder.returns,
        takings=builder.takings,
    )

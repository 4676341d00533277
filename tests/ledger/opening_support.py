"""A warung that has traded for years, moving to Laci on 1 July 2026 with every kind of opening balance."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from pos.ledger.base.db import Database
from pos.ledger.base.money import Money
from pos.ledger.books.approvals import Actor
from pos.ledger.books.opening_balances import Balance
from pos.ledger.people.customers import add_customer
from pos.ledger.people.users import add_user
from pos.ledger.spreadsheet.opening_plan import NamedDebt, NamedStock, OpeningPlan
from pos.ledger.stock import product_records

SWITCH = dt.date(2026, 7, 1)
AT = dt.datetime(2026, 7, 1, 3, 0, tzinfo=dt.UTC)  # 10:00 in Jakarta on the switch day

CASH = {"Laci depan": 1_500_000, "Laci belakang": 750_000}
BANKS = {"BCA": 12_000_000, "BRI": 3_000_000}
EWALLETS = {"GoPay": 250_000, "OVO": 100_000}
# (name, SKU, price, cost, quantity in thousandths)
PRODUCTS = [
    ("Kopi Kapal Api sachet", "KA1", 2_000, 1_500, 120_000),
    ("Beras Rojolele 5 kg", "BR5", 78_000, 70_000, 8_000),
    ("Gula pasir curah", "GLC", 18_000, 15_500, 12_500),  # 12,5 kg
]
KASBON = [("Pak Budi", 150_000, dt.date(2026, 3, 10)), ("Bu Ani", 75_000, dt.date(2026, 6, 20))]
SUPPLIERS = [
    ("CV Sumber Rejeki", 2_500_000, dt.date(2026, 7, 15)),
    ("Toko Grosir Jaya", 1_200_000, dt.date(2026, 8, 1)),
]
EQUIPMENT = [("Kulkas", 3_600_000, 36), ("Etalase kaca", 1_200_000, None)]
OTHER = {"Deposit sewa kios": 5_000_000}
LOANS = {"KUR BRI": 20_000_000}

STOCK_VALUE = sum(cost * qty // 1000 for _n, _s, _p, cost, qty in PRODUCTS)  # each a whole number of rupiah
ASSETS = (
    sum(CASH.values())
    + sum(BANKS.values())
    + sum(EWALLETS.values())
    + STOCK_VALUE
    + sum(a for _n, a, _d in KASBON)
    + sum(c for _n, c, _m in EQUIPMENT)
    + sum(OTHER.values())
)
DEBTS = sum(a for _n, a, _d in SUPPLIERS) + sum(LOANS.values())


@dataclass(frozen=True, slots=True)
class Shop:
    owner: Actor
    cashier: Actor


def set_up(db: Database) -> Shop:
    """The shop's people and products, as the owner set them up before entering the opening balances."""
    with db.write() as s:
        owner = add_user(s, "Bu Sri", "owner", "1234", at=AT)
        cashier = add_user(s, "Dewi", "cashier", "5678", at=AT, by=Actor(owner, "Bu Sri", "owner"))
        for name, sku, price, cost, _qty in PRODUCTS:
            product_records.add_product(s, name, Money(price), cost=Money(cost), sku=sku)
        add_customer(s, "Pak Budi", phone="081211112222")
    return Shop(Actor(owner, "Bu Sri", "owner"), Actor(cashier, "Dewi", "cashier"))


def full_plan(day: dt.date = SWITCH) -> OpeningPlan:
    balances = (
        *(Balance("cash", n, a) for n, a in CASH.items()),
        *(Balance("bank", n, a) for n, a in BANKS.items()),
        *(Balance("ewallet", n, a) for n, a in EWALLETS.items()),
        *(Balance("equipment", n, a, m) for n, a, m in EQUIPMENT),
        *(Balance("other_asset", n, a) for n, a in OTHER.items()),
        *(Balance("loan", n, a) for n, a in LOANS.items()),
    )
    return OpeningPlan(
        day,
        balances,
        customers=tuple(NamedDebt(n, a, since=d) for n, a, d in KASBON),
        suppliers=tuple(NamedDebt(n, a, due=d) for n, a, d in SUPPLIERS),
        stock=tuple(NamedStock(sku, qty) for _n, sku, _p, _c, qty in PRODUCTS),
    )

"""Small builders for ledger tests: a counter with its people and an open shift, stocked products, a kasbon
customer, a cart from scans, a sale, and row counts to prove a refusal wrote nothing.

Everything goes through the ledger's own services (no table is written directly). Products carry a standard
`cost`, which HPP uses while nothing is on hand; `stock_shop(..., on_hand=n)` also buys `n` of each in (on credit
from a supplier, at that cost), so sales take from stock at moving-average cost.
"""

from __future__ import annotations

import datetime as dt
import shutil
import zlib
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import text
from sqlalchemy.orm import Session

from pos import i18n
from pos.ledger.base.clock import utc_now
from pos.ledger.base.db import Database, make_engine
from pos.ledger.base.errors import LedgerError
from pos.ledger.base.ids import CustomerId, ProductId, UserId
from pos.ledger.base.money import Money, Qty
from pos.ledger.books.approvals import Action, Actor, Approval
from pos.ledger.books.balances import trial_balance
from pos.ledger.counter.cart import Cart, line_for_scan
from pos.ledger.counter.payments import Payment
from pos.ledger.counter.shifts import open_shift
from pos.ledger.people.customers import add_customer
from pos.ledger.people.users import add_user, list_users
from pos.ledger.selling.sales import SaleResult, ring_up
from pos.ledger.shop import settings
from pos.ledger.stock import barcodes, product_records
from pos.ledger.stock.product_records import BarcodeSpec
from pos.ledger.stock.purchases import PurchaseItem, add_supplier, receive_goods


def pay(method: str, amount: int, provider: str = "", reference: str = "") -> Payment:
    """A payment as the cashier enters it: `pay("qris", 12_500)`, `pay("ewallet", 20_000, "GoPay")`."""
    return Payment(method, Money(amount), provider, reference)  # type: ignore[arg-type]


def half_up(numerator: int, denominator: int) -> int:
    """Reference rounding for non-negative amounts, written differently from the code under test."""
    return (2 * numerator + denominator) // (2 * denominator)


def fresh_db(template: Path, directory: Path) -> Database:
    """A byte copy of the session's template shop in `directory` (what conftest's `db` fixture does)."""
    directory.mkdir(parents=True, exist_ok=True)
    target = directory / "laci.sqlite3"
    shutil.copyfile(template, target)
    return Database(make_engine(target))


def ean(n: int, prefix: str = "899") -> str:
    """A valid EAN-13 for item number `n` under `prefix` (Indonesia's GS1 prefix by default)."""
    body = f"{prefix}{n:0{12 - len(prefix)}d}"
    return barcodes.ean13_with_check(body)


def scale_label(prefix: str, plu: str, value: int) -> str:
    """An in-store EAN-13 `FFIIIIIVVVVVC`: prefix 20-24 with grams, or 25-29 with a price in rupiah."""
    return barcodes.ean13_with_check(f"{prefix}{plu}{value:05d}")


@dataclass(frozen=True, slots=True)
class Item:
    """A product as a test knows it: its id, piece barcode, price and standard cost."""

    id: ProductId
    name: str
    barcode: str
    price: int
    cost: int


def add_item(
    session: Session,
    name: str,
    price: int,
    *,
    cost: int = 0,
    barcode: str | None = None,
    n: int | None = None,
    packs: Sequence[BarcodeSpec] = (),
    plu: str | None = None,
    unit: str = "pcs",
    is_weighed: bool = False,
    ppn_exempt: bool = False,
) -> Item:
    """One product with a piece barcode (an `899…` EAN-13 from `n` unless `barcode` is given) and `packs`."""
    code = barcode or ean(n if n is not None else zlib.crc32(name.encode()) % 10**9)
    pid = product_records.add_product(
        session,
        name,
        Money(price),
        cost=Money(cost),
        plu=plu,
        unit=unit,
        barcodes=[BarcodeSpec(code), *packs],
        is_weighed=is_weighed,
        ppn_exempt=ppn_exempt,
    )
    return Item(pid, name, code, price, cost)


def stock_shop(session: Session, n: int, *, first: int = 1, on_hand: int = 0) -> list[Item]:
    """`n` products with valid 899 barcodes, prices from Rp 1.500 up and a standard cost of about 70%;
    with `on_hand`, that many pieces of each are received from a supplier (on credit, at the standard cost)."""
    items = []
    for i in range(first, first + n):
        price = 1_500 + 500 * (i % 37)
        cost = price * 7 // 10
        items.append(add_item(session, f"Barang {i}", price, cost=cost, n=i))
    if on_hand:
        supplier = add_supplier(session, f"Pemasok {first}-{first + n - 1}")
        goods = [PurchaseItem(x.id, Qty.units(on_hand), Money(x.cost * on_hand)) for x in items]
        receive_goods(session, None, goods, supplier_id=supplier, paid_with="credit")
    return items


OWNER_NAME = "Bu Sri"
CASHIER_NAME = "Dewi"


@dataclass(frozen=True, slots=True)
class Counter:
    owner: Actor
    cashier: Actor


def open_counter(session: Session, opening_float: int = 200_000) -> Counter:
    """The shop's owner and a cashier (PINs 1234 and 5678), and a shift opened by the cashier."""
    owner = Actor(add_user(session, OWNER_NAME, "owner", "1234"), OWNER_NAME, "owner")
    cashier = Actor(add_user(session, CASHIER_NAME, "cashier", "5678", by=owner), CASHIER_NAME, "cashier")
    open_shift(session, cashier, Money(opening_float))
    return Counter(owner, cashier)


def counter_template(template: Path, directory: Path) -> Path:
    """A copy of the shop template with its counter open, built once so PIN hashing is paid once."""
    db = fresh_db(template, directory)
    with db.write() as s:
        open_counter(s)
    db.dispose()
    return db.path


def counter(session: Session) -> Counter:
    users = {u.name: u for u in list_users(session)}
    owner, cashier = users[OWNER_NAME], users[CASHIER_NAME]
    return Counter(Actor(owner.id, owner.name, "owner"), Actor(cashier.id, cashier.name, "cashier"))


def owner_approval(
    session: Session, action: Action = "price_override", reason: str = "", at: dt.datetime | None = None
) -> Approval:
    """The owner's approval for `action`, issued now (as `users.approve` hands it out after the PIN)."""
    return Approval(UserId(counter(session).owner.user_id), action, at or utc_now(), reason)


def sell(
    session: Session,
    cart: Cart,
    payments: Sequence[Payment],
    *,
    by: Actor | None = None,
    approvals: Sequence[Approval] = (),
    at: dt.datetime | None = None,
) -> SaleResult:
    """Ring `cart` up at the counter, by the cashier unless `by` says otherwise."""
    return ring_up(session, by or counter(session).cashier, cart, payments, approvals=approvals, at=at)


def kasbon_customer(session: Session, name: str = "Pak Budi", limit: int = 100_000) -> CustomerId:
    return add_customer(session, name, phone="0812 3456 7890", credit_limit=Money(limit))


def cart_of(session: Session, *codes: str) -> Cart:
    """A cart filled by scanning `codes` in order (`3*CODE` and scale labels allowed), as the counter does."""
    formats = barcodes.parse_formats(settings.load(session).barcode_instore_formats)
    cart = Cart()
    for code in codes:
        cart.add(line_for_scan(session, code, formats))
    return cart


def readable(err: LedgerError, msgid: str) -> str:
    """Check `err` says `msgid` as a whole sentence in Indonesian and in English; return the English text."""
    assert err.msgid == msgid, err.msgid
    indonesian = str(err)
    i18n.set_language("en")
    try:
        english = str(err)
    finally:
        i18n.set_language("id")
    for text_ in (indonesian, english):
        assert text_.strip() and "{" not in text_ and not text_[0].islower() and text_.rstrip()[-1] in ".!?", text_
    try:
        expected = msgid.format(**err.params)
    except KeyError:  # a parameter the error fills in itself when shown (such as the action needing approval)
        expected = None
    assert expected is None or english == expected, english
    return english


def use_settings(session: Session, **values: object) -> None:
    """`use_settings(s, ppn_mode="inclusive", rounding_increment=100)`: keys with dots written as underscores."""
    for key, value in values.items():
        settings.put(session, key.replace("_", ".", 1), value)


def row_counts(session: Session) -> dict[str, int]:
    """Rows in every table of the database, plus each named sequence's value."""
    tables = session.execute(
        text("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name")
    ).scalars()
    counts = {t: int(session.execute(text(f'SELECT COUNT(*) FROM "{t}"')).scalar_one()) for t in tables}
    for name, value in session.execute(text("SELECT name, value FROM sequences")):
        counts[f"seq:{name}"] = int(value)
    return counts


def balance(session: Session, code: str) -> int:
    """An account's balance on its normal side (Kas positive when there is cash, Pendapatan when earned)."""
    return trial_balance(session).balance(code)


def stock_sum(session: Session, product_id: ProductId) -> int:
    """On-hand quantity as the plain sum of the product's movements, in thousandths."""
    return int(
        session.execute(
            text("SELECT COALESCE(SUM(qty_milli), 0) FROM stock_movements WHERE product_id = :p"),
            {"p": product_id.bytes},
        ).scalar_one()
    )

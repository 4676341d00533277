"""The counter that the kill test kills: rings up random sales through the real core services, forever.

It lives in its own module, importing only the core, so that a fork server can import it once and then start each
counter in milliseconds instead of paying the interpreter's and the core's start for every one of the kills.
"""

from __future__ import annotations

import random
from multiprocessing.connection import Connection
from pathlib import Path

from sqlalchemy import text

from pos.ledger.base.money import Money, Qty
from pos.ledger.books.approvals import Actor
from pos.ledger.counter.cart import Cart, line_for_scan
from pos.ledger.counter.payments import Payment, cash
from pos.ledger.counter.pricing import Discount
from pos.ledger.people.customers import list_customers
from pos.ledger.people.users import list_users
from pos.ledger.selling.sales import ppn_rule, ring_up
from pos.ledger.shop import settings
from pos.ledger.shop.opening import open_database
from pos.ledger.stock.barcodes import DEFAULT_FORMATS

READY = b"ready"


def sell_until_killed(path: str, seed: int, out: Connection) -> None:
    """Open the shop, say READY, then ring up sales and send each receipt number once its transaction committed.

    Each message is one small write to a pipe, so a kill cannot leave half a receipt number behind.
    """
    db = open_database(Path(path))
    rng = random.Random(seed)
    with db.read() as s:
        owner = next(u for u in list_users(s) if u.role == "owner")
        actor = Actor(owner.id, owner.name, "owner")
        codes = [r[0] for r in s.execute(text("SELECT barcode FROM product_barcodes"))]
        customer = list_customers(s)[0].id
    out.send_bytes(READY)
    while True:
        with db.write() as s:
            cart = Cart()
            for _ in range(rng.randint(1, 6)):
                cart.add(line_for_scan(s, rng.choice(codes), DEFAULT_FORMATS, Qty.units(rng.randint(1, 4))))
            if rng.random() < 0.2:
                cart.set_discount(Discount(percent_bp=500))
            due = cart.priced(ppn_rule(settings.load(s))).exact_due
            roll = rng.random()
            if roll < 0.6:
                pays = [cash(due + rng.choice((0, 500, 10_000)))]
            elif roll < 0.8:
                part = due // 2
                pays = [Payment("qris", Money(part)), cash(due - part + 1_000)] if part else [cash(due)]
            else:
                cart.customer_id = customer
                pays = [Payment("kasbon", Money(due))]
            sale = ring_up(s, actor, cart, pays)
        out.send_bytes(sale.receipt_no.encode())

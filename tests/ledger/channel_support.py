"""Builders for channel, order and outreach tests: a warung's menu, the GoFood terms, a customer who orders
by WhatsApp, and the balances a shopkeeper checks (what a platform owes, what an order holds)."""

from __future__ import annotations

import csv
import datetime as dt
import subprocess
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from builders import Item, add_item, counter
from sqlalchemy import text
from sqlalchemy.orm import Session

from pos.ledger.base.ids import CustomerId
from pos.ledger.base.money import Money, Qty
from pos.ledger.books import accounts
from pos.ledger.books.approvals import Actor
from pos.ledger.books.balances import party_balance, trial_balance
from pos.ledger.books.exports import chart_accounts, export, hledger_account
from pos.ledger.channels.channels import channel_party, edit_channel, set_channel_price
from pos.ledger.counter.cart import Cart, line_for_product
from pos.ledger.counter.payments import Payment
from pos.ledger.people.customers import add_customer
from pos.ledger.selling.sales import SaleResult, ring_up
from pos.ledger.stock.product_records import get_product


@dataclass(frozen=True, slots=True)
class Menu:
    nasi: Item  # Nasi goreng, Rp 20.000 at the counter, Rp 25.000 set on GoFood
    teh: Item  # Es teh, Rp 5.000; GoFood's 20% markup makes it Rp 6.000
    kerupuk: Item  # Kerupuk, Rp 1.500; on GoFood Rp 1.800, rounded up to Rp 2.000


def set_up_menu(s: Session, *, commission_bp: int = 2_000) -> Menu:
    """Three dishes, and GoFood with a 20% commission, a 20% markup rounded up to Rp 500, one set price."""
    menu = Menu(
        add_item(s, "Nasi goreng", 20_000, cost=12_000, n=901),
        add_item(s, "Es teh", 5_000, cost=1_500, n=902),
        add_item(s, "Kerupuk", 1_500, cost=700, n=903),
    )
    owner = counter(s).owner
    edit_channel(s, owner, "gofood", commission_bp=commission_bp, markup_bp=2_000, price_round=500)
    set_channel_price(s, owner, "gofood", menu.nasi.id, Money(25_000))
    return menu


def cart_for(s: Session, *items: tuple[Item, int], customer: CustomerId | None = None) -> Cart:
    """A cart at counter prices, lines added by product as the counter's search does."""
    cart = Cart(customer_id=customer)
    for item, qty in items:
        cart.add(line_for_product(get_product(s, item.id), Qty.units(qty)))
    return cart


def sell_on(
    s: Session,
    channel: str,
    cart: Cart,
    payments: Sequence[Payment] = (),
    *,
    at: dt.datetime | None = None,
    by: Actor | None = None,
) -> SaleResult:
    """Ring `cart` up on `channel` (by the cashier unless `by` says otherwise)."""
    return ring_up(s, by or counter(s).cashier, cart, payments, channel=channel, at=at)


def whatsapp_customer(s: Session, name: str = "Bu Ani", phone: str = "0812-1111-2222") -> CustomerId:
    return add_customer(s, name, phone=phone, address="Jl. Melati 7, RT 02/RW 05")


def owed_by_platform(s: Session, code: str) -> int:
    return party_balance(s, accounts.PIUTANG_PLATFORM, channel_party(code))


def held_for(s: Session, party: uuid.UUID) -> int:
    """Uang muka held for an order or a customer (credit side, as a positive amount)."""
    return -party_balance(s, accounts.UANG_MUKA, party)


def account(s: Session, code: str) -> int:
    return trial_balance(s).balance(code)


def entry_lines(s: Session, source_id: uuid.UUID, kind: str | None = None) -> dict[str, tuple[int, int]]:
    """Lines of the entries for `source_id` (a sale, a payout) as {account: (debit, credit)}."""
    rows = s.execute(
        text(
            "SELECT l.account_code, SUM(l.debit), SUM(l.credit) FROM journal_entries e "
            "JOIN journal_lines l ON l.entry_id = e.id WHERE e.source_id = :s AND (:k IS NULL OR e.kind = :k) "
            "GROUP BY 1"
        ),
        {"s": source_id.bytes, "k": kind},
    ).all()
    return {code: (int(d), int(c)) for code, d, c in rows}


def hledger_disagrees(s: Session, path: Path) -> dict[str, tuple[int, int]]:
    """Export the books for hledger at `path`, have hledger check and total them, and return the accounts where
    hledger's balance differs from the trial balance ({name: (hledger's, laci's)}; empty when they agree)."""
    export(s, "hledger", path)
    chart = {a.code: hledger_account(a) for a in chart_accounts(s)}
    checked = subprocess.run(["hledger", "-f", str(path), "check"], capture_output=True, text=True)
    assert checked.returncode == 0, checked.stderr
    listed = subprocess.run(
        ["hledger", "-f", str(path), "balance", "--flat", "--no-total", "-O", "csv"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    theirs = {name: int(amount.removeprefix("IDR ")) for name, amount in list(csv.reader(listed.splitlines()))[1:]}
    ours = {chart[a.code]: a.debit - a.credit for a in trial_balance(s).accounts}
    return {name: (theirs.get(name, 0), amount) for name, amount in ours.items() if theirs.get(name, 0) != amount}

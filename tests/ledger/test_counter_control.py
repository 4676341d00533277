"""Counter control as a shop lives it: PINs, what a cashier may do alone, a whole shift, returns and voids."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from shop_support import AT, CASHIER_PIN, OWNER_PIN, Counter, sell, set_up_counter
from sqlalchemy import func, select

from pos.ledger.base.db import Database
from pos.ledger.base.errors import InvalidInput, NotAllowed
from pos.ledger.base.money import Money, Qty
from pos.ledger.books import accounts, audit
from pos.ledger.books.approvals import NeedsApproval
from pos.ledger.books.balances import trial_balance
from pos.ledger.books.check import check_books
from pos.ledger.counter.cart import Cart, line_for_scan
from pos.ledger.counter.held_carts import held_carts, hold, recall
from pos.ledger.counter.payments import Payment, cash
from pos.ledger.counter.pricing import Discount
from pos.ledger.counter.shifts import cash_in, cash_out, close_shift, shift_report, z_report
from pos.ledger.people.customers import add_customer, kasbon_balance
from pos.ledger.people.users import LOCKOUT, MAX_ATTEMPTS, approve, authenticate
from pos.ledger.schema import ReturnLine, Sale, SaleReturn, SaleVoid, User
from pos.ledger.selling.returns import return_items, void_sale
from pos.ledger.selling.sales import ring_up
from pos.ledger.stock.barcodes import DEFAULT_FORMATS


@pytest.fixture
def counter(db: Database) -> Counter:
    return set_up_counter(db)


def test_pins_are_hashed_with_argon2_keyed_and_never_stored(counter: Counter) -> None:
    with counter.db.read() as s:
        hashes = s.scalars(select(User.pin_hash)).all()
    assert all(h.startswith("$laci-k1$argon2id$") for h in hashes)
    assert not any(OWNER_PIN in h or CASHIER_PIN in h for h in hashes)
    assert len(set(hashes)) == len(hashes)


def test_login_with_the_right_pin(counter: Counter) -> None:
    actor = authenticate(counter.db, counter.cashier.user_id, CASHIER_PIN, at=AT)
    assert actor.role == "cashier" and actor.name == "Dewi"


def test_wrong_pins_lock_the_user_out_and_are_audited(counter: Counter) -> None:
    for n in range(MAX_ATTEMPTS):
        with pytest.raises(NotAllowed):
            authenticate(counter.db, counter.cashier.user_id, "0000", at=AT + dt.timedelta(seconds=n))
    # Locked: even the right PIN is refused until the lockout passes.
    with pytest.raises(NotAllowed, match="terkunci"):
        authenticate(counter.db, counter.cashier.user_id, CASHIER_PIN, at=AT + dt.timedelta(minutes=1))
    assert authenticate(counter.db, counter.cashier.user_id, CASHIER_PIN, at=AT + LOCKOUT + dt.timedelta(seconds=10))
    with counter.db.read() as s:
        wrong = audit.entries(s, "pin.wrong")
    assert len(wrong) == MAX_ATTEMPTS and wrong[-1].detail["locked"] is True
    assert all(OWNER_PIN not in json.dumps(e.detail) and "0000" not in json.dumps(e.detail) for e in wrong)


def test_every_privileged_action_is_refused_for_a_cashier_and_allowed_with_the_owner_pin(counter: Counter) -> None:
    db, cashier = counter.db, counter.cashier
    first = sell(counter, cashier, [(counter.codes[0], 2)], [cash(10_000)])

    with pytest.raises(NeedsApproval) as refused, db.write() as s:
        void_sale(s, cashier, first.receipt_no, reason="salah scan", at=AT)
    assert refused.value.action == "void"
    assert "pemilik" in str(refused.value)
    with pytest.raises(NotAllowed):
        approve(db, CASHIER_PIN, "void", at=AT)  # a cashier's PIN approves nothing
    ok = approve(db, OWNER_PIN, "void", reason="salah scan", at=AT)
    with db.write() as s:
        void_sale(s, cashier, first.receipt_no, reason="salah scan", approvals=(ok,), at=AT)

    second = sell(counter, cashier, [(counter.codes[1], 1)], [cash(10_000)])
    with pytest.raises(NeedsApproval), db.write() as s:
        return_items(s, cashier, second.receipt_no, [(1, Qty.units(1))], at=AT)
    refund_ok = approve(db, OWNER_PIN, "refund", at=AT)
    with db.write() as s:
        return_items(s, cashier, second.receipt_no, [(1, Qty.units(1))], approvals=(refund_ok,), at=AT)

    with pytest.raises(NeedsApproval), db.write() as s:
        cash_out(s, cashier, Money(20_000), "expense:lain", "es batu", at=AT)
    cash_ok = approve(db, OWNER_PIN, "cash_out", at=AT)
    with db.write() as s:
        cash_out(s, cashier, Money(20_000), "expense:lain", "es batu", approvals=(cash_ok,), at=AT)

    # A discount above the 10% limit, then the same with the owner's approval.
    with pytest.raises(NeedsApproval):
        sell(counter, cashier, [(counter.codes[0], 1)], [cash(5_000)], discount=Discount(percent_bp=2_000))
    discount_ok = approve(db, OWNER_PIN, "discount_above_limit", at=AT)
    with counter.db.write() as s:
        cart = Cart(discount=Discount(percent_bp=2_000))
        cart.add(line_for_scan(s, counter.codes[0], DEFAULT_FORMATS))
        ring_up(s, cashier, cart, [cash(4_000)], approvals=(discount_ok,), at=AT)

    # A price changed in the cart: refused without an approval, audited with one.
    cart = Cart()
    with db.read() as s:
        cart.add(line_for_scan(s, counter.codes[2], DEFAULT_FORMATS))
    with pytest.raises(NotAllowed):
        cart.override_price(0, Money(12_000), None)
    cart.override_price(0, Money(12_000), approve(db, OWNER_PIN, "price_override", at=AT))
    with db.write() as s:
        ring_up(s, cashier, cart, [cash(12_000)], at=AT)

    # An approval is for one action only, and only for a few minutes.
    stale = approve(db, OWNER_PIN, "cash_out", at=AT)
    with pytest.raises(NeedsApproval), db.write() as s:
        cash_out(s, cashier, Money(1_000), "drawing", approvals=(stale,), at=AT + dt.timedelta(minutes=30))
    third = sell(counter, cashier, [(counter.codes[1], 1)], [cash(10_000)])
    with pytest.raises(NeedsApproval), db.write() as s:
        void_sale(s, cashier, third.receipt_no, reason="x", approvals=(stale,), at=AT)

    with db.read() as s:
        actions = [e.action for e in audit.entries(s)]
        assert {"sale.void", "sale.return", "cash.out", "sale.discount", "price.override"} <= set(actions)
        assert all(e.approved_by == counter.owner.user_id for e in audit.entries(s, "sale.void"))
        assert audit.verify_audit_chain(s) == []
        assert check_books(s).ok


def test_a_refused_void_or_return_asks_for_no_pin_first(counter: Counter) -> None:
    # Bad input is refused before the owner's approval is asked for: the PIN is typed once, for what can be done.
    db, cashier = counter.db, counter.cashier
    sale = sell(counter, cashier, [(counter.codes[0], 2)], [cash(10_000)])
    for bad in (
        lambda s: void_sale(s, cashier, sale.receipt_no, reason="  ", at=AT),
        lambda s: return_items(s, cashier, sale.receipt_no, [(1, Qty.units(3))], at=AT),
        lambda s: return_items(s, cashier, sale.receipt_no, [], at=AT),
        lambda s: return_items(s, cashier, sale.receipt_no, [(9, Qty.units(1))], at=AT),
    ):
        with pytest.raises(InvalidInput), db.write() as s:
            bad(s)
    # Good input from a cashier still needs the owner.
    with pytest.raises(NeedsApproval), db.write() as s:
        return_items(s, cashier, sale.receipt_no, [(1, Qty.units(1))], at=AT)
    with db.read() as s:
        assert s.scalar(select(func.count()).select_from(SaleReturn)) == 0


def test_kasbon_beyond_the_limit_needs_the_owner(counter: Counter) -> None:
    with counter.db.write() as s:
        customer = add_customer(s, "Pak Budi", credit_limit=Money(20_000))
    sell(counter, counter.cashier, [(counter.codes[0], 3)], [Payment("kasbon", Money(15_000))], customer_id=customer)
    with pytest.raises(NeedsApproval, match="Pak Budi"):
        sell(
            counter, counter.cashier, [(counter.codes[0], 2)], [Payment("kasbon", Money(10_000))], customer_id=customer
        )
    sell(counter, counter.owner, [(counter.codes[0], 2)], [Payment("kasbon", Money(10_000))], customer_id=customer)
    with counter.db.read() as s:
        assert kasbon_balance(s, customer) == Money(25_000)


def test_a_sale_needs_an_open_shift(db: Database) -> None:
    counter = set_up_counter(db)
    with db.write() as s:
        close_shift(s, counter.cashier, {100_000: 2}, at=AT)
    with pytest.raises(InvalidInput, match="shift"):
        sell(counter, counter.cashier, [(counter.codes[0], 1)], [cash(5_000)])


def test_held_carts_survive_a_restart(counter: Counter) -> None:
    with counter.db.write() as s:
        cart = Cart(note="Ibu baju merah")
        cart.add(line_for_scan(s, counter.codes[0], DEFAULT_FORMATS, Qty.units(2)))
        cart.add(line_for_scan(s, counter.codes[1], DEFAULT_FORMATS))
        hold(s, cart, by=counter.cashier.user_id, at=AT)
    counter.db.dispose()  # the counter is switched off and on: a new engine on the same file
    from pos.ledger.shop.opening import open_database

    reopened = open_database(counter.db.path)
    with reopened.write() as s:
        [held] = held_carts(s)
        assert held.note == "Ibu baju merah" and held.lines == 2
        back = recall(s, held.id)
        assert held_carts(s) == []
    reopened.dispose()
    assert [line.qty for line in back.lines] == [Qty.units(2), Qty.units(1)]


def test_a_line_cannot_be_returned_twice(counter: Counter) -> None:
    sale = sell(counter, counter.owner, [(counter.codes[0], 3)], [cash(15_000)])
    with counter.db.write() as s:
        return_items(s, counter.owner, sale.receipt_no, [(1, Qty.units(2))], at=AT)
    with pytest.raises(InvalidInput, match="1"), counter.db.write() as s:
        return_items(s, counter.owner, sale.receipt_no, [(1, Qty.units(2))], at=AT)
    with counter.db.write() as s:
        return_items(s, counter.owner, sale.receipt_no, [(1, Qty.units(1))], at=AT)
    with counter.db.read() as s:
        assert s.scalar(select(func.count()).select_from(SaleReturn)) == 2
        assert s.scalar(select(func.sum(ReturnLine.qty_milli))) == 3_000


def test_the_database_refuses_returning_more_than_was_sold(counter: Counter) -> None:
    from sqlalchemy import exc, text

    sale = sell(counter, counter.owner, [(counter.codes[0], 1)], [cash(5_000)])
    with counter.db.write() as s:
        ret = return_items(s, counter.owner, sale.receipt_no, [(1, Qty.units(1))], at=AT)
    with pytest.raises(exc.IntegrityError, match="more returned than was sold"), counter.db.write() as s:
        s.execute(
            text("INSERT INTO return_lines VALUES (:r, 2, :s, 1, 1000, 5000, 0, 5000, 4000)"),
            {"r": ret.return_id.bytes, "s": sale.sale_id.bytes},
        )


def test_a_whole_shift(counter: Counter) -> None:
    """Sales, a return, a void, cash in and out, and a close that is Rp 2.000 short."""
    db, cashier, owner = counter.db, counter.cashier, counter.owner
    with db.write() as s:
        customer = add_customer(s, "Pak Budi", credit_limit=Money(100_000))
    # Float Rp 200.000.
    s1 = sell(counter, cashier, [(counter.codes[0], 2), (counter.codes[1], 1)], [cash(50_000)])  # 20.000, change 30.000
    s2 = sell(counter, cashier, [(counter.codes[2], 1)], [Payment("qris", Money(15_000))])
    s3 = sell(counter, cashier, [(counter.codes[0], 1)], [Payment("kasbon", Money(5_000))], customer_id=customer)
    s4 = sell(counter, cashier, [(counter.codes[1], 3)], [cash(30_000)])  # 30.000
    owner_ok = tuple(approve(db, OWNER_PIN, action, at=AT) for action in ("refund", "void", "cash_out"))
    with db.write() as s:
        return_items(
            s, cashier, s1.receipt_no, [(1, Qty.units(1))], refund_method="cash", approvals=owner_ok, at=AT
        )  # -5.000 cash
        void_sale(s, cashier, s4.receipt_no, reason="pembeli batal", approvals=owner_ok, at=AT)  # 30.000 back
        cash_in(s, cashier, Money(50_000), "capital", "uang receh", at=AT)
        cash_out(s, cashier, Money(10_000), "expense:lain", "plastik", approvals=owner_ok, at=AT)
        x = shift_report(s)
    # 200.000 + 20.000 - 5.000 + 50.000 - 10.000 = 255.000 expected.
    assert x.expected_cash == 255_000
    assert x.sales_count == 3 and x.voids_count == 1 and x.refunds_count == 1
    assert x.by_method == {"cash": 20_000, "kasbon": 5_000, "qris": 15_000}
    with db.write() as s:
        result = close_shift(s, cashier, {100_000: 2, 50_000: 1, 2_000: 1, 1_000: 1}, at=AT)  # 253.000
    assert result.counted == 253_000 and result.difference == -2_000
    with db.read() as s:
        tb = trial_balance(s)
        assert tb.difference == 0 and check_books(s).ok
        assert tb.balance(accounts.SELISIH_KAS) == 2_000
        assert tb.balance(accounts.KAS) == 20_000 - 5_000 + 50_000 - 10_000 - 2_000  # the float was already there
        assert tb.balance(accounts.QRIS) == 15_000
        shift_id = s.scalar(select(Sale.shift_id).limit(1))
        assert shift_id is not None
        assert z_report(s, shift_id).expected_cash == 255_000
        assert s.scalar(select(func.count()).select_from(SaleVoid)) == 1
    del s2, s3, owner


def test_a_sale_for_return_lists_its_own_lines_and_what_came_back(counter: Counter) -> None:
    from pos.ledger.selling.returns import sale_for_return

    sale = sell(counter, counter.owner, [(counter.codes[0], 3), (counter.codes[1], 2)], [cash(35_000)])
    with counter.db.write() as s:
        return_items(s, counter.owner, sale.receipt_no, [(2, Qty.units(1))], at=AT)
    with counter.db.read() as s:
        found = sale_for_return(s, sale.receipt_no.lower())
    assert found.receipt_no == sale.receipt_no and not found.voided
    assert [(x.line_no, x.name, x.sold_milli, x.returned_milli) for x in found.lines] == [
        (1, "Barang 1", 3_000, 0),
        (2, "Barang 2", 2_000, 1_000),
    ]
